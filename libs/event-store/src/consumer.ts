import { EventEmitter } from 'node:events';
import { invariant } from '#domain';
import type { EventStore, StoredEvent } from './event-store.port.js';

/** What a consumer's source hands over: a batch it must handle, ending at `through`. */
export interface ConsumerBatch {
  /** The checkpoint once the batch is handled. */
  readonly through: bigint;
  /** Nothing followed it when it was read: the pass ends without reading again. */
  readonly caughtUp?: boolean;
}

export interface CheckpointedConsumerOptions<Batch extends ConsumerBatch> {
  /** Local appends wake the consumer; a poll picks up what other processes appended. */
  readonly store: Pick<EventStore, 'onAppended'>;
  /** How often a started consumer looks for work nobody woke it for (another process's appends). */
  readonly pollIntervalMs: number;
  /** Where the consumer stands: the position its last handled batch reached. */
  readonly checkpoint: () => bigint;
  /** The next batch after `after`, or undefined when there is nothing to handle. */
  readonly readBatch: (after: bigint) => Promise<Batch | undefined> | Batch | undefined;
  /** Handles the batch and saves the checkpoint at `batch.through` (with the effects, or after them). */
  readonly handleBatch: (batch: Batch) => Promise<void> | void;
  /** Runs before the first pass of a run (the projector takes its writer lock here); a throw ends the run. */
  readonly beforeRun?: () => Promise<void> | void;
  /** Runs once a run is over, successful or not, after `running` is cleared. */
  readonly afterRun?: () => void;
  /** A local append wakes the consumer once this settles; appends meanwhile fold into the same wake-up. */
  readonly beforeWake?: () => Promise<unknown>;
  /**
   * Under load, a local append wakes the consumer no sooner than `ms` after its last run ended, when that run
   * applied at least `afterPositions` positions of the log: each run then finds more events, so the fixed cost of a
   * batch (the projector's transaction and its checkpoints) is paid less often. After a smaller run, or none, an
   * append wakes it at once, as without this option.
   */
  readonly wakeSpacing?: { readonly ms: number; readonly afterPositions: number };
  /** A background run (a wake-up or a poll) failed; the consumer keeps polling and tries again. */
  readonly onError: (error: unknown) => void;
}

/**
 * Reads the global log after the checkpoint, `batchSize` events at a time, as a consumer's source. With a stop
 * (`untilPosition`) and `only`, a consumer that applies only those types: each batch holds them and the last event
 * of its `batchSize` (EventStore.readAllOf).
 */
export function logBatches(
  store: Pick<EventStore, 'readAll'> & Partial<Pick<EventStore, 'readAllOf'>>,
  batchSize: number,
  options: { readonly untilPosition?: bigint; readonly only?: ReadonlySet<string> } = {},
): (after: bigint) => Promise<LogBatch | undefined> {
  return async (after) => {
    const until = options.untilPosition;
    if (until !== undefined && options.only && store.readAllOf) {
      const { events } = await store.readAllOf({ after, until, limit: batchSize, types: options.only });
      const through = events.at(-1)?.position;
      return through === undefined ? undefined : { events, through, caughtUp: through >= until };
    }
    const read = await store.readAll({ after, limit: batchSize });
    const events = until === undefined ? read : read.filter((event) => event.position <= until);
    if (events.length === 0) return undefined;
    const through = events.at(-1)!.position;
    // Up to a stop, caught up is having reached it: a build's read may end early when its data is large.
    const caughtUp = until === undefined ? read.length < batchSize : through >= until || events.length < read.length;
    return { events, through, caughtUp };
  };
}

export interface LogBatch extends ConsumerBatch {
  readonly events: readonly StoredEvent[];
}

/**
 * The one checkpointed consumer loop, shared by the projector, the Kafka relay and the MDF accrual
 * reactor (emmett's processors are the model: what differs is the source and the handler, not the loop).
 *
 * A run reads batch after batch past the checkpoint and hands each to `handleBatch`, which saves the
 * checkpoint; a pass ends when the source is caught up. Concurrent `runUntilCaughtUp` callers share
 * one run, and a call during a run makes it go round once more, so every caller sees what was there
 * when it called. `start()` runs it on every local append and every poll; a failed background run is
 * reported to `onError` and retried at the next wake-up or poll.
 */
export class CheckpointedConsumer<Batch extends ConsumerBatch> {
  private readonly options: CheckpointedConsumerOptions<Batch>;
  private readonly emitter = new EventEmitter();
  private running: Promise<void> | undefined;
  private rerun = false;
  private started = false;
  private paused = false;
  private waking = false;
  /** The last run: where it started, when it ended (performance.now()) and how many positions it applied. */
  private runFrom = 0n;
  private lastRun = { endedAtMs: -Infinity, positions: 0 };
  /** The wake-up held until the spacing after the last run. */
  private spacedWake: NodeJS.Timeout | undefined;
  private wakeAfterRun = false;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private error: unknown;

