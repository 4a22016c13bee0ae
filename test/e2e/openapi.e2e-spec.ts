import { createConfig, lintFromString } from '@redocly/openapi-core';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

type Operation = {
  summary?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { example?: unknown; schema?: { example?: unknown } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
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
});
