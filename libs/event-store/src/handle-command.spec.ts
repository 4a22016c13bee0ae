import { DomainError, partnerDecider, partnerStream, type PartnerCommand, type PartnerState } from '#domain';
import { metadata } from '#domain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, deterministicUuid, sha256Hex } from './canonical-json.js';
import { anEvent } from './testing/event-store.contract.js';
import { delegatingTo, enroll, suspend } from './testing/partner-commands.js';
import {
  appendDecidedElsewhere,
  decideElsewhere,
  handleCommand,
  loadState,
  StreamStateCache,
} from './handle-command.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { StreamVersionConflict, type EventStore, type StoredEvent } from './event-store.port.js';

const context = (idempotencyKey: string) => ({ idempotencyKey, correlationId: 'corr', causationId: 'cause' });

describe('handleCommand', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('appends the decided events at the version it read, with metadata', async () => {
    const result = await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    expect(result).toMatchObject({ stream: 'partner-p1', nextExpectedVersion: 1, position: 1n, replayed: false });
    const [event] = (await store.readStream('partner-p1')).events;
    expect(event?.metadata).toMatchObject({
      actor: 'maria',
      actorRole: 'partner_manager',
      correlationId: 'corr',
      causationId: 'cause',
      idempotencyKey: 'k1',
      recordedAt: metadata().now,
    });
  });

  it('returns the first result for a retry with the same key and payload, appending nothing', async () => {
    const first = await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    await handleCommand(store, partnerDecider, partnerStream('p1'), suspend('p1'), context('k2'));
    const retry = await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    expect(retry).toMatchObject({ position: first.position, replayed: true });
    expect((await store.readStream('partner-p1')).version).toBe(2);
  });

  it('answers a retry with the events it first stored, read back, whether the stream was cached or not', async () => {
    // Enrolled and suspended by one command: a retry answers both events, and none of the command after it.
    const twoEvents: typeof partnerDecider = {
      ...partnerDecider,
      decide: (command, state) => {
        const enrolled = partnerDecider.decide(command, state);
        return [...enrolled, ...partnerDecider.decide(suspend('p1'), enrolled.reduce(partnerDecider.evolve, state))];
      },
    };
    const cache = new StreamStateCache();
    const first = await handleCommand(store, twoEvents, 'partner-p1', enroll('p1'), context('k1'), { cache });
    const reinstate: PartnerCommand = { type: 'ReinstatePartner', data: { partnerId: 'p1' }, metadata: metadata() };
    await handleCommand(store, partnerDecider, 'partner-p1', reinstate, context('k2'), { cache });
    expect(first.events.map((event) => event.type)).toEqual(['PartnerEnrolled', 'PartnerSuspended']);
    for (const options of [{ cache }, { cache: new StreamStateCache() }, {}]) {
      const retry = await handleCommand(store, twoEvents, 'partner-p1', enroll('p1'), context('k1'), options);
      expect(retry).toEqual({ ...first, nextExpectedVersion: 3, replayed: true });
    }
  });

  it('succeeds without appending when the decider has nothing to record', async () => {
    const enrolled = await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    const quiet = { ...partnerDecider, decide: () => [] };
    const result = await handleCommand(store, quiet, partnerStream('p1'), suspend('p1'), context('k2'));
    expect(result).toEqual({
      stream: 'partner-p1',
      events: [],
      nextExpectedVersion: 1,
      position: enrolled.position,
      replayed: false,
    });
    expect(await store.headPosition()).toBe(enrolled.position);
  });

  it('refuses the same key with a different payload', async () => {
    await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    await expect(
      handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1', 'Other'), context('k1')),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it("decides a derived key's different payload, so the domain's refusal answers", async () => {
    const derived = { ...context('enroll:p1'), keyDerived: true };
    await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), derived);
    await expect(
      handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1', 'Other'), derived),
    ).rejects.toMatchObject({ code: 'PARTNER_ALREADY_ENROLLED' });
    // A decider that would record it: two commands under one key is still refused.
    const accepting = {
      ...partnerDecider,
      decide: (_command: PartnerCommand, state: PartnerState) => partnerDecider.decide(suspend('p1'), state),
    };
    await expect(
      handleCommand(store, accepting, partnerStream('p1'), enroll('p1', 'Other'), derived),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await store.readStream('partner-p1')).version).toBe(1);
  });

  it('leaves the loaded facts out of the request fingerprint', async () => {
    const withFacts = (closedPeriods: string[]) =>
      ({ ...enroll('p1'), facts: { closedPeriods } }) as unknown as PartnerCommand;
    const first = await handleCommand(store, partnerDecider, partnerStream('p1'), withFacts([]), context('k1'));
    const retry = await handleCommand(
      store,
      partnerDecider,
      partnerStream('p1'),
      withFacts(['2026-Q1']),
      context('k1'),
    );
    expect(retry).toMatchObject({ position: first.position, replayed: true });
  });

  it('replays a command stored when its facts travelled in data.context', async () => {
    // As the pipeline stored it before facts moved beside the data: the hash of {type, data without context}.
    const requested = { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA' };
    const storedHash = sha256Hex(canonicalJson({ type: 'EnrollPartner', data: requested }));
    expect(storedHash).toBe(
      sha256Hex('{"data":{"kind":"reseller","name":"Acme","partnerId":"p1","region":"EMEA"},"type":"EnrollPartner"}'),
    );
    const stored = {
      eventId: deterministicUuid('partner-p1', 'k1', storedHash, '0'),
      type: 'PartnerEnrolled',
      data: { ...requested, enrolledAt: '2026-01-05' },
      metadata: { ...anEvent().metadata, idempotencyKey: 'k1', commandHash: storedHash },
    };
    const appended = await store.appendToStream('partner-p1', [stored], { expectedVersion: 0 });
    const command = { ...enroll('p1'), facts: { closedPeriods: ['2026-Q1'] } } as unknown as PartnerCommand;
    const retry = await handleCommand(store, partnerDecider, partnerStream('p1'), command, context('k1'));
    expect(retry).toMatchObject({ position: appended.position, replayed: true });
    expect(retry.events.map((event) => event.eventId)).toEqual([stored.eventId]);
  });

  it('stores one effect when identical commands race, with or without a cache', async () => {
    for (const cache of [undefined, new StreamStateCache()]) {
      const stream = partnerStream(cache ? 'cached' : 'plain');
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          handleCommand(store, partnerDecider, stream, enroll(cache ? 'cached' : 'plain'), context('same'), { cache }),
        ),
      );
      expect(new Set(results.map((result) => result.position)).size).toBe(1);
      expect((await store.readStream(stream)).version).toBe(1);
    }
  });

  it('retries when another writer moved the stream, deciding on the new state', async () => {
    const cache = new StreamStateCache();
    await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'), { cache });
    // Another process suspends the partner behind the cache's back.
    await handleCommand(store, partnerDecider, partnerStream('p1'), suspend('p1'), context('k2'));
    await expect(
      handleCommand(store, partnerDecider, partnerStream('p1'), suspend('p1', 'again'), context('k3'), { cache }),
    ).rejects.toMatchObject({ code: 'PARTNER_NOT_ACTIVE' });
  });

  it("retries a batch's command on the state another writer left between its read and its append", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-handle-'));
    const writerStore = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    const cache = new StreamStateCache();
    const batch = { kind: 'deferred-commit' } as const;
    await writerStore.withAppendScope(batch, () =>
      handleCommand(writerStore, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'), { cache }),
    );
    // A single command outside the batch (its own async context), let go once the line has read the stream.
    let letGo!: () => void;
    const outside = new Promise<void>((resolve) => (letGo = resolve)).then(() =>
      handleCommand(writerStore, partnerDecider, partnerStream('p1'), suspend('p1'), context('k2')),
    );
    const racing = delegatingTo(writerStore, {
      appendToStream: async (stream, events, options) => {
        letGo();
        await outside;
        return writerStore.appendToStream(stream, events, options);
      },
    });
    const line = writerStore.withAppendScope(batch, () =>
      handleCommand(racing, partnerDecider, partnerStream('p1'), suspend('p1', 'again'), context('k3'), { cache }),
    );
    // Refused by the writer's version check, the line is decided again on the suspended partner.
    await expect(line).rejects.toMatchObject({ code: 'PARTNER_NOT_ACTIVE' });
    await writerStore.commitPending();
    const { events } = await writerStore.readStream(partnerStream('p1'));
    expect(events.map((event) => [event.type, event.metadata.idempotencyKey])).toEqual([
      ['PartnerEnrolled', 'k1'],
      ['PartnerSuspended', 'k2'],
    ]);
    await writerStore.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives up with CONCURRENCY_CONFLICT after a bounded number of attempts', async () => {
    let appends = 0;
    const contended = delegatingTo(store, {
      appendToStream: (stream) => {
        appends += 1;
        return Promise.reject(new StreamVersionConflict(stream, 0, 1));
      },
    });
    const outcome = handleCommand(contended, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'), {
      retriesMax: 3,
    });
    await expect(outcome).rejects.toBeInstanceOf(DomainError);
    await expect(outcome).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(appends).toBe(4);
  });

  it('records a command once when two folds of the same tail run at once', async () => {
    const cache = new StreamStateCache();
    await handleCommand(store, partnerDecider, 'partner-p1', enroll('p1'), context('k1'), { cache });
    // Another writer (another process, or a command decided in another thread) appends: the cached state's tail.
    await handleCommand(store, partnerDecider, 'partner-p1', suspend('p1'), context('k2'));
    await Promise.all([1, 2].map(() => loadState(store, partnerDecider, 'partner-p1', cache)));
    const retry = await handleCommand(store, partnerDecider, 'partner-p1', suspend('p1'), context('k2'), { cache });
    expect(retry.replayed).toBe(true);
    expect(retry.events.map((event) => event.revision)).toEqual([2]);
  });

  it('reads only the new tail of a cached stream', async () => {
    const cache = new StreamStateCache();
    await store.appendToStream(
      'partner-p9',
      [
        anEvent({
          type: 'PartnerEnrolled',
          data: { partnerId: 'p9', name: 'n', kind: 'reseller', region: 'r', enrolledAt: '2026-01-01' },
        }),
      ],
      { expectedVersion: 0 },
    );
    await handleCommand(store, partnerDecider, 'partner-p9', suspend('p9'), context('k1'), { cache });
    const reads: Array<number | undefined> = [];
    const spying = delegatingTo(store, {
      readStream: (stream, options) => {
        reads.push(options?.afterRevision);
        return store.readStream(stream, options);
      },
    });
    await handleCommand(
      spying,
      partnerDecider,
      'partner-p9',
      { type: 'ReinstatePartner', data: { partnerId: 'p9', reason: 'ok' }, metadata: metadata() },
      context('k2'),
      { cache },
    );
    expect(reads).toEqual([2]);
  });
});

