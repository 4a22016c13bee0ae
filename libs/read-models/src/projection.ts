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
  /** Prepares statements once and returns the per-event handler, or a binding with memory. */
  bind(db: Database.Database): ((event: StoredEvent) => void) | ProjectionBinding;
}

/**
 * A projection that keeps state in memory beside its tables (the commission engine's fold). The
 * projector keeps the memory and the rows in step: `restore` replays the log up to the checkpoint at
 * start (no writes), `commit` and `rollback` follow each batch transaction, and `reset` starts over
 * for a rebuild. The memory must be immutable or copy-on-write so `rollback` can return to the
 * state of the last committed batch.
 */
export interface ProjectionBinding {
  apply(event: StoredEvent): void;
  restore(event: StoredEvent): void;
  commit(): void;
  rollback(): void;
  reset(): void;
  /**
   * Hands the committed memory over from the binding that built fresh tables to the live one at the
   * swap of a zero-downtime rebuild. Without them, the live binding restores from the log instead.
   */
  snapshot?(): unknown;
  adopt?(snapshot: unknown): void;
}
