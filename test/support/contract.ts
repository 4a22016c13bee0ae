import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync } from 'node:fs';
import type { Document, Operation, OpenAPIBackend } from 'openapi-backend';

/** One request and its answer as a client saw them: what the contract check reads. */
export interface Exchange {
  readonly method: string;
  /** Path and query string, as sent. */
  readonly url: string;
  readonly requestHeaders: Record<string, string | string[]>;
  readonly requestBody?: unknown;
  readonly status: number;
  readonly contentType?: string;
  /** The body as text (undefined when the client did not read it). */
  readonly responseText?: string;
}

type ResponseObject = { content?: Record<string, { schema?: object }> };

const validators = new Map<string, Promise<ContractValidator>>();

/** The served document's own pages and the console's assets are not API routes; anything else must be documented. */
const outsideContract = [/^\/docs(-json|-yaml)?(\/|$)/, /^\/console(\/|$)/];

/**
 * Checks exchanges against the served OpenAPI document: openapi-backend matches the route and validates the
 * request; ajv validates answers against the document's own schemas, compiled once per schema (openapi-backend
 * dereferences per operation, which takes seconds per route on this document and stalls the server under test).
 * What neither does is ours: an undocumented status or content type is a violation, and NDJSON answers are
 * checked line by line.
 */
export class ContractValidator {
  private readonly checks = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true });

  private constructor(
    private readonly api: OpenAPIBackend,
    document: object,
  ) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(document, documentId);
  }

  /** One validator per document text in a test file: a suite starts many ledgers serving the same document. */
  static load(document: unknown): Promise<ContractValidator> {
    const text = JSON.stringify(document);
    let loaded = validators.get(text);
    if (!loaded) validators.set(text, (loaded = ContractValidator.build(JSON.parse(text) as object)));
    return loaded;
  }

  private static async build(document: object): Promise<ContractValidator> {
    const { OpenAPIBackend } = await import('openapi-backend');
    // quick: request validators compile per operation when first used; the document's own structure is
    // Redocly's to check (test/e2e/openapi.e2e-spec.ts).
    const api = new OpenAPIBackend({ definition: structuredClone(document) as Document, strict: true, quick: true });
    await api.init();
    return new ContractValidator(api, document);
  }

  /** The violations of one exchange (empty when it keeps to the document); counts it in the run's tally. */
  check(exchange: Exchange): string[] {
    const [path = '/', query = ''] = exchange.url.split('?', 2);
    if (outsideContract.some((pattern) => pattern.test(path))) return [];
    tally.requests += 1;
    const route = `${exchange.method.toUpperCase()} ${path} -> ${exchange.status}`;
    const request = { method: exchange.method, path, query, headers: exchange.requestHeaders };
    const operation = this.api.matchOperation({ ...request, body: exchange.requestBody });
    // A path the service does not have answers 404: that is the contract of an undocumented path.
    if (!operation) return record(exchange.status === 404 ? [] : [`${route}: undocumented route`]);
    tally.responses += 1;
    const found = this.responseViolations(operation, exchange).map((violation) => `${route}: ${violation}`);
    // The document promises what is refused: a request it calls invalid must not succeed.
    if (exchange.status < 300) {
      const valid = this.api.validateRequest({ ...request, body: exchange.requestBody }, operation);
      for (const error of valid.errors ?? []) found.push(`${route}: accepted an invalid request: ${describe(error)}`);
    }
    return record(found);
  }

  private responseViolations(operation: Operation, exchange: Exchange): string[] {
    const response = operation.responses?.[String(exchange.status)] as ResponseObject | undefined;
    if (!response) return ['undocumented status'];
    const mediaType = exchange.contentType?.split(';')[0]?.trim();
    const text = exchange.responseText ?? '';
    if (text.length === 0) return response.content ? ['no body where one is documented'] : [];
    if (!mediaType || !response.content?.[mediaType]) return [`undocumented content type ${mediaType ?? '(none)'}`];
    const schema = response.content[mediaType].schema;
    if (!schema) return [];
    const validate = this.compiled(`${operation.operationId} ${exchange.status} ${mediaType}`, schema);
    if (mediaType === 'application/json') return errorsOf(validate, JSON.parse(text));
    if (mediaType === 'application/x-ndjson') {
      const lines = text.split('\n').filter((line) => line.length > 0);
      return lines.flatMap((line, index) =>
        errorsOf(validate, JSON.parse(line)).map((error) => `line ${index + 1}: ${error}`),
      );
    }
    return errorsOf(validate, text);
  }

  /** A response schema compiled against the document (its `#/components/...` references resolve there). */
  private compiled(key: string, schema: object): ValidateFunction {
    let validate = this.checks.get(key);
    if (!validate) {
      const anchored = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${documentId}#/components/`));
      this.checks.set(key, (validate = this.ajv.compile(anchored as object)));
    }
    return validate;
  }
}