describe('a stream the cache lacks, decided as new first (presumeNew)', () => {
  let store: SqliteEventStore;
  let reads: string[];
  let spying: EventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    reads = [];
    spying = delegatingTo(store, {
      readStream: (stream, options) => {
        reads.push(stream);
        return store.readStream(stream, options);
      },
    });
  });
  afterEach(() => store.close());
  const presuming = () => ({ cache: new StreamStateCache(), presumeNew: true });
  const run = (command: PartnerCommand, key: string, options = presuming()) =>
    handleCommand(spying, partnerDecider, partnerStream('p1'), command, context(key), options);

  it('appends a new stream without reading it, exactly as a read would have', async () => {
    const options = presuming();
    const presumed = await run(enroll('p1'), 'k1', options);
    expect(reads).toEqual([]);
    const plain = new SqliteEventStore({ path: ':memory:' });
    const read = await handleCommand(plain, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    await plain.close();
    expect(presumed).toEqual(read);
    // The state is cached: the next command reads only the new tail.
    await run(suspend('p1'), 'k2', options);
    expect(reads).toEqual([partnerStream('p1')]);
    expect((await store.readStream(partnerStream('p1'))).version).toBe(2);
  });

  it('decides from a read a command on a stream that exists: its refusal, or its events at that version', async () => {
    await run(enroll('p1'), 'k1');
    const derived = { ...context('enroll:p1'), keyDerived: true };
    await expect(
      handleCommand(spying, partnerDecider, partnerStream('p1'), enroll('p1', 'Other'), derived, presuming()),
    ).rejects.toMatchObject({ code: 'PARTNER_ALREADY_ENROLLED' });
    // Refused on the empty state it presumed (no such partner), then decided from a read.
    const suspended = await run(suspend('p1'), 'k2');
    expect(suspended).toMatchObject({ nextExpectedVersion: 2, replayed: false });
    expect(reads).toEqual([partnerStream('p1'), partnerStream('p1')]);
    expect((await store.readStream(partnerStream('p1'))).version).toBe(2);
  });

  it("answers a retry as a read answers it, the first result, once the stream's state is gone", async () => {
    const first = await run(enroll('p1'), 'k1');
    const retry = await run(enroll('p1'), 'k1');
    expect(retry).toEqual({ ...first, replayed: true });
    await run(suspend('p1'), 'k2');
    // The stream moved on: a replay names the stream's version, as handleCommand's replays do.
    const later = await run(enroll('p1'), 'k1');
    expect(later).toEqual({ ...first, nextExpectedVersion: 2, replayed: true });
    expect((await store.readStream(partnerStream('p1'))).version).toBe(2);
  });
});

