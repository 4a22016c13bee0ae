import type { OpenAPIObject } from '@nestjs/swagger';
import { keyPattern } from './request-context.js';
import { responseSchemas } from './response-schemas.generated.js';

type Schema = Record<string, unknown>;
type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: { in: string; name?: string; [key: string]: unknown }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema; example?: unknown }> };
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
      description:
        'What the code is about; a validation error lists its fields as { field, rule, message }, the first 100 ' +
        '(fieldsTotal counts them when there are more)',
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
  '404': {
    description: 'No such entity (named by the path, the body or a filter)',
    example: ['PARTNER_NOT_FOUND', 'Partner acme-emea is not enrolled'],
  },
  '409': {
    description: 'It conflicts with what is recorded',
    example: ['PARTNER_ALREADY_ENROLLED', 'Partner acme-emea is already enrolled'],
  },
  '413': { description: 'The body is too large', example: ['PAYLOAD_TOO_LARGE', 'Request body is too large'] },
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
    description: 'Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk',
    example: ['READ_MODEL_BEHIND', 'The read models have not reached position 42 yet'],
  },
};

/** Probes, and how the console signs in (read before anyone is): the routes answering without a token. */
function isPublicPath(path: string): boolean {
  return path.startsWith('/health') || path === '/auth/config';
}

/** The error answers an operation can give: every route validates and authenticates; commands can conflict. */
function errorStatuses(method: string, path: string, operation: Operation): string[] {
  const statuses = ['400', ...(isPublicPath(path) ? [] : ['401', '403'])];
  // Commands and filters name entities in their bodies and queries too (a deal's partners, a statement's partner).
  if (!isPublicPath(path) && path !== '/metrics') statuses.push('404');
  if (method === 'post') statuses.push('409', '422');
  if (operation.requestBody) statuses.push('413', '415');
  statuses.push('429');
  // Reads wait for ?after= (READ_MODEL_BEHIND); commands need disk space (STORAGE_FULL). Health has its own 503.
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
  // A nested DTO property is written as `allOf: [$ref]` (with its description beside it).
  const members = schema['allOf'] as Schema[] | undefined;
  if (members?.length === 1) return exampleOf(document, members[0], depth + 1);
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
export function completeOpenApi(document: OpenAPIObject, commandPaths: ReadonlySet<string>): OpenAPIObject {
  const schemas: Record<string, object> = { ...document.components?.schemas, Error: errorSchema };
  for (const [name, schema] of Object.entries(responseSchemas)) {
    if (schemas[name]) throw new Error(`The response schema ${name} has the name of a DTO schema`);
    schemas[name] = schema;
  }
  // The rule-set document's keys (DESIGN §5) sit beside the publication's facts, free-form as in POST /rule-sets.
  const ruleSetView = schemas['RuleSetView'] as Schema | undefined;
  if (ruleSetView) ruleSetView['additionalProperties'] = { description: 'A key of the rule-set document (DESIGN §5)' };
  document.components = { ...document.components, schemas };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      const operation = value;
      // Probes answer without a token: said explicitly, so no route is silently unauthenticated.
      if (isPublicPath(path)) operation.security = [];
      for (const status of errorStatuses(method, path, operation)) {
        const { description, example } = errorCases[status]!;
        operation.responses[status] ??= {
          description,
          ...(status === '429' || status === '503' ? { headers: { 'Retry-After': retryAfterHeader } } : {}),
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              example: { error: example[0], message: example[1], details: {} },
            },
          },
        };
      }
      closeResponses(document, operation);
      if (method === 'get') documentReadAfter(operation);
      examplePathParameters(path, operation);
      if (method === 'post' && commandPaths.has(path)) documentCommandHeaders(operation);
      optionalEmptyBody(document, operation);
      const json = operation.requestBody?.content?.['application/json'];
      if (json && json.example === undefined && json.schema?.['example'] === undefined)
        json.example = exampleOf(document, json.schema);
    }
  }
  return document;
}

/** The answer of a route, as a schema of response-types.ts (generated into response-schemas.generated.ts). */
export function answerOf(name: string, description?: string) {
  if (!responseSchemas[name]) throw new Error(`No response schema ${name}: name it in response-types.ts`);
  return { ...(description ? { description } : {}), schema: { $ref: `#/components/schemas/${name}` } };
}

