import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CheckpointedConsumer, logBatches, type CheckpointedConsumerOptions, type LogBatch } from './consumer.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { anEvent } from './testing/event-store.contract.js';
import { until } from './testing/until.js';

/** A hold the test releases: lets a batch stay in flight while the test acts around it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('CheckpointedConsumer', () => {
  let store: SqliteEventStore;
  let handled: bigint[];
  let checkpoint: bigint;
  let errors: unknown[];
  const consumers: CheckpointedConsumer<LogBatch>[] = [];

  const append = async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      await store.appendToStream(`s-${randomUUID()}`, [anEvent()], { expectedVersion: 0 });
    }
  };

  const consumer = (options: Partial<CheckpointedConsumerOptions<LogBatch>> = {}) => {
    const created = new CheckpointedConsumer<LogBatch>({
      store,
      pollIntervalMs: 10_000,
      checkpoint: () => checkpoint,
      readBatch: logBatches(store, 3),
      handleBatch: (batch) => {
        handled.push(...batch.events.map((event) => event.position));
        checkpoint = batch.through;
      },
      onError: (error) => errors.push(error),
      ...options,
    });
    consumers.push(created);
    return created;
  };

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    handled = [];
    checkpoint = 0n;
    errors = [];
  });

  afterEach(async () => {
    for (const created of consumers.splice(0)) await created.stop();
    await store.close();
  });

  it('handles everything past the checkpoint in bounded batches and tells listeners after each batch', async () => {
    await append(7);
    checkpoint = 2n;
    const subject = consumer();
    const applied: bigint[] = [];
    subject.onApplied((through) => applied.push(through));
    await subject.runUntilCaughtUp();
    expect(handled).toEqual([3n, 4n, 5n, 6n, 7n]);
    expect(applied).toEqual([5n, 7n]);
    expect(subject.isRunning).toBe(false);
  });

  it('stops at untilPosition when its source is bounded', async () => {
    await append(7);
    await consumer({ readBatch: logBatches(store, 3, { untilPosition: 4n }) }).runUntilCaughtUp();
    expect(handled).toEqual([1n, 2n, 3n, 4n]);
  });

  it("hands a bounded consumer of some types only those and each batch's last event, up to the stop", async () => {
    for (const type of ['Read', 'Other', 'Other', 'Other', 'Read', 'Other', 'Other', 'Read']) {
      await store.appendToStream(`s-${randomUUID()}`, [anEvent({ type })], { expectedVersion: 0 });
    }
    const only = new Set(['Read']);
    const through: bigint[] = [];
    await consumer({
      readBatch: logBatches(store, 3, { untilPosition: 7n, only }),
      handleBatch: (batch) => {
        handled.push(...batch.events.map((event) => event.position));
        through.push((checkpoint = batch.through));
      },
    }).runUntilCaughtUp();
    expect(handled).toEqual([1n, 3n, 5n, 6n, 7n]);
    expect(through).toEqual([3n, 6n, 7n]);
  });

  it('wakes on an append once started, and stops waking once stopped', async () => {
    const subject = consumer();
    subject.start();
    await append(2);
    await until(() => handled.length === 2, 'the appended events to be handled');
    await subject.stop();
    expect(subject.isStarted).toBe(false);
    await append(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(handled).toEqual([1n, 2n]);
  });

  it('polls for what another process appended (no local notification)', async () => {
    const silent = { onAppended: () => () => undefined };
    const subject = consumer({ store: silent, pollIntervalMs: 5 });
    subject.start();
    await append(4);
    await until(() => handled.length === 4, 'the poll to pick up the events');
  });

  it('shares one run among concurrent callers, and runs again for a caller that came during the run', async () => {
    await append(2);
    const held = gate();
    let runs = 0;
    let inFlight = false;
    const subject = consumer({
      beforeRun: () => {
        runs += 1;
      },
      handleBatch: async (batch) => {
        inFlight = true;
        await held.wait;
        handled.push(...batch.events.map((event) => event.position));
        checkpoint = batch.through;
      },
    });
    const first = subject.runUntilCaughtUp();
    await until(() => inFlight, 'the first batch to be in flight');
    // Appended while the first pass is in flight, which has already read: the second caller must see it handled.
    await append(1);
    const second = subject.runUntilCaughtUp();
    expect(second).toBe(first);
    held.open();
    await Promise.all([first, second]);
    expect(handled).toEqual([1n, 2n, 3n]);
    expect(runs).toBe(1);
  });

  it('surfaces a failed run to its callers and to onError, and keeps polling until the source heals', async () => {
    await append(3);
    let failing = true;
    const subject = consumer({
      pollIntervalMs: 5,
      readBatch: async (after) => {
        if (failing) throw new Error('disk unplugged');
        return logBatches(store, 3)(after);
      },
    });
    await expect(subject.runUntilCaughtUp()).rejects.toThrow('disk unplugged');
    expect(subject.lastError).toEqual(new Error('disk unplugged'));
    subject.start();
    await until(() => errors.length >= 2, 'the poll to try again');
    failing = false;
    await until(() => handled.length === 3, 'the healed source to be handled');
    await until(() => subject.lastError === undefined, 'the error to clear');
  });

  it('refuses a batch that does not move the checkpoint forward, so a pass always ends', async () => {
    const subject = consumer({ readBatch: () => ({ events: [], through: 0n }) });
    await expect(subject.runUntilCaughtUp()).rejects.toThrow('must end past its checkpoint 0');
  });

  it('wakes on an append only once beforeWake settles, folding appends that arrive meanwhile', async () => {
    const held = gate();
    let waits = 0;
    const subject = consumer({
      beforeWake: async () => {
        waits += 1;
        await held.wait;
      },
    });
    subject.start();
    await until(() => !subject.isRunning, 'the first run at start');
    await append(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled).toEqual([]);
    expect(waits).toBe(1);
    held.open();
    await until(() => handled.length === 2, 'the wake-up after beforeWake');
  });

  it('spaces wake-ups after a large run only: at once when idle or after a small run', async () => {
    const held = gate();
    const started: number[] = [];
    const ended: number[] = [];
    const subject = consumer({
      wakeSpacing: { ms: 60, afterPositions: 2 },
      readBatch: async (after) => {
        const batch = await logBatches(store, 100)(after);
        if (!batch) return batch;
        started.push(performance.now());
        if (started.length === 1) await held.wait;
        return batch;
      },
      handleBatch: (batch) => {
        handled.push(...batch.events.map((event) => event.position));
        checkpoint = batch.through;
        ended.push(performance.now());
      },
    });
    subject.start();
    await until(() => !subject.isRunning, 'the first run at start');
    const appendedAt = performance.now();
    await append(1);
    await until(() => started.length === 1, 'the wake-up of an idle consumer');
    expect(started[0]! - appendedAt).toBeLessThan(60);
    // A run of one position: the appends meanwhile are read by a run right after it, three positions at once.
    await append(3);
    held.open();
    await until(() => handled.length === 4, 'the batch right after the small one');
    expect(started[1]! - ended[0]!).toBeLessThan(40);
    // After a run of three positions, the next append waits for the spacing.
    await until(() => !subject.isRunning, 'the end of the larger run');
    await append(1);
    await until(() => handled.length === 5, 'the run after the spacing');
    expect(started).toHaveLength(3);
    expect(started[2]! - ended[1]!).toBeGreaterThanOrEqual(58);
    expect(() => consumer({ wakeSpacing: { ms: 0, afterPositions: 1 } })).toThrow(
      'wakeSpacing must be whole ms (> 0) and positions',
    );
  });

  it('stop waits for the run in flight, or gives up after the grace and says so', async () => {
    await append(1);
    const held = gate();
    const subject = consumer({
      handleBatch: async (batch) => {
        await held.wait;
        checkpoint = batch.through;
      },
    });
    const running = subject.runUntilCaughtUp();
    await expect(subject.stop({ graceMs: 10 })).resolves.toBe(false);
    held.open();
    await running;
    await expect(subject.stop({ graceMs: 10 })).resolves.toBe(true);
  });

  it('pause holds background runs until resume', async () => {
    const subject = consumer({ pollIntervalMs: 5 });
    subject.start();
    await subject.pause();
    await append(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(handled).toEqual([]);
    subject.resume();
    await until(() => handled.length === 1, 'the poll after resume');
  });
});