describe('folding a long stream (loadState)', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  /** A partner suspended and reinstated `pairs` times: 1 + 2 × pairs events. */
  async function longPartnerStream(pairs: number): Promise<void> {
    const enrolled = { partnerId: 'p1', name: 'n', kind: 'reseller', region: 'r', enrolledAt: '2026-01-01' };
    const events = [anEvent({ type: 'PartnerEnrolled', data: enrolled })];
    for (let pair = 0; pair < pairs; pair += 1) {
      events.push(anEvent({ type: 'PartnerSuspended', data: { partnerId: 'p1', reason: `r${pair}` } }));
      events.push(anEvent({ type: 'PartnerReinstated', data: { partnerId: 'p1', reason: `r${pair}` } }));
    }
    await store.appendToStream('partner-p1', events, { expectedVersion: 0 });
  }

  /** Folds the stream while counting the turns of the event loop that pass meanwhile, and the reads. */
  async function foldCountingTurns(scoped: boolean): Promise<{ state: PartnerState; turns: number; reads: number }> {
    let reads = 0;
    const counting = delegatingTo(store, {
      readStream: (stream, options) => {
        reads += 1;
        return store.readStream(stream, options);
      },
      currentAppendScope: () => (scoped ? { kind: 'deferred-commit' } : undefined),
    });
    let turns = 0;
    let folding = true;
    const turn = () => {
      if (!folding) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    const { state } = await loadState(counting, partnerDecider, 'partner-p1');
    folding = false;
    return { state, turns, reads };
  }

  it("reads and folds a request's long stream a page at a time, turns between, to the same state", async () => {
    await longPartnerStream(3_000);
    const read = await store.readStream('partner-p1');
    const folded = read.events.reduce(
      (state, event) => partnerDecider.evolve(state, { type: event.type, data: event.data } as never),
      partnerDecider.initialState(),
    );
    // 6,001 events: six full pages of 1,000, then one short page.
    const paged = await foldCountingTurns(false);
    expect(paged).toMatchObject({ reads: 7, state: folded });
    expect(paged.turns).toBeGreaterThanOrEqual(6);
    // Inside an append scope (an import's line, a seed), the stream is read and folded in one go.
    expect(await foldCountingTurns(true)).toEqual({ reads: 1, turns: 0, state: folded });
  });
});

