import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { StartedTestContainer } from 'testcontainers';
import { EsdbEventStore, esdbMapping, type EsdbClient, type EsdbEventStoreOptions } from './esdb-event-store.js';
import { DuplicateEventId, StreamVersionConflict } from './event-store.port.js';
import { LogChainKeeper, verifyLogChain, type LogChainExtended } from './log-chain-stream.js';
import { describeWithContainerRuntime, probeWith } from './testing/container-runtime.js';
import { anEvent, eventStoreContract } from './testing/event-store.contract.js';

describe('esdbMapping', () => {
  it('maps port expected version 0 to NO_STREAM and version n to server revision n-1', () => {
    expect(esdbMapping.toExpectedRevision(0)).toBe('no_stream');
    expect(esdbMapping.toExpectedRevision(1)).toBe(0n);
    expect(esdbMapping.toExpectedRevision(42)).toBe(41n);
  });

  it('refuses an expected version that is negative or not an integer', () => {
    expect(() => esdbMapping.toExpectedRevision(-1)).toThrow('expectedVersion');
    expect(() => esdbMapping.toExpectedRevision(1.5)).toThrow('expectedVersion');
  });

  it('numbers events from 1 in the port where the server numbers them from 0', () => {
    expect(esdbMapping.toPortRevision(0n)).toBe(1);
    expect(esdbMapping.toPortRevision(41n)).toBe(42);
    expect(() => esdbMapping.toPortRevision(-1n)).toThrow();
    expect(() => esdbMapping.toPortRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow('cannot be represented');
  });

  it('reads the current revision of a refused append as a port version', () => {
    expect(esdbMapping.toPortVersion('no_stream')).toBe(0);
    expect(esdbMapping.toPortVersion(0n)).toBe(1);
    expect(esdbMapping.toPortVersion(6n)).toBe(7);
  });

  it('starts a stream read after port revision r at server revision r', () => {
    expect(esdbMapping.toFromRevision(0)).toBe(0n);
    expect(esdbMapping.toFromRevision(3)).toBe(3n);
    expect(() => esdbMapping.toFromRevision(-2)).toThrow('afterRevision');
  });

  it('starts a $all read at the start for position 0 and at the position itself otherwise', () => {
    expect(esdbMapping.toReadPosition(0n)).toBe('start');
    expect(esdbMapping.toReadPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
    expect(() => esdbMapping.toReadPosition(-1n)).toThrow('negative');
  });

  it("takes the commit position as the port position and treats the server's no-position value as none", () => {
    expect(esdbMapping.toPortPosition({ commit: 9_876_543_210_123n, prepare: 9_876_543_210_123n })).toBe(
      9_876_543_210_123n,
    );
    expect(esdbMapping.toPortPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toBeUndefined();
    expect(esdbMapping.toPortPosition(undefined)).toBeUndefined();
  });

  it('calls events in $-prefixed streams or with $-prefixed types system events', () => {
    expect(esdbMapping.isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(esdbMapping.isSystemEvent('partner-p1', '$>')).toBe(true);
    expect(esdbMapping.isSystemEvent('$$partner-p1', '$metadata')).toBe(true);
    expect(esdbMapping.isSystemEvent('partner-p1', 'PartnerEnrolled')).toBe(false);
    expect(esdbMapping.isSystemEvent('deal-$1', 'Deal$Won')).toBe(false);
  });

  it('rewrites kurrentdb connection strings to the esdb schemes the client parses', () => {
    expect(esdbMapping.toClientConnectionString('kurrentdb://db:2113?tls=false')).toBe('esdb://db:2113?tls=false');
    expect(esdbMapping.toClientConnectionString('kurrentdb+discover://a:2113,b:2113')).toBe(
      'esdb+discover://a:2113,b:2113',
    );
    expect(esdbMapping.toClientConnectionString('esdb://eventstore:2113?tls=false')).toBe(
      'esdb://eventstore:2113?tls=false',
    );
  });
});

describe('EsdbEventStore input checks (no server needed: the client connects on first use)', () => {
  let store: EsdbEventStore;
  // Port 1 on loopback: nothing listens there, and none of these calls may get as far as connecting.
  beforeEach(() => {
    store = new EsdbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
  });
  afterEach(() => store.close());

  it('refuses an event id that would not round-trip through the server', async () => {
    await expect(
      store.appendToStream('s', [anEvent({ eventId: 'not-a-uuid' })], { expectedVersion: 0 }),
    ).rejects.toThrow('lowercase UUID');
    await expect(
      store.appendToStream('s', [anEvent({ eventId: 'A1B2C3D4-0000-4000-8000-000000000000' })], { expectedVersion: 0 }),
    ).rejects.toThrow('lowercase UUID');
  });

  it('refuses an empty append, a negative expected version and a zero limit', async () => {
    await expect(store.appendToStream('s', [], { expectedVersion: 0 })).rejects.toThrow('at least one event');
    await expect(store.appendToStream('s', [anEvent()], { expectedVersion: -1 })).rejects.toThrow('expectedVersion');
    await expect(store.readAll({ after: 0n, limit: 0 })).rejects.toThrow('limit');
  });

  it('refuses a read page too small to move past the event it starts at', () => {
    expect(() => new EsdbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false', readPageMax: 1 })).toThrow(
      'readPageMax',
    );
  });

  it('refuses every call once closed', async () => {
    await store.close();
    await expect(store.readStream('s')).rejects.toThrow('closed');
    await expect(store.headPosition()).rejects.toThrow('closed');
  });
});

describe('container runtime probe', () => {
  it('reports a runtime that answers, with its description', async () => {
    await expect(probeWith(() => Promise.resolve('Docker 27.1 at localhost'), 1000)).resolves.toEqual({
      available: true,
      description: 'Docker 27.1 at localhost',
    });
  });

  it('reports why there is no runtime instead of throwing', async () => {
    const probe = await probeWith(
      () => Promise.reject(new Error('Could not find a working container runtime strategy')),
      1000,
    );
    expect(probe).toEqual({ available: false, reason: 'Could not find a working container runtime strategy' });
  });

  it('gives up on a runtime that never answers, within its time bound', async () => {
    const started = performance.now();
    const probe = await probeWith(() => new Promise<string>(() => undefined), 50);
    expect(probe).toEqual({ available: false, reason: 'the container runtime did not answer within 50 ms' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

interface ImitationRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: true;
  readonly created: Date;
  readonly position: { readonly commit: bigint; readonly prepare: bigint };
}

interface ImitationSubscription {
  readonly stream: PassThrough;
  live: boolean;
}

type ImitationPosition = 'start' | 'end' | { readonly commit: bigint; readonly prepare: bigint };

/**
 * An in-memory imitation of the server behaviour the adapter relies on, as the client documents it
 * and as the server source reads: revisions from 0 and NO_STREAM; commit position equal to prepare
 * position for every event, increasing with gaps; forward $all reads include the event at the start
 * position and backward reads exclude it; a start position that is not an event's is refused; ids are
 * compared only at the revisions the expected version points to, and a match is answered with no
 * position; a refused append throws an error typed wrong-expected-version; reading a missing stream
 * fails with stream-not-found; the server writes events of its own into $-streams between ours; a
 * subscription sees what is written after it goes live. It lets the adapter's own logic run on every
 * `npm test`; only the container suite can confirm that the real server behaves like this.
 */
class ServerImitation {
  private readonly log: ImitationRecord[] = [];
  private readonly streams = new Map<string, ImitationRecord[]>();
  private readonly subscriptions = new Set<ImitationSubscription>();
  /** The real log starts with the server's own records, so ledger positions never start at 0. */
  private nextPosition = 4096n;
  private appends = 0;

  client(): EsdbClient {
    const owned = new Set<ImitationSubscription>();
    const client = {
      appendToStream: (
        name: string,
        events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>,
        options: { expectedRevision?: 'any' | 'no_stream' | bigint } = {},
      ) => this.append(name, events, options.expectedRevision ?? 'any'),
      readStream: (
        name: string,
        options: {
          fromRevision?: 'start' | 'end' | bigint;
          maxCount?: number;
          direction?: 'forwards' | 'backwards';
        } = {},
      ) => this.readStream(name, options),
      readAll: (
        options: { fromPosition?: ImitationPosition; maxCount?: number; direction?: 'forwards' | 'backwards' } = {},
      ) => this.readAll(options),
      subscribeToAll: () => this.subscribe(owned),
      dispose: () => {
        for (const subscription of owned) this.end(subscription);
        return Promise.resolve();
      },
    };
    return client as unknown as EsdbClient;
  }

  /** The server drops every live subscription, as it does when it restarts or loses leadership. */
  dropSubscriptions(): void {
    for (const subscription of this.subscriptions) {
      this.subscriptions.delete(subscription);
      subscription.stream.destroy(Object.assign(new Error('subscription dropped'), { type: 'unavailable' }));
    }
  }

  private write(streamId: string, type: string, data: unknown, metadata: unknown, id: string): ImitationRecord {
    const records = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, records);
    const position = this.nextPosition;
    // Positions are byte offsets in the real log: increasing, with gaps that depend on the record size.
    const payload = JSON.stringify(data);
    this.nextPosition += 97n + BigInt(payload.length);
    // Data and metadata travel as JSON bytes, so readers get copies, never the writer's objects.
    const record: ImitationRecord = {
      streamId,
      id,
      type,
      revision: BigInt(records.length),
      data: JSON.parse(payload) as unknown,
      metadata: JSON.parse(JSON.stringify(metadata)) as unknown,
      isJson: true,
      created: new Date(0),
      position: { commit: position, prepare: position },
    };
    records.push(record);
    this.log.push(record);
    for (const subscription of this.subscriptions) {
      if (subscription.live && !type.startsWith('$'))
        subscription.stream.write({ event: record, commitPosition: position });
    }
    return record;
  }

  private async append(
    name: string,
    events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>,
    expectedRevision: 'any' | 'no_stream' | bigint,
  ) {
    // One turn of the event loop, like a network round trip; appends are then decided one at a time.
    await Promise.resolve();
    const existing = this.streams.get(name) ?? [];
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    if (expectedRevision !== 'any' && expectedRevision !== current) {
      const start = expectedRevision === 'no_stream' ? 0 : Number(expectedRevision) + 1;
      const idempotent =
        start < existing.length && events.every((event, index) => existing[start + index]?.id === event.id);
      if (idempotent)
        return {
          success: true,
          nextExpectedRevision: existing[start + events.length - 1]!.revision,
          position: undefined,
        };
      throw Object.assign(new Error(`Wrong expected version for ${name}`), {
        type: 'wrong-expected-version',
        streamName: name,
        expectedVersion: expectedRevision,
        actualVersion: current,
      });
    }
    let last: ImitationRecord | undefined;
    for (const event of events) last = this.write(name, event.type, event.data, event.metadata, event.id);
    this.appends += 1;
    if (this.appends % 2 === 0)
      this.write('$stats-imitation', 'StatsCollected', { appends: this.appends }, {}, randomUUID());
    return { success: true, nextExpectedRevision: last!.revision, position: last!.position };
  }

  private readAll(options: {
    fromPosition?: ImitationPosition;
    maxCount?: number;
    direction?: 'forwards' | 'backwards';
  }): Readable {
    const from = options.fromPosition ?? 'start';
    const end = this.nextPosition;
    if (
      typeof from === 'object' &&
      from.commit < end &&
      !this.log.some((record) => record.position.commit === from.commit)
    ) {
      return this.failing(Object.assign(new Error(`Invalid position ${from.commit}`), { type: 'unknown' }));
    }
    const records =
      options.direction === 'backwards'
        ? this.log
            .filter((record) => from === 'end' || (typeof from === 'object' && record.position.commit < from.commit))
            .reverse()
        : this.log.filter(
            (record) => from === 'start' || (typeof from === 'object' && record.position.commit >= from.commit),
          );
    return Readable.from(
      records
        .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER)
        .map((record) => ({ event: record, commitPosition: record.position.commit })),
    );
  }

  private readStream(
    name: string,
    options: { fromRevision?: 'start' | 'end' | bigint; maxCount?: number; direction?: 'forwards' | 'backwards' },
  ): Readable {
    const records = this.streams.get(name);
    if (!records)
      return this.failing(
        Object.assign(new Error(`${name} not found`), { type: 'stream-not-found', streamName: name }),
      );
    const from = options.fromRevision ?? 'start';
    const selected =
      options.direction === 'backwards'
        ? records.slice(0, from === 'end' ? records.length : from === 'start' ? 1 : Number(from) + 1).reverse()
        : records.slice(from === 'start' ? 0 : from === 'end' ? records.length : Number(from));
    return Readable.from(
      selected
        .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER)
        .map((record) => ({ event: record, commitPosition: record.position.commit })),
    );
  }

  private subscribe(owned: Set<ImitationSubscription>): PassThrough {
    const stream = new PassThrough({ objectMode: true });
    const subscription: ImitationSubscription = { stream, live: false };
    this.subscriptions.add(subscription);
    owned.add(subscription);
    // The real subscription goes live after a round trip and sees only what is written after that.
    setImmediate(() => {
      subscription.live = true;
      stream.emit('confirmation');
    });
    Object.assign(stream, { unsubscribe: () => Promise.resolve(this.end(subscription)) });
    return stream;
  }

  private end(subscription: ImitationSubscription): void {
    this.subscriptions.delete(subscription);
    subscription.stream.end();
  }

  private failing(error: Error): Readable {
    return new Readable({
      objectMode: true,
      read() {
        this.destroy(error);
      },
    });
  }
}

describe('EventStoreDB adapter against an in-memory imitation of the server', () => {
  const server = new ServerImitation();
  const open = (options: Partial<EsdbEventStoreOptions> = {}) =>
    new EsdbEventStore({ connectionString: 'esdb://imitation:2113?tls=false', ...options }, server.client());

  eventStoreContract('EventStoreDB (server imitation)', () => {
    const store = open();
    return Promise.resolve({ store, dispose: () => store.close() });
  });

  esdbSpecifics(open);

  it('re-opens the wake-up subscription after the server drops it, and wakes listeners to catch up', async () => {
    const store = open({ resubscribeDelayMs: 5 });
    const writer = open();
    let woken = 0;
    const unsubscribe = store.onAppended(() => (woken += 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.dropSubscriptions();
    for (let waits = 0; waits < 100 && woken === 0; waits += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writer.appendToStream(`esdb-${randomUUID()}`, [anEvent()], { expectedVersion: 0 });
    for (let waits = 0; waits < 100 && woken === 1; waits += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(2);
    unsubscribe();
    await Promise.all([store.close(), writer.close()]);
  });

  it('lets appends that were accepted finish before close returns', async () => {
    const store = open();
    const stream = `esdb-${randomUUID()}`;
    const pending = store.appendToStream(stream, [anEvent()], { expectedVersion: 0 });
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedVersion: 1 });
    const reader = open();
    await expect(reader.readStream(stream)).resolves.toMatchObject({ version: 1 });
    await reader.close();
  });
});

/** What the EventStoreDB adapter must do beyond the shared contract, against whatever server `open` reaches. */
function esdbSpecifics(open: (options?: Partial<EsdbEventStoreOptions>) => EsdbEventStore): void {
  describe('EventStoreDB specifics', () => {
    let store: EsdbEventStore;
    const streamName = () => `esdb-${randomUUID().replaceAll('-', '')}`;
    // Two events per page, so that skipping system events and resuming have to cross page boundaries.
    beforeEach(() => {
      store = open({ readPageMax: 2 });
    });
    afterEach(() => store.close());

    it('skips system events in readAll without counting them against the limit, and in headPosition', async () => {
      const start = await store.headPosition();
      const stream = streamName();
      const [first, second] = [anEvent({ type: 'First' }), anEvent({ type: 'Second' })];
      await store.appendToStream(stream, [first], { expectedVersion: 0 });
      await store.appendToStream(stream, [anEvent({ type: '$Marker' })], { expectedVersion: 1 });
      const last = await store.appendToStream(stream, [second], { expectedVersion: 2 });
      await store.appendToStream(stream, [anEvent({ type: '$Trailer' })], { expectedVersion: 3 });
      const page = await store.readAll({ after: start, limit: 2 });
      expect(page.map((event) => event.eventId)).toEqual([first.eventId, second.eventId]);
      await expect(store.readAll({ after: last.position, limit: 5 })).resolves.toEqual([]);
      await expect(store.headPosition()).resolves.toBe(last.position);
    });

    it('reports the same positions from append, readStream and readAll', async () => {
      const start = await store.headPosition();
      const stream = streamName();
      const result = await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedVersion: 0 });
      const fromStream = (await store.readStream(stream)).events.map((event) => event.position);
      const fromLog = (await store.readAll({ after: start, limit: 10 }))
        .filter((event) => event.stream === stream)
        .map((event) => event.position);
      expect(fromLog).toEqual(fromStream);
      expect(fromStream.at(-1)).toBe(result.position);
    });

    it('answers a retry with the original result at its own version and at a later one', async () => {
      const stream = streamName();
      const event = anEvent();
      const original = await store.appendToStream(stream, [event], { expectedVersion: 0 });
      await store.appendToStream(stream, [anEvent()], { expectedVersion: 1 });
      const retried = { ...original, retried: true };
      await expect(store.appendToStream(stream, [event], { expectedVersion: 0 })).resolves.toEqual(retried);
      await expect(store.appendToStream(stream, [event], { expectedVersion: 1 })).resolves.toEqual(retried);
      expect((await store.readStream(stream)).version).toBe(2);
    });

    it('reports the actual version in a StreamVersionConflict', async () => {
      const stream = streamName();
      await store.appendToStream(stream, [anEvent(), anEvent()], { expectedVersion: 0 });
      const refused = await store
        .appendToStream(stream, [anEvent()], { expectedVersion: 1 })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(StreamVersionConflict);
      expect(refused).toMatchObject({ stream, expectedVersion: 1, actualVersion: 2 });
    });

    it('reports ids already in the stream in another order or next to new ids as DuplicateEventId', async () => {
      const stream = streamName();
      const [a, b] = [anEvent(), anEvent()];
      await store.appendToStream(stream, [a, b], { expectedVersion: 0 });
      await expect(store.appendToStream(stream, [b, a], { expectedVersion: 0 })).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
      await expect(store.appendToStream(stream, [anEvent(), a], { expectedVersion: 0 })).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
      expect((await store.readStream(stream)).version).toBe(2);
    });

    it('wakes a listener for an append made through another client', async () => {
      const writer = open();
      let woken = 0;
      const unsubscribe = store.onAppended(() => (woken += 1));
      const stream = streamName();
      // The subscription opens asynchronously and only sees what follows it, so keep appending
      // until one append lands after it is live.
      for (let version = 0; version < 100 && woken === 0; version += 1) {
        await writer.appendToStream(stream, [anEvent()], { expectedVersion: version });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      unsubscribe();
      await writer.close();
      expect(woken).toBeGreaterThan(0);
    });

    it('keeps a $ chain stream out of readAll, unforked by two writers, naming an event that differs', async () => {
      const chainStream = `$ledger-chain-${randomUUID()}`;
      const stores = { log: store, chain: store, stream: chainStream };
      const stream = streamName();
      const last = await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedVersion: 0 });
      const now = () => new Date().toISOString();
      const second = open();
      const racing = { ...stores, chain: second };
      await Promise.all([new LogChainKeeper(stores, now).extend(2), new LogChainKeeper(racing, now).extend(3)]);
      await second.close();
      await expect(store.headPosition()).resolves.toBe(last.position);
      await expect(store.readAll({ after: last.position, limit: 5 })).resolves.toEqual([]);
      const { events } = await store.readStream(chainStream);
      const links = events.flatMap((event) => (event.data as LogChainExtended).links);
      const positions = links.map((link) => BigInt(link.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(positions).size).toBe(positions.length);
      expect(await verifyLogChain(stores)).toMatchObject({ ok: true, headPosition: last.position, unchained: 0 });
      // A chain recorded over a log whose event at this stream's first position read differently.
      const [first] = (await store.readStream(stream)).events;
      const forged = links.map((link) => (BigInt(link.position) === first!.position ? { ...link, hash: '0' } : link));
      const forgedStream = `${chainStream}-forged`;
      const forgedEvent = { ...anEvent(), type: 'LogChainExtended', data: { links: forged } };
      await store.appendToStream(forgedStream, [forgedEvent], { expectedVersion: 0 });
      expect(await verifyLogChain({ ...stores, stream: forgedStream })).toMatchObject({
        ok: false,
        position: first!.position,
      });
    });
  });
}

/*
 * EventStoreDB 24.10 is the last release under that name, an LTS line, and what @eventstore/db-client 6
 * was built against; KurrentDB images speak the same gRPC API and can be tried with ESDB_TEST_IMAGE.
 * Their settings use a different environment prefix, hence serverEnvironment.
 */
const image = process.env['ESDB_TEST_IMAGE'] ?? 'eventstore/eventstore:24.10';

function serverEnvironment(serverImage: string): Record<string, string> {
  const prefix = /kurrent/i.test(serverImage) ? 'KURRENTDB' : 'EVENTSTORE';
  const settings = {
    CLUSTER_SIZE: '1',
    INSECURE: 'true',
    MEM_DB: 'true',
    RUN_PROJECTIONS: 'None',
    START_STANDARD_PROJECTIONS: 'false',
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [`${prefix}_${key}`, value]));
}

/** The health check passes before the node has elected itself leader; wait until it serves reads. */
async function untilServing(connectionString: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const store = new EsdbEventStore({ connectionString });
    try {
      await store.headPosition();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await store.close();
    }
  }
}

await describeWithContainerRuntime(`EventStoreDB adapter against ${image} in a container`, () => {
  let container: StartedTestContainer | undefined;
  let connectionString = '';

  beforeAll(async () => {
    const { GenericContainer, Wait } = await import('testcontainers');
    container = await new GenericContainer(image)
      .withEnvironment(serverEnvironment(image))
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(180_000)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    await untilServing(connectionString);
  }, 300_000);

  afterAll(async () => {
    await container?.stop();
  });

  eventStoreContract('EventStoreDB', () => {
    const store = new EsdbEventStore({ connectionString });
    return Promise.resolve({ store, dispose: () => store.close() });
  });

  esdbSpecifics((options) => new EsdbEventStore({ connectionString, ...options }));
});
