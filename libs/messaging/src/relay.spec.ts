import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteEventStore, type EventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingEventPublisher } from './recording-event-publisher.js';
import { RelayCheckpoint } from './relay-checkpoint.js';
import { Relay, RelayCheckpointAhead, RelayStopped, retryDelayMs, type RelayOptions } from './relay.js';
import { until } from '../../event-store/src/testing/until.js';
import { seedEvents } from './testing/seed-events.js';

describe('Relay', () => {
  let folder: string;
  let checkpointPath: string;
  let store: SqliteEventStore;
  let publisher: RecordingEventPublisher;
  const relays: Relay[] = [];

  const relay = (options: Partial<RelayOptions> = {}) => {
    const created = new Relay({
      store,
      publisher,
      checkpointPath,
      batchSize: 7,
      retryDelayInitialMs: 1,
      retryDelayMaxMs: 4,
      ...options,
    });
    relays.push(created);
    return created;
  };
  const savedCheckpoint = () => {
    const checkpoint = new RelayCheckpoint(checkpointPath, 'kafka');
    const position = checkpoint.load();
    checkpoint.close();
    return position;
  };
  const positionsOf = (recording: RecordingEventPublisher) =>
    recording.messages.map((message) => message.envelope.position);
  const range = (first: number, last: number) =>
    Array.from({ length: last - first + 1 }, (_, index) => String(first + index));

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-relay-'));
    checkpointPath = join(folder, 'relay.sqlite');
    store = new SqliteEventStore({ path: ':memory:' });
    publisher = new RecordingEventPublisher();
  });
  afterEach(async () => {
    for (const created of relays.splice(0)) await created.stop();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the whole log in bounded batches, in log order, and saves the checkpoint', async () => {
    await seedEvents(store, 50);
    const progress = await relay().runUntilCaughtUp();
    expect(progress).toEqual({ position: 50n, published: 50 });
    expect(positionsOf(publisher)).toEqual(range(1, 50));
    expect(publisher.publishCalls).toBe(Math.ceil(50 / 7));
    expect(savedCheckpoint()).toBe(50n);
    expect(relays[0]!.status()).toMatchObject({
      state: 'idle',
      checkpoint: '50',
      head: '50',
      lag: '0',
      eventsPublishedTotal: 50,
      batchesPublishedTotal: 8,
    });
  });

  it('resumes from its checkpoint: a new relay on the same file publishes only what is new', async () => {
    await seedEvents(store, 20);
    const first = relay();
    await first.runUntilCaughtUp();
    await first.stop();
    await seedEvents(store, 5);
    const later = new RecordingEventPublisher();
    await expect(relay({ publisher: later }).runUntilCaughtUp()).resolves.toEqual({ position: 25n, published: 5 });
    expect(positionsOf(later)).toEqual(range(21, 25));
  });

  it('saves the checkpoint only after the batch is acknowledged', async () => {
    await seedEvents(store, 14);
    const subject = relay();
    await subject.runUntilCaughtUp();
    await seedEvents(store, 7);
    const release = publisher.hold();
    const running = subject.runUntilCaughtUp();
    await until(() => publisher.publishCalls === 3, 'the third batch to be in flight');
    expect(savedCheckpoint()).toBe(14n);
    expect(subject.status()).toMatchObject({ state: 'publishing', checkpoint: '14', head: '21', lag: '7' });
    release();
    await running;
    expect(savedCheckpoint()).toBe(21n);
  });

  it('retries a failed publish with backoff until it is acknowledged, and reports the failures', async () => {
    await seedEvents(store, 10);
    publisher.failNext(3, new Error('broker unavailable'));
    const subject = relay();
    await subject.runUntilCaughtUp();
    expect(positionsOf(publisher)).toEqual(range(1, 10));
    expect(subject.status()).toMatchObject({
      attemptsFailedTotal: 3,
      failuresConsecutive: 0,
      lastError: 'Error: broker unavailable',
      checkpoint: '10',
    });
  });

  it('doubles the retry delay from the initial value up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((failures) => retryDelayMs(failures, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });

  it('gives up on an attempt that outlives attemptTimeoutMs and tries again', async () => {
    await seedEvents(store, 5);
    publisher.stallNext(1);
    const subject = relay({ attemptTimeoutMs: 50 });
    await subject.runUntilCaughtUp();
    expect(positionsOf(publisher)).toEqual(range(1, 5));
    expect(subject.status().lastError).toBe('AttemptTimedOut: The broker did not acknowledge the batch within 50 ms');
  });

  it('never has two batches in flight, however often it is asked to run', async () => {
    await seedEvents(store, 60);
    const subject = relay({ pollIntervalMs: 1 });
    subject.start();
    await Promise.all([subject.runUntilCaughtUp(), subject.runUntilCaughtUp(), subject.runUntilCaughtUp()]);
    expect(publisher.concurrencyMax).toBe(1);
    expect(positionsOf(publisher)).toEqual(range(1, 60));
  });

  it('started, publishes events as they are appended', async () => {
    const subject = relay({ pollIntervalMs: 3_600_000 });
    subject.start();
    await seedEvents(store, 9);
    await publisher.waitForMessages(9);
    await seedEvents(store, 3);
    await publisher.waitForMessages(12);
    expect(positionsOf(publisher)).toEqual(range(1, 12));
  });

  it('started, finds events it was not told about by polling (another process appended them)', async () => {
    const silent: EventStore = Object.assign(Object.create(store) as EventStore, { onAppended: () => () => undefined });
    const subject = relay({ store: silent, pollIntervalMs: 10 });
    subject.start();
    await seedEvents(store, 4);
    await publisher.waitForMessages(4);
    expect(positionsOf(publisher)).toEqual(range(1, 4));
  });

  it('stops after letting the in-flight batch be acknowledged, saves it, and closes the publisher', async () => {
    await seedEvents(store, 5);
    const release = publisher.hold();
    const subject = relay({ stopGraceMs: 5_000 });
    const running = subject.runUntilCaughtUp();
    await until(() => publisher.publishCalls === 1, 'the batch to be in flight');
    const stopping = subject.stop();
    release();
    await stopping;
    await expect(running).rejects.toBeInstanceOf(RelayStopped);
    expect(savedCheckpoint()).toBe(5n);
    expect(publisher.closed).toBe(true);
    expect(subject.status().state).toBe('stopped');
    await expect(subject.runUntilCaughtUp()).rejects.toBeInstanceOf(RelayStopped);
  });

  it('abandons a batch not acknowledged within the grace, without checkpoint; republishes it on restart', async () => {
    await seedEvents(store, 10);
    const subject = relay({ batchSize: 4, stopGraceMs: 20 });
    await subject.runUntilCaughtUp();
    await seedEvents(store, 3);
    const release = publisher.hold();
    const running = subject.runUntilCaughtUp();
    await until(() => publisher.publishCalls === 4, 'the fourth batch to be in flight');
    await subject.stop();
    // The broker acknowledges after the relay gave up: still no checkpoint, the file is closed.
    release();
    await expect(running).rejects.toBeInstanceOf(RelayStopped);
    expect(savedCheckpoint()).toBe(10n);

    const restarted = new RecordingEventPublisher();
    await relay({ publisher: restarted }).runUntilCaughtUp();
    expect(positionsOf(restarted)).toEqual(range(11, 13));
  });

  it('stops promptly while waiting to retry, saving nothing', async () => {
    await seedEvents(store, 3);
    publisher.failNext(1_000);
    const subject = relay({ retryDelayInitialMs: 60_000, retryDelayMaxMs: 60_000 });
    subject.start();
    await until(() => subject.status().state === 'retrying', 'the relay to wait for a retry');
    const started = Date.now();
    await subject.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(savedCheckpoint()).toBe(0n);
  });

  it('refuses to go on when its checkpoint is past the end of the log (a replaced store); stays refused', async () => {
    await seedEvents(store, 6);
    const first = relay();
    await first.runUntilCaughtUp();
    await first.stop();

    const replaced = new SqliteEventStore({ path: ':memory:' });
    await seedEvents(replaced, 2);
    const fresh = new RecordingEventPublisher();
    const subject = relay({ store: replaced, publisher: fresh });
    await expect(subject.runUntilCaughtUp()).rejects.toBeInstanceOf(RelayCheckpointAhead);
    // Once the new log grows past the old checkpoint, carrying on would skip its first events.
    await seedEvents(replaced, 10);
    await expect(subject.runUntilCaughtUp()).rejects.toThrow('past the end of the event log');
    expect(subject.status()).toMatchObject({ state: 'failed', checkpoint: '6' });
    expect(fresh.messages).toHaveLength(0);
    await subject.stop();
    await replaced.close();
  });

  it('rejects nonsensical options at construction', () => {
    expect(() => relay({ batchSize: 0 })).toThrow('batchSize must be a positive integer');
  });
});
