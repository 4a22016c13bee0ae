import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DomainError } from '#domain';
import {
  CheckpointedConsumer,
  logBatches,
  openScratchDatabase,
  type EventStore,
  type LogBatch,
  type StoredEvent,
} from '#event-store';
import { LogChain } from './log-chain.js';
import type { Projection, ProjectionBinding } from './projection.js';
import { makeScratchFolder } from './scratch.js';
import { WriterLock } from './writer-lock.js';

export interface ProjectorOptions {
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly projections: readonly Projection[];
  readonly batchSize?: number;
  /** How often to look for events appended by other processes; local appends wake it at once. */
  readonly pollIntervalMs?: number;
  /** How often a process that does not project reads the shared checkpoints while it waits. */
  readonly readerPollMs?: number;
  /** Who this projector is, recorded with the writer lock and shown to a process it refuses. */
  readonly label?: string;
  /** Applies nothing past this position (a verification builds up to a snapshot's position). */
  readonly untilPosition?: bigint;
}

/** Progress of a rebuild, for GET /admin/projections and the CLI's progress bar. */
export interface RebuildProgress {
  readonly projections: readonly string[];
  readonly state: 'building' | 'swapping' | 'done' | 'failed';
  /** Positions applied so far and the head when the rebuild started (events, on SQLite). */
  readonly done: bigint;
  readonly total: bigint;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly startedAt: string;
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
}

export type ProjectionState = 'caught_up' | 'catching_up' | 'rebuilding' | 'failed';

export interface ProjectionReport extends ProjectionStatus {
  readonly lag: bigint;
  readonly state: ProjectionState;
}

export interface ProjectorStatus {
  readonly position: bigint;
  readonly headPosition: bigint;
  readonly lag: bigint;
  /** No error in the last run and no failed projection. */
  readonly healthy: boolean;
  /** Whether this process holds the writer lock (a process without it only reads the checkpoints). */
  readonly writer: boolean;
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
}

interface Entry {
  readonly projection: Projection;
  readonly binding: ProjectionBinding;
}

const checkpointSchema = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position TEXT NOT NULL,
    failed_position TEXT,
    failed_error TEXT,
    failed_at TEXT
  );
