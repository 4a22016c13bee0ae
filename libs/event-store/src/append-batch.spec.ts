import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendBatch } from './append-batch.js';
import { StreamVersionConflict, type BatchScope } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { StreamStateCache } from './handle-command.js';
import { anEvent } from './testing/event-store.contract.js';

/** Runs `work` as one line of `batch` (what an import line's scope is). */
function inBatch<T>(store: SqliteEventStore, batch: AppendBatch, work: () => Promise<T>): Promise<T> {
  const scope: BatchScope = { kind: 'batch', batch };
  return store.withAppendScope(scope, work);
}

/** Both ways the store appends: in the calling thread (`:memory:`) and in its writer thread (a file). */
const stores: ReadonlyArray<[string, (folder: string) => SqliteEventStore]> = [
  ['in the calling thread', () => new SqliteEventStore({ path: ':memory:' })],
  ['with its writer thread', (folder) => new SqliteEventStore({ path: join(folder, 'events.sqlite') })],
];

describe.each(stores)('appends in a batch, SQLite %s', (_, open) => {
  let folder: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-batch-'));
    store = open(folder);
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lets a later append read and build on an earlier one of the batch, and writes them in order', async () => {
    await store.appendToStream('other', [anEvent()], { expectedVersion: 0 });
    const batch = new AppendBatch();
    const first = inBatch(store, batch, () =>
      store.appendToStream('s', [anEvent(), anEvent()], { expectedVersion: 0 }),
    );
    const read = await inBatch(store, batch, () => store.readStream('s'));
    expect(read.version).toBe(2);
    expect(read.events.map((event) => event.position < 0n)).toEqual([true, true]);
    const tail = await inBatch(store, batch, () => store.readStream('s', { afterRevision: 1 }));
    expect(tail.events.map((event) => event.revision)).toEqual([2]);
    // Outside the batch nothing of it is seen until it is written.
    expect((await store.readStream('s')).version).toBe(0);
    const second = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 2 }));
    const provisional = read.events[1]!.position;

    await store.appendBatch(batch);
    const [one, two] = await Promise.all([first, second]);
    expect(one).toEqual({ nextExpectedVersion: 2, position: 3n });
    expect(two).toEqual({ nextExpectedVersion: 3, position: 4n });
    // The events the batch's reads gave out now carry their stored positions, and a provisional one maps.
    expect(read.events.map((event) => event.position)).toEqual([2n, 3n]);
    expect(batch.positionOf(provisional)).toBe(3n);
    const stored = await store.readStream('s');
    expect(stored.events.map((event) => [event.revision, event.position])).toEqual([
      [1, 2n],
      [2, 3n],
      [3, 4n],
    ]);
  });

  it('refuses a line that appends again once its batch is sent (a route marked appendsOnce that is not)', async () => {
    const batch = new AppendBatch();
    const first = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 }));
    const written = store.appendBatch(batch);
    await expect(
      inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 1 })),
    ).rejects.toThrow(/appended twice/);
    await written;
    await expect(first).resolves.toMatchObject({ nextExpectedVersion: 1 });
    expect((await store.readStream('s')).version).toBe(1);
  });

  it('refuses an append decided on a state older than the batch, before sending anything', async () => {
    const batch = new AppendBatch();
    const first = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 }));
    await expect(
      inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 })),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
    await store.appendBatch(batch);
    await expect(first).resolves.toMatchObject({ nextExpectedVersion: 1 });
  });

  it('writes nothing of a batch one append of which is refused, nor of the batch built on it', async () => {
    const batch = new AppendBatch();
    const kept = inBatch(store, batch, () => store.appendToStream('a', [anEvent()], { expectedVersion: 0 }));
    const moved = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 }));
    // Another command moves `s` before the batch is written.
    await store.appendToStream('s', [anEvent()], { expectedVersion: 0 });
    const next = new AppendBatch(batch);
    const built = inBatch(store, next, () => store.appendToStream('s', [anEvent()], { expectedVersion: 1 }));
    const sent = store.appendBatch(batch);
    const sentNext = store.appendBatch(next);
    await expect(sent).rejects.toThrow();
    await expect(sentNext).rejects.toThrow();
    for (const append of [kept, moved, built]) await expect(append).rejects.toBeInstanceOf(StreamVersionConflict);
    expect((await store.readStream('a')).version).toBe(0);
    expect((await store.readStream('s')).version).toBe(1);
    // A line that retries after the refusal is refused for good: the import runs it again on its own.
    await expect(
      inBatch(store, batch, () => store.appendToStream('a', [anEvent()], { expectedVersion: 0 })),
    ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
  });

  it('refuses a batch if a stream it read, and answered again from memory, moved before it was written', async () => {
    await store.appendToStream('facts', [anEvent()], { expectedVersion: 0 });
    const batch = new AppendBatch();
    expect((await inBatch(store, batch, () => store.readStream('facts'))).version).toBe(1);
    const line = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 }));
    await store.appendToStream('facts', [anEvent()], { expectedVersion: 1 });
    // Read again at the version the batch read: answered from the batch, which the write then checks.
    const again = await inBatch(store, batch, () => store.readStream('facts', { afterRevision: 1 }));
    expect(again).toEqual({ version: 1, events: [] });
    await expect(store.appendBatch(batch)).rejects.toBeInstanceOf(StreamVersionConflict);
    await expect(line).rejects.toBeInstanceOf(StreamVersionConflict);
    expect((await store.readStream('s')).version).toBe(0);
  });

  it('refuses a batch that appends nothing if a stream it read again from memory moved', async () => {
    await store.appendToStream('facts', [anEvent()], { expectedVersion: 0 });
    const batch = new AppendBatch();
    await inBatch(store, batch, () => store.readStream('facts'));
    await store.appendToStream('facts', [anEvent()], { expectedVersion: 1 });
    // A line refused on this answer would have been refused on a state another command had already changed.
    expect(await inBatch(store, batch, () => store.readStream('facts', { afterRevision: 1 }))).toEqual({
      version: 1,
      events: [],
    });
    await expect(store.appendBatch(batch)).rejects.toBeInstanceOf(StreamVersionConflict);
    const unmoved = new AppendBatch();
    await inBatch(store, unmoved, () => store.readStream('facts'));
    await expect(store.appendBatch(unmoved)).resolves.toBeUndefined();
  });

  it('lets a batch read and build on the one before it while that one is being written', async () => {
    const batch = new AppendBatch();
    const first = inBatch(store, batch, () => store.appendToStream('s', [anEvent()], { expectedVersion: 0 }));
    const written = store.appendBatch(batch);
    const next = new AppendBatch(batch);
    const read = await inBatch(store, next, () => store.readStream('s'));
    expect(read.version).toBe(1);
    const second = inBatch(store, next, () => store.appendToStream('s', [anEvent()], { expectedVersion: 1 }));
    await store.appendBatch(next);
    await written;
    expect(await Promise.all([first, second])).toEqual([
      { nextExpectedVersion: 1, position: 1n },
      { nextExpectedVersion: 2, position: 2n },
    ]);
  });

  it("answers a dry run's appends at once, lets later lines build on them, never writes them", async () => {
    await store.appendToStream('other', [anEvent()], { expectedVersion: 0 });
    const head = await store.headPosition();
    const dryRun = new AppendBatch(undefined, { neverWritten: true });
    const events = [anEvent({ data: { n: 1, amount: '10.00' } }), anEvent({ dataUtf8: Buffer.from('{"n":2}') })];
    const first = await inBatch(store, dryRun, () => store.appendToStream('s', events, { expectedVersion: 0 }));
    expect(first.nextExpectedVersion).toBe(2);
    expect(first.position < 0n).toBe(true);

    const read = await inBatch(store, dryRun, () => store.readStream('s'));
    expect(read.version).toBe(2);
    // As a store's read would give them back, the last at the position the append answered.
    expect(read.events).toEqual([
      { ...events[0], stream: 's', revision: 1, position: first.position + 1n },
      { ...events[1], dataUtf8: undefined, data: { n: 2 }, stream: 's', revision: 2, position: first.position },
    ]);
    const second = await inBatch(store, dryRun, () => store.appendToStream('s', [anEvent()], { expectedVersion: 2 }));
    expect(second.nextExpectedVersion).toBe(3);
    await expect(
      inBatch(store, dryRun, () => store.appendToStream('s', [anEvent()], { expectedVersion: 2 })),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
    const tail = await inBatch(store, dryRun, () => store.readStream('s', { afterRevision: 2 }));
    expect(tail.events.map((event) => event.revision)).toEqual([3]);
    // A committed stream read in the dry run carries its appends on top of the store's rows.
    await inBatch(store, dryRun, () => store.appendToStream('other', [anEvent()], { expectedVersion: 1 }));
    expect(
      (await inBatch(store, dryRun, () => store.readStream('other'))).events.map((event) => event.revision),
    ).toEqual([1, 2]);

    expect(() => dryRun.close()).toThrow(/never written/);
    expect((await store.readStream('s')).version).toBe(0);
    expect((await store.readStream('other')).version).toBe(1);
    expect(await store.headPosition()).toBe(head);
  });
});

describe("a batch's layer of the command cache", () => {
  it('holds at most 10,000 streams, and lets the oldest go first (a dry run spans a whole file)', () => {
    const shared = new StreamStateCache();
    const layer = new AppendBatch().cacheOver(shared);
    const entry = (version: number) => ({
      state: { version },
      version,
      position: BigInt(version),
      commands: new Map(),
    });
    for (let index = 0; index <= 10_000; index += 1) layer.set(`s-${index}`, entry(index));
    expect(layer.get('s-0')).toBeUndefined();
    expect(layer.get('s-1')).toMatchObject({ version: 1 });
    expect(layer.get('s-10000')).toMatchObject({ version: 10_000 });
    // Nothing of an unwritten batch reaches the shared cache.
    expect(shared.has('s-1')).toBe(false);
  });
});
