import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  StreamVersionConflict,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type StreamRead,
} from '../event-store.port.js';

export interface EventStoreHarness {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

const metadata: EventMetadata = {
  actor: 'contract',
  actorRole: 'admin',
  correlationId: 'c-1',
  causationId: 'c-1',
  recordedAt: '2026-02-10T12:00:00.000Z',
  idempotencyKey: 'k-1',
  commandHash: 'h-1',
};

export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'Tested', data: { n: 1 }, metadata, ...overrides };
}

/**
 * The behaviour every EventStore adapter must have. Streams get unique names per test so a shared
 * server (EventStoreDB) needs no cleanup between cases; `readAll` cases only look past the head
 * position they started from.
 */
export function eventStoreContract(adapter: string, open: () => Promise<EventStoreHarness>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    const store = openedPerTest(open);
    describe('streams', () => streamCases(store));
    describe('concurrency and retries', () => concurrencyCases(store));
    describe('the log', () => logCases(store));
    describe('append scopes', () => scopeCases(store));
  });
}

/** The store of the running test: opened before each test and disposed after it. */
function openedPerTest(open: () => Promise<EventStoreHarness>): () => EventStore {
  let harness: EventStoreHarness;
  beforeEach(async () => {
    harness = await open();
  });
  afterEach(async () => harness.dispose());
  return () => harness.store;
}

const streamName = () => `contract-${randomUUID().replaceAll('-', '')}`;

/** Reading and appending one stream. */
function streamCases(store: () => EventStore): void {
  it('reads a missing stream as version 0 with no events', async () => {
    await expect(store().readStream(streamName())).resolves.toEqual({ version: 0, events: [] });
  });

  it('appends at version 0 and reads the events back with contiguous revisions', async () => {
    const stream = streamName();
    const result = await store().appendToStream(stream, [anEvent(), anEvent()], { expectedVersion: 0 });
    expect(result.nextExpectedVersion).toBe(2);
    const read = await store().readStream(stream);
    expect(read.version).toBe(2);
    expect(read.events.map((event) => event.revision)).toEqual([1, 2]);
    expect(read.events[1]!.position).toBe(result.position);
    expect(read.events[0]!.position < read.events[1]!.position).toBe(true);
  });

  it('round-trips type, data, metadata and decimal strings exactly', async () => {
    const stream = streamName();
    const data = {
      amount: '1250.10',
      rate: '0.000000000000000000000000000000001',
      big: '123456789012345678901234567890.12',
      nested: [{ note: 'é ✓ "quoted"' }],
      zero: '0.00',
    };
    const event = anEvent({ type: 'DealWon', data });
    await store().appendToStream(stream, [event], { expectedVersion: 0 });
    const [stored] = (await store().readStream(stream)).events;
    expect(stored).toMatchObject({ eventId: event.eventId, type: 'DealWon', data, metadata, stream, revision: 1 });
  });

  it('stores data handed over as the UTF-8 of its JSON as it stores the same data as an object', async () => {
    const stream = streamName();
    const data = { amount: '0.10', lines: [{ note: 'é ✓ "quoted"' }] };
    const asObject = anEvent({ data });
    const asText = anEvent({ data: undefined, dataUtf8: new TextEncoder().encode(JSON.stringify(data)) });
    await store().appendToStream(stream, [asObject, asText], { expectedVersion: 0 });
    const stored = (await store().readStream(stream)).events;
    expect(stored.map((event) => [event.eventId, event.data])).toEqual([
      [asObject.eventId, data],
      [asText.eventId, data],
    ]);
  });

  it('reads only what follows a revision', async () => {
    const stream = streamName();
    const events = [anEvent({ type: 'One' }), anEvent({ type: 'Two' }), anEvent({ type: 'Three' })];
    await store().appendToStream(stream, events, { expectedVersion: 0 });
    const read = await store().readStream(stream, { afterRevision: 2 });
    expect(read.version).toBe(3);
    expect(read.events.map((event) => event.type)).toEqual(['Three']);
    await expect(store().readStream(stream, { afterRevision: 3 })).resolves.toEqual({ version: 3, events: [] });
  });

  it("reads a page of at most maxCount events after a revision, a full page's version its last event's", async () => {
    const stream = streamName();
    const events = Array.from({ length: 5 }, (_, index) => anEvent({ type: `E${index + 1}` }));
    await store().appendToStream(stream, events, { expectedVersion: 0 });
    const page = (afterRevision: number) => store().readStream(stream, { afterRevision, maxCount: 2 });
    const types = (read: StreamRead) => [read.version, read.events.map((event) => event.type)];
    expect(types(await page(0))).toEqual([2, ['E1', 'E2']]);
    expect(types(await page(2))).toEqual([4, ['E3', 'E4']]);
    expect(types(await page(4))).toEqual([5, ['E5']]);
    await expect(page(5)).resolves.toEqual({ version: 5, events: [] });
  });
}

