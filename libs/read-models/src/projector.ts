import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DomainError } from '#domain';
import {
  CheckpointedConsumer,
  logBatches,
  type CheckpointedConsumerOptions,
  type EventStore,
  type LogBatch,
  type StoredEvent,
  ThreadSignal,
} from '#event-store';
import { LogChain } from './log-chain.js';
import {
  RecomputeNeeded,
  typesReadBy,
  type BuildSource,
  type LogScan,
  type Lookahead,
  type Projection,
  type ProjectionBinding,
} from './projection.js';
import {
  BuildRestart,
  InProcessBuild,
  ParallelBuild,
  WorkerBuild,
  type ScratchBuild,
  type WorkerBuildOptions,
  type WorkerSource,
} from './scratch-build.js';
import { dropReadIndexes, makeScratchFolder } from './scratch.js';
import {
  abandonStaging,
  assertRoomToSwap,
  dropStaging,
  fillStaging,
  promoteRebuilt,
  stagedTables,
  type Promotion,
  type Tail,
} from './staging.js';
import { SwapWorker } from './swap.js';
import { WriterLock } from './writer-lock.js';

export interface ProjectorOptions {
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly projections: readonly Projection[];
  readonly batchSize?: number;
  /** How often to look for events appended by other processes; local appends wake it (wakeSpacing). */
  readonly pollIntervalMs?: number;
  /** A started projector's spacing of its runs under load (CheckpointedConsumer's wakeSpacing); none when absent. */
  readonly wakeSpacing?: CheckpointedConsumerOptions<LogBatch>['wakeSpacing'];
  /** How often a process that does not project reads the shared checkpoints while it waits. */
  readonly readerPollMs?: number;
  /** Who this projector is, recorded with the writer lock and shown to a process it refuses. */
  readonly label?: string;
  /** Applies nothing past this position (a verification builds up to a snapshot's position). */
  readonly untilPosition?: bigint;
  /** Build rebuilds and recomputations in a worker thread (the service); on this thread when absent. */
  readonly worker?: WorkerBuildOptions;
  /** A scratch build: an event asking for a recomputation restarts the build instead (BuildRestart). */
  readonly building?: boolean;
  /** A recomputation's scratch build: the live projections it may start from, by name (BuildSource). */
  readonly sources?: ReadonlyMap<string, BuildSource>;
  /** A scratch build: the live database, whose hash chain a snapshot it saves carries the link of (log-chain.ts). */
  readonly live?: Database.Database;
  /**
   * Called between the steps of a build and swap: built (to the head it started at, before the tail), and in a
   * worker filled and promoted (crash tests copy the files there, as a kill leaves them).
   */
  readonly onSwapStep?: (step: 'built' | 'filled' | 'promoted') => void | Promise<void>;
}

/** Progress of a rebuild, for GET /admin/projections and the CLI's progress bar. */
export interface RebuildProgress {
  readonly projections: readonly string[];
  /** An operator's rebuild, or the recomputation a rule set reaching back asked for. */
  readonly kind: 'rebuild' | 'recompute';
  /** restoring: the rows are swapped in; the projections' memory is being replayed before they go on. */
  readonly state: 'building' | 'swapping' | 'restoring' | 'done' | 'failed';
  /** Positions applied so far and the head when the rebuild started (events, on SQLite). */
  readonly done: bigint;
  readonly total: bigint;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly startedAt: string;
  /** An operator's rebuild that a stop or a crash cut short, run again at this start. */
  readonly resumed?: boolean;
  readonly error?: string;
  /** The error's code when it is a DomainError (PROJECTION_REBUILD_FAILED, PROJECTOR_LOCKED). */
  readonly code?: string;
}

/** Where and why a projection stopped: the event it could not apply. */
export interface ProjectionFailure {
  readonly position: bigint;
  readonly error: string;
  readonly at: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly position: bigint;
  readonly failure?: ProjectionFailure;
  /** Held right before this position until a recomputation of the projection swaps in. */
  readonly recompute?: { readonly position: bigint; readonly reason: string };
}

export type ProjectionState = 'caught_up' | 'catching_up' | 'rebuilding' | 'recomputing' | 'failed';

export interface ProjectionReport extends ProjectionStatus {
  readonly lag: bigint;
  readonly state: ProjectionState;
  /** The rebuild or recomputation under way for this projection. */
  readonly progress?: RebuildProgress;
}

export interface ProjectorStatus {
  /**
   * Set from `start()` until its first run settles: the memory is being restored (a snapshot loaded, the
   * log after it replayed), then the log applied up to the head. The service is not ready meanwhile.
   */
  readonly starting?: 'restoring memory' | 'catching up';
  readonly position: bigint;
  readonly headPosition: bigint;
  readonly lag: bigint;
  /** No error in the last run and no failed projection. */
  readonly healthy: boolean;
  /** Whether this process holds the writer lock (a process without it only reads the checkpoints). */
  readonly writer: boolean;
  /**
   * The process that keeps the read models (its lock's label, pid and host), this one or another; absent when
   * none does (no lock, or a lock whose holder is gone): the read models then stand still as the log grows.
   */
  readonly keeper?: string;
  readonly failed: readonly { readonly name: string; readonly position: string; readonly error: string }[];
  readonly error?: string;
}

interface CheckpointRow {
  name: string;
  version: bigint;
  position: string;
  failed_position: string | null;
  failed_error: string | null;
  failed_at: string | null;
  recompute_position: string | null;
  recompute_reason: string | null;
  rebuild_asked_at: string | null;
}

interface Entry {
  readonly projection: Projection;
  readonly binding: ProjectionBinding;
}

/** A projection whose memory is replayed from the log (restore) up to its checkpoint. */
interface MemoryReplay extends Entry {
  readonly until: bigint;
}

/** Some of the projections a rebuild builds, and the scratch database they are built into. */
interface BuildPart {
  readonly projections: readonly Projection[];
  readonly path: string;
}

/** Events per batch (and per transaction) of a scratch build: large, as nobody reads its tables meanwhile. */
const scratchBatchSize = 5000;

const checkpointSchema = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position TEXT NOT NULL,
    failed_position TEXT,
    failed_error TEXT,
    failed_at TEXT,
    recompute_position TEXT,
    recompute_reason TEXT,
    rebuild_asked_at TEXT
  );