  constructor(options: CheckpointedConsumerOptions<Batch>) {
    if (!Number.isSafeInteger(options.pollIntervalMs) || options.pollIntervalMs < 1) {
      throw new Error(`Consumer option pollIntervalMs must be a positive integer, got ${options.pollIntervalMs}`);
    }
    const spacing = options.wakeSpacing;
    const whole = (value: number, least: number) => Number.isSafeInteger(value) && value >= least;
    if (spacing && !(whole(spacing.ms, 1) && whole(spacing.afterPositions, 0))) {
      throw new Error(
        `Consumer option wakeSpacing must be whole ms (> 0) and positions, got ${JSON.stringify(spacing)}`,
      );
    }
    this.options = options;
    this.emitter.setMaxListeners(0);
  }

  /** Whether `start()` was called and `stop()` was not. */
  get isStarted(): boolean {
    return this.started;
  }

  /** Whether a run is in flight. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The last run's error; undefined once a run succeeds. */
  get lastError(): unknown {
    return this.error;
  }

  /** Handles everything the source holds past the checkpoint; concurrent callers share one run. */
  runUntilCaughtUp(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = async () => {
      try {
        await this.options.beforeRun?.();
        this.runFrom = this.options.checkpoint();
        do {
          this.rerun = false;
          await this.pass();
        } while (this.rerun);
        this.error = undefined;
      } catch (error) {
        this.error = error;
        throw error;
      }
    };
    // Cleared in a callback, which always runs after the assignment, even when the run finishes at once.
    this.running = run().finally(() => {
      this.running = undefined;
      this.lastRun = { endedAtMs: performance.now(), positions: Number(this.options.checkpoint() - this.runFrom) };
      this.options.afterRun?.();
      if (this.wakeAfterRun) {
        this.wakeAfterRun = false;
        this.wakeOnAppend();
      }
    });
    return this.running;
  }

  /** Calls `listener` with the checkpoint after every handled batch; returns the unsubscribe. */
  onApplied(listener: (through: bigint) => void): () => void {
    this.emitter.on('applied', listener);
    return () => this.emitter.off('applied', listener);
  }

  /** Follows the source: runs on local appends and every `pollIntervalMs`, until `stop()`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.store.onAppended(() => this.wakeOnAppend());
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    // Polling never keeps a process alive on its own: whoever started the consumer decides when to exit.
    this.timer.unref();
    this.wake();
  }

  /**
   * Stops following the source and waits for the run in flight: at most `graceMs` when given. True
   * when nothing is left running; false when the grace ran out first (the run is left to itself).
   */
  async stop(options: { graceMs?: number } = {}): Promise<boolean> {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.spacedWake);
    this.spacedWake = undefined;
    this.wakeAfterRun = false;
    return this.settled(options.graceMs);
  }

  /** Holds background runs (a rebuild swaps tables) and waits for the one in flight. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.settled();
  }

  /** Lets background runs go again at the next wake-up or poll. */
  resume(): void {
    this.paused = false;
  }

  private async settled(graceMs?: number): Promise<boolean> {
    const running = this.running?.then(
      () => true,
      () => true,
    );
    if (!running) return true;
    if (graceMs === undefined) return running;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    try {
      return await Promise.race([running, graceOver]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One pass: batch after batch until the source has nothing past the checkpoint. Every batch must
   * move the checkpoint forward, so a pass is bounded by the length of the source.
   */
  private async pass(): Promise<void> {
    for (;;) {
      const after = this.options.checkpoint();
      const batch = await this.options.readBatch(after);
      if (batch === undefined) return;
      invariant(batch.through > after, `a consumer batch must end past its checkpoint ${after}, got ${batch.through}`);
      await this.options.handleBatch(batch);
      this.emitter.emit('applied', batch.through);
      if (batch.caughtUp) return;
    }
  }

  private wake(): void {
    if (!this.started || this.paused) return;
    this.runUntilCaughtUp().catch((error: unknown) => this.options.onError(error));
  }

  private wakeOnAppend(): void {
    if (!this.started || this.heldBySpacing()) return;
    const beforeWake = this.options.beforeWake;
    if (!beforeWake) return this.wake();
    if (this.waking) return;
    this.waking = true;
    void beforeWake()
      .catch(() => undefined)
      .finally(() => {
        this.waking = false;
        this.wake();
      });
  }

  /** Holds an append's wake-up until the spacing after a large last run (`wakeSpacing`); true when it is held. */
  private heldBySpacing(): boolean {
    const spacing = this.options.wakeSpacing;
    if (!spacing) return false;
    if (this.spacedWake) return true;
    if (this.running) {
      // Not another pass of this run: a run of its own after it, at once or spaced by how much this one applied.
      this.wakeAfterRun = true;
      return true;
    }
    const dueMs = this.lastRun.endedAtMs + spacing.ms - performance.now();
    if (this.lastRun.positions < spacing.afterPositions || dueMs <= 0) return false;
    this.spacedWake = setTimeout(() => {
      this.spacedWake = undefined;
      this.wakeOnAppend();
    }, dueMs);
    this.spacedWake.unref();
    return true;
  }
}