const documentId = 'served-openapi';

function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map(describe);
}

function describe(error: { instancePath?: string; message?: string; params?: unknown }): string {
  return `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`;
}

/** What this test file validated; a jest reporter adds the files up at the end of the run. */
export const tally = { requests: 0, responses: 0, messages: 0, violations: [] as string[], reported: 0 };

function record(violations: string[]): string[] {
  tally.violations.push(...violations);
  return violations;
}

/** Counts one Kafka message checked against docs/asyncapi.yaml (test/kafka/asyncapi-contract.ts) and its violations. */
export function recordMessage(violations: string[]): string[] {
  tally.messages += 1;
  return record(violations);
}

const pending: Array<() => void> = [];

/**
 * Queues a check for the end of the test (contract-setup.ts): checking inside the answer's callback would stall
 * the in-process server while ajv compiles, and change the timing of the tests it guards.
 */
export function checkLater(check: () => void): void {
  pending.push(check);
}

/** The violations found since the last call, after running the queued checks: the setup file fails on them. */
export function unreportedViolations(): string[] {
  for (const check of pending.splice(0)) check();
  const fresh = tally.violations.slice(tally.reported);
  tally.reported = tally.violations.length;
  return fresh;
}

/** Appends this file's figures to the run's tally file (named by the reporter), one JSON line. */
export function writeTally(file = process.env['LEDGER_CONTRACT_TALLY']): void {
  if (!file || tally.requests + tally.messages === 0) return;
  const { requests, responses, messages, violations } = tally;
  appendFileSync(file, `${JSON.stringify({ requests, responses, messages, violations: violations.length })}\n`);
}

export interface SupertestLike {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text?: string;
  readonly body?: unknown;
  readonly req: { method: string; path: string; getHeaders(): Record<string, unknown> };
}

/** The exchange behind a supertest answer; `sent` is the body the test sent (supertest keeps it as _data). */
export function supertestExchange(response: SupertestLike, sent: unknown): Exchange {
  const headers = Object.fromEntries(
    Object.entries(response.req.getHeaders()).map(([name, value]) => [name, String(value)]),
  );
  const raw = response.body;
  const responseText = response.text ?? (Buffer.isBuffer(raw) ? raw.toString('utf8') : undefined);
  return {
    method: response.req.method,
    url: response.req.path,
    requestHeaders: headers,
    // An empty body is no body (the service reads it as `{}`).
    requestBody: sent === '' ? undefined : sent,
    status: response.status,
    contentType: response.headers['content-type'],
    responseText,
  };
}

/**
 * Wraps the global fetch once so that every exchange with a service this file started (service-process.ts)
 * is checked against the document that service serves. Other URLs pass through untouched.
 */
export function checkFetchesTo(baseUrl: string): void {
  checkedOrigins.add(new URL(baseUrl).origin);
  if (fetchWrapped) return;
  fetchWrapped = true;
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await original(input, init);
    if (!checkedOrigins.has(url.origin)) return response;
    let served = servedDocuments.get(url.origin);
    if (!served)
      servedDocuments.set(url.origin, (served = original(`${url.origin}/docs-json`).then((got) => got.json())));
    const contract = ContractValidator.load(await served);
    // A body cut short (the service killed mid-answer) has no contract to keep.
    const responseText = await response
      .clone()
      .text()
      .catch(() => undefined);
    if (responseText === undefined) return response;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' && init.body !== '' ? parseJson(init.body) : undefined;
    const method = init?.method ?? 'GET';
    const contentType = response.headers.get('content-type') ?? undefined;
    const exchange = { method, url: `${url.pathname}${url.search}`, requestHeaders: headers, requestBody: body };
    const answer = { status: response.status, contentType, responseText };
    const checked = await contract;
    checkLater(() => checked.check({ ...exchange, ...answer }));
    return response;
  };
}

const checkedOrigins = new Set<string>();
const servedDocuments = new Map<string, Promise<unknown>>();
let fetchWrapped = false;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
