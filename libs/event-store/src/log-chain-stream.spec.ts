import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnchor, takeAnchor } from './anchor.js';
import { verifyStoredChain } from './event-chain.js';
import {
  LogChainKeeper,
  logChainStream,
  logChainWriter,
  verifyLogChain,
  type LogChainExtended,
  type LogChainStores,
} from './log-chain-stream.js';
import { openDatabase, SqliteEventStore } from './sqlite-event-store.js';
import { anEvent } from './testing/event-store.contract.js';
import { rewriteChain } from './testing/rewrite-chain.js';

const now = () => '2026-01-31T00:00:00.000Z';

/**
 * The chain stream against the SQLite adapter: the log in events.sqlite, the chain stream in a store of its
 * own (EventStoreDB keeps both in one server, where the `$` prefix keeps the chain out of readAll).
 */
describe('the chain stream kept beside the log', () => {
  let folder: string;
  let path: string;
  let log: SqliteEventStore;
  let chain: SqliteEventStore;
  let stores: LogChainStores;

  const appendEvents = async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      await log.appendToStream(`s-${Math.random()}`, [anEvent({ data: { index } })], { expectedVersion: 0 });
    }
  };
  const chainedPositions = async () => {
    const { events } = await chain.readStream(logChainStream);
    return events.flatMap((event) => (event.data as LogChainExtended).links.map((link) => Number(link.position)));
  };

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-chain-stream-'));
    path = join(folder, 'events.sqlite');
    log = new SqliteEventStore({ path });
    chain = new SqliteEventStore({ path: join(folder, 'chain.sqlite') });
    stores = { log, chain };
    await appendEvents(6);
  });
  afterEach(async () => {
    await log.close();
    await chain.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('chains every log event once, in order, with the hashes the SQLite rows hold', async () => {
    await new LogChainKeeper(stores, now).extend(4);
    expect(await chainedPositions()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await chain.readStream(logChainStream)).version).toBe(2);
    const rows = openDatabase(path);
    const stored = verifyStoredChain(rows);
    rows.close();
    const { events } = await chain.readStream(logChainStream);
    const head = (events.at(-1)!.data as LogChainExtended).links.at(-1)!;
    expect(stored).toMatchObject({ ok: true, headHash: head.hash });
    await appendEvents(2);
    expect(await verifyLogChain(stores)).toEqual({ ok: true, eventsChecked: 6, headPosition: 6n, unchained: 2 });
  });

  it('cannot be forked by two writers racing: each position is chained once, in order', async () => {
    const first = new LogChainKeeper(stores, now);
    const second = new LogChainKeeper(stores, now);
    await Promise.all([first.extend(2), second.extend(3), appendEvents(5).then(() => first.extend(2))]);
    await second.extend(3);
    expect(await chainedPositions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await verifyLogChain(stores)).toMatchObject({ ok: true, eventsChecked: 11, unchained: 0 });
  });

  it('follows the log as a consumer whose checkpoint is the chain head, and goes on after a restart', async () => {
    const writer = logChainWriter(new LogChainKeeper(stores, now), log, {
      pollIntervalMs: 50,
      onError: (error) => {
        throw error;
      },
    });
    await writer.runUntilCaughtUp();
    await appendEvents(3);
    const restarted = logChainWriter(new LogChainKeeper(stores, now), log, { pollIntervalMs: 50, onError: () => {} });
    await restarted.runUntilCaughtUp();
    expect(await chainedPositions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  /** Edits the log as an attacker would, then rebuilds every derived file: the SQLite rows' own chain. */
  function tamper(sql: string): void {
    const db = openDatabase(path);
    db.prepare(sql).run();
    rewriteChain(db);
    expect(verifyStoredChain(db)).toMatchObject({ ok: true });
    db.close();
  }

  it('names the position of an edited event, as a signed anchor does, once the derived files are rebuilt', async () => {
    await new LogChainKeeper(stores, now).extend();
    const auditor = generateKeyPairSync('ed25519');
    const anchor = await takeAnchor(log, auditor.privateKey, now());
    tamper(`UPDATE events SET data = '{"edited":true}' WHERE position = 4`);
    expect(await verifyLogChain(stores)).toEqual({
      ok: false,
      position: 4n,
      reason: 'the event differs from its chained hash',
      eventsChecked: 3,
    });
    expect(await checkAnchor(log, anchor, auditor.publicKey)).toMatchObject({ ok: false, position: 4n });
  });

  it('names a removed event and a log cut short by their positions', async () => {
    await new LogChainKeeper(stores, now).extend();
    tamper('DELETE FROM events WHERE position = 3');
    expect(await verifyLogChain(stores)).toMatchObject({
      ok: false,
      position: 3n,
      reason: expect.stringMatching(/removed/),
    });
    tamper('DELETE FROM events WHERE position >= 5');
    expect(await verifyLogChain(stores)).toMatchObject({ ok: false, position: 3n });
  });

  it('names the end of a log shorter than its chain', async () => {
    await new LogChainKeeper(stores, now).extend();
    tamper('DELETE FROM events WHERE position = 6');
    expect(await verifyLogChain(stores)).toMatchObject({
      ok: false,
      position: 6n,
      reason: 'the log ends before this chained event (events removed)',
    });
  });

  it('refuses a chain stream holding something else than chain extensions', async () => {
    await chain.appendToStream(logChainStream, [anEvent()], { expectedVersion: 0 });
    expect(await verifyLogChain(stores)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a LogChainExtended/),
    });
    await expect(new LogChainKeeper(stores, now).extend()).rejects.toThrow('not a LogChainExtended');
  });
});
