import { afterAll, afterEach } from '@jest/globals';
import { unreportedViolations, writeTally } from './contract.js';

/*
 * Fails the test (or the file, for hooks) whose HTTP exchanges broke the served OpenAPI document or whose relayed
 * Kafka messages broke docs/asyncapi.yaml, and adds the file's figures to the run's tally. Loaded for every
 * test file (jest.config.js); files without exchanges pass by.
 */
function failOnViolations(): void {
  const violations = unreportedViolations();
  if (violations.length > 0) throw new Error(`Contract violations (OpenAPI or AsyncAPI):\n${violations.join('\n')}`);
}

afterEach(failOnViolations);
afterAll(() => {
  writeTally();
  failOnViolations();
});
