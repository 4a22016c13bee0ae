import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DomainError, mdfDecider, mdfStream, type Actor, type MdfAccrual, type MdfCommand } from '#domain';
import { CheckpointedConsumer, writeUnlocked, type CommandOutcome, type EventStore } from '#event-store';
import { mdfAccrualsAfter, type MdfAccrualsBatch, type Projector } from '#read-models';
import type { CommandPipeline, KeyedInput } from '../common/command-pipeline.js';

export interface MdfAccrualReactorOptions {
  readonly store: EventStore;
  /** The read-model database: the commission read model's accruals, and this reactor's checkpoint. */
  readonly db: Database.Database;
  readonly projector: Projector;
  readonly pipeline: Pick<CommandPipeline, 'runEach'>;
  /** How many source events (deal events with accruals) one batch covers. */
  readonly batchSize?: number;
  /** How often to look for accruals projected by another process. */
  readonly pollIntervalMs?: number;
  /** How long a wake-up waits for the projector to apply what was appended before reading. */
  readonly projectorWaitMs?: number;
  /** How often a checkpoint moved only by batches without accruals is saved (1 s). */
  readonly emptyBatchesSavedEveryMs?: number;
}

/** A refusal the fund gave an accrual; recorded so the reactor moves on, and shown to ops. */
export interface MdfAccrualRefusal {
  readonly accrualId: string;
  readonly partnerId: string;
  readonly sourceEventId: string;
  readonly code: string;
  readonly message: string;
  readonly sourcePosition: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS mdf_accrual_reactor (
    name TEXT PRIMARY KEY,
    position TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS mdf_accrual_refusals (
    accrual_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    source_position TEXT NOT NULL
  );
`;

const checkpointName = 'mdf-accruals';
/** How often a read waiting for accruals looks again: the reactor appends them within a batch of the projector. */
const accruedPollMs = 20;

interface RefusalRow {
  accrual_id: string;
  partner_id: string;
  source_event_id: string;
  code: string;
  message: string;
  source_position: string;
}

/**
 * The MDF accrual reactor: turns the MDF accruals the commission engine computed for won, renewed and
 * expanded deals into `AccrueMdf` commands on the partner's fund `mdf-<partnerId>`.
 *
 * It follows the commission read model (`commission_mdf_accruals`, whose rows carry the source deal
 * event and its position) behind the projector, with its own checkpoint in the read-model database: a
 * batch is every accrual whose source position lies between the checkpoint and the position the
 * commission projection has applied (`mdfAccrualsAfter`, the read models' typed query). A batch's
 * accruals are appended fund by fund, each fund's in one append (in order; the funds concurrently), then
 * the checkpoint is saved: at least once (a batch without accruals at most once a second). A crash between
 * the two replays the batch, and the replay records nothing, twice over: each accrual is its own command keyed by
 * the source event (`accrue:<sourceEventId>`, a retry is the same append whether it was grouped or not) and the
 * fund decides nothing for a source event it has already accrued on. So restarts, replays (a fresh read-model
 * database starts the checkpoint at 0) and duplicate deliveries never accrue twice.
 *
 * What the fund accrues for an event is decided once: a later recomputation of the commission read
 * model (a rule set that reaches back) never re-accrues it (DESIGN §5). A refusal (the fund is kept in
 * one currency: MDF_CURRENCY_MISMATCH after the program currency changed) is recorded in
 * `mdf_accrual_refusals` and logged, and the reactor moves on; any other error stops the batch without
 * saving the checkpoint, and the next wake-up retries it.
 *
 * The reactor's two writes (the checkpoint, a refusal) go through `writeUnlocked`: the projector (in a thread
 * of its own when the service runs) writes the same file, and a write waiting for its lock must wait between
 * the API's requests, not in SQLite's busy handler on the API's thread.
 */
export class MdfAccrualReactor {
  /** The actor recorded on the fund's accruals: the system, in the admin role (partners cannot accrue). */
  static readonly actor: Actor = { id: 'system:mdf-accrual-reactor', role: 'admin' };

  private readonly logger = new Logger('MdfAccrualReactor');
  private readonly db: Database.Database;
  private readonly pipeline: Pick<CommandPipeline, 'runEach'>;
  private readonly statements;
  /** The loop: follows the projector, one batch at a time; this class appends the accruals. */
  private readonly consumer: CheckpointedConsumer<MdfAccrualsBatch>;
  /**
   * Where this reactor has handled through: ahead of the saved checkpoint while batches without accruals pass, which
   * are saved at most once a second (`accrueBatch`).
   */
  private handledThrough = 0n;
  /** When the checkpoint was last saved (performance.now()). */
  private savedAtMs = -Infinity;
  private readonly emptyBatchesSavedEveryMs: number;
  private readonly store: EventStore;
  private readonly projector: Projector;

  constructor(options: MdfAccrualReactorOptions) {
    this.db = options.db;
    this.store = options.store;
    this.projector = options.projector;
    this.pipeline = options.pipeline;
    const batchSize = options.batchSize ?? 200;
    const projectorWaitMs = options.projectorWaitMs ?? 10_000;
    this.emptyBatchesSavedEveryMs = options.emptyBatchesSavedEveryMs ?? 1_000;
    this.db.exec(schema);
    this.statements = {
      checkpoint: this.db.prepare<[string], { position: string }>(
        'SELECT position FROM mdf_accrual_reactor WHERE name = ?',
      ),
      saveCheckpoint: this.db.prepare(
        'INSERT INTO mdf_accrual_reactor (name, position) VALUES (?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      refuse: this.db.prepare(
        'INSERT INTO mdf_accrual_refusals (accrual_id, partner_id, source_event_id, code, message, source_position) ' +
          'VALUES (?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (accrual_id) DO UPDATE SET code = excluded.code, message = excluded.message',
      ),
      refusals: this.db.prepare<[], RefusalRow>(
        'SELECT * FROM mdf_accrual_refusals ORDER BY CAST(source_position AS INTEGER), accrual_id',
      ),
    };
    this.consumer = new CheckpointedConsumer<MdfAccrualsBatch>({
      store: this.store,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      checkpoint: () => this.position,
      readBatch: (after) => mdfAccrualsAfter(this.db, after, batchSize),
      handleBatch: (batch) => this.accrueBatch(batch),
      // A local append is read once the projector has applied it; a poll picks up what other processes projected.
      beforeWake: async () => this.projector.waitFor(await this.store.headPosition(), projectorWaitMs),
      onError: (error) =>
        this.logger.error({
          msg: 'MDF accrual reactor failed; retrying at the next wake-up',
          error: error instanceof Error ? error.message : String(error),
        }),
    });
  }

  /** The position of the last source event whose accruals are appended. */
  get position(): bigint {
    const row = this.statements.checkpoint.get(checkpointName);
    const saved = row ? BigInt(row.position) : 0n;
    return saved > this.handledThrough ? saved : this.handledThrough;
  }

  /**
   * Read-your-writes for the funds: resolves once the accruals of every source event up to `position` (a win, a
   * renewal) are appended to their funds and projected, as `?after=<position>` promises of a fund's figures; the
   * accruals are appended by this reactor after the event, at positions the client never learned. Throws
   * READ_MODEL_BEHIND (503, Retry-After) after `timeoutMs`, like any read waiting for `?after=`.
   */
  async waitAccrued(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.projector.waitFor(position, timeoutMs, ['commissions']);
    while (!this.accruedThrough(position)) {
      if (Date.now() >= deadline) {
        const message = `The MDF funds have not accrued through position ${position} yet; retry shortly`;
        const details = { position: position.toString(), applied: this.position.toString(), retryAfterSeconds: 1 };
        throw new DomainError('READ_MODEL_BEHIND', message, details);
      }
      await new Promise((resolve) => setTimeout(resolve, accruedPollMs));
    }
    await this.projector.waitFor(await this.store.headPosition(), Math.max(0, deadline - Date.now()), ['mdf']);
  }

  /** Whether no accrual of a source event up to `position` waits to be appended (the commission rows are there). */
  private accruedThrough(position: bigint): boolean {
    const handled = this.position;
    if (handled >= position) return true;
    // The next source event with accruals after what is handled, or none up to the commission projection's checkpoint.
    const next = mdfAccrualsAfter(this.db, handled, 1);
    return next !== undefined && (next.accruals.length === 0 || next.through > position);
  }

  /** Accruals the fund refused, oldest source first. */
  refusals(): MdfAccrualRefusal[] {
    return this.statements.refusals.all().map((row) => ({
      accrualId: row.accrual_id,
      partnerId: row.partner_id,
      sourceEventId: row.source_event_id,
      code: row.code,
      message: row.message,
      sourcePosition: row.source_position,
    }));
  }

  /** Appends every accrual the commission read model holds beyond the checkpoint; concurrent callers share one run. */
  runUntilCaughtUp(): Promise<void> {
    return this.consumer.runUntilCaughtUp();
  }

  /** Follows the projector: a local append wakes it once the projector has applied it; a poll catches the rest. */
  start(): void {
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }

  /**
   * Appends the batch's accruals fund by fund: one append per fund (one commit for many accruals), the
   * funds concurrently, each in source order. The checkpoint is saved only once every fund is done.
   */
  private async accrueBatch(batch: MdfAccrualsBatch): Promise<void> {
    // Nothing to append: the checkpoint moves in memory, and is saved at most once a second. Every group commit of the
    // store wakes the reactor, and under load saving each such batch was a write on the API's thread per wake-up
    // (1.6% of its time under POST /partners). A restart reads the unsaved stretch again, like a reactor that was
    // that far behind: at most a second's worth (see docs/decisions.md on recomputed accruals).
    if (batch.accruals.length === 0 && performance.now() - this.savedAtMs < this.emptyBatchesSavedEveryMs) {
      this.handledThrough = batch.through;
      return;
    }
    const byFund = new Map<string, MdfAccrual[]>();
    for (const accrual of batch.accruals) {
      const accruals = byFund.get(accrual.partnerId) ?? [];
      accruals.push(accrual);
      byFund.set(accrual.partnerId, accruals);
    }
    const funds = await Promise.allSettled(
      [...byFund].map(([partnerId, accruals]) => this.accrueFund(partnerId, accruals)),
    );
    const failed = funds.find((fund) => fund.status === 'rejected');
    if (failed) throw failed.reason;
    // Only after every append of the batch: a crash before this line replays the batch, which records nothing.
    await writeUnlocked(this.db, () => this.statements.saveCheckpoint.run(checkpointName, batch.through.toString()));
    this.handledThrough = batch.through;
    this.savedAtMs = performance.now();
  }

  private async accrueFund(partnerId: string, accruals: readonly MdfAccrual[]): Promise<void> {
    const outcomes = await this.pipeline.runEach(mdfDecider, mdfStream(partnerId), accruals.map(accrualRequest));
    for (const [index, outcome] of outcomes.entries()) await this.recordRefusal(accruals[index]!, outcome);
  }

  private async recordRefusal(accrual: MdfAccrual, outcome: CommandOutcome): Promise<void> {
    if (outcome.ok) return;
    const { error } = outcome;
    // The key was used with other figures: the fund already accrued on this source event, and the first accrual stands.
    if (error.code === 'IDEMPOTENCY_KEY_REUSED') return;
    const sourceEventId = accrual.source.eventId;
    const sourcePosition = accrual.source.position.toString();
    const { accrualId, partnerId } = accrual;
    await writeUnlocked(this.db, () =>
      this.statements.refuse.run(accrualId, partnerId, sourceEventId, error.code, error.message, sourcePosition),
    );
    this.logger.warn({
      msg: 'The fund refused an MDF accrual; it is recorded and skipped',
      accrualId: accrual.accrualId,
      partnerId: accrual.partnerId,
      code: error.code,
    });
  }

  status(): { position: bigint; healthy: boolean; refusals: number; error?: string } {
    const error = this.consumer.lastError;
    return {
      position: this.position,
      healthy: error === undefined,
      refusals: this.statements.refusals.all().length,
      ...(error === undefined ? {} : { error: error instanceof Error ? error.message : 'unknown error' }),
    };
  }
}

/** One accrual as its own command, keyed by the source event: the fund accrues on it once, whatever later figures. */
function accrualRequest(accrual: MdfAccrual): KeyedInput<MdfCommand> {
  const { partnerId, dealId, amount, currency, businessDate, ruleSetVersion, tier, rate } = accrual;
  const sourceEventId = accrual.source.eventId;
  return {
    input: {
      type: 'AccrueMdf',
      data: { partnerId, sourceEventId, dealId, amount, currency, businessDate, ruleSetVersion, tier, rate },
    },
    request: {
      actor: MdfAccrualReactor.actor,
      idempotencyKey: `accrue:${sourceEventId}`,
      correlationId: sourceEventId,
      requestId: sourceEventId,
    },
  };
}