`;

/** Databases made before projections could fail (or be recomputed) lack those columns. */
function migrateCheckpoints(db: Database.Database): void {
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('projection_checkpoints')")
      .all()
      .map((column) => column.name),
  );
  const columnsAdded = [
    'failed_position',
    'failed_error',
    'failed_at',
    'recompute_position',
    'recompute_reason',
    'rebuild_asked_at',
  ];
  for (const column of columnsAdded) {
    if (!columns.has(column)) db.exec(`ALTER TABLE projection_checkpoints ADD COLUMN ${column} TEXT`);
  }
}

/**
 * A projection's checkpoint as stored in the shared table (0 before it has one): its rows are complete
 * up to this position, in every process that reads the database.
 */
export function projectionCheckpoint(db: Database.Database, name: string): bigint {
  const row = checkpointStatementOf(db).get(name);
  return row ? BigInt(row.position) : 0n;
}

const checkpointStatements = new WeakMap<Database.Database, Database.Statement<[string], { position: string }>>();

/** Prepared once per database: the MDF reactor reads a checkpoint at every wake-up, and preparing costs more. */
function checkpointStatementOf(db: Database.Database): Database.Statement<[string], { position: string }> {
  let statement = checkpointStatements.get(db);
  if (!statement) {
    statement = db.prepare<[string], { position: string }>(
      'SELECT position FROM projection_checkpoints WHERE name = ?',
    );
    checkpointStatements.set(db, statement);
  }
  return statement;
}

/** Errors of the machine, not of an event: the whole batch is retried instead of failing a projection. */
const environmentalCodes = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM|READONLY|CANTOPEN|INTERRUPT|PROTOCOL|CORRUPT|NOTADB)/;

function isEnvironmental(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'PROJECTOR_LOCKED';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && environmentalCodes.test(code);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function recomputeOf(row: CheckpointRow): ProjectionStatus['recompute'] {
  if (row.recompute_position === null) return undefined;
  return { position: BigInt(row.recompute_position), reason: row.recompute_reason ?? '' };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** The longest stretch a memory replay keeps the event loop before letting requests through. */
const replaySliceMs = 15;

function failureOf(row: CheckpointRow): ProjectionFailure | undefined {
  if (row.failed_position === null) return undefined;
  return { position: BigInt(row.failed_position), error: row.failed_error ?? 'unknown error', at: row.failed_at ?? '' };
}

/**
 * The checkpointed consumer that keeps the read models. Each batch from the global log is applied to
 * every projection and the checkpoints advance in the same SQLite transaction, so a crash anywhere
 * leaves the read models exactly at a batch boundary and the next run resumes from there.
 *
 * Exactly one process writes a read-model database: the one holding its WriterLock. Any other
 * Projector on the same file only reads the shared checkpoints (waitFor, status). A projection that
 * throws on an event is rolled back to its savepoint and marked failed at that position, in the
 * checkpoint table, and skipped from then on; the other projections keep moving.
 */
export class Projector {
  private readonly store: EventStore;
  private readonly db: Database.Database;
  private readonly projections: readonly Projection[];
  private readonly batchSize: number;
  private readonly readerPollMs: number;
  /** Set once, or by `runTo` for a scratch build, whose parts must all stop at the same position. */
  private untilPosition: bigint | undefined;
  /** The loop: wakes on appends, polls, runs one batch at a time; this class applies the batches. */
  private readonly consumer: CheckpointedConsumer<LogBatch>;
  private readonly lock: WriterLock;
  private entries: Entry[] = [];
  private prepared = false;
  private applyBatch!: Database.Transaction<(batch: readonly StoredEvent[]) => Set<string>>;
  private readonly inSavepoint: Database.Transaction<(work: () => void) => void>;
  private readonly chain: LogChain;
  /** Replays the log into projections with memory, up to their checkpoints, before anything else runs. */
  private restored: Promise<void> | undefined;
  private readonly readCheckpoint;
  private readonly readCheckpoints;
  private readonly advance;
  private readonly markFailed;
  /** The checkpoint each projection's memory stands at; a stored one that differs was moved by another writer. */
  private readonly memoryAt = new Map<string, bigint>();
  /** Projections whose memory must be replayed from the log before the next batch. */
  private restoring: Set<ProjectionBinding> | undefined;
  /** Rebuilt projections whose memory the restore before their swap left out; the swap gives them a new one. */
  private readonly restoreAfterSwap = new Set<Entry>();
  private rebuildProgress: RebuildProgress | undefined;
  /** From `start()` until its first run settles (ProjectorStatus.starting); `restoringMemory` while `restore` runs. */
  private startingUp = false;
  private restoringMemory = false;
  /**
   * A scratch build's passes over the log before it applies anything (reading ahead: `read` positions in
   * all), and where its applying starts, so its progress counts the reading too (`progressOf`).
   */
  private passes: { read: bigint; from: bigint; until: bigint } | undefined;
  private readonly progress = new EventEmitter();
  /** Batches and swaps applied here, heard by the readers of the same database on other threads (waitFor). */
  private readonly appliedSignal: ThreadSignal;
  private readonly worker: WorkerBuildOptions | undefined;
  /** The database whose hash chain a saved snapshot carries the link of: the live one (ProjectorOptions.live). */
  private readonly live: Database.Database;
  private readonly building: boolean;
  private readonly sources: ReadonlyMap<string, BuildSource> | undefined;
  private readonly markRecompute;
  private readonly markRebuildAsked;
  /** Whether this projector looked for an operator's rebuild to resume (once), and whether it was stopped. */
  private askedResumed = false;
  private stopped = false;
  /** The recomputation under way in the background, and when a failed one may be tried again. */
  private recomputing: Promise<void> | undefined;
  private recomputeRetryAt = 0;
  private recomputeError: unknown;
  /** The scratch build under way, and whether stop() asked to abandon it (it runs again at the next start). */
  private build: ScratchBuild | undefined;
  private closing = false;
  private readonly onSwapStep: ProjectorOptions['onSwapStep'];
  /** In a scratch build: the projections whose recomputation started from a position of the live one. */
  readonly startedFrom = new Map<string, bigint>();
  position = 0n;

  constructor(options: ProjectorOptions) {
    this.store = options.store;
    this.db = options.db;
    this.projections = options.projections;
    this.batchSize = options.batchSize ?? 500;
    this.readerPollMs = options.readerPollMs ?? 20;
    this.untilPosition = options.untilPosition;
    this.worker = options.worker;
    this.live = options.live ?? options.db;
    this.building = options.building ?? false;
    this.sources = options.sources;
    this.onSwapStep = options.onSwapStep;
    const stopAt = () => this.untilPosition;
    this.consumer = new CheckpointedConsumer<LogBatch>({
      store: this.store,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      ...(options.wakeSpacing ? { wakeSpacing: options.wakeSpacing } : {}),
      checkpoint: () => this.position,
      // Read at every batch: a scratch build's stop moves with each `runTo`.
      readBatch: logBatches(this.store, this.batchSize, {
        get untilPosition() {
          return stopAt();
        },
        // A build's projections that all say what they read are handed those events only (Projection.reads).
        only: this.building ? typesReadBy(this.projections) : undefined,
      }),
      handleBatch: (batch) => {
        this.commitBatch(batch.events);
        this.position = batch.through;
        this.appliedSignal.post();
      },
      beforeRun: () => this.becomeWriter(),
      afterRun: () => this.releaseIfIdle(),
      // A background run's error is kept for status(); the next wake-up or poll tries again.
      onError: () => undefined,
    });
    // A scratch build's database has no readers waiting on it.
    this.appliedSignal = new ThreadSignal(this.building || this.db.memory ? undefined : `applied:${this.db.name}`);
    this.db.exec(checkpointSchema);
    migrateCheckpoints(this.db);
    this.lock = new WriterLock(this.db, { ...(options.label ? { label: options.label } : {}) });
    this.readCheckpoint = this.db.prepare<[string], CheckpointRow>(
      'SELECT * FROM projection_checkpoints WHERE name = ?',
    );
    this.readCheckpoints = this.db.prepare<[], CheckpointRow>('SELECT * FROM projection_checkpoints');
    // Never backwards: a batch another writer already applied leaves the stored checkpoint where it is.
    this.advance = this.db.prepare(
      'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND CAST(position AS INTEGER) < ?',
    );
    this.markFailed = this.db.prepare(
      'UPDATE projection_checkpoints SET failed_position = ?, failed_error = ?, failed_at = ? WHERE name = ?',
    );
    this.markRecompute = this.db.prepare(
      'UPDATE projection_checkpoints SET recompute_position = ?, recompute_reason = ? WHERE name = ?',
    );
    this.markRebuildAsked = this.db.prepare('UPDATE projection_checkpoints SET rebuild_asked_at = ? WHERE name = ?');
    this.inSavepoint = this.db.transaction((work: () => void) => work());
    this.chain = new LogChain(this.db);
    // Readers query the tables before any writer has run: create those whose version is current.
    const stored = this.checkpointsByName();
    for (const projection of this.projections) {
      const row = stored.get(projection.name);
      if (!row || Number(row.version) === projection.version) this.db.exec(projection.schema);
    }
    this.position = this.lowestApplied(stored, { currentVersionsOnly: true });
  }

  private checkpointsByName(): Map<string, CheckpointRow> {
    return new Map(this.readCheckpoints.all().map((row) => [row.name, row]));
  }

  /** The lowest checkpoint among the projections still moving (all of them when none is). */
  private lowestApplied(stored: Map<string, CheckpointRow>, options: { currentVersionsOnly?: boolean } = {}): bigint {
    const positions = (healthyOnly: boolean) =>
      this.projections.flatMap((projection) => {
        const row = stored.get(projection.name);
        if (!row || (options.currentVersionsOnly && Number(row.version) !== projection.version)) return [0n];
        const held = row.failed_position !== null || row.recompute_position !== null;
        return healthyOnly && held ? [] : [BigInt(row.position)];
      });
    const healthy = positions(true);
    const chosen = healthy.length > 0 ? healthy : positions(false);
    return chosen.length > 0 ? chosen.reduce((low, next) => (next < low ? next : low)) : 0n;
  }

  /** Once this process holds the lock: rebuilds from zero any projection whose version changed, and binds. */
  private prepareWriter(): void {
    if (this.prepared) return;
    const upsert = this.db.prepare(
      'INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, ' +
        'failed_position = NULL, failed_error = NULL, failed_at = NULL, ' +
        'recompute_position = NULL, recompute_reason = NULL, rebuild_asked_at = NULL',
    );
    this.db
      .transaction(() => {
        for (const projection of this.projections) {
          const checkpoint = this.readCheckpoint.get(projection.name);
          if (!checkpoint || Number(checkpoint.version) !== projection.version) {
            for (const table of [...projection.tables].reverse()) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
            this.db.exec(projection.schema);
            if (this.building) dropReadIndexes(this.db, projection);
            upsert.run(projection.name, projection.version, '0');
          }
          // A swap a crash interrupted left its staging tables: the live tables are whole, drop them.
          dropStaging(this.db, projection.tables);
        }
      })
      .immediate();
    this.entries = this.projections.map((projection) => {
      const source = this.sources?.get(projection.name);
      return {
        projection,
        binding: toBinding(projection.bind(this.db, { building: this.building, ...(source ? { source } : {}) })),
      };
    });
    this.applyBatch = this.db.transaction((batch: readonly StoredEvent[]) => {
      this.lock.assertHeld();
      // The chain is an audit record of the live database; a scratch build's copy would be thrown away.
      if (!this.building) this.chain.extend(batch);
      const through = batch.at(-1)!.position;
      const failed = new Set<string>();
      for (const entry of this.entries) if (!this.applyEntry(entry, batch, through)) failed.add(entry.projection.name);
      return failed;
    });
    this.prepared = true;
  }

  /**
   * Applies the events past the projection's checkpoint in a savepoint and advances it to `through`.
   * An event it cannot apply rolls the projection back and marks it failed at that event; one asking
   * for a recomputation marks it held there instead (recompute_position). False in both cases.
   */
  private applyEntry(entry: Entry, events: readonly StoredEvent[], through: bigint): boolean {
    const stored = this.readCheckpoint.get(entry.projection.name)!;
    if (stored.failed_position !== null || stored.recompute_position !== null) return false;
    const done = BigInt(stored.position);
    if (done >= through) return true;
    let current: StoredEvent | undefined;
    try {
      this.inSavepoint(() => {
        for (const event of events) {
          if (event.position <= done) continue;
          current = event;
          entry.binding.apply(event);
        }
        this.advance.run(through.toString(), entry.projection.name, through);
      });
      return true;
    } catch (error) {
      const poison = current;
      if (isEnvironmental(error) || !poison) throw error;
      entry.binding.rollback();
      // The events before it apply as they did a moment ago: the projection stops right before the poison.
      const before = events.filter((event) => event.position > done && event.position < poison.position);
      if (before.length > 0 && !this.applyEntry(entry, before, before.at(-1)!.position)) return false;
      if (error instanceof RecomputeNeeded) {
        if (this.building) throw new BuildRestart(`${entry.projection.name}: ${error.message}`);
        this.markRecompute.run(poison.position.toString(), `${poison.type}: ${error.message}`, entry.projection.name);
      } else {
        this.markFailed.run(
          poison.position.toString(),
          `${poison.type}: ${messageOf(error)}`,
          new Date().toISOString(),
          entry.projection.name,
        );
      }
      return false;
    }
  }

  /** Applies one batch in one transaction and moves every projection's memory with it. */
  private commitBatch(batch: readonly StoredEvent[]): void {
    let failed: Set<string>;
    try {
      failed = this.applyBatch.immediate(batch);
    } catch (error) {
      for (const entry of this.entries) entry.binding.rollback();
      throw error;
    }
    const through = batch.at(-1)!.position;
    for (const entry of this.entries) {
      // A failed projection's memory stands where its rows do: right before the event it could not apply.
      entry.binding.commit();
      const name = entry.projection.name;
      const at = failed.has(name) ? BigInt(this.readCheckpoint.get(name)!.position) : through;
      if ((this.memoryAt.get(name) ?? 0n) < at) this.memoryAt.set(name, at);
    }
    // It never rejects: a failed recomputation is recorded and tried again later.
    if (failed.size > 0) void this.recomputeHeld();
  }

  /**
   * Replays the memory of the projections that keep one up to their checkpoints (a held projection's is
   * replayed after its recomputation instead); one with no rows yet first learns its lookahead events.
   */
  private restore(rebuilding?: ReadonlySet<Projection>): Promise<void> {
    this.restored ??= this.whileRestoring(async () => {
      const wanted = this.restoring;
      this.restoring = undefined;
      const stored = this.checkpointsByName();
      const withMemory = this.entries.filter(
        (entry) => entry.binding.restore !== noop && (!wanted || wanted.has(entry.binding)),
      );
      // A projection about to be swapped gets its memory back after the swap (restoreRebuilt): not now.
      for (const entry of withMemory) if (rebuilding?.has(entry.projection)) this.restoreAfterSwap.add(entry);
      const entries = withMemory
        .filter((entry) => !rebuilding?.has(entry.projection))
        .map((entry) => ({ entry, row: stored.get(entry.projection.name)! }))
        .filter(({ row }) => row.recompute_position === null && row.failed_position === null);
      for (const { entry, row } of entries) {
        const { lookahead } = entry.projection;
        if (BigInt(row.position) === 0n && lookahead && !this.memoryAt.has(entry.projection.name)) {
          await this.learnAhead(entry, lookahead);
        }
      }
      await this.replayMemory(
        entries
          .filter(({ row }) => BigInt(row.position) > 0n)
          .map(({ entry, row }) => ({ ...entry, until: BigInt(row.position) })),
      );
    });
    return this.restored;
  }

  private async whileRestoring(restore: () => Promise<void>): Promise<void> {
    this.restoringMemory = true;
    try {
      await restore();
    } finally {
      this.restoringMemory = false;
    }
  }

  /**
   * A build from 0 of a projection with lookahead events: they are read and handed to `reset`; then either the
   * binding starts from a point of the live projection (a recomputation), looking ahead from there only, or it
   * looks ahead over the whole log (the tier changes of every close, for the commission engine).
   */
  private async learnAhead(entry: Entry, lookahead: Lookahead): Promise<void> {
    const until = this.untilPosition ?? (await this.store.headPosition());
    const lookAhead = entry.binding.lookAhead?.bind(entry.binding);
    this.passes = { read: lookAhead ? until : 0n, from: 0n, until };
    const { events } = await this.store.readStream(lookahead.stream);
    const ahead = events.filter((event) => lookahead.types.has(event.type) && event.position <= until);
    entry.binding.reset(ahead);
    const types = entry.projection.reads;
    const scanAfter: LogScan = (after, visit) => this.scanLog(until, visit, { after, types });
    const started = (await entry.binding.startFrom?.(ahead, scanAfter)) ?? 0n;
    if (started > 0n) {
      this.passes = { read: 0n, from: started, until };
      this.advance.run(started.toString(), entry.projection.name, started);
      this.startedFrom.set(entry.projection.name, started);
    } else if (lookAhead) {
      await this.scanLog(until, lookAhead, { onRead: this.readProgress(0n), types });
    }
  }

  /** Reports a reading pass's position as progress; `before`: the positions the passes before it read. */
  private readProgress(before: bigint): (position: bigint) => void {
    return (position) => this.progress.emit('progress', this.progressOf(before + position));
  }

  /**
   * The work done, counted in positions of one pass: the positions read ahead and applied so far, scaled
   * onto the log up to where the build stops, so done/total, rate and ETA cover every pass from the start.
   */
  private progressOf(work: bigint): bigint {
    const passes = this.passes;
    if (!passes || passes.until === 0n) return work;
    const total = passes.read + passes.until - passes.from;
    return total > 0n ? (work * passes.until) / total : passes.until;
  }

  /**
   * The log from the start (or after `after`) up to `until`, batch by batch, giving the event loop a turn between
   * batches. `types`: the visitor reads only these, so each batch may hold only them and its last event
   * (EventStore.readAllOf).
   */
  private async scanLog(
    until: bigint,
    visit: (batch: readonly StoredEvent[]) => void,
    options: {
      readonly after?: bigint;
      readonly onRead?: (position: bigint) => void;
      readonly types?: ReadonlySet<string>;
    } = {},
  ): Promise<void> {
    const { onRead, types } = options;
    for (let after = options.after ?? 0n; after < until;) {
      const batch = types
        ? (await this.store.readAllOf({ after, until, limit: this.batchSize, types })).events
        : await this.store.readAll({ after, limit: this.batchSize });
      if (batch.length === 0) break;
      visit(batch.filter((event) => event.position <= until));
      after = batch.at(-1)!.position;
      onRead?.(after < until ? after : until);
      await yieldToEventLoop();
    }
  }

  /**
   * Replays the log into memory (no writes), batch by batch, giving the event loop a turn between
   * batches so requests keep being answered while it runs; then commits the memory. A binding that
   * resumes from a snapshot replays only the log after it.
   */
  private async replayMemory(entries: readonly MemoryReplay[]): Promise<void> {
    const until = entries.reduce((high, entry) => (entry.until > high ? entry.until : high), 0n);
    let from = until;
    for (const entry of entries) {
      const resumed = entry.until > 0n && entry.binding.resume ? await entry.binding.resume(entry.until) : 0n;
      if (resumed < from) from = resumed;
    }
    // Only the types the memory reads are parsed: a commission engine's are about a quarter of a seeded log's.
    const types = typesReadBy(entries.map((entry) => entry.projection));
    for (let after = from; after < until;) {
      const batch = types
        ? (await this.store.readAllOf({ after, until, limit: this.batchSize, types })).events
        : await this.store.readAll({ after, limit: this.batchSize });
      if (batch.length === 0) break;
      // A batch of engine events can take longer than a request may wait on a busy machine: turn by time too.
      let sliceStartedMs = performance.now();
      for (const event of batch) {
        for (const entry of entries) if (event.position <= entry.until) entry.binding.restore(event);
        if (performance.now() - sliceStartedMs < replaySliceMs) continue;
        await yieldToEventLoop();
        sliceStartedMs = performance.now();
      }
      after = batch.at(-1)!.position;
      await yieldToEventLoop();
    }
    for (const entry of entries) entry.binding.commit();
  }

  /**
   * Takes the writer lock and lines this projector up with the stored checkpoints: memory whose
   * checkpoint another writer moved (a takeover after this one lost the lock) is replayed from the log.
   */
  private async becomeWriter(rebuilding?: ReadonlySet<Projection>): Promise<void> {
    this.lock.acquire();
    this.prepareWriter();
    const stored = this.checkpointsByName();
    const moved = new Set<ProjectionBinding>();
    for (const entry of this.entries) {
      const seen = this.memoryAt.get(entry.projection.name);
      if (seen === undefined || seen === BigInt(stored.get(entry.projection.name)!.position)) continue;
      entry.binding.reset();
      if (entry.binding.restore !== noop) moved.add(entry.binding);
    }
    if (moved.size > 0) {
      this.restoring = new Set([...(this.restoring ?? []), ...moved]);
      this.restored = undefined;
    }
    await this.restore(rebuilding);
    // Read again: a recomputation's build may have started from a snapshot's position.
    const restored = this.checkpointsByName();
    for (const [name, row] of restored) this.memoryAt.set(name, BigInt(row.position));
    this.position = this.lowestApplied(restored);
    void this.recomputeHeld();
    this.resumeAskedRebuild();
  }

  /**
   * Applies everything appended so far, in bounded batches; concurrent callers share one run. A
   * projector that does not follow the log (CLI, tests) also waits for the recomputations it asked for.
   */
  runUntilCaughtUp(): Promise<void> {
    return this.catchUp().then(() => this.settleRecomputations());
  }

  /** A scratch build: applies the log up to `position` and no further, so every part of a build stops alike. */
  runTo(position: bigint): Promise<void> {
    this.untilPosition = position;
    return this.runUntilCaughtUp();
  }

  private catchUp(): Promise<void> {
    return this.consumer.runUntilCaughtUp();
  }

  /** The last run's error; another process keeping the read models is not one: this one stands by. */
  private get lastError(): unknown {
    const error = this.consumer.lastError;
    return error instanceof DomainError && error.code === 'PROJECTOR_LOCKED' ? undefined : error;
  }

  /**
   * A projector that does not follow the log (a CLI command, a test) holds the lock only while it
   * works, so a service started afterwards is not kept out by a process that is done projecting.
   */
  private releaseIfIdle(): void {
    if (!this.consumer.isStarted && !this.consumer.isRunning && !this.isRebuilding()) this.lock.release();
  }

  /** Follows the log: wakes on local appends and polls for appends from other processes. */
  start(): void {
    if (this.consumer.isStarted) return;
    this.stopped = false;
    this.consumer.start();
    // The first run restores the memory and applies the log up to the head: not ready until it settles (its
    // error, if any, is the consumer's lastError; another process holding the lock leaves this one standing by).
    this.startingUp = true;
    const settled = () => {
      this.startingUp = false;
    };
    this.catchUp().then(settled, settled);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const stopping = this.consumer.stop();
    await this.abandonRecompute();
    await stopping;
    this.lock.release();
  }

  /** Takes the writer lock, or refuses with PROJECTOR_LOCKED naming the process that keeps the read models. */
  claimWriter(): void {
    this.lock.acquire();
  }

  /** Takes the writer lock if no live process holds it; false when another one keeps the read models. */
  tryBecomeWriter(): boolean {
    return this.lock.tryAcquire() === undefined;
  }

  /**
   * The lowest checkpoint among `names` (every projection by default) as stored, which every process
   * shares. A projection among them that failed before `position` answers PROJECTION_FAILED.
   */
  private appliedFor(position: bigint, names: readonly string[] | undefined): bigint {
    const stored = this.checkpointsByName();
    let applied: bigint | undefined;
    for (const projection of this.projections) {
      if (names && !names.includes(projection.name)) continue;
      const row = stored.get(projection.name);
      const at = row && Number(row.version) === projection.version ? BigInt(row.position) : 0n;
      const failure = row && failureOf(row);
      if (failure && at < position) {
        throw new DomainError(
          'PROJECTION_FAILED',
          `The ${projection.name} read model stopped at position ${failure.position}: ${failure.error}`,
          {
            projection: projection.name,
            position: failure.position.toString(),
            error: failure.error,
            retryAfterSeconds: 60,
          },
        );
      }
      if (applied === undefined || at < applied) applied = at;
    }
    return applied ?? position;
  }

  /**
   * Resolves once the read models (or the named ones) have applied `position` (read-your-writes for
   * `?after=`). It reads the shared checkpoints, so a process that does not project waits on the one
   * that does. Waits at most `timeoutMs`, then answers READ_MODEL_BEHIND so the client can retry.
   */
  async waitFor(position: bigint, timeoutMs: number, names?: readonly string[]): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let applied = this.appliedFor(position, names);
    if (applied >= position) return;
    if (position > (await this.store.headPosition())) {
      throw new DomainError('VALIDATION_FAILED', `after=${position} is beyond the newest position in the log`, {
        fields: [{ field: 'after', rule: 'notAfterHead', message: 'after must not be beyond the newest position' }],
      });
    }
    for (;;) {
      // Checked right before listening (synchronously), so a batch applied meanwhile is never missed.
      applied = this.appliedFor(position, names);
      if (applied >= position) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new DomainError(
          'READ_MODEL_BEHIND',
          `The read models have not reached position ${position} yet; retry shortly`,
          {
            position: position.toString(),
            applied: applied.toString(),
            retryAfterSeconds: 1,
          },
        );
      }
      await this.nextApplied(Math.min(remaining, this.readerPollMs));
    }
  }

  /** Resolves when this process applies a batch, or after `ms` (to look at what another process applied). */
  private nextApplied(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribeHere = this.consumer.onApplied(done);
      const unsubscribeElsewhere = this.appliedSignal.on(done);
      const unsubscribe = () => {
        unsubscribeHere();
        unsubscribeElsewhere();
      };
    });
  }

  /** Projections that stopped at an event they cannot apply, as stored (every process sees them). */
  failures(): { name: string; failure: ProjectionFailure }[] {
    const stored = this.checkpointsByName();
    return this.projections.flatMap((projection) => {
      const row = stored.get(projection.name);
      const failure = row && failureOf(row);
      return failure ? [{ name: projection.name, failure }] : [];
    });
  }

  /**
   * Zero-downtime rebuild: fresh tables are built from position 0 in a scratch database (in a worker
   * thread when configured) while the live ones keep serving and following the log; then, in one
   * transaction, the live tables take the fresh rows and the projections not rebuilt apply the tail,
   * so readers switch from old to new at once. A rebuilt projection with memory stays held until its
   * memory is replayed (batch by batch, yielding), then goes on from the swap. A projection that fails
   * again in the scratch build stops the rebuild with PROJECTION_REBUILD_FAILED. An operator's rebuild (`asked`)
   * is recorded beside the checkpoints until it ends here, so one that a stop or a crash cuts short runs again at
   * the next start of a process that follows the log (`resumeAskedRebuild`).
   */
  async rebuild(
    options: {
      only?: readonly string[];
      scratchDir?: string;
      onProgress?: (progress: RebuildProgress) => void;
      kind?: RebuildProgress['kind'];
      asked?: 'now' | 'before a restart';
    } = {},
  ): Promise<void> {
    const names = options.only ?? this.projections.map((projection) => projection.name);
    // An operator's rebuild asked for during a recomputation starts once the recomputation is done.
    if (options.kind !== 'recompute' && this.recomputing) {
      this.knownProjections(names);
      await this.recomputing;
    }
    const chosen = this.rebuildable(names);
    this.lock.acquire();
    this.prepareWriter();
    const startedAt = Date.now();
    if (options.asked) this.markAsked(chosen, new Date(startedAt).toISOString());
    const total = await this.store.headPosition();
    let done = 0n;
    const report = (state: RebuildProgress['state'], error?: unknown) => {
      this.rebuildProgress = progressOf({
        names,
        kind: options.kind ?? 'rebuild',
        state,
        done,
        total,
        startedAt,
        resumed: options.asked === 'before a restart',
        error,
      });
      options.onProgress?.(this.rebuildProgress);
    };
    let held: ReadonlySet<string>;
    for (let attempt = 1; ; attempt += 1) {
      try {
        held = await this.buildAndSwap(chosen, options, (reached, state) => {
          done = reached;
          report(state);
        });
        break;
      } catch (error) {
        // A rule set reaching back was appended during the build: build again, knowing it from the start.
        if (error instanceof BuildRestart && attempt < 5) continue;
        report('failed', error);
        // A failure ends it (the operator asks again); a stop only interrupts it.
        if (options.asked && !this.stopped) this.markAsked(chosen, null);
        this.releaseIfIdle();
        throw error;
      }
    }
    report('restoring');
    await this.restoreRebuilt(chosen.filter((projection) => held.has(projection.name)));
    report('done');
    if (options.asked) this.markAsked(chosen, null);
    if (this.consumer.isStarted) this.catchUp().catch(() => undefined);
    else this.releaseIfIdle();
  }

  /**
   * Starts a rebuild and answers once it is under way, or refused before any work (an unknown projection, a
   * rebuild already running): an operator's request is answered at once, its progress shown by rebuildStatus.
   */
  async startRebuild(options: { only?: readonly string[] } = {}): Promise<{ done: Promise<void> }> {
    const done = this.rebuild({ ...options, asked: 'now' });
    const early = await Promise.race([
      done.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
    ]);
    if (early) throw early.error;
    return { done };
  }

  /**
   * The scratch build: with worker threads, in parts side by side (one per core), each into its own
   * database; on this thread, one part.
   */
  private openBuild(
    parts: readonly BuildPart[],
    kind: RebuildProgress['kind'],
    chosenSources: ReadonlyMap<string, BuildSource>,
    onProgress: (done: bigint) => void,
  ): ScratchBuild {
    const batchSize = Math.max(this.batchSize, scratchBatchSize);
    const { worker, store, db: live } = this;
    // A recomputation may start from the live rows at a snapshot; an operator's rebuild builds from 0.
    const sources = kind === 'recompute' ? chosenSources : new Map<string, BuildSource>();
    if (!worker) {
      const [part] = parts as [BuildPart];
      const { projections } = part;
      const builderOf = (db: Database.Database) =>
        new Projector({ store, db, projections, batchSize, building: true, sources, live });
      return new InProcessBuild(part.path, builderOf, onProgress);
    }
    return new ParallelBuild(
      parts.length,
      (index, progress) => {
        const part = parts[index]!;
        const names = part.projections.map((projection) => projection.name);
        const sent = workerSources(sources, names);
        const livePath = live.memory ? undefined : live.name;
        return new WorkerBuild(worker, names, part.path, { batchSize, onProgress: progress, sources: sent, livePath });
      },
      onProgress,
    );
  }

  /** The live sources of the projections chosen for a build (their snapshot folders, their rows). */
  private async buildSources(chosen: readonly Projection[]): Promise<Map<string, BuildSource>> {
    const sources = new Map<string, BuildSource>();
    for (const entry of this.entries) {
      if (!chosen.includes(entry.projection)) continue;
      const source = await entry.binding.buildSource?.();
      if (source) sources.set(entry.projection.name, source);
    }
    return sources;
  }

  /**
   * The projections split for a build in worker threads: those that read ahead (the commission engine,
   * about as much work as all the others together) in one part, the rest in another.
   */
  private buildParts(chosen: readonly Projection[], folder: string): BuildPart[] {
    const ahead = chosen.filter((projection) => projection.lookahead);
    const rest = chosen.filter((projection) => !projection.lookahead);
    const groups = this.worker ? [ahead, rest].filter((group) => group.length > 0) : [chosen];
    return groups.map((projections, index) => ({ projections, path: join(folder, `read-models-${index}.sqlite`) }));
  }

  /**
   * Builds the scratch database to the head, saving the built memory as snapshots for the live
   * projections that keep them; then pauses this projector, catches the build up and swaps. A rebuilt
   * projection whose memory was saved loads it (and replays the short tail after it) before this
   * projector goes on; the others stay held for `restoreRebuilt`, whose names this returns.
   */
  private async buildAndSwap(
    chosen: readonly Projection[],
    options: { readonly scratchDir?: string; readonly kind?: RebuildProgress['kind'] },
    report: (done: bigint, state: RebuildProgress['state']) => void,
  ): Promise<ReadonlySet<string>> {
    // A disk without even the room a swap keeps for the log refuses the build before it runs, not after.
    if (!this.db.memory) assertRoomToSwap(this.db.name, []);
    const folder = makeScratchFolder('rebuild', options.scratchDir);
    const parts = this.buildParts(chosen, folder);
    const sources = await this.buildSources(chosen);
    const kind = options.kind ?? 'rebuild';
    const opened = this.openBuild(parts, kind, sources, (done) => report(done, 'building'));
    let closing: Promise<void> | undefined;
    // Closed before the swap, so the build workers' heaps are gone before the copy starts.
    const build: ScratchBuild = {
      catchUp: (...args) => opened.catchUp(...args),
      close: () => (closing ??= opened.close()),
    };
    this.build = build;
    const abandoned = () => {
      if (this.closing) throw new DomainError('PROJECTOR_LOCKED', 'The projector stopped during the rebuild');
    };
    try {
      report(0n, 'building');
      const head = await this.store.headPosition();
      // A snapshot the build saves carries the live chain's link at its position (CommissionSnapshots).
      if (sources.size > 0) await this.extendChainTo(head);
      const built = await build.catchUp(head, snapshotFolders(sources));
      report(built.position, 'swapping');
      await this.onSwapStep?.('built');
      abandoned();
      await this.consumer.pause();
      const { position } = await build.catchUp(await this.store.headPosition());
      abandoned();
      await build.close();
      // The memory of the projections rebuilt is replaced after the swap: replaying the old one is wasted.
      await this.becomeWriter(new Set(chosen));
      const held = new Set(
        chosen.filter((projection) => this.hasMemory(projection) && !built.saved.includes(projection.name)),
      );
      const promotions = chosen.map((projection) =>
        promotionOf(projection, held.has(projection), tailOf(projection, parts, built.startedFrom)),
      );
      if (!this.db.memory)
        assertRoomToSwap(
          this.db.name,
          parts.map((part) => part.path),
        );
      if (this.worker && !this.db.memory) await this.swapInWorker(position, parts, promotions);
      else await this.swapIn(position, parts, promotions);
      this.appliedSignal.post();
      this.restoreAfterSwap.clear();
      report(position, 'restoring');
      await this.restoreRebuilt(chosen.filter((projection) => !held.has(projection)));
      return new Set([...held].map((projection) => projection.name));
    } finally {
      this.restoreLeftOut();
      this.consumer.resume();
      this.build = undefined;
      await build.close();
      // Off the API's thread: unlinking a scratch database of a million events held it for a quarter second.
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** No swap after all: the memory left out for it is replayed before the next batch, as at any start. */
  private restoreLeftOut(): void {
    if (this.restoreAfterSwap.size === 0) return;
    this.restoring ??= new Set();
    for (const entry of this.restoreAfterSwap) {
      entry.binding.reset();
      this.restoring.add(entry.binding);
      // As if never restored: one with no rows yet learns its lookahead events again.
      this.memoryAt.delete(entry.projection.name);
    }
    this.restoreAfterSwap.clear();
    this.restored = undefined;
  }

  private hasMemory(projection: Projection): boolean {
    return this.entries.some((entry) => entry.projection === projection && entry.binding.restore !== noop);
  }

  /**
   * The copy and swap in a worker thread with its own connection to this database (swap.ts): this
   * thread only waits, its readers answering from the old rows until the swap commits. The projections
   * not rebuilt are not moved in the swap: they apply the tail in the next batches, from their checkpoints.
   */
  private async swapInWorker(position: bigint, parts: readonly BuildPart[], promotions: readonly Promotion[]) {
    await this.extendChainTo(position);
    const resumeHeartbeat = this.lock.suspendHeartbeat();
    const swap = new SwapWorker({
      livePath: this.db.name,
      owner: this.lock.owner,
      parts: parts.map((part) => ({ path: part.path, tables: stagedOf(part, promotions) })),
    });
    try {
      await swap.filled();
      await this.onSwapStep?.('filled');
      await swap.promote(position, promotions);
      await this.onSwapStep?.('promoted');
    } catch (error) {
      await swap.close();
      const tables = promotions.flatMap((promotion) => promotion.tables);
      abandonStaging(this.db, tables);
      throw error;
    } finally {
      await swap.close();
      resumeHeartbeat();
    }
    const stored = this.checkpointsByName();
    this.position = this.lowestApplied(stored);
    for (const [name, row] of stored) this.memoryAt.set(name, BigInt(row.position));
  }

  /** After a swap: the rebuilt projections' memory is replayed up to the swap, then they are let go. */
  private async restoreRebuilt(chosen: readonly Projection[]): Promise<void> {
    const stored = this.checkpointsByName();
    const entries = this.entries.filter((entry) => chosen.includes(entry.projection));
    for (const entry of entries) entry.binding.reset();
    const withMemory = entries.filter((entry) => entry.binding.restore !== noop);
    await this.replayMemory(
      withMemory.map((entry) => ({ ...entry, until: BigInt(stored.get(entry.projection.name)!.position) })),
    );
    for (const entry of withMemory) this.markRecompute.run(null, null, entry.projection.name);
  }

  /**
   * Starts the recomputation of the projections held for one (in the background: this projector keeps
   * applying the log to the others), unless a rebuild runs or the last attempt failed a moment ago.
   */
  private recomputeHeld(force = false): Promise<void> | undefined {
    if (this.building || this.recomputing || this.isRebuilding()) return this.recomputing;
    if (!force && Date.now() < this.recomputeRetryAt) return undefined;
    const held = this.projectionStatuses().filter((status) => status.recompute && !status.failure);
    if (held.length === 0) return undefined;
    this.recomputing = (async () => {
      // Out of the batch transaction that found the event first.
      await yieldToEventLoop();
      try {
        await this.rebuild({ only: held.map((status) => status.name), kind: 'recompute' });
        this.recomputeError = undefined;
      } catch (error) {
        this.recomputeError = error;
        this.recomputeRetryAt = Date.now() + 5000;
      } finally {
        this.recomputing = undefined;
      }
    })();
    return this.recomputing;
  }

  /** For a projector that does not follow the log: recomputes what is held, then applies what came meanwhile. */
  private async settleRecomputations(): Promise<void> {
    if (this.consumer.isStarted || this.building) return;
    for (let round = 0; round < 10; round += 1) {
      const running = this.recomputing ?? this.recomputeHeld(true);
      if (!running) return;
      await running;
      if (this.recomputeError !== undefined) throw this.recomputeError as Error;
      await this.catchUp();
    }
  }

  /** Stops a recomputation under way without swapping; the held projection recomputes at the next start. */
  private async abandonRecompute(): Promise<void> {
    if (!this.recomputing) return;
    this.closing = true;
    await this.build?.close();
    await this.recomputing;
    this.closing = false;
  }

  private markAsked(projections: readonly Projection[], askedAt: string | null): void {
    this.db
      .transaction(() => {
        for (const projection of projections) this.markRebuildAsked.run(askedAt, projection.name);
      })
      .immediate();
  }

  /**
   * Runs again, once per start of a process that follows the log, the operator's rebuild that a stop or a crash
   * cut short (recorded by `rebuild`): the operator asked for rows rebuilt, and the old ones are all they have.
   */
  private resumeAskedRebuild(): void {
    if (this.askedResumed || !this.consumer.isStarted || this.building) return;
    this.askedResumed = true;
    const asked = [...this.checkpointsByName().values()].filter((row) => row.rebuild_asked_at !== null);
    const names = asked.map((row) => row.name).filter((name) => this.projections.some((each) => each.name === name));
    if (names.length === 0) return;
    // Out of the run that became the writer; its end is told like any rebuild's (rebuildStatus).
    void yieldToEventLoop()
      .then(() => this.rebuild({ only: names, asked: 'before a restart' }))
      .catch(() => undefined);
  }

  private isRebuilding(): boolean {
    const state = this.rebuildProgress?.state;
    return state === 'building' || state === 'swapping' || state === 'restoring';
  }

  /**
   * A scratch build's progress, after every batch it reads ahead or applies: in positions of one pass over
   * the log up to where it stops (`progressOf`), so the reading ahead counts too.
   */
  onProgress(listener: (position: bigint) => void): () => void {
    const applied = (position: bigint) => {
      const passes = this.passes;
      // Projections of the same build that start from 0 catch up to `from` first: no progress until then.
      const beyond = passes && position > passes.from ? position - passes.from : 0n;
      listener(passes ? this.progressOf(passes.read + beyond) : position);
    };
    const unsubscribe = this.consumer.onApplied(applied);
    this.progress.on('progress', listener);
    return () => {
      unsubscribe();
      this.progress.off('progress', listener);
    };
  }

  /**
   * A scratch build: writes the memory of the projections named in `dirs` as a snapshot into each one's
   * folder and answers the names of those written; one that cannot be written is reported and left out, and one
   * may decline (its live projection then replays the log after the swap from a snapshot of its own, or from 0).
   */
  async saveSnapshots(dirs: ReadonlyMap<string, string>): Promise<string[]> {
    const saved: string[] = [];
    for (const entry of this.entries) {
      const dir = dirs.get(entry.projection.name);
      if (!dir || !entry.binding.saveSnapshot) continue;
      try {
        if (await entry.binding.saveSnapshot(dir, this.live)) saved.push(entry.projection.name);
      } catch (error) {
        process.emitWarning(`The rebuilt ${entry.projection.name} snapshot was not written: ${messageOf(error)}`);
      }
    }
    return saved;
  }

  /** A scratch build that hit an event it cannot apply stops the rebuild, naming it. */
  assertBuilt(): void {
    this.assertNoFailure();
  }

  /** The projections named for a rebuild, refused when one is unknown or a rebuild is running. */
  private rebuildable(names: readonly string[]): Projection[] {
    if (this.isRebuilding()) {
      throw new DomainError('REBUILD_IN_PROGRESS', 'A rebuild is already running; watch GET /admin/projections');
    }
    return this.knownProjections(names);
  }

  private knownProjections(names: readonly string[]): Projection[] {
    const known = this.projections.map((projection) => projection.name);
    const unknown = names.find((name) => !known.includes(name));
    if (unknown !== undefined) {
      throw new DomainError('PROJECTION_UNKNOWN', `There is no projection named ${unknown}`, {
        projection: unknown,
        known,
      });
    }
    return this.projections.filter((projection) => names.includes(projection.name));
  }

  /** A scratch build that hit an event it cannot apply stops the rebuild, naming it. */
  private assertNoFailure(): void {
    const failed = this.failures()[0];
    if (!failed) return;
    throw new DomainError(
      'PROJECTION_REBUILD_FAILED',
      `The rebuild of ${failed.name} cannot apply the event at position ${failed.failure.position}: ` +
        failed.failure.error,
      { projection: failed.name, position: failed.failure.position.toString(), error: failed.failure.error },
    );
  }

  /** The events after this projector's position up to `position`, for the projections not rebuilt. */
  private async readTail(position: bigint): Promise<StoredEvent[]> {
    const tail: StoredEvent[] = [];
    for (let after = this.position; after < position;) {
      const batch = await this.store.readAll({ after, limit: this.batchSize });
      if (batch.length === 0) break;
      for (const event of batch) if (event.position <= position) tail.push(event);
      after = batch.at(-1)!.position;
    }
    return tail;
  }

  /**
   * Extends the hash chain up to `position` batch by batch, each in its own transaction, before the
   * swap: the chain needs every event, the swap none when every projection was rebuilt.
   */
  private async extendChainTo(position: bigint): Promise<void> {
    const head = this.db.prepare<[], { position: bigint | null }>('SELECT max(position) AS position FROM log_chain');
    for (let after = head.get()?.position ?? 0n; after < position;) {
      const batch = await this.store.readAll({ after, limit: scratchBatchSize });
      const events = batch.filter((event) => event.position <= position);
      if (events.length === 0) break;
      this.db.transaction(() => {
        this.lock.assertHeld();
        this.chain.extend(events);
      })();
      after = events.at(-1)!.position;
      await yieldToEventLoop();
    }
  }

  /** The copy (in batches, yielding) and the swap on this thread, the others applying the tail in the swap. */
  private async swapIn(position: bigint, parts: readonly BuildPart[], promotions: readonly Promotion[]) {
    const chosen = parts.flatMap((part) => part.projections);
    const rebuilt = new Set(chosen.map((projection) => projection.name));
    await this.extendChainTo(position);
    const behind = this.entries.some((entry) => !rebuilt.has(entry.projection.name));
    const tail = behind ? await this.readTail(position) : [];
    const failed = new Set<string>();
    const tables = chosen.flatMap((projection) => projection.tables);
    const attach = this.db.prepare('ATTACH DATABASE ? AS ?');
    parts.forEach((part, index) => attach.run(part.path, `rebuilt${index}`));
    try {
      // The copy, batch by batch off the swap transaction, which then only drops and renames.
      for (const [index, part] of parts.entries()) {
        await fillStaging(this.db, `rebuilt${index}`, stagedOf(part, promotions), () => this.lock.assertHeld());
      }
      this.db
        .transaction(() => {
          this.lock.assertHeld();
          this.chain.extend(tail);
          for (const entry of this.entries) {
            if (rebuilt.has(entry.projection.name) || tail.length === 0) continue;
            if (!this.applyEntry(entry, tail, position)) failed.add(entry.projection.name);
          }
          promoteRebuilt(this.db, promotions, position);
        })
        .immediate();
    } catch (error) {
      for (const entry of this.entries) if (!rebuilt.has(entry.projection.name)) entry.binding.rollback();
      abandonStaging(this.db, tables);
      throw error;
    } finally {
      for (const index of parts.keys()) this.db.exec(`DETACH DATABASE rebuilt${index}`);
    }
    for (const entry of this.entries) {
      if (!rebuilt.has(entry.projection.name) && !failed.has(entry.projection.name)) entry.binding.commit();
    }
    this.position = position;
    for (const [name, row] of this.checkpointsByName()) this.memoryAt.set(name, BigInt(row.position));
  }

  /** Each projection's version, checkpoint and failure, as stored beside its rows. */
  projectionStatuses(): ProjectionStatus[] {
    const stored = this.checkpointsByName();
    return this.projections.map((projection) => {
      const row = stored.get(projection.name);
      const failure = row && failureOf(row);
      const recompute = row && recomputeOf(row);
      return {
        name: projection.name,
        version: row ? Number(row.version) : projection.version,
        position: row ? BigInt(row.position) : 0n,
        ...(failure ? { failure } : {}),
        ...(recompute ? { recompute } : {}),
      };
    });
  }

  /** Each projection's state for operators: failed, being rebuilt or recomputed, behind the head or caught up. */
  async projectionReports(): Promise<ProjectionReport[]> {
    const headPosition = await this.store.headPosition();
    const progress = this.isRebuilding() ? this.rebuildProgress : undefined;
    return this.projectionStatuses().map((status) => {
      const lag = headPosition > status.position ? headPosition - status.position : 0n;
      const underWay = progress?.projections.includes(status.name) ? progress : undefined;
      const state: ProjectionState = status.failure
        ? 'failed'
        : status.recompute || underWay?.kind === 'recompute'
          ? 'recomputing'
          : underWay
            ? 'rebuilding'
            : lag === 0n
              ? 'caught_up'
              : 'catching_up';
      return { ...status, lag, state, ...(underWay ? { progress: underWay } : {}) };
    });
  }

  /** The last rebuild's progress, while it runs and after it ends. */
  rebuildStatus(): RebuildProgress | undefined {
    return this.rebuildProgress;
  }

  async status(): Promise<ProjectorStatus> {
    const headPosition = await this.store.headPosition();
    const position = this.lowestApplied(this.checkpointsByName(), { currentVersionsOnly: true });
    const lag = headPosition > position ? headPosition - position : 0n;
    const failed = this.failures().map(({ name, failure }) => ({
      name,
      position: failure.position.toString(),
      error: failure.error,
    }));
    const error =
      this.lastError === undefined
        ? failed.map((entry) => `${entry.name} failed at position ${entry.position}: ${entry.error}`).join('; ')
        : messageOf(this.lastError);
    const starting = this.startingUp ? (this.restoringMemory ? 'restoring memory' : 'catching up') : undefined;
    const keeper = this.lock.liveHolder();
    return {
      ...(starting ? { starting } : {}),
      position,
      headPosition,
      lag,
      healthy: this.lastError === undefined && failed.length === 0,
      writer: this.lock.held,
      ...(keeper ? { keeper: `${keeper.label} (pid ${keeper.pid} on ${keeper.host})` } : {}),
      failed,
      ...(error ? { error } : {}),
    };
  }

  /** A digest of every projection's rows in primary-key order: equal digests, equal read models. */
  digest(): string {
    return readModelDigest(this.db, this.projections);
  }
}

function noop(): void {}

/** The sources a worker can open itself: those of a live database on disk, by path. */
function workerSources(sources: ReadonlyMap<string, BuildSource>, names: readonly string[]): WorkerSource[] {
  return [...sources]
    .filter(([name, source]) => names.includes(name) && !source.db.memory)
    .map(([name, source]) => ({ name, snapshotsDir: source.snapshotsDir, path: source.db.name }));
}

function progressOf(at: {
  names: readonly string[];
  kind: RebuildProgress['kind'];
  state: RebuildProgress['state'];
  done: bigint;
  total: bigint;
  startedAt: number;
  resumed: boolean;
  error?: unknown;
}): RebuildProgress {
  const seconds = (Date.now() - at.startedAt) / 1000;
  const ratePerSecond = seconds > 0 ? Number(at.done) / seconds : 0;
  const remaining = at.total > at.done ? Number(at.total - at.done) : 0;
  const error = at.error;
  return {
    projections: at.names,
    kind: at.kind,
    state: at.state,
    done: at.done,
    total: at.total,
    ratePerSecond: Math.round(ratePerSecond),
    etaSeconds: ratePerSecond > 0 ? Math.round(remaining / ratePerSecond) : null,
    startedAt: new Date(at.startedAt).toISOString(),
    ...(at.resumed ? { resumed: true } : {}),
    ...(error === undefined
      ? {}
      : { error: messageOf(error), ...(error instanceof DomainError ? { code: error.code } : {}) }),
  };
}

function promotionOf(projection: Projection, held: boolean, tail: Tail | undefined): Promotion {
  return { name: projection.name, tables: projection.tables, schema: projection.schema, held, ...(tail && { tail }) };
}

/** The tables of a part copied into staging tables (a recomputation's tail is merged at the swap instead). */
function stagedOf(part: BuildPart, promotions: readonly Promotion[]): string[] {
  const staged = stagedTables(promotions);
  return part.projections.flatMap((projection) => projection.tables).filter((table) => staged.has(table));
}

/** A recomputation of `projection` that started from a position: the rows its scratch build holds (its tail). */
function tailOf(projection: Projection, parts: readonly BuildPart[], startedFrom: ReadonlyMap<string, bigint>) {
  const from = startedFrom.get(projection.name);
  if (from === undefined || !projection.rowsWrittenAfter) return undefined;
  const index = parts.findIndex((part) => part.projections.includes(projection));
  return { scratch: `rebuilt${index}`, from, rowsWrittenAfter: projection.rowsWrittenAfter };
}

function toBinding(bound: ((event: StoredEvent) => void) | ProjectionBinding): ProjectionBinding {
  if (typeof bound !== 'function') return bound;
  return { apply: bound, restore: noop, commit: noop, rollback: noop, reset: noop };
}

export function readModelDigest(db: Database.Database, projections: readonly Projection[]): string {
  const hash = createHash('sha256');
  for (const projection of projections) {
    for (const table of projection.tables) {
      hash.update(`\u0000${table}\u0000`);
      const columns = db.prepare(`SELECT count(*) AS count FROM pragma_table_info(?)`).get(table) as { count: bigint };
      const order = Array.from({ length: Number(columns.count) }, (_, index) => index + 1).join(', ');
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate()) {
        hash.update(
          JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
        );
      }
    }
  }
  return hash.digest('hex');
}

/** The live snapshot folders of a build's projections, for their scratch build to save its memory into. */
function snapshotFolders(sources: ReadonlyMap<string, BuildSource>): ReadonlyMap<string, string> | undefined {
  const folders = new Map([...sources].map(([name, source]) => [name, source.snapshotsDir] as const));
  return folders.size > 0 ? folders : undefined;
}
