import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { generatedPath, responseSchemasSource } from '../../../../scripts/response-schemas.mjs';

describe('the response schemas of the OpenAPI document', () => {
  it('are generated from response-types.ts and current (node scripts/response-schemas.mjs rewrites them)', async () => {
    const current = readFileSync(generatedPath, 'utf8');
    expect(current === (await responseSchemasSource())).toBe(true);
  }, 180_000);
});