/** Optimistic concurrency on a stream's version, and retried appends. */
function concurrencyCases(store: () => EventStore): void {
  it('rejects an append at a stale version and writes nothing', async () => {
    const stream = streamName();
    await store().appendToStream(stream, [anEvent()], { expectedVersion: 0 });
    const stale = anEvent({ type: 'Stale' });
    for (const expectedVersion of [0, 5]) {
      await expect(store().appendToStream(stream, [stale], { expectedVersion })).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
    }
    const read = await store().readStream(stream);
    expect(read.version).toBe(1);
    expect(read.events.map((event) => event.type)).toEqual(['Tested']);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    const stream = streamName();
    await store().appendToStream(stream, [anEvent()], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled([
      store().appendToStream(stream, [anEvent({ type: 'A' })], { expectedVersion: 1 }),
      store().appendToStream(stream, [anEvent({ type: 'B' })], { expectedVersion: 1 }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(StreamVersionConflict);
    const read = await store().readStream(stream);
    expect(read.version).toBe(2);
  });

  it('stores an event id appended twice once, and answers the retry with the original result', async () => {
    const stream = streamName();
    const event = anEvent();
    const first = await store().appendToStream(stream, [event], { expectedVersion: 0 });
    const retry = await store().appendToStream(stream, [event], { expectedVersion: 0 });
    expect(retry).toEqual({ ...first, retried: true });
    expect(first.retried).toBeUndefined();
    const read = await store().readStream(stream);
    expect(read.events).toHaveLength(1);
  });
}

/** The global log: paging it, and being woken when it grows. */
function logCases(store: () => EventStore): void {
  it('pages readAll after a position with no gap and no repeat', async () => {
    const start = await store().headPosition();
    const stream = streamName();
    const appended = Array.from({ length: 7 }, (_, index) => anEvent({ data: { index } }));
    await store().appendToStream(stream, appended.slice(0, 3), { expectedVersion: 0 });
    await store().appendToStream(stream, appended.slice(3), { expectedVersion: 3 });
    const seen: string[] = [];
    let after = start;
    for (let pages = 0; pages < 20; pages += 1) {
      const events = await store().readAll({ after, limit: 3 });
      const page = events.filter((event) => event.stream === stream || event.position > after);
      if (page.length === 0) break;
      for (const event of page) {
        expect(event.position > after).toBe(true);
        if (event.stream === stream) seen.push(event.eventId);
        after = event.position;
      }
    }
    expect(seen).toEqual(appended.map((event) => event.eventId));
    expect(await store().headPosition()).toBe(after);
  });

  it("reads windows of the log keeping some types and each window's last event, up to a position", async () => {
    const start = await store().headPosition();
    const stream = streamName();
    const types = ['Kept', 'Other', 'Other', 'Kept', 'Other', 'Other', 'Kept'];
    const appended = types.map((type, index) => anEvent({ type, data: { index } }));
    await store().appendToStream(stream, appended, { expectedVersion: 0 });
    const until = (await store().readStream(stream)).events[5]!.position;
    const kept: string[] = [];
    let after = start;
    for (let windows = 0; windows < 20; windows += 1) {
      const { events: window, windowSize } = await store().readAllOf({
        after,
        until,
        limit: 3,
        types: new Set(['Kept']),
      });
      if (window.length === 0) break;
      const whole = (await store().readAll({ after, limit: 3 })).filter((event) => event.position <= until);
      expect(window).toEqual(whole.filter((event, index) => event.type === 'Kept' || index === whole.length - 1));
      expect(windowSize).toBe(whole.length);
      kept.push(
        ...window.filter((event) => event.stream === stream && event.type === 'Kept').map(({ eventId }) => eventId),
      );
      after = window.at(-1)!.position;
    }
    expect(after).toBe(until);
    expect(kept).toEqual([appended[0]!.eventId, appended[3]!.eventId]);
  });

  it('reads nothing after a position beyond any the log can hold, however large', async () => {
    const start = await store().headPosition();
    await store().appendToStream(streamName(), [anEvent()], { expectedVersion: 0 });
    // A client names such positions (GET /events?after=99999999999999999999): past 64 bits, no store binds them.
    for (const after of [2n ** 63n - 1n, 2n ** 63n, 2n ** 64n, 10n ** 20n - 1n, 10n ** 40n]) {
      await expect(store().readAll({ after, limit: 3 })).resolves.toEqual([]);
      const window = store().readAllOf({ after, until: after + 1n, limit: 3, types: new Set(['Tested']) });
      await expect(window).resolves.toEqual({ events: [], windowSize: 0 });
    }
    const tail = await store().readAllOf({ after: start, until: 10n ** 40n, limit: 3, types: new Set(['Tested']) });
    expect(tail.events.map((event) => event.position)).toEqual([await store().headPosition()]);
  });

  it('wakes listeners after an append', async () => {
    let woken = 0;
    const unsubscribe = store().onAppended(() => (woken += 1));
    await store().appendToStream(streamName(), [anEvent()], { expectedVersion: 0 });
    for (let waits = 0; waits < 100 && woken === 0; waits += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    unsubscribe();
    expect(woken).toBeGreaterThan(0);
  });
}

/** Deferred commits (an import's group commit) and refusals (its dry run). */
function scopeCases(store: () => EventStore): void {
  it('reads a deferred append back at once, checks its version, and keeps it once committed', async () => {
    const stream = streamName();
    const head = await store().headPosition();
    const [first, conflict] = await store().withAppendScope({ kind: 'deferred-commit' }, async () => {
      const appended = await store().appendToStream(stream, [anEvent()], { expectedVersion: 0 });
      expect((await store().readStream(stream)).version).toBe(1);
      const stale = store().appendToStream(stream, [anEvent()], { expectedVersion: 0 });
      return [appended, await stale.catch((error: unknown) => error)];
    });
    expect(conflict).toBeInstanceOf(StreamVersionConflict);
    await store().commitPending();
    const logged = await store().readAll({ after: head, limit: 100 });
    expect(logged.filter((event) => event.stream === stream).map((event) => event.position)).toEqual([first.position]);
  });

  it('refuses every append in a refusing scope and writes nothing', async () => {
    const stream = streamName();
    const refused = store().withAppendScope({ kind: 'refuse', refusal: () => new Error('dry run') }, () =>
      store().appendToStream(stream, [anEvent()], { expectedVersion: 0 }),
    );
    await expect(refused).rejects.toThrow('dry run');
    await expect(store().readStream(stream)).resolves.toEqual({ version: 0, events: [] });
  });
}
