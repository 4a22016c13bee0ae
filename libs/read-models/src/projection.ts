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
  /** Prepares statements once and returns the per-event handler. */
  bind(db: Database.Database): (event: StoredEvent) => void;
}
