import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Worker } from 'node:worker_threads';
import { DuplicateEventId, StreamVersionConflict } from './event-store.port.js';
import { SqliteEventStore, deferSync, eventReads, openDatabase, writeUnlocked } from './sqlite-event-store.js';
import { anEvent, eventStoreContract } from './testing/event-store.contract.js';
import { until } from './testing/until.js';

eventStoreContract('SQLite', () => {
  const store = new SqliteEventStore({ path: ':memory:' });
  return Promise.resolve({ store, dispose: () => store.close() });
});

// A file's appends run in the writer thread while this thread reads through its own connection.
eventStoreContract('SQLite with its writer thread', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-store-contract-'));
  const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
  const dispose = async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  };
  return Promise.resolve({ store, dispose });
});

describe('SqliteEventStore', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'ledger-store-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('opens files in WAL mode with synchronous=FULL', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await store.close();
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2n);
    db.close();
  });

  it("names a log it cannot read as a database, and what to do, instead of SQLite's bare words", () => {
    const path = join(folder, 'events.sqlite');
    writeFileSync(path, 'not a database, but long enough to be read as a header by SQLite'.repeat(100));
    expect(() => new SqliteEventStore({ path })).toThrow(
      `${path} cannot be read as a SQLite database (SQLITE_NOTADB: file is not a database). It is the ledger's ` +
        'event log, from which everything else is derived: restore it from a backup (`ledger backup` makes one), ' +
        'move read-models.sqlite and snapshots/ aside, start again, then run `ledger verify`.',
    );
  });

  it('cuts a WAL that one large transaction grew back to 64 MiB when a writer starts it over', () => {
    const path = join(folder, 'read-models.sqlite');
    const db = openDatabase(path);
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)');
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    // About 80 MB in one commit (a swap's copy of a table of statements writes up to 330 MB in one).
    db.transaction(() => {
      for (let index = 0; index < 20_000; index += 1) insert.run('x'.repeat(4000));
    })();
    const walBytes = () => statSync(`${path}-wal`).size;
    expect(walBytes()).toBeGreaterThan(75 * 1024 * 1024);
    db.pragma('wal_checkpoint(PASSIVE)');
    insert.run('after the checkpoint');
    expect(walBytes()).toBeLessThanOrEqual(64 * 1024 * 1024);
    db.close();
  });

  it('checkpoints a bulk load in larger steps, and restores the defaults afterwards', () => {
    const db = openDatabase(join(folder, 'read-models.sqlite'));
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)');
    const restore = deferSync(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(1n);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384n);
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    // About 2,500 pages written, each in its own commit: past the default's 1,000 pages, within the bulk size.
    for (let index = 0; index < 2500; index += 1) insert.run('x'.repeat(3000));
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: bigint; checkpointed: bigint }];
    expect(Number(log)).toBeGreaterThan(2500);
    expect(checkpointed).toBe(log);
    restore();
    expect(db.pragma('synchronous', { simple: true })).toBe(2n);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000n);
    db.close();
  });

  describe('a write that another connection holds off (writeUnlocked)', () => {
    let db: Database.Database;
    let holder: Database.Database;
    const rows = () => Number(db.prepare('SELECT count(*) FROM rows').pluck().get());
    beforeEach(() => {
      db = openDatabase(join(folder, 'read-models.sqlite'));
      db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
      holder = openDatabase(join(folder, 'read-models.sqlite'));
      holder.exec('BEGIN IMMEDIATE');
    });
    afterEach(() => {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      db.close();
    });

    it("waits between this thread's tasks, not in SQLite's busy handler, and lands once the lock is free", async () => {
      let attempts = 0;
      const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
      const written = writeUnlocked(db, () => {
        attempts += 1;
        return insert.run('accrued').changes;
      });
      // The first try failed at once: the busy handler would have slept here for 5 s, timers and all.
      expect(attempts).toBe(1);
      expect(rows()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 30));
      holder.exec('COMMIT');
      expect(await written).toBe(1);
      expect(attempts).toBeGreaterThan(1);
      expect(rows()).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000n);
    });

    it('gives up with SQLITE_BUSY after waitMsMax, having written nothing', async () => {
      const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
      await expect(writeUnlocked(db, () => insert.run('accrued'), 40)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      holder.exec('COMMIT');
      expect(rows()).toBe(0);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000n);
    });

    it('throws any other error at once', async () => {
      holder.exec('COMMIT');
      const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
      await expect(writeUnlocked(db, () => insert.run(null))).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT_NOTNULL',
      });
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000n);
    });
  });

  it('commits concurrent appends together and keeps every acknowledged one after reopening', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    const appends = Array.from({ length: 200 }, (_, index) =>
      store.appendToStream(`s-${index % 20}-${index}`, [anEvent()], { expectedVersion: 0 }),
    );
    const results = await Promise.all(appends);
    await store.close();
    expect(store.commitsTotal).toBeLessThan(200);
    const reopened = new SqliteEventStore({ path });
    const all = await reopened.readAll({ after: 0n, limit: 1000 });
    expect(all).toHaveLength(200);
    expect(all.map((event) => event.position)).toEqual(
      results.map((result) => result.position).sort((a, b) => (a < b ? -1 : 1)),
    );
    await reopened.close();
  });

  it('answers an append from the writer thread only once any connection reads it back', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    const outside = openDatabase(path);
    const count = outside.prepare<[], bigint>('SELECT count(*) FROM events').pluck();
    const stored = outside.prepare<[bigint], string>('SELECT stream FROM events WHERE position = ?').pluck();
    const appends = Array.from({ length: 30 }, (_, index) =>
      store.appendToStream(`ryw-${index}`, [anEvent()], { expectedVersion: 0 }).then((result) => {
        // Acknowledged means committed: the file holds it for every reader, this store's own included.
        expect(stored.get(result.position)).toBe(`ryw-${index}`);
        return result;
      }),
    );
    const results = await Promise.all(appends);
    expect(Number(count.get())).toBe(30);
    for (const [index, result] of results.entries()) {
      const read = await store.readStream(`ryw-${index}`);
      expect(read.events.map((event) => event.position)).toEqual([result.position]);
    }
    expect(await store.headPosition()).toBe(30n);
    outside.close();
    await store.close();
  });

  it('commits many deferred appends in one transaction, hidden from readAll until then', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await store.appendToStream('before', [anEvent()], { expectedVersion: 0 });
    const commitsBefore = store.commitsTotal;
    await store.withAppendScope({ kind: 'deferred-commit' }, async () => {
      for (let index = 0; index < 50; index += 1)
        await store.appendToStream(`deferred-${index}`, [anEvent()], { expectedVersion: 0 });
    });
    expect(await store.readAll({ after: 0n, limit: 100 })).toHaveLength(1);
    expect(await store.headPosition()).toBe(1n);
    await store.commitPending();
    expect(store.commitsTotal).toBe(commitsBefore + 1);
    expect(await store.readAll({ after: 0n, limit: 100 })).toHaveLength(51);
    await store.close();
  });

  it('lets an outside append commit the open deferred transaction and answers it only after', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await store.withAppendScope({ kind: 'deferred-commit' }, () =>
      store.appendToStream('deferred', [anEvent()], { expectedVersion: 0 }),
    );
    await store.appendToStream('outside', [anEvent()], { expectedVersion: 0 });
    // A second connection sees both: the outside append's commit made the deferred one durable too.
    const other = openDatabase(path);
    expect(other.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2n);
    other.close();
    await store.close();
  });

  it('keeps a deferred append out of the file (a crash would lose it whole) until it is committed', async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await store.withAppendScope({ kind: 'deferred-commit' }, () =>
      store.appendToStream('deferred', [anEvent(), anEvent()], { expectedVersion: 0 }),
    );
    const other = openDatabase(path);
    expect(other.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0n);
    other.close();
    await store.close();
  });

  it('reads an open batch without asking the writer: committed rows and the appends it answered', async () => {
    const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    await store.appendToStream('a', [anEvent({ type: 'Committed' })], { expectedVersion: 0 });
    const sent = jest.spyOn(Worker.prototype, 'postMessage');
    const reads = await store.withAppendScope({ kind: 'deferred-commit' }, async () => {
      await store.appendToStream('a', [anEvent({ type: 'Open1', data: { n: '1.50' } }), anEvent()], {
        expectedVersion: 1,
      });
      await store.appendToStream('b', [anEvent()], { expectedVersion: 0 });
      await store.appendToStream('a', [anEvent({ type: 'Open2' })], { expectedVersion: 3 });
      sent.mockClear();
      const read = [await store.readStream('a'), await store.readStream('a', { afterRevision: 2 })];
      read.push(await store.readStream('a', { afterRevision: 4 }), await store.readStream('missing'));
      expect(sent).not.toHaveBeenCalled();
      return read;
    });
    sent.mockRestore();
    expect(reads.map((read) => [read.version, read.events.map((event) => event.revision)])).toEqual([
      [4, [1, 2, 3, 4]],
      [4, [3, 4]],
      [4, []],
      [0, []],
    ]);
    // What the open batch read is what the file holds once it is committed, positions and data included.
    await store.commitPending();
    expect(await store.readStream('a')).toEqual(reads[0]);
    expect(await store.readStream('a', { afterRevision: 2 })).toEqual(reads[1]);
    await store.close();
  });

  it("keeps the writer's version check authoritative when an outside append moves a stream of the batch", async () => {
    const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    const deferred = { kind: 'deferred-commit' } as const;
    await store.withAppendScope(deferred, () => store.appendToStream('a', [anEvent()], { expectedVersion: 0 }));
    // An append outside the batch (an HTTP command) that read before the batch's append: refused.
    await expect(store.appendToStream('a', [anEvent()], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      StreamVersionConflict,
    );
    // One that read the batch's append commits it with its own, and the batch reads both.
    await store.appendToStream('a', [anEvent({ type: 'Outside' })], { expectedVersion: 1 });
    const outcome = await store.withAppendScope(deferred, async () => {
      const stale = await store.appendToStream('a', [anEvent()], { expectedVersion: 1 }).catch((error) => error);
      const read = await store.readStream('a');
      await store.appendToStream('a', [anEvent({ type: 'After' })], { expectedVersion: read.version });
      return { stale, read: await store.readStream('a', { afterRevision: 1 }) };
    });
    expect(outcome.stale).toBeInstanceOf(StreamVersionConflict);
    expect(outcome.read.events.map((event) => [event.revision, event.type])).toEqual([
      [2, 'Outside'],
      [3, 'After'],
    ]);
    await store.commitPending();
    expect((await store.readStream('a')).version).toBe(3);
    await store.close();
  });

  it.each([
    ['with its writer thread', 'events.sqlite'],
    ['in-thread', ':memory:'],
  ])("tells a deferred scope's hooks of each append sent and holds a read on them (%s)", async (_, file) => {
    const store = new SqliteEventStore({ path: file === ':memory:' ? file : join(folder, file) });
    const sent: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const scope = {
      kind: 'deferred-commit',
      appending: (stream: string) => sent.push(stream),
      reading: (stream: string) => (stream === 'held' ? gate : undefined),
    } as const;
    const done: string[] = [];
    await store.withAppendScope(scope, async () => {
      const appended = store.appendToStream('a', [anEvent()], { expectedVersion: 0 });
      // Told in the same turn as the append is made, before it is answered.
      expect(sent).toEqual(['a']);
      await appended;
      const held = store.readStream('held').then(() => done.push('held'));
      await store.readStream('a').then(() => done.push('a'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(done).toEqual(['a']);
      open();
      await held;
    });
    expect(done).toEqual(['a', 'held']);
    // Outside the scope nothing is told or held.
    await store.appendToStream('b', [anEvent()], { expectedVersion: 0 });
    await store.readStream('held');
    expect(sent).toEqual(['a']);
    await store.commitPending();
    await store.close();
  });

  it('answers a retried append of an open batch once, and reads its events once', async () => {
    const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    const event = anEvent();
    const [first, retry, read] = await store.withAppendScope({ kind: 'deferred-commit' }, async () => [
      await store.appendToStream('a', [event], { expectedVersion: 0 }),
      await store.appendToStream('a', [event], { expectedVersion: 0 }),
      await store.readStream('a'),
    ]);
    expect(retry).toEqual({ ...first, retried: true });
    expect(first.retried).toBeUndefined();
    expect([read.version, read.events.map((stored) => [stored.eventId, stored.revision])]).toEqual([
      1,
      [[event.eventId, 1]],
    ]);
    await store.close();
  });

  it('fails only the conflicting append of a group, not its neighbours', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const outcomes = await Promise.allSettled([
      store.appendToStream('a', [anEvent()], { expectedVersion: 0 }),
      store.appendToStream('a', [anEvent()], { expectedVersion: 0 }),
      store.appendToStream('b', [anEvent(), anEvent()], { expectedVersion: 0 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream('b')).version).toBe(2);
    await store.close();
  });

  it('reads what another connection appended after a revision this one already answered as the last', async () => {
    const path = join(folder, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path });
    await writer.appendToStream('a', [anEvent({ type: 'One' })], { expectedVersion: 0 });
    expect(await writer.readStream('a', { afterRevision: 1 })).toEqual({ version: 1, events: [] });
    await other.appendToStream('a', [anEvent({ type: 'Two' })], { expectedVersion: 1 });
    const read = await writer.readStream('a', { afterRevision: 1 });
    expect({ version: read.version, types: read.events.map((event) => event.type) }).toEqual({
      version: 2,
      types: ['Two'],
    });
    await other.close();
    await writer.close();
  });

  it("tells another store of the same file in this process of its commits (a projector's thread)", async () => {
    const path = join(folder, 'events.sqlite');
    const appending = new SqliteEventStore({ path });
    const following = new SqliteEventStore({ path });
    const elsewhere = new SqliteEventStore({ path: join(folder, 'other.sqlite') });
    const [heard, heardElsewhere, heardOwn] = [jest.fn(), jest.fn(), jest.fn()];
    const unsubscribe = following.onAppended(heard);
    elsewhere.onAppended(heardElsewhere);
    appending.onAppended(heardOwn);
    await appending.appendToStream('a', [anEvent({ type: 'One' })], { expectedVersion: 0 });
    await until(() => heard.mock.calls.length === 1, 'the other store to hear the commit');
    // Its own listeners hear it once, from the store itself; a store of another file hears nothing.
    expect(heardOwn).toHaveBeenCalledTimes(1);
    expect(heardElsewhere).not.toHaveBeenCalled();
    unsubscribe();
    await appending.appendToStream('a', [anEvent({ type: 'Two' })], { expectedVersion: 1 });
    await appending.appendToStream('a', [anEvent({ type: 'Three' })], { expectedVersion: 2 });
    await until(() => heardOwn.mock.calls.length === 3, 'the appending store to hear its own commits');
    expect(heard).toHaveBeenCalledTimes(1);
    await Promise.all([appending.close(), following.close(), elsewhere.close()]);
  });

  it("reads its writer thread's appends and another connection's, interleaved, after a known revision", async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path });
    await store.appendToStream('a', [anEvent()], { expectedVersion: 0 });
    await store.appendToStream('b', [anEvent()], { expectedVersion: 0 });
    expect((await store.readStream('a', { afterRevision: 1 })).version).toBe(1);
    expect((await store.readStream('b', { afterRevision: 1 })).version).toBe(1);
    await store.appendToStream('a', [anEvent({ type: 'Own' })], { expectedVersion: 1 });
    await other.appendToStream('b', [anEvent({ type: 'Other' })], { expectedVersion: 1 });
    await store.appendToStream('a', [anEvent({ type: 'OwnAgain' })], { expectedVersion: 2 });
    const typesAfterOne = async (stream: string) =>
      (await store.readStream(stream, { afterRevision: 1 })).events.map((event) => event.type);
    expect({ a: await typesAfterOne('a'), b: await typesAfterOne('b') }).toEqual({
      a: ['Own', 'OwnAgain'],
      b: ['Other'],
    });
    expect(await store.readStream('a', { afterRevision: 3 })).toEqual({ version: 3, events: [] });
    await other.appendToStream('a', [anEvent({ type: 'OtherOnA' })], { expectedVersion: 3 });
    expect((await store.readStream('a', { afterRevision: 3 })).events.map((event) => event.type)).toEqual(['OtherOnA']);
    await Promise.all([other.close(), store.close()]);
  });

  it('reads a long stream whole and in order, or a page of it after a revision', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const appended = Array.from({ length: 2500 }, (_, index) => anEvent({ type: 'Accrued', data: { index } }));
    await store.appendToStream('fund', appended, { expectedVersion: 0 });
    const read = await store.readStream('fund');
    expect(read.version).toBe(2500);
    expect(read.events.map((event) => event.revision)).toEqual(appended.map((_, index) => index + 1));
    expect(read.events.map((event) => event.data)).toEqual(appended.map((event) => event.data));
    const page = await store.readStream('fund', { afterRevision: 1000, maxCount: 1000 });
    expect(page.version).toBe(2000);
    expect(page.events.map((event) => event.data)).toEqual(appended.slice(1000, 2000).map((event) => event.data));
    expect(await store.readStream('fund', { afterRevision: 2000, maxCount: 1000 })).toMatchObject({ version: 2500 });
    expect((await store.readStream('fund', { afterRevision: 2500 })).events).toEqual([]);
    await store.close();
  });

  it('refuses an event id already stored in another stream, writing nothing of that append', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const event = anEvent();
    await store.appendToStream('a', [event], { expectedVersion: 0 });
    await expect(store.appendToStream('b', [anEvent(), event], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      DuplicateEventId,
    );
    expect(await store.readStream('b')).toEqual({ version: 0, events: [] });
    await store.close();
  });

  it('refuses an expected version that is not a non-negative integer', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    await expect(store.appendToStream('a', [anEvent()], { expectedVersion: -1 })).rejects.toThrow('expectedVersion');
    await store.close();
  });

  it('reads the log as a scratch build asks: the data of the types it reads only, and no metadata', async () => {
    const path = join(folder, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    const events = [anEvent({ type: 'Read', data: { n: 1 } }), anEvent({ type: 'Unread', data: { n: 2 } })];
    await writer.appendToStream('a', events, { expectedVersion: 0 });
    const stored = await writer.readAll({ after: 0n, limit: 10 });
    const build = new SqliteEventStore({ path, scratchReads: { dataOf: new Set(['Read']) } });
    const [read, unread] = await build.readAll({ after: 0n, limit: 10 });
    const { metadata: _metadata, ...withoutMetadata } = stored[0]!;
    expect({ ...withoutMetadata, data: read!.data }).toEqual(withoutMetadata);
    expect(() => read!.metadata).toThrow('did not read the metadata');
    expect([unread!.type, unread!.position]).toEqual([stored[1]!.type, stored[1]!.position]);
    expect(() => unread!.data).toThrow('did not read the data of Unread events');
    const everything = new SqliteEventStore({ path, scratchReads: {} });
    expect((await everything.readAll({ after: 0n, limit: 10 })).map((event) => event.data)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    await Promise.all([writer.close(), build.close(), everything.close()]);
  });

  it("ends a build's read and a window of some types early once their data passes 8 M characters", async () => {
    const path = join(folder, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    const long = (n: number) => anEvent({ type: 'Read', data: { n, text: 'x'.repeat(4_500_000) } });
    const events = [long(0), anEvent({ type: 'Unread', data: { n: 1 } }), long(2), anEvent({ type: 'Read', data: {} })];
    await writer.appendToStream('a', events, { expectedVersion: 0 });
    const types = new Set(['Read']);
    const first = await writer.readAllOf({ after: 0n, until: 4n, limit: 10, types });
    expect([first.windowSize, first.events.map(({ position }) => position)]).toEqual([3, [1n, 3n]]);
    expect((first.events[1]!.data as { n: number }).n).toBe(2);
    const rest = await writer.readAllOf({ after: 3n, until: 4n, limit: 10, types });
    expect([rest.windowSize, rest.events.map(({ position }) => position)]).toEqual([1, [4n]]);
    const build = new SqliteEventStore({ path, scratchReads: {} });
    const positionsOf = (read: readonly { position: bigint }[]) => read.map(({ position }) => position);
    expect(positionsOf(await build.readAll({ after: 0n, limit: 10 }))).toEqual([1n, 2n, 3n]);
    expect(positionsOf(await writer.readAll({ after: 0n, limit: 10 }))).toEqual([1n, 2n, 3n, 4n]);
    await Promise.all([writer.close(), build.close()]);
  });

  it('reads a window of some types as a scratch build asks, its last event without its data', async () => {
    const path = join(folder, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    const types = ['Read', 'Unread', 'Read', 'Unread'];
    await writer.appendToStream(
      'a',
      types.map((type, n) => anEvent({ type, data: { n } })),
      { expectedVersion: 0 },
    );
    const build = new SqliteEventStore({ path, scratchReads: { dataOf: new Set(['Read']) } });
    const { events, windowSize } = await build.readAllOf({ after: 0n, until: 4n, limit: 2, types: new Set(['Read']) });
    expect([windowSize, events.map(({ type, position }) => [type, position])]).toEqual([
      2,
      [
        ['Read', 1n],
        ['Unread', 2n],
      ],
    ]);
    expect(events[0]!.data).toEqual({ n: 0 });
    expect(() => events[1]!.data).toThrow('did not read the data of Unread events');
    const rest = await build.readAllOf({ after: 2n, until: 3n, limit: 2, types: new Set(['Read']) });
    expect([rest.windowSize, rest.events.map(({ position }) => position)]).toEqual([1, [3n]]);
    await expect(build.readAllOf({ after: 3n, until: 3n, limit: 2, types: new Set(['Read']) })).resolves.toEqual({
      events: [],
      windowSize: 0,
    });
    await expect(build.readAllOf({ after: 0n, until: 4n, limit: 0, types: new Set() })).rejects.toThrow('limit');
    await Promise.all([writer.close(), build.close()]);
  });

  it('plans each read of the log as an index search, the casts in its parameters notwithstanding', async () => {
    const path = join(folder, 'events.sqlite');
    await new SqliteEventStore({ path }).close();
    const db = openDatabase(path);
    const planOf = (sql: string, parameters: unknown[]) =>
      db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...parameters)
        .map((row) => row.detail);
    const byStream = 'USING COVERING INDEX sqlite_autoindex_events_2 (stream=?)';
    expect(planOf(eventReads.streamVersion, ['a'])).toEqual([`SEARCH events ${byStream}`]);
    const byRevision = 'SEARCH events USING INDEX sqlite_autoindex_events_2 (stream=? AND revision>?)';
    expect(planOf(eventReads.stream, ['a', 0, 10])).toEqual([byRevision]);
    const byPosition = 'SEARCH events USING INTEGER PRIMARY KEY (rowid>?)';
    expect(planOf(eventReads.all, [0n, 10])).toEqual([byPosition]);
    expect(planOf(eventReads.scratch('data'), [0n, 10])).toEqual([byPosition]);
    expect(planOf(eventReads.streamsAfter, [0n, 10])).toEqual([byPosition]);
    expect(planOf(eventReads.allCommitted, [0n, 5n, 10])).toEqual([
      'SEARCH events USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)',
    ]);
    expect(planOf(eventReads.window, [0n, 5n, 10])).toEqual([
      'CO-ROUTINE (subquery-1)',
      'SEARCH events USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)',
      'SCAN (subquery-1)',
    ]);
    expect(planOf(eventReads.typed('*', "'A'"), [0n, 5n, 5n])).toEqual([
      'SEARCH events USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)',
    ]);
    db.close();
  });
});