/** JSON, or CSV with ?format=csv: both documented on the one 200 answer. */
export function answerOrCsv(name: string, description: string) {
  return {
    status: 200,
    description,
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${name}` } },
      'text/csv': { schema: { type: 'string' as const, example: 'partnerId,period\nacme,2026-Q1\n' } },
    },
  };
}

/**
 * Answers are closed: a field the document does not name is a contract violation (the e2e suites check every
 * answer, test/support/contract.ts). DTO schemas of answers get additionalProperties: false here, nested ones too.
 */
function closeResponses(document: OpenAPIObject, operation: Operation): void {
  const seen = new Set<Schema>();
  const close = (given: Schema | undefined): void => {
    const schema = resolve(document, given);
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    nullableReference(schema);
    const properties = schema['properties'] as Record<string, Schema> | undefined;
    if (properties && schema['additionalProperties'] === undefined) schema['additionalProperties'] = false;
    for (const property of Object.values(properties ?? {})) close(property);
    close(schema['items'] as Schema | undefined);
    for (const key of ['oneOf', 'anyOf', 'allOf'])
      for (const member of (schema[key] as Schema[] | undefined) ?? []) close(member);
  };
  for (const response of Object.values(operation.responses) as { content?: Record<string, { schema?: Schema }> }[])
    for (const media of Object.values(response.content ?? {})) close(media.schema);
}

/** Each path parameter's example, by the path's first segment and the parameter's name: what "try it out" fills in. */
const pathParameterExamples: Record<string, string> = {
  'partners id': 'acme-emea',
  'registrations id': 'reg-2026-0042',
  'customers domain': 'globex.com',
  'deals id': 'deal-2026-0007',
  'rule-sets version': '2026.1',
  'periods period': '2026-Q1',
  'commission-lines lineId': '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f:acme-emea',
  'campaigns id': 'cmp-2026-spring',
  'campaigns milestoneId': 'webinar-1',
  'campaigns claimId': 'claim-2026-0001',
  'statements id': 'acme-emea-2026-Q1',
  'statements lineId': '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f:acme-emea',
  'imports id': 'imp-0b6f3c1e-5f0e-4a47-9a43-32ef7a1c6b1d',
};

function examplePathParameters(path: string, operation: Operation): void {
  const resource = path.split('/')[1];
  for (const parameter of (operation.parameters ?? []) as { in: string; name: string; example?: string }[]) {
    if (parameter.in !== 'path') continue;
    const example = pathParameterExamples[`${resource} ${parameter.name}`];
    if (example === undefined) throw new Error(`No example for the path parameter ${parameter.name} of ${path}`);
    parameter.example ??= example;
  }
}

const retryAfterHeader = { description: 'Seconds to wait before trying again', schema: { type: 'integer' } };

/** What a command reads of its request's headers, and says in its answer's (request-context.ts). */
function documentCommandHeaders(operation: Operation): void {
  const visibleAscii = { type: 'string', pattern: keyPattern.source, example: 'crm-sync-2026-02-10-0042' };
  (operation.parameters ??= []).push(
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), ' +
        'with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command ' +
        'targets. Without it, a command that creates an entity is keyed by its id.',
      schema: visibleAscii,
    },
    {
      name: 'X-Correlation-Id',
      in: 'header',
      required: false,
      description: "Recorded on the command's events (metadata.correlationId); the request's id when absent",
      schema: visibleAscii,
    },
  );
  for (const [status, response] of Object.entries(operation.responses) as [string, { headers?: object }][]) {
    if (!status.startsWith('2')) continue;
    response.headers = {
      ...response.headers,
      'Idempotent-Replayed': {
        description: 'Sent, as `true`, when the answer replays the first one given for the same key',
        schema: { type: 'string', enum: ['true'] },
      },
    };
  }
}

/** Every GET takes `?after=` (ReadAfterGuard), whether or not its query DTO names it. */
function documentReadAfter(operation: Operation): void {
  const parameters = (operation.parameters ??= []);
  if (parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'after')) return;
  parameters.push({
    name: 'after',
    in: 'query',
    required: false,
    description: 'Answer only once the read models have applied this global position',
    schema: { type: 'string', pattern: '^\\d{1,20}$', example: '42' },
  });
}

/**
 * Nest writes a nullable DTO property as `nullable` beside `allOf: [$ref]`, which still requires the referenced
 * object: null is said to be invalid. Written as a choice of the object or null, the document says what is sent.
 */
function nullableReference(schema: Schema): void {
  const members = schema['allOf'] as Schema[] | undefined;
  if (schema['nullable'] !== true || members?.length !== 1) return;
  delete schema['allOf'];
  delete schema['type'];
  delete schema['nullable'];
  schema['anyOf'] = [members[0], { type: 'object', nullable: true, enum: [null] }];
}

/** An empty body reads as `{}` (http-limits.ts): where no field is required, the body itself is not. */
function optionalEmptyBody(document: OpenAPIObject, operation: Operation): void {
  const body = operation.requestBody;
  const schema = resolve(document, body?.content?.['application/json']?.schema);
  if (body && schema?.['type'] === 'object' && !(schema['required'] as unknown[] | undefined)?.length)
    body.required = false;
}