describe('a command decided elsewhere (decideElsewhere, then appendDecidedElsewhere)', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  const elsewhere = (command: PartnerCommand, key: string) => () =>
    decideElsewhere(store, partnerDecider, partnerStream('p1'), command, context(key));

  it('stores what handleCommand stores: the same event ids, data and metadata', async () => {
    const other = new SqliteEventStore({ path: ':memory:' });
    await handleCommand(other, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    const result = await appendDecidedElsewhere(store, partnerStream('p1'), elsewhere(enroll('p1'), 'k1'));
    expect(result).toEqual({
      stream: 'partner-p1',
      nextExpectedVersion: 1,
      position: 1n,
      replayed: false,
      eventCount: 1,
    });
    const strip = ({ position, ...event }: StoredEvent) => (expect(position).toBe(1n), event);
    expect((await store.readStream('partner-p1')).events.map(strip)).toEqual(
      (await other.readStream('partner-p1')).events.map(strip),
    );
    await other.close();
  });

  it('answers a retry with the first result, and a refusal as the decider refuses, appending nothing', async () => {
    const first = await appendDecidedElsewhere(store, partnerStream('p1'), elsewhere(enroll('p1'), 'k1'));
    const retry = await appendDecidedElsewhere(store, partnerStream('p1'), elsewhere(enroll('p1'), 'k1'));
    expect(retry).toEqual({ ...first, replayed: true });
    await expect(
      appendDecidedElsewhere(store, partnerStream('p1'), elsewhere(enroll('p1'), 'k2')),
    ).rejects.toMatchObject({ code: 'PARTNER_ALREADY_ENROLLED' });
    expect((await store.readStream('partner-p1')).version).toBe(1);
  });

  it('decides again when another writer moved the stream after the decision', async () => {
    await handleCommand(store, partnerDecider, partnerStream('p1'), enroll('p1'), context('k1'));
    let asked = 0;
    const appending = appendDecidedElsewhere(store, partnerStream('p1'), async () => {
      asked += 1;
      const decision = await elsewhere(suspend('p1'), 'k2')();
      // Another writer suspends the partner between this decision and its append, once.
      if (asked === 1) await handleCommand(store, partnerDecider, partnerStream('p1'), suspend('p1'), context('k3'));
      return decision;
    });
    // Decided again on the moved stream: the partner is suspended already.
    await expect(appending).rejects.toMatchObject({ code: 'PARTNER_NOT_ACTIVE' });
    expect(asked).toBe(2);
    expect((await store.readStream('partner-p1')).version).toBe(2);
  });
});
