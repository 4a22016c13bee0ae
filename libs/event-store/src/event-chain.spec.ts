import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chainTextOf,
  eventChainGenesis,
  eventChainHash,
  migrateEventChain,
  verifyStoredChain,
  type ChainedEventText,
} from './event-chain.js';
import { openDatabase, SqliteEventStore } from './sqlite-event-store.js';
import { anEvent } from './testing/event-store.contract.js';
import { rewriteChain } from './testing/rewrite-chain.js';

const event: ChainedEventText = {
  position: 7n,
  eventId: 'e-1',
  stream: 'partner-p1',
  revision: 2,
  type: 'PartnerEnrolled',
  data: '{"partnerId":"p1"}',
  metadata: '{"actor":"ann"}',
};

describe('eventChainHash', () => {
  it('is SHA-256 hex, the same for the same previous hash and content', () => {
    expect(eventChainHash(eventChainGenesis, event)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventChainHash(eventChainGenesis, { ...event })).toBe(eventChainHash(eventChainGenesis, event));
  });

  it('changes with the previous hash and with every field of the event', () => {
    const base = eventChainHash(eventChainGenesis, event);
    const variants: ChainedEventText[] = [
      { ...event, position: 8n },
      { ...event, eventId: 'e-2' },
      { ...event, stream: 'partner-p2' },
      { ...event, revision: 3 },
      { ...event, type: 'PartnerSuspended' },
      { ...event, data: '{"partnerId":"p2"}' },
      { ...event, metadata: '{"actor":"bob"}' },
      // A character moved from one field to the next is another event, not the same bytes.
      { ...event, stream: 'partner-p', type: `1${event.type}` },
    ];
    const hashes = new Set([base, ...variants.map((variant) => eventChainHash(eventChainGenesis, variant))]);
    expect(hashes.size).toBe(variants.length + 1);
    expect(eventChainHash('1'.repeat(64), event)).not.toBe(base);
  });
});

describe('the chain the SQLite store keeps beside the log', () => {
  let folder: string;
  let path: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-chain-'));
    path = join(folder, 'events.sqlite');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function seed(store: SqliteEventStore, streams: number): Promise<void> {
    await Promise.all(
      Array.from({ length: streams }, (_, index) =>
        store.appendToStream(`s-${index}`, [anEvent(), anEvent()], { expectedVersion: 0 }),
      ),
    );
  }

  it('hashes every appended row in its transaction, matching the chain recomputed through the store port', async () => {
    const store = new SqliteEventStore({ path });
    await seed(store, 5);
    let previous = eventChainGenesis;
    for (const stored of await store.readAll({ after: 0n, limit: 100 })) {
      previous = eventChainHash(previous, chainTextOf(stored));
    }
    await store.close();
    const db = openDatabase(path);
    expect(verifyStoredChain(db)).toEqual({ ok: true, eventsChecked: 10, headPosition: 10n, headHash: previous });
    db.close();
  });

  it('stays whole when appends in one group commit are refused and their savepoints rolled back', async () => {
    const store = new SqliteEventStore({ path });
    const taken = anEvent();
    await store.appendToStream('taken', [taken], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled([
      store.appendToStream('a', [anEvent()], { expectedVersion: 0 }),
      // Its first event is written, then the duplicate id rolls the whole append back.
      store.appendToStream('b', [anEvent(), { ...anEvent(), eventId: taken.eventId }], { expectedVersion: 0 }),
      store.appendToStream('a', [anEvent()], { expectedVersion: 0 }),
      store.appendToStream('c', [anEvent(), anEvent()], { expectedVersion: 0 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    await store.close();
    const db = openDatabase(path);
    expect(verifyStoredChain(db)).toMatchObject({ ok: true, eventsChecked: 4, headPosition: 4n });
    db.close();
  });

  it('names the position of a row edited in the file; a rewrite recomputing every later hash passes', async () => {
    const store = new SqliteEventStore({ path });
    await seed(store, 5);
    await store.close();
    const db = openDatabase(path);
    db.prepare(`UPDATE events SET data = '{"edited":true}' WHERE position = 4`).run();
    expect(verifyStoredChain(db)).toMatchObject({ ok: false, position: 4n, eventsChecked: 3 });
    rewriteChain(db);
    // The attacker's rewrite is self-consistent: only an anchor taken before it tells (anchor.spec.ts).
    expect(verifyStoredChain(db)).toMatchObject({ ok: true, eventsChecked: 10 });
    db.close();
  });

  it('migrates a log written before the chain, once, and later appends extend it', async () => {
    const legacy = new Database(path);
    legacy.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      UNIQUE (stream, revision))`);
    const insert = legacy.prepare(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let index = 1; index <= 3; index += 1) insert.run(`old-${index}`, 'legacy', index, 'Old', '{"n":1}', '{}');
    legacy.close();

    const store = new SqliteEventStore({ path });
    await store.appendToStream('fresh', [anEvent()], { expectedVersion: 0 });
    await store.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(1n);
    expect(verifyStoredChain(db)).toMatchObject({ ok: true, eventsChecked: 4, headPosition: 4n });
    expect(migrateEventChain(db)).toBe(0);
    db.close();
  });

  it('adds the column to a table that never had one and hashes its rows, which verify refused before', () => {
    const db = openDatabase(path);
    db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)`);
    const insert = db.prepare(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let index = 1; index <= 5; index += 1) insert.run(`old-${index}`, 'legacy', index, 'Old', '{}', '{}');
    expect(verifyStoredChain(db)).toMatchObject({ ok: false, position: 1n, reason: 'the event has no chain hash' });
    expect(migrateEventChain(db)).toBe(5);
    expect(verifyStoredChain(db)).toMatchObject({ ok: true, eventsChecked: 5 });
    db.close();
  });
});
