import { CheckpointedConsumer, type EventStore, type LogBatch, type StoredEvent } from '#event-store';
import { silentLogger, type EventPublisher, type MessagingLogger } from './event-publisher.port.js';
import { RelayCheckpoint } from './relay-checkpoint.js';

export interface RelayOptions {
  readonly store: EventStore;
  /** The relay owns it from now on: `stop()` closes it. */
  readonly publisher: EventPublisher;
  /** The checkpoint file; the app passes `<dataDir>/relay.sqlite`. */
  readonly checkpointPath: string;
  /** Lets several relays (destinations) share one checkpoint file. */
  readonly checkpointName?: string;
  /** Events per read and per publish. */
  readonly batchSize?: number;
  /** How often `start()` looks for new events when no append notification arrives (another process). */
  readonly pollIntervalMs?: number;
  /** The longest one publish may take before the relay gives up on it and tries again. */
  readonly attemptTimeoutMs?: number;
  /** Backoff after a failure: doubles from the initial delay up to the maximum, then stays there. */
  readonly retryDelayInitialMs?: number;
  readonly retryDelayMaxMs?: number;
  /** How long `stop()` lets an in-flight batch finish before abandoning it. */
  readonly stopGraceMs?: number;
  readonly logger?: MessagingLogger;
}

/**
 * idle: caught up, waiting; publishing: a batch is in flight; retrying: the last attempt failed and the
 * relay is waiting to try again; failed: it cannot continue without an operator (see lastError);
 * stopping/stopped: `stop()` was called.
 */
export type RelayState = 'created' | 'idle' | 'publishing' | 'retrying' | 'failed' | 'stopping' | 'stopped';

/** A JSON-friendly snapshot for health checks and metrics; positions are decimal strings. */
export interface RelayStatus {
  readonly state: RelayState;
  /** The position of the last event the broker acknowledged (and the relay saved). */
  readonly checkpoint: string;
  /** The newest position the relay has seen in the store. */
  readonly head: string;
  /** head − checkpoint: events behind on SQLite (positions are contiguous there), log bytes on EventStoreDB. */
  readonly lag: string;
  readonly eventsPublishedTotal: number;
  readonly batchesPublishedTotal: number;
  readonly attemptsFailedTotal: number;
  /** Failed attempts since the last success: above zero means the broker is not taking the batch. */
  readonly failuresConsecutive: number;
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  readonly lastPublishedAt?: string;
}

export interface RelayProgress {
  /** The checkpoint after the run. */
  readonly position: bigint;
  /** Events acknowledged during the run. */
  readonly published: number;
}

/** Raised to whoever waits on the relay when `stop()` ends its work. */
export class RelayStopped extends Error {
  override readonly name = 'RelayStopped';
  constructor() {
    super('The relay was stopped');
  }
}

/**
 * The checkpoint is past the end of the log: the event store was replaced or restored from an older
 * backup. Publishing on would silently skip every event up to the old checkpoint, so the relay stops
 * until an operator decides (delete the checkpoint to republish everything, or restore the store).
 */
export class RelayCheckpointAhead extends Error {
  override readonly name = 'RelayCheckpointAhead';
  constructor(
    readonly checkpoint: bigint,
    readonly head: bigint,
  ) {
    super(
      `The relay checkpoint ${checkpoint} is past the end of the event log (${head}); ` +
        'the store was replaced or restored. ' +
        'Remove the checkpoint to republish from the start, or restore the matching store.',
    );
  }
}

class AttemptTimedOut extends Error {
  override readonly name = 'AttemptTimedOut';
  constructor(timeoutMs: number) {
    super(`The broker did not acknowledge the batch within ${timeoutMs} ms`);
  }
}

