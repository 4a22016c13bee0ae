import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;
type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
  responses: Record<string, unknown>;
};

/** The body of every error answer (errors.filter.ts): what a client branches on, reads, and inspects. */
export const errorSchema: Schema = {
  type: 'object',
  required: ['error', 'message', 'details'],
  properties: {
    error: { type: 'string', description: 'A stable SCREAMING_SNAKE code', example: 'VALIDATION_FAILED' },
    message: { type: 'string', description: 'One sentence for a person', example: 'name is required' },
    details: {
      type: 'object',
      description: 'What the code is about; a validation error lists every field as { field, rule, message }',
      additionalProperties: true,
      example: { fields: [{ field: 'name', rule: 'required', message: 'name is required' }] },
    },
  },
};

const errorCases: Record<string, { description: string; example: [string, string] }> = {
  '400': {
    description: 'The request is invalid: every offending field with its rule',
    example: ['VALIDATION_FAILED', 'name is required'],
  },
  '401': { description: 'No valid bearer token', example: ['UNAUTHENTICATED', 'A bearer token is required'] },
  '403': { description: 'The role may not do this', example: ['FORBIDDEN', 'The role finance may not do this'] },
  '404': { description: 'No such entity', example: ['PARTNER_NOT_FOUND', 'Partner acme-emea is not enrolled'] },
  '409': {
    description: 'It conflicts with what is recorded',
    example: ['PARTNER_ALREADY_ENROLLED', 'Partner acme-emea is already enrolled'],
  },
  '415': {
    description: 'The body is not JSON',
    example: ['UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON, sent with Content-Type: application/json'],
  },
  '422': {
    description: 'A business rule refuses it',
    example: ['PERIOD_CLOSED', 'Period 2026-Q1 is closed'],
  },
  '429': { description: 'Too many requests', example: ['RATE_LIMITED', 'Too many requests: at most 600 a minute'] },
  '503': {
    description: 'Not now, retry after Retry-After: the read models are behind ?after=, or the disk is full',
    example: ['STORAGE_FULL', 'The disk holding the ledger is full: nothing was recorded; retry later'],
  },
};

/** Probes, and how the console signs in (read before anyone is): the routes answering without a token. */
function isPublicPath(path: string): boolean {
  return path.startsWith('/health') || path === '/auth/config';
}

/** The error answers an operation can give: every route validates and authenticates; commands can conflict. */
function errorStatuses(method: string, path: string, operation: Operation): string[] {
  const statuses = ['400', ...(isPublicPath(path) ? [] : ['401', '403'])];
  if (path.includes('{')) statuses.push('404');
  if (method === 'post') statuses.push('409', '422');
  if (operation.requestBody) statuses.push('415');
  statuses.push('429');
  // Reads wait for ?after= (READ_MODEL_BEHIND); commands need disk space (STORAGE_FULL).
  if (!path.startsWith('/health')) statuses.push('503');
  return statuses;
}

function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  const reference = schema?.['$ref'];
  if (typeof reference !== 'string') return schema;
  return document.components?.schemas?.[reference.split('/').pop()!] as Schema | undefined;
}

/** An example built from the schema's own property examples (nested objects and arrays included). */
function exampleOf(document: OpenAPIObject, given: Schema | undefined, depth = 0): unknown {
  const schema = resolve(document, given);
  if (!schema || depth > 8) return undefined;
  if (schema['example'] !== undefined) return schema['example'];
  if (schema['type'] === 'array') {
    const item = exampleOf(document, schema['items'] as Schema | undefined, depth + 1);
    return item === undefined ? undefined : [item];
  }
  const properties = schema['properties'] as Record<string, Schema> | undefined;
  if (!properties) return (schema['enum'] as unknown[] | undefined)?.[0];
  const entries = Object.entries(properties)
    .map(([name, property]) => [name, exampleOf(document, property, depth + 1)] as const)
    .filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries);
}

/**
 * Completes the generated document with what every route shares: the error schema on each 4xx answer
 * it can give (with an example), and an example request body built from the DTO's property examples
 * where the route gives none. `npm test` lints the result (test/e2e/openapi.e2e-spec.ts).
 */
export function completeOpenApi(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: errorSchema } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      const operation = value;
      // Probes answer without a token: said explicitly, so no route is silently unauthenticated.
      if (isPublicPath(path)) operation.security = [];
      for (const status of errorStatuses(method, path, operation)) {
        const { description, example } = errorCases[status]!;
        operation.responses[status] ??= {
          description,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              example: { error: example[0], message: example[1], details: {} },
            },
          },
        };
      }
      const json = operation.requestBody?.content?.['application/json'];
      if (json && json.example === undefined && json.schema?.['example'] === undefined)
        json.example = exampleOf(document, json.schema);
    }
  }
  return document;
}