`;

/** Databases made before projections could fail lack the failure columns. */
function migrateCheckpoints(db: Database.Database): void {
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('projection_checkpoints')")
      .all()
      .map((column) => column.name),
  );
  for (const column of ['failed_position', 'failed_error', 'failed_at']) {
    if (!columns.has(column)) db.exec(`ALTER TABLE projection_checkpoints ADD COLUMN ${column} TEXT`);
  }
}

/**
 * A projection's checkpoint as stored in the shared table (0 before it has one): its rows are complete
 * up to this position, in every process that reads the database.
 */
export function projectionCheckpoint(db: Database.Database, name: string): bigint {
  const row = db
    .prepare<[string], { position: string }>('SELECT position FROM projection_checkpoints WHERE name = ?')
    .get(name);
  return row ? BigInt(row.position) : 0n;
}

/** Errors of the machine, not of an event: the whole batch is retried instead of failing a projection. */
const environmentalCodes = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM|READONLY|CANTOPEN|INTERRUPT|PROTOCOL|CORRUPT|NOTADB)/;

function isEnvironmental(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'PROJECTOR_LOCKED';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && environmentalCodes.test(code);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  private rebuildProgress: RebuildProgress | undefined;
  position = 0n;

  constructor(options: ProjectorOptions) {
    this.store = options.store;
    this.db = options.db;
    this.projections = options.projections;
    this.batchSize = options.batchSize ?? 500;
    this.readerPollMs = options.readerPollMs ?? 20;
    this.consumer = new CheckpointedConsumer<LogBatch>({
      store: this.store,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      checkpoint: () => this.position,
      readBatch: logBatches(this.store, this.batchSize, { untilPosition: options.untilPosition }),
      handleBatch: (batch) => {
        this.commitBatch(batch.events);
        this.position = batch.through;
      },
      beforeRun: () => this.becomeWriter(),
      afterRun: () => this.releaseIfIdle(),
      // A background run's error is kept for status(); the next wake-up or poll tries again.
      onError: () => undefined,
    });
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

  /** The lowest checkpoint among the projections still moving (all of them when every one failed). */
  private lowestApplied(stored: Map<string, CheckpointRow>, options: { currentVersionsOnly?: boolean } = {}): bigint {
    const positions = (healthyOnly: boolean) =>
      this.projections.flatMap((projection) => {
        const row = stored.get(projection.name);
        if (!row || (options.currentVersionsOnly && Number(row.version) !== projection.version)) return [0n];
        return healthyOnly && row.failed_position !== null ? [] : [BigInt(row.position)];
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
        'failed_position = NULL, failed_error = NULL, failed_at = NULL',
    );
    this.db
      .transaction(() => {
        for (const projection of this.projections) {
          const checkpoint = this.readCheckpoint.get(projection.name);
          if (!checkpoint || Number(checkpoint.version) !== projection.version) {
            for (const table of [...projection.tables].reverse()) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
            this.db.exec(projection.schema);
            upsert.run(projection.name, projection.version, '0');
          }
        }
      })
      .immediate();
    this.entries = this.projections.map((projection) => ({ projection, binding: toBinding(projection.bind(this.db)) }));
    this.applyBatch = this.db.transaction((batch: readonly StoredEvent[]) => {
      this.lock.assertHeld();
      this.chain.extend(batch);
      const through = batch.at(-1)!.position;
      const failed = new Set<string>();
      for (const entry of this.entries) if (!this.applyEntry(entry, batch, through)) failed.add(entry.projection.name);
      return failed;
    });
    this.prepared = true;
  }

  /**
   * Applies the events past the projection's checkpoint in a savepoint and advances it to `through`.
   * An event it cannot apply rolls the projection back and marks it failed at that event; false then.
   */
  private applyEntry(entry: Entry, events: readonly StoredEvent[], through: bigint): boolean {
    const stored = this.readCheckpoint.get(entry.projection.name)!;
    if (stored.failed_position !== null) return false;
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
      if (before.length === 0 || this.applyEntry(entry, before, before.at(-1)!.position)) {
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
  }

  private restore(): Promise<void> {
    this.restored ??= (async () => {
      const wanted = this.restoring;
      const entries = this.entries
        .map((entry) => ({
          binding: entry.binding,
          until: BigInt(this.readCheckpoint.get(entry.projection.name)!.position),
        }))
        .filter(
          (entry) => entry.until > 0n && entry.binding.restore !== noop && (!wanted || wanted.has(entry.binding)),
        );
      this.restoring = undefined;
      const until = entries.reduce((high, entry) => (entry.until > high ? entry.until : high), 0n);
      let after = 0n;
      while (after < until) {
        const batch = await this.store.readAll({ after, limit: this.batchSize });
        if (batch.length === 0) break;
        for (const event of batch) {
          for (const entry of entries) if (event.position <= entry.until) entry.binding.restore(event);
        }
        after = batch.at(-1)!.position;
      }
      for (const entry of entries) entry.binding.commit();
    })();
    return this.restored;
  }

  /**
   * Takes the writer lock and lines this projector up with the stored checkpoints: memory whose
   * checkpoint another writer moved (a takeover after this one lost the lock) is replayed from the log.
   */
  private async becomeWriter(): Promise<void> {
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
      this.restoring = moved;
      this.restored = undefined;
    }
    await this.restore();
    for (const [name, row] of stored) this.memoryAt.set(name, BigInt(row.position));
    this.position = this.lowestApplied(stored);
  }

  /** Applies everything appended so far, in bounded batches; concurrent callers share one run. */
  runUntilCaughtUp(): Promise<void> {
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
    const rebuilding = this.rebuildProgress?.state === 'building' || this.rebuildProgress?.state === 'swapping';
    if (!this.consumer.isStarted && !this.consumer.isRunning && !rebuilding) this.lock.release();
  }

  /** Follows the log: wakes on local appends and polls for appends from other processes. */
  start(): void {
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
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
      const unsubscribe = this.consumer.onApplied(done);
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
   * Zero-downtime rebuild: fresh tables are built from position 0 in a scratch database while the live
   * ones keep serving and following the log; then, in one transaction, the live tables take the fresh
   * rows and the projections not rebuilt apply the tail, so readers switch from old to new at once.
   * A projection that fails again in the scratch build stops the rebuild with PROJECTION_REBUILD_FAILED.
   */
  async rebuild(
    options: { only?: readonly string[]; scratchDir?: string; onProgress?: (progress: RebuildProgress) => void } = {},
  ): Promise<void> {
    const names = options.only ?? this.projections.map((projection) => projection.name);
    const chosen = this.rebuildable(names);
    this.lock.acquire();
    this.prepareWriter();
    const folder = makeScratchFolder('rebuild', options.scratchDir);
    const path = join(folder, 'read-models.sqlite');
    const builderDb = openScratchDatabase(path);
    const builder = new Projector({ store: this.store, db: builderDb, projections: chosen, batchSize: this.batchSize });
    const startedAt = Date.now();
    const total = await this.store.headPosition();
    const report = (state: RebuildProgress['state'], error?: unknown) => {
      const seconds = (Date.now() - startedAt) / 1000;
      const done = builder.position;
      const ratePerSecond = seconds > 0 ? Number(done) / seconds : 0;
      const remaining = total > done ? Number(total - done) : 0;
      this.rebuildProgress = {
        projections: names,
        state,
        done,
        total,
        ratePerSecond: Math.round(ratePerSecond),
        etaSeconds: ratePerSecond > 0 ? Math.round(remaining / ratePerSecond) : null,
        startedAt: new Date(startedAt).toISOString(),
        ...(error === undefined
          ? {}
          : { error: messageOf(error), ...(error instanceof DomainError ? { code: error.code } : {}) }),
      };
      options.onProgress?.(this.rebuildProgress);
    };
    const unsubscribe = builder.consumer.onApplied(() => report('building'));
    try {
      report('building');
      await builder.runUntilCaughtUp();
      builder.assertNoFailure();
      report('swapping');
      await this.consumer.pause();
      await builder.runUntilCaughtUp();
      builder.assertNoFailure();
      await this.becomeWriter();
      await this.swapIn(builder, chosen, path);
      report('done');
    } catch (error) {
      report('failed', error);
      this.releaseIfIdle();
      throw error;
    } finally {
      this.consumer.resume();
      unsubscribe();
      await builder.stop();
      builderDb.close();
      rmSync(folder, { recursive: true, force: true });
    }
    // Memory that could not be handed over is replayed now, so the projector is whole when this returns.
    await this.restore();
    if (this.consumer.isStarted) this.runUntilCaughtUp().catch(() => undefined);
    else this.releaseIfIdle();
  }

  /** The projections named for a rebuild, refused when one is unknown or a rebuild is running. */
  private rebuildable(names: readonly string[]): Projection[] {
    if (this.rebuildProgress?.state === 'building' || this.rebuildProgress?.state === 'swapping') {
      throw new DomainError('REBUILD_IN_PROGRESS', 'A rebuild is already running; watch GET /admin/projections');
    }
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

  private async swapIn(builder: Projector, chosen: readonly Projection[], path: string): Promise<void> {
    const tail: StoredEvent[] = [];
    for (let after = this.position; after < builder.position;) {
      const batch = await this.store.readAll({ after, limit: this.batchSize });
      if (batch.length === 0) break;
      for (const event of batch) if (event.position <= builder.position) tail.push(event);
      after = batch.at(-1)!.position;
    }
    const rebuilt = new Set(chosen.map((projection) => projection.name));
    const replace = this.db.prepare(
      'UPDATE projection_checkpoints SET position = ?, failed_position = NULL, failed_error = NULL, failed_at = NULL ' +
        'WHERE name = ?',
    );
    const failed = new Set<string>();
    this.db.prepare('ATTACH DATABASE ? AS rebuilt').run(path);
    try {
      this.db
        .transaction(() => {
          this.lock.assertHeld();
          this.chain.extend(tail);
          for (const entry of this.entries) {
            if (!rebuilt.has(entry.projection.name)) {
              if (tail.length > 0 && !this.applyEntry(entry, tail, builder.position)) failed.add(entry.projection.name);
              continue;
            }
            for (const table of [...entry.projection.tables].reverse()) this.db.exec(`DELETE FROM main.${table}`);
            for (const table of entry.projection.tables)
              this.db.exec(`INSERT INTO main.${table} SELECT * FROM rebuilt.${table}`);
            replace.run(builder.position.toString(), entry.projection.name);
          }
        })
        .immediate();
    } catch (error) {
      for (const entry of this.entries) if (!rebuilt.has(entry.projection.name)) entry.binding.rollback();
      throw error;
    } finally {
      this.db.exec('DETACH DATABASE rebuilt');
    }
    this.handOverMemory(builder, chosen, failed);
    this.position = builder.position;
    for (const [name, row] of this.checkpointsByName()) this.memoryAt.set(name, BigInt(row.position));
  }

  /** After a swap: rebuilt projections take the builder's memory (or replay it); the others commit their tail. */
  private handOverMemory(builder: Projector, chosen: readonly Projection[], failed: ReadonlySet<string>): void {
    const restoring = new Set<ProjectionBinding>();
    for (const entry of this.entries) {
      const builderIndex = chosen.indexOf(entry.projection);
      if (builderIndex < 0) {
        if (!failed.has(entry.projection.name)) entry.binding.commit();
        continue;
      }
      const fresh = builder.entries[builderIndex]!.binding;
      entry.binding.reset();
      if (entry.binding.adopt && fresh.snapshot) entry.binding.adopt(fresh.snapshot());
      else if (entry.binding.restore !== noop) restoring.add(entry.binding);
    }
    if (restoring.size > 0) {
      this.restoring = restoring;
      this.restored = undefined;
    }
  }

  /** Each projection's version, checkpoint and failure, as stored beside its rows. */
  projectionStatuses(): ProjectionStatus[] {
    const stored = this.checkpointsByName();
    return this.projections.map((projection) => {
      const row = stored.get(projection.name);
      const failure = row && failureOf(row);
      return {
        name: projection.name,
        version: row ? Number(row.version) : projection.version,
        position: row ? BigInt(row.position) : 0n,
        ...(failure ? { failure } : {}),
      };
    });
  }

  /** Each projection's state for operators: failed, being rebuilt, behind the head or caught up. */
  async projectionReports(): Promise<ProjectionReport[]> {
    const headPosition = await this.store.headPosition();
    const rebuild = this.rebuildProgress;
    const rebuilding = rebuild?.state === 'building' || rebuild?.state === 'swapping' ? rebuild.projections : [];
    return this.projectionStatuses().map((status) => {
      const lag = headPosition > status.position ? headPosition - status.position : 0n;
      const state: ProjectionState = status.failure
        ? 'failed'
        : rebuilding.includes(status.name)
          ? 'rebuilding'
          : lag === 0n
            ? 'caught_up'
            : 'catching_up';
      return { ...status, lag, state };
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
    return {
      position,
      headPosition,
      lag,
      healthy: this.lastError === undefined && failed.length === 0,
      writer: this.lock.held,
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
