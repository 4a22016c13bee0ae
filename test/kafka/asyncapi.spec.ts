import { describe, expect, it } from '@jest/globals';
import { parseAsyncApi } from './asyncapi-contract.js';

/*
 * docs/asyncapi.yaml validated by the AsyncAPI parser: the specification's JSON Schema and its spectral rule
 * set, what `asyncapi validate` of the AsyncAPI CLI runs (the CLI itself is not a dependency: see
 * docs/decisions.md). Informational hints (a newer AsyncAPI version exists) are not problems.
 */
describe('docs/asyncapi.yaml', () => {
  it('parses with no error and no warning from the AsyncAPI parser', async () => {
    const { document, problems } = await parseAsyncApi();
    expect(problems.filter((problem) => problem.severity <= 1)).toEqual([]);
    expect(document?.channels().all().length).toBeGreaterThan(0);
  }, 120_000);
});
