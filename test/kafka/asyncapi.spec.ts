import { describe, expect, it } from '@jest/globals';
import { SqliteEventStore } from '#event-store';
import { toOutboundMessage } from '#messaging';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncApiContract, parseAsyncApi } from './asyncapi-contract.js';

const cliPath = join(import.meta.dirname, '../../dist/apps/ledger/src/cli.js');

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

/*
 * The relay's mapping of every event of a seeded ledger (statements, disputes, campaigns and leads, MDF, refunds),
 * checked against docs/asyncapi.yaml as a consumer validating with its schemas would: each type as it really occurs,
 * not only as its one example shows it.
 */
describe('a seeded ledger as the relay publishes it', () => {
  it('keeps to docs/asyncapi.yaml, message by message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-asyncapi-'));
    try {
      const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn' };
      const seeded = spawnSync(process.execPath, [cliPath, 'seed', '--events', '3000'], { env, encoding: 'utf8' });
      expect({ status: seeded.status, stderr: seeded.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
      const events = await store.readAll({ after: 0n, limit: 100_000 });
      await store.close();
      const contract = await AsyncApiContract.load();
      const violations = events.flatMap((event) => {
        const message = toOutboundMessage(event, 'partner-ledger');
        const received = { ...message, partition: 0, offset: event.position.toString() };
        return contract.check(received);
      });
      const types = new Set(events.map((event) => event.type));
      expect([...types]).toEqual(expect.arrayContaining(['PayoutStatementIssued', 'PayoutDisputeResolved']));
      expect(violations.slice(0, 20)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
