import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DomainError } from '#domain';
import { catchUp, openScratchDatabase, type EventStore, type StoredEvent } from '#event-store';
import { LogChain } from './log-chain.js';
import type { Projection, ProjectionBinding } from './projection.js';

export interface ProjectorOptions {
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly projections: readonly Projection[];
  readonly batchSize?: number;
  /** How often to look for events appended by other processes; local appends wake it at once. */
  readonly pollIntervalMs?: number;
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
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly position: bigint;
}

const checkpointSchema = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position TEXT NOT NULL
  );
`;

/**
 * The checkpointed consumer that keeps the read models. Each batch from the global log is applied to
 * every projection and the checkpoints advance in the same SQLite transaction, so a crash anywhere
 * leaves the read models exactly at a batch boundary and the next run resumes from there.
 */
export class Projector {
  private readonly store: EventStore;
  private readonly db: Database.Database;
  private readonly projections: readonly Projection[];
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly emitter = new EventEmitter();
  private bindings: ProjectionBinding[] = [];
  private applyBatch!: Database.Transaction<(batch: readonly StoredEvent[]) => void>;
  private readonly chain: LogChain;
  /** Replays the log into projections with memory, up to their checkpoints, before anything else runs. */
  private restored: Promise<void> | undefined;
  private readonly readCheckpoint;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastError: unknown;
  /** Projections whose memory must be replayed from the log before the next batch. */
  private restoring: Set<ProjectionBinding> | undefined;
  private paused = false;
  private rebuildProgress: RebuildProgress | undefined;
  position = 0n;

  constructor(options: ProjectorOptions) {
    this.store = options.store;
    this.db = options.db;
    this.projections = options.projections;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.emitter.setMaxListeners(0);
    this.db.exec(checkpointSchema);
    this.readCheckpoint = this.db.prepare<[string], { version: bigint; position: string }>('SELECT version, position FROM projection_checkpoints WHERE name = ?');
    this.chain = new LogChain(this.db);
    this.setup();
  }

  /** Creates missing tables, and rebuilds from zero any projection whose version changed. */
  private setup(): void {
    const upsert = this.db.prepare('INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position');
    this.db.transaction(() => {
      for (const projection of this.projections) {
        const checkpoint = this.readCheckpoint.get(projection.name);
        if (!checkpoint || Number(checkpoint.version) !== projection.version) {
          for (const table of [...projection.tables].reverse()) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
          this.db.exec(projection.schema);
          upsert.run(projection.name, projection.version, '0');
        } else {
          this.db.exec(projection.schema);
        }
      }
      // Projections of different versions may now sit at different positions; all restart from the lowest.
      const positions = this.projections.map((projection) => BigInt(this.readCheckpoint.get(projection.name)!.position));
      this.position = positions.length > 0 ? positions.reduce((low, next) => (next < low ? next : low)) : 0n;
    }).immediate();
    this.bindHandlers();
  }

  private bindHandlers(): void {
    const checkpoint = this.db.prepare('UPDATE projection_checkpoints SET position = ? WHERE name = ?');
    const entries = this.projections.map((projection) => ({ projection, binding: toBinding(projection.bind(this.db)) }));
    this.bindings = entries.map((entry) => entry.binding);
    this.applyBatch = this.db.transaction((batch: readonly StoredEvent[]) => {
      this.chain.extend(batch);
      for (const entry of entries) {
        const done = BigInt(this.readCheckpoint.get(entry.projection.name)!.position);
        for (const event of batch) if (event.position > done) entry.binding.apply(event);
        checkpoint.run(batch.at(-1)!.position.toString(), entry.projection.name);
      }
    });
  }

  /** Applies one batch in one transaction and moves every projection's memory with it. */
  private commitBatch(batch: readonly StoredEvent[]): void {
    try {
      this.applyBatch.immediate(batch);
    } catch (error) {
      for (const binding of this.bindings) binding.rollback();
      throw error;
    }
    for (const binding of this.bindings) binding.commit();
  }

  private restore(): Promise<void> {
    this.restored ??= (async () => {
      const wanted = this.restoring;
      const entries = this.projections
        .map((projection, index) => ({ binding: this.bindings[index]!, until: BigInt(this.readCheckpoint.get(projection.name)!.position) }))
        .filter((entry) => entry.until > 0n && entry.binding.restore !== noop && (!wanted || wanted.has(entry.binding)));
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

  /** Applies everything appended so far, in bounded batches; concurrent callers share one run. */
  runUntilCaughtUp(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        await this.restore();
        do {
          this.rerun = false;
          await catchUp(this.store, { after: this.position, batchSize: this.batchSize }, (batch) => {
            this.commitBatch(batch);
            this.position = batch.at(-1)!.position;
            this.emitter.emit('applied', this.position);
          });
          this.lastError = undefined;
        } while (this.rerun);
      } catch (error) {
        this.lastError = error;
        throw error;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Follows the log: wakes on local appends and polls for appends from other processes. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const wake = () => {
      if (!this.stopped && !this.paused) this.runUntilCaughtUp().catch(() => undefined);
    };
    this.unsubscribe = this.store.onAppended(wake);
    this.timer = setInterval(wake, this.pollIntervalMs);
    this.timer.unref();
    wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Resolves once the read models have applied `position` (read-your-writes for `?after=`). Waits
   * at most `timeoutMs`, then answers READ_MODEL_BEHIND so the client can retry.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<void> {
    if (this.position >= position) return;
    if (position > (await this.store.headPosition())) {
      throw new DomainError('VALIDATION_FAILED', `after=${position} is beyond the newest position in the log`, { fields: [{ field: 'after', rule: 'notAfterHead', message: 'after must not be beyond the newest position' }] });
    }
    if (this.stopped) await this.runUntilCaughtUp();
    await new Promise<void>((resolve, reject) => {
      const onApplied = (applied: bigint) => {
        if (applied < position) return;
        clearTimeout(timer);
        this.emitter.off('applied', onApplied);
        resolve();
      };
      const timer = setTimeout(() => {
        this.emitter.off('applied', onApplied);
        reject(new DomainError('READ_MODEL_BEHIND', `The read models have not reached position ${position} yet; retry shortly`, { position: position.toString(), applied: this.position.toString(), retryAfterSeconds: 1 }));
      }, timeoutMs);
      this.emitter.on('applied', onApplied);
      if (this.position >= position) onApplied(this.position);
    });
  }

  /**
   * Zero-downtime rebuild: fresh tables are built from position 0 in a scratch database while the live
   * ones keep serving and following the log; then, in one transaction, the live tables take the fresh
   * rows and the projections not rebuilt apply the tail, so readers switch from old to new at once.
   */
  async rebuild(options: { only?: readonly string[]; scratchDir?: string; onProgress?: (progress: RebuildProgress) => void } = {}): Promise<void> {
    if (this.rebuildProgress?.state === 'building' || this.rebuildProgress?.state === 'swapping') {
      throw new DomainError('REBUILD_IN_PROGRESS', 'A rebuild is already running; watch GET /admin/projections');
    }
    const names = options.only ?? this.projections.map((projection) => projection.name);
    for (const name of names) {
      if (!this.projections.some((projection) => projection.name === name)) {
        throw new DomainError('PROJECTION_UNKNOWN', `There is no projection named ${name}`, { projection: name, known: this.projections.map((projection) => projection.name) });
      }
    }
    const chosen = this.projections.filter((projection) => names.includes(projection.name));
    const folder = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'ledger-rebuild-'));
    const path = join(folder, 'read-models.sqlite');
    const builderDb = openScratchDatabase(path);
    const builder = new Projector({ store: this.store, db: builderDb, projections: chosen, batchSize: this.batchSize });
    const startedAt = Date.now();
    const total = await this.store.headPosition();
    const report = (state: RebuildProgress['state'], error?: string) => {
      const seconds = (Date.now() - startedAt) / 1000;
      const done = builder.position;
      const ratePerSecond = seconds > 0 ? Number(done) / seconds : 0;
      const remaining = total > done ? Number(total - done) : 0;
      this.rebuildProgress = {
        projections: names, state, done, total, ratePerSecond: Math.round(ratePerSecond),
        etaSeconds: ratePerSecond > 0 ? Math.round(remaining / ratePerSecond) : null,
        startedAt: new Date(startedAt).toISOString(), ...(error ? { error } : {}),
      };
      options.onProgress?.(this.rebuildProgress);
    };
    const onApplied = () => report('building');
    builder.emitter.on('applied', onApplied);
    try {
      report('building');
      await builder.runUntilCaughtUp();
      report('swapping');
      this.paused = true;
      await this.running?.catch(() => undefined);
      await builder.runUntilCaughtUp();
      await this.restore();
      await this.swapIn(builder, chosen, path);
      report('done');
    } catch (error) {
      report('failed', error instanceof Error ? error.message : 'unknown error');
      throw error;
    } finally {
      this.paused = false;
      builder.emitter.off('applied', onApplied);
      builderDb.close();
      rmSync(folder, { recursive: true, force: true });
    }
    // Memory that could not be handed over is replayed now, so the projector is whole when this returns.
    await this.restore();
    this.emitter.emit('applied', this.position);
    if (!this.stopped) this.runUntilCaughtUp().catch(() => undefined);
  }

  private async swapIn(builder: Projector, chosen: readonly Projection[], path: string): Promise<void> {
    const tail: StoredEvent[] = [];
    for (let after = this.position; after < builder.position; ) {
      const batch = await this.store.readAll({ after, limit: this.batchSize });
      if (batch.length === 0) break;
      for (const event of batch) if (event.position <= builder.position) tail.push(event);
      after = batch.at(-1)!.position;
    }
    const rebuilt = new Set(chosen.map((projection) => projection.name));
    const entries = this.projections.map((projection, index) => ({ projection, binding: this.bindings[index]!, builderIndex: chosen.indexOf(projection) }));
    const setCheckpoint = this.db.prepare('UPDATE projection_checkpoints SET position = ? WHERE name = ?');
    this.db.prepare('ATTACH DATABASE ? AS rebuilt').run(path);
    try {
      this.db.transaction(() => {
        this.chain.extend(tail);
        for (const entry of entries) {
          if (rebuilt.has(entry.projection.name)) {
            for (const table of [...entry.projection.tables].reverse()) this.db.exec(`DELETE FROM main.${table}`);
            for (const table of entry.projection.tables) this.db.exec(`INSERT INTO main.${table} SELECT * FROM rebuilt.${table}`);
          } else {
            const done = BigInt(this.readCheckpoint.get(entry.projection.name)!.position);
            for (const event of tail) if (event.position > done) entry.binding.apply(event);
          }
          setCheckpoint.run(builder.position.toString(), entry.projection.name);
        }
      }).immediate();
    } catch (error) {
      for (const entry of entries) if (!rebuilt.has(entry.projection.name)) entry.binding.rollback();
      throw error;
    } finally {
      this.db.exec('DETACH DATABASE rebuilt');
    }
    const restoring = new Set<ProjectionBinding>();
    for (const entry of entries) {
      if (!rebuilt.has(entry.projection.name)) {
        entry.binding.commit();
        continue;
      }
      const fresh = builder.bindings[entry.builderIndex]!;
      entry.binding.reset();
      if (entry.binding.adopt && fresh.snapshot) entry.binding.adopt(fresh.snapshot());
      else if (entry.binding.restore !== noop) restoring.add(entry.binding);
    }
    if (restoring.size > 0) {
      this.restoring = restoring;
      this.restored = undefined;
    }
    this.position = builder.position;
  }

  /** Each projection's version and checkpoint, as stored beside its rows. */
  projectionStatuses(): ProjectionStatus[] {
    return this.projections.map((projection) => {
      const checkpoint = this.readCheckpoint.get(projection.name)!;
      return { name: projection.name, version: Number(checkpoint.version), position: BigInt(checkpoint.position) };
    });
  }

    /** The last rebuild's progress, while it runs and after it ends. */
  rebuildStatus(): RebuildProgress | undefined {
    return this.rebuildProgress;
  }

  async status(): Promise<{ position: bigint; headPosition: bigint; lag: bigint; healthy: boolean; error?: string }> {
    const headPosition = await this.store.headPosition();
    const lag = headPosition > this.position ? headPosition - this.position : 0n;
    return { position: this.position, headPosition, lag, healthy: this.lastError === undefined, ...(this.lastError ? { error: this.lastError instanceof Error ? this.lastError.message : 'unknown error' } : {}) };
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
        hash.update(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
      }
    }
  }
  return hash.digest('hex');
}
