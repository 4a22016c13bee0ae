import { createConfig, lintFromString } from '@redocly/openapi-core';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

type Operation = {
  summary?: string;
  parameters?: { in: string; name: string; example?: string; schema?: { example?: string } }[];
  tags?: string[];
  requestBody?: { content: Record<string, { example?: unknown; schema?: { example?: unknown } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }>; headers?: object }>;
};

/**
 * The OpenAPI document the service serves at /docs-json, linted with Redocly's recommended rules (part
 * of `npm test`), and what issue 15 asks of every route: a summary, a tag, the error schema on every
 * 4xx answer, and an example body.
 */
describe('the served OpenAPI document', () => {
  let ledger: LedgerHarness;
  let text: string;
  let operations: [string, Operation][];

  beforeAll(async () => {
    ledger = await startLedger();
    text = (await ledger.http.get('/docs-json').expect(200)).text;
    const document = JSON.parse(text) as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]): [string, Operation] => [`${method} ${path}`, operation]),
    );
  });
  afterAll(() => ledger.close());

  it("passes Redocly's recommended lint without an error or a warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: '/docs-json', config });
    const found = problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.location[0]?.pointer}`);
    expect(found).toEqual([]);
  });

  it('gives every route a summary, a tag, the error schema on each 4xx, and an example body', () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const [route, operation] of operations) {
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
      expect({ route, tags: operation.tags?.length }).toEqual({ route, tags: 1 });
      const clientErrors = Object.entries(operation.responses).filter(([status]) => status.startsWith('4'));
      expect(clientErrors.map(([status]) => status)).toContain('400');
      for (const [status, response] of clientErrors) {
        const schema = response.content?.['application/json']?.schema?.$ref;
        expect({ route, status, schema }).toEqual({ route, status, schema: '#/components/schemas/Error' });
      }
      const body = operation.requestBody?.content['application/json'];
      if (body)
        expect({ route, example: (body.example ?? body.schema?.example) !== undefined }).toEqual({
          route,
          example: true,
        });
    }
  });

  it('declares the headers a command reads and answers with, and Retry-After where an answer sends it', () => {
    const commands = operations.filter(([route]) => route.startsWith('post ') && !/imports|admin|simulate/.test(route));
    expect(commands.length).toBeGreaterThan(30);
    for (const [route, operation] of commands) {
      const headers = operation.parameters?.filter((parameter) => parameter.in === 'header').map(({ name }) => name);
      expect({ route, headers }).toEqual({ route, headers: ['Idempotency-Key', 'X-Correlation-Id'] });
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))![1];
      expect({ route, replayed: Object.keys(success.headers ?? {}) }).toEqual({
        route,
        replayed: ['Idempotent-Replayed'],
      });
    }
    for (const [route, operation] of operations)
      for (const status of ['429', '503'].filter((code) => operation.responses[code] && !route.includes('/health')))
        expect({ route, status, headers: operation.responses[status]!.headers }).toEqual({
          route,
          status,
          headers: { 'Retry-After': expect.any(Object) },
        });
  });

  it("gives example bodies the routes' own validation accepts, as a client trying them out sends them", async () => {
    const roles = [['admin'], ['finance'], ['partner_manager'], ['ops'], ['partner', 'acme', 'acme']] as const;
    const refused: string[] = [];
    for (const [route, operation] of operations) {
      const body = operation.requestBody?.content['application/json'];
      if (!route.startsWith('post ') || !body) continue;
      const path = route.slice('post '.length).replace(/\{(\w+)\}/g, (_match, name: string) => {
        const parameter = operation.parameters?.find((candidate) => candidate.in === 'path' && candidate.name === name);
        return encodeURIComponent(parameter?.example ?? parameter?.schema?.example ?? 'example-1');
      });
      // The first role the route lets in: a guard answers before the body is validated.
      for (const [role, sub, partner] of roles) {
        const response = await ledger.http
          .post(path)
          .set({ ...ledger.auth(role, sub, partner), 'Idempotency-Key': `example:${path}` })
          .send((body.example ?? body.schema?.example) as object);
        if (response.status === 403) continue;
        if (response.status === 400) refused.push(`${route}: ${response.body.message}`);
        break;
      }
    }
    expect(refused).toEqual([]);
  });
});
