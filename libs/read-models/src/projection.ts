import type Database from 'better-sqlite3';
import type { StoredEvent } from '#event-store';

/**
 * A read model: its tables and how one event changes them. `apply` runs synchronously inside the
 * projector's transaction, next to the checkpoint, so an event is applied exactly once or not at all.
 * Bumping `version` drops and rebuilds the projection's tables at the next start.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Tables owned by this projection, in creation order (dropped in reverse on rebuild). */
  readonly tables: readonly string[];
  /** CREATE TABLE / CREATE INDEX statements, with IF NOT EXISTS. */
  readonly schema: string;
  /**
   * The indexes of `schema` that the projection's own statements read through while it applies events. A scratch
   * build's database keeps only these: the others serve the API's queries, and the swap builds them once, when the
   * schema runs over the promoted tables, instead of every insert of the build keeping them up to date.
   */
  readonly buildIndexes?: readonly string[];
  /**
   * Events a build from position 0 must know before it starts, all in one stream: the projector reads them from
   * that stream up to where the build stops and hands them to `reset` (the rule sets, known from the start).
   */
  readonly lookahead?: Lookahead;
  /**
   * The event types the projection reads (apply, restore, lookAhead): an event of any other type only moves its
   * position. Absent: any. A scratch build whose projections all say is handed only those events and the last of
   * each batch (EventStore.readAllOf), and leaves the data of the others unread (SqliteEventStoreOptions.scratchReads).
   */
  readonly reads?: ReadonlySet<string>;
  /**
   * For a recomputation that starts from a position (`startFrom`): per table, the SQL condition on
   * `@from` that matches the rows a fold from that position writes, or null for a table whose rows the fold
   * writes again whole (upserted). The swap then replaces only those rows instead of every row: it deletes
   * the live rows matched and upserts the fold's (a row written before the position and rewritten after it
   * must be in the fold's tables whole, taken from the live rows, to replace the live one).
   */
  readonly rowsWrittenAfter?: Readonly<Record<string, string | null>>;
  /**
   * Prepares statements once and returns the per-event handler, or a binding with memory. `building`:
   * for a scratch build (a rebuild or recomputation), whose memory is never saved (snapshots).
   */
  bind(db: Database.Database, context?: BindContext): ((event: StoredEvent) => void) | ProjectionBinding;
}

export interface BindContext {
  readonly building: boolean;
  /** For a recomputation's scratch build: the live projection to start from (see ProjectionBinding.startFrom). */
  readonly source?: BuildSource;
}

/** Where a recomputation may start from instead of position 0: the live rows and the live memory's snapshots. */
export interface BuildSource {
  readonly snapshotsDir: string;
  /** The live read-model database (read only). */
  readonly db: Database.Database;
}

/**
 * A projection that keeps state in memory beside its tables (the commission engine's fold). The
 * projector keeps the memory and the rows in step: `restore` replays the log up to the checkpoint
 * (no writes), `commit` and `rollback` follow each batch transaction, and `reset` starts over, knowing
 * the `lookahead` events when the tables are empty. The memory must be immutable or copy-on-write so
 * `rollback` can return to the state of the last committed batch.
 */
/** The events of these types in one stream (a scan of the whole log for them took 1–2 s at 1M events). */
export interface Lookahead {
  readonly stream: string;
  readonly types: ReadonlySet<string>;
}

/** Reads the log after a position, batch by batch, up to where a build stops. */
export type LogScan = (after: bigint, visit: (batch: readonly StoredEvent[]) => void) => Promise<void>;

export interface ProjectionBinding {
  apply(event: StoredEvent): void;
  restore(event: StoredEvent): void;
  commit(): void;
  rollback(): void;
  reset(ahead?: readonly StoredEvent[]): void;
  /**
   * In a build from position 0, after `reset(ahead)` (and `startFrom`, when it found no point to start from): the
   * log up to where the build stops, batch by batch, for what the fold must know ahead besides the `lookahead`
   * events (the commission engine: the tier change of every period close, so a close later in the log changes
   * no line already computed).
   */
  lookAhead?(events: readonly StoredEvent[]): void;
  /**
   * Before a restore: loads memory saved at or before `until` (a snapshot on disk, never trusted
   * unchecked) and returns the position it stands at, so the replay starts after it (0: from the start).
   */
  resume?(until: bigint): Promise<bigint>;
  /**
   * The live projection's source for a scratch build, when it has one, once the snapshots it asked for are on disk
   * (a recomputation starts from the newest one before what it changes).
   */
  buildSource?(): Promise<BuildSource | undefined>;
  /**
   * In a scratch build bound with a `source`, right after `reset(ahead)`: starts from a point of the live
   * projection (its memory loaded; the scratch tables receive only the rows written after it, see
   * `Projection.rowsWrittenAfter`) from which the fold, knowing `ahead`, equals the fold from 0; returns its
   * position, or 0 to build from 0. `scanAfter` reads the log after a position up to where the build stops,
   * for what `lookAhead` would find after that point.
   */
  startFrom?(ahead: readonly StoredEvent[], scanAfter: LogScan): Promise<bigint>;
  /**
   * In a scratch build: writes the memory as it stands as a snapshot into `dir` (the live projection's
   * snapshot folder), which the live projection loads after the swap instead of replaying the log; or answers
   * false, writing nothing, when the live projection gets its memory back as cheaply from a snapshot it has.
   * The snapshot carries the link of the hash chain of `live` (the live database) at the memory's position.
   */
  saveSnapshot?(dir: string, live: Database.Database): Promise<boolean>;
}

/**
 * Thrown by `apply` when an event changes what earlier events produced (a rule set that reaches back,
 * a period close that changes a tier from before lines already computed): the projection holds right
 * before it, and the projector recomputes it from the log in a worker, off the API's event loop, then
 * swaps the recomputed rows in.
 */
export class RecomputeNeeded extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RecomputeNeeded';
  }
}

/** The event types these projections read (Projection.reads): undefined (any) when one of them does not say. */
export function typesReadBy(projections: readonly Projection[]): ReadonlySet<string> | undefined {
  if (projections.some((projection) => !projection.reads)) return undefined;
  return new Set(projections.flatMap((projection) => [...projection.reads!]));
}
