import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

const schemaPath = join(import.meta.dirname, '../../apps/console/src/api/schema.d.ts');
const header =
  '// Generated from the OpenAPI document the ledger serves at /docs-json: `npm run console:api` rewrites it.\n' +
  '// Do not edit; console-api.e2e-spec.ts fails when it no longer matches the API.\n';

/** The console's typed client as the current API would generate it, formatted as the repository keeps it. */
async function generatedSchema(document: object): Promise<string> {
  const contents = header + astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
  return format(contents, { ...(await resolveConfig(schemaPath)), filepath: schemaPath });
}

describe('the console API client (apps/console/src/api/schema.d.ts)', () => {
  let ledger: LedgerHarness;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => ledger.close());

  it('is generated from the OpenAPI document the service serves now (npm run console:api to refresh)', async () => {
    const response = await ledger.http.get('/docs-json').expect(200);
    const fresh = await generatedSchema(response.body as object);
    if (process.env.CONSOLE_API_WRITE === '1') writeFileSync(schemaPath, fresh);
    // A stale client hides API changes from the console's type check: regenerate, then fix what no longer compiles.
    expect(readFileSync(schemaPath, 'utf8')).toBe(fresh);
  });
});