/** The delay before retry number `failures` (1-based): exponential, capped. */
export function retryDelayMs(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Publishes the global log to an EventPublisher, at least once and in log order: reads a bounded batch
 * after its checkpoint, publishes it, and saves the checkpoint only once the broker has acknowledged
 * the whole batch. A crash at any point therefore republishes at most the batch that was in flight.
 * Failures (broker down, timeouts, store errors) are retried with capped exponential backoff for as
 * long as it takes; one batch is in flight at a time, so a retry never overtakes newer events.
 */
export class Relay {
  private readonly store: EventStore;
  private readonly publisher: EventPublisher;
  private readonly checkpointStore: RelayCheckpoint;
  private readonly logger: MessagingLogger;
  private readonly batchSize: number;
  private readonly attemptTimeoutMs: number;
  private readonly retryDelayInitialMs: number;
  private readonly retryDelayMaxMs: number;
  private readonly stopGraceMs: number;

  private checkpoint: bigint;
  private head: bigint;
  private state: RelayState = 'created';
  private eventsPublishedTotal = 0;
  private batchesPublishedTotal = 0;
  private attemptsFailedTotal = 0;
  private failuresConsecutive = 0;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;
  private lastPublishedAt: string | undefined;

  /** The loop: one run at a time, so batches never overlap; the relay publishes what it reads. */
  private readonly consumer: CheckpointedConsumer<LogBatch>;
  private stopping = false;
  /** stop() gave up on the in-flight batch: whatever it does later must not touch the checkpoint. */
  private abandoned = false;
  /** A condition only an operator can clear; sticky, because carrying on could skip events. */
  private fatal: RelayCheckpointAhead | undefined;
  /** The first run compares the checkpoint with the log before publishing anything. */
  private headChecked = false;
  private readonly stopSignal = new AbortController();

  constructor(options: RelayOptions) {
    this.store = options.store;
    this.publisher = options.publisher;
    this.logger = options.logger ?? silentLogger;
    this.batchSize = positiveInteger(options.batchSize ?? 500, 'batchSize');
    this.attemptTimeoutMs = positiveInteger(options.attemptTimeoutMs ?? 30_000, 'attemptTimeoutMs');
    this.retryDelayInitialMs = positiveInteger(options.retryDelayInitialMs ?? 200, 'retryDelayInitialMs');
    this.retryDelayMaxMs = positiveInteger(options.retryDelayMaxMs ?? 30_000, 'retryDelayMaxMs');
    this.stopGraceMs = nonNegativeInteger(options.stopGraceMs ?? 5_000, 'stopGraceMs');
    this.checkpointStore = new RelayCheckpoint(options.checkpointPath, options.checkpointName ?? 'kafka');
    this.checkpoint = this.checkpointStore.load();
    this.head = this.checkpoint;
    this.consumer = new CheckpointedConsumer<LogBatch>({
      store: this.store,
      pollIntervalMs: positiveInteger(options.pollIntervalMs ?? 1_000, 'pollIntervalMs'),
      checkpoint: () => this.checkpoint,
      readBatch: (after) => this.readBatch(after),
      handleBatch: (batch) => this.publishBatch(batch),
      beforeRun: async () => {
        this.assertUsable();
        // The first run compares the checkpoint with the log before publishing anything.
        if (this.headChecked) return;
        await this.checkHead();
        this.headChecked = true;
      },
      onError: (error) => {
        // Both are expected ends: a stop, or a fatal condition that was logged when it was found.
        if (!(error instanceof RelayStopped) && !(error instanceof RelayCheckpointAhead)) {
          this.logger.error('Kafka relay stopped publishing', { error: describe(error) });
        }
      },
    });
  }

  /**
   * Publishes everything appended before the call, then resolves with the checkpoint. Keeps retrying
   * through failures; rejects only when the relay is stopped or cannot continue (RelayCheckpointAhead).
   */
  async runUntilCaughtUp(): Promise<RelayProgress> {
    this.assertUsable();
    const publishedBefore = this.eventsPublishedTotal;
    await this.consumer.runUntilCaughtUp();
    return { position: this.checkpoint, published: this.eventsPublishedTotal - publishedBefore };
  }

  /** Publishes in the background: after every append notification and every poll interval. */
  start(): void {
    this.assertUsable();
    if (this.consumer.isStarted) return;
    this.logger.info('Kafka relay started', { checkpoint: this.checkpoint.toString() });
    this.consumer.start();
  }

  /**
   * Stops publishing. An in-flight batch gets `stopGraceMs` to be acknowledged (its checkpoint is
   * then saved); after that it is abandoned without a checkpoint, so the next start publishes it
   * again. Then the publisher and the checkpoint file are closed.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.state = 'stopping';
    // Cuts a backoff wait short; a publish already on the wire is left to finish within the grace.
    this.stopSignal.abort();
    if (!(await this.consumer.stop({ graceMs: this.stopGraceMs }))) {
      this.abandoned = true;
      this.logger.warn('Kafka relay abandoned its in-flight batch on shutdown; it will be published again on restart', {
        checkpoint: this.checkpoint.toString(),
      });
    }
    try {
      await this.publisher.close();
    } catch (error) {
      this.logger.warn('The publisher did not close cleanly', { error: describe(error) });
    }
    this.checkpointStore.close();
    this.state = 'stopped';
    this.logger.info('Kafka relay stopped', { checkpoint: this.checkpoint.toString() });
  }

  /**
   * The status with the log's head read now: while a batch is retried through a broker outage the
   * relay reads nothing, so only this shows the lag growing with what is appended meanwhile.
   */
  async currentStatus(): Promise<RelayStatus> {
    try {
      const head = await this.store.headPosition();
      if (head > this.head) this.head = head;
    } catch {
      // The store is down or closed: the head last seen stands.
    }
    return this.status();
  }

  status(): RelayStatus {
    const lag = this.head > this.checkpoint ? this.head - this.checkpoint : 0n;
    return {
      state: this.state,
      checkpoint: this.checkpoint.toString(),
      head: this.head.toString(),
      lag: lag.toString(),
      eventsPublishedTotal: this.eventsPublishedTotal,
      batchesPublishedTotal: this.batchesPublishedTotal,
      attemptsFailedTotal: this.attemptsFailedTotal,
      failuresConsecutive: this.failuresConsecutive,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError, lastErrorAt: this.lastErrorAt }),
      ...(this.lastPublishedAt === undefined ? {} : { lastPublishedAt: this.lastPublishedAt }),
    };
  }

  /** The next batch after the checkpoint; at the end of the log, checks the log is still the one it follows. */
  private async readBatch(after: bigint): Promise<LogBatch | undefined> {
    this.assertRunning();
    const events = await this.retrying(() => this.store.readAll({ after, limit: this.batchSize }));
    if (events.length === 0) {
      await this.checkHead();
      this.state = 'idle';
      return undefined;
    }
    return { events, through: events.at(-1)!.position };
  }

  /** Publishes a batch and saves the checkpoint once the broker has acknowledged all of it. */
  private async publishBatch(batch: LogBatch): Promise<void> {
    const last = batch.through;
    if (last > this.head) this.head = last;
    this.state = 'publishing';
    await this.retrying(() => this.publishBounded(batch.events));
    // Acknowledged. A stop() that abandoned this batch has closed the checkpoint file; the batch is
    // then published again on restart, which is the at-least-once promise.
    if (this.abandoned) throw new RelayStopped();
    // Saved even when a stop is under way: the broker has acknowledged, so the checkpoint is true.
    await this.retrying(() => this.checkpointStore.save(last), { whileStopping: true });
    this.checkpoint = last;
    this.eventsPublishedTotal += batch.events.length;
    this.batchesPublishedTotal += 1;
    this.lastPublishedAt = new Date().toISOString();
  }

  /**
   * A checkpoint past the end of the log means the store is not the one the checkpoint belongs to.
   * Checked before the first batch and whenever a read comes back empty (the only moment the two can
   * be told apart by position). A replaced store that has already grown past the old checkpoint
   * cannot be detected this way: replacing the store means removing relay.sqlite too (docs/kafka.md).
   */
  private async checkHead(): Promise<void> {
    const head = await this.retrying(() => this.store.headPosition());
    this.head = head;
    if (head < this.checkpoint) {
      this.fatal = new RelayCheckpointAhead(this.checkpoint, head);
      this.logger.error(this.fatal.message);
      this.state = 'failed';
      this.recordError(this.fatal);
      throw this.fatal;
    }
  }

  private publishBounded(batch: readonly StoredEvent[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const attempt = this.publisher.publish(batch);
    // An attempt that timed out may still settle later; its outcome no longer matters to anyone.
    attempt.catch(() => undefined);
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new AttemptTimedOut(this.attemptTimeoutMs)), this.attemptTimeoutMs);
    });
    return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
  }

  /** Runs `step` until it succeeds, backing off between failures, or until the relay stops. */
  private async retrying<T>(step: () => Promise<T> | T, options: { whileStopping?: boolean } = {}): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      // A stop ends the work before the next attempt; a step that must finish gets its first attempt.
      if (!(options.whileStopping && attempt === 0)) this.assertRunning();
      try {
        const result = await step();
        if (this.failuresConsecutive > 0) {
          this.logger.info('Kafka relay recovered', { failures: this.failuresConsecutive });
          this.failuresConsecutive = 0;
        }
        return result;
      } catch (error) {
        if (error instanceof RelayStopped || this.stopping) throw new RelayStopped();
        this.attemptsFailedTotal += 1;
        this.failuresConsecutive += 1;
        this.recordError(error);
        const wait = retryDelayMs(this.failuresConsecutive, this.retryDelayInitialMs, this.retryDelayMaxMs);
        this.state = 'retrying';
        this.logger.warn('Kafka relay attempt failed; retrying', {
          error: this.lastError,
          failures: this.failuresConsecutive,
          retryInMs: wait,
          checkpoint: this.checkpoint.toString(),
        });
        await delay(wait, this.stopSignal.signal);
        this.state = 'publishing';
      }
    }
  }

  private recordError(error: unknown): void {
    this.lastError = describe(error);
    this.lastErrorAt = new Date().toISOString();
  }

  private assertRunning(): void {
    if (this.stopping) throw new RelayStopped();
  }

  private assertUsable(): void {
    if (this.stopping) throw new RelayStopped();
    if (this.fatal) throw this.fatal;
  }
}

/** Waits `ms`, or less if `signal` aborts (then it resolves: the caller checks why it woke). */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`Relay option ${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`Relay option ${name} must be a non-negative integer, got ${value}`);
  return value;
}
