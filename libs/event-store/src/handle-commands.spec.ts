import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import { enroll, suspend } from './testing/partner-commands.js';
import { handleCommand, handleCommands, StreamStateCache, type KeyedCommand } from './handle-command.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const keyed = (command: PartnerCommand, idempotencyKey: string): KeyedCommand<PartnerCommand> => ({
  command,
  context: { idempotencyKey, correlationId: `corr-${idempotencyKey}`, causationId: `cause-${idempotencyKey}` },
});

/** The store, counting appends: a group of commands must cost one. */
function counting(store: EventStore, before?: () => Promise<void>): EventStore & { appends: number } {
  const counted = {
    appends: 0,
    readStream: store.readStream.bind(store),
    appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
      counted.appends += 1;
      if (counted.appends === 1) await before?.();
      return store.appendToStream(...args);
    },
    readAll: store.readAll.bind(store),
    readAllOf: store.readAllOf.bind(store),
    headPosition: store.headPosition.bind(store),
    onAppended: store.onAppended.bind(store),
    withAppendScope: store.withAppendScope.bind(store),
    commitPending: store.commitPending.bind(store),
    close: store.close.bind(store),
  };
  return counted;
}

describe('handleCommands', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('decides in order and appends once, each command recorded as if it were handled alone', async () => {
    const counted = counting(store);
    const stream = partnerStream('p1');
    const outcomes = await handleCommands(counted, partnerDecider, stream, [
      keyed(enroll('p1'), 'k1'),
      keyed(suspend('p1'), 'k2'),
    ]);
    expect(counted.appends).toBe(1);
    expect(outcomes).toMatchObject([
      { ok: true, result: { position: 1n, replayed: false, events: [{ type: 'PartnerEnrolled' }] } },
      { ok: true, result: { position: 2n, replayed: false, events: [{ type: 'PartnerSuspended' }] } },
    ]);
    const events = (await store.readStream(stream)).events;
    expect(events.map((event) => [event.metadata.idempotencyKey, event.metadata.correlationId])).toEqual([
      ['k1', 'corr-k1'],
      ['k2', 'corr-k2'],
    ]);
    // The same command handled alone afterwards is a replay; the key with another payload is refused.
    await expect(
      handleCommand(store, partnerDecider, stream, enroll('p1'), keyed(enroll('p1'), 'k1').context),
    ).resolves.toMatchObject({ position: 1n, replayed: true });
    await expect(
      handleCommand(store, partnerDecider, stream, enroll('p1', 'Other'), keyed(enroll('p1'), 'k1').context),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers a refusal and a reused key alone, and appends the others', async () => {
    const stream = partnerStream('p1');
    await handleCommand(store, partnerDecider, stream, enroll('p1'), keyed(enroll('p1'), 'k1').context);
    const outcomes = await handleCommands(store, partnerDecider, stream, [
      keyed(enroll('p1', 'Other'), 'k1'),
      keyed(enroll('p1'), 'k2'),
      keyed(suspend('p1'), 'k3'),
    ]);
    expect(outcomes).toMatchObject([
      { ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } },
      { ok: false, error: { code: 'PARTNER_ALREADY_ENROLLED' } },
      { ok: true, result: { replayed: false, events: [{ type: 'PartnerSuspended' }] } },
    ]);
    expect((await store.readStream(stream)).version).toBe(2);
  });

  it('replays a group that was appended before, appending nothing', async () => {
    const stream = partnerStream('p1');
    const group = [keyed(enroll('p1'), 'k1'), keyed(suspend('p1'), 'k2')];
    const first = await handleCommands(store, partnerDecider, stream, group);
    const again = await handleCommands(store, partnerDecider, stream, group);
    expect(again.map((outcome) => outcome.ok && outcome.result.replayed)).toEqual([true, true]);
    expect(again.map((outcome) => outcome.ok && outcome.result.position)).toEqual(
      first.map((outcome) => outcome.ok && outcome.result.position),
    );
    expect((await store.readStream(stream)).version).toBe(2);
  });

  it('reloads when another writer appended one of its commands meanwhile, and appends only the rest', async () => {
    const stream = partnerStream('p1');
    const cache = new StreamStateCache();
    const group = [keyed(enroll('p1'), 'k1'), keyed(suspend('p1'), 'k2')];
    // Between this call's read and its append, another process handles the first command alone (same event id).
    const racing = counting(store, async () => {
      await handleCommand(store, partnerDecider, stream, enroll('p1'), group[0]!.context);
    });
    const outcomes = await handleCommands(racing, partnerDecider, stream, group, { cache });
    expect(racing.appends).toBe(2);
    expect(outcomes).toMatchObject([
      { ok: true, result: { position: 1n, replayed: true } },
      { ok: true, result: { position: 2n, replayed: false } },
    ]);
    expect((await store.readStream(stream)).events.map((event) => event.type)).toEqual([
      'PartnerEnrolled',
      'PartnerSuspended',
    ]);
    // The cache holds the state after the group: the next command decides on a suspended partner.
    await expect(
      handleCommand(store, partnerDecider, stream, suspend('p1', 'again'), keyed(suspend('p1'), 'k3').context, {
        cache,
      }),
    ).rejects.toMatchObject({ code: 'PARTNER_NOT_ACTIVE' });
  });

  it('takes each idempotency key once', async () => {
    await expect(
      handleCommands(store, partnerDecider, partnerStream('p1'), [
        keyed(enroll('p1'), 'k1'),
        keyed(suspend('p1'), 'k1'),
      ]),
    ).rejects.toThrow('takes each idempotency key once');
  });
});
