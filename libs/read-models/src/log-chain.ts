import type Database from 'better-sqlite3';
import { sha256Hex, type EventStore, type StoredEvent } from '#event-store';

/**
 * A hash chain over the log: each event's link is SHA-256(previous link, the event's canonical JSON).
 * The projector extends it in the same transaction as the read models, so it works alike over SQLite
 * and EventStoreDB (whose global order only a consumer knows). It is an audit record, not a read
 * model: rebuilds never recompute it, so an event edited in the store after it was chained no longer
 * matches its link, and `verifyLogChain` names its position.
 */
export const logChainSchema = `
  CREATE TABLE IF NOT EXISTS log_chain (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    link TEXT NOT NULL
  );
`;

export const chainGenesis = '0'.repeat(64);

/**
 * The link over an event as the store gives it back. Plain JSON.stringify is deterministic here: data
 * and metadata are parsed from the stored bytes, so their key order is the stored order, and the
 * verifier serializes exactly as the projector did. (Sorting keys cost a fifth of a rebuild.)
 */
export function chainLink(previous: string, event: StoredEvent): string {
  const body = JSON.stringify({
    eventId: event.eventId,
    stream: event.stream,
    revision: event.revision,
    position: event.position.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  return sha256Hex(`${previous}\n${body}`);
}

/**
 * Why the read models in `db` cannot have been derived from `store`'s log, or undefined when they can: the newest
 * event they chained is not the log's event at that position (a log restored from an older backup, or replaced).
 * The projector would otherwise take every later event for one it had already applied, and answer from rows of
 * events the log no longer holds. One read of the log, at every start.
 */
export async function chainedElsewhere(db: Database.Database, store: EventStore): Promise<string | undefined> {
  if (!hasChain(db)) return undefined;
  const newest = db
    .prepare<[], { position: bigint; eventId: string }>(
      'SELECT position, event_id AS eventId FROM log_chain ORDER BY position DESC LIMIT 1',
    )
    .get();
  if (!newest) return undefined;
  const [event] = await store.readAll({ after: newest.position - 1n, limit: 1 });
  if (event?.position === newest.position && event.eventId === newest.eventId) return undefined;
  const found =
    event?.position === newest.position
      ? `holds event ${event.eventId} there`
      : `ends at position ${await store.headPosition()}`;
  return `derived up to position ${newest.position} (event ${newest.eventId}), and this log ${found}`;
}

/**
 * The chain's link at `position` as the read models in `db` recorded it, or undefined when they chained no event
 * there. It stands for the whole log up to that position: what a snapshot made there must carry to be loaded beside
 * them (CommissionSnapshots), since a log restored from a backup may hold the same event at a position after others.
 */
export function chainedLink(db: Database.Database, position: bigint): string | undefined {
  if (!hasChain(db)) return undefined;
  return db.prepare<[bigint], { link: string }>('SELECT link FROM log_chain WHERE position = ?').get(position)?.link;
}

const hasChain = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_chain'").get() !== undefined;

/** Extends the chain with events past its head; runs inside the caller's transaction. */
export class LogChain {
  private readonly head;
  private readonly insert;

  constructor(db: Database.Database) {
    db.exec(logChainSchema);
    this.head = db.prepare<[], { position: bigint; link: string }>(
      'SELECT position, link FROM log_chain ORDER BY position DESC LIMIT 1',
    );
    this.insert = db.prepare('INSERT INTO log_chain (position, event_id, link) VALUES (?, ?, ?)');
  }

  extend(batch: readonly StoredEvent[]): void {
    const head = this.head.get();
    let previous = head?.link ?? chainGenesis;
    const after = head?.position ?? 0n;
    for (const event of batch) {
      if (event.position <= after) continue;
      previous = chainLink(previous, event);
      this.insert.run(event.position, event.eventId, previous);
    }
  }
}

export type ChainVerdict =
  | { readonly ok: true; readonly eventsChecked: number; readonly headPosition: bigint }
  | { readonly ok: false; readonly position: bigint; readonly reason: string; readonly eventsChecked: number };

/**
 * Recomputes the chain from the log and compares it with the recorded links. The first event whose
 * link differs (edited), that has no link although older ones do (inserted), or a link whose event
 * is gone (deleted) breaks the chain at that position.
 */
export async function verifyLogChain(
  store: EventStore,
  db: Database.Database,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<ChainVerdict> {
  db.exec(logChainSchema);
  const linkAt = db.prepare<[bigint], { event_id: string; link: string }>(
    'SELECT event_id, link FROM log_chain WHERE position = ?',
  );
  const linksBetween = db.prepare<[bigint, bigint], { position: bigint }>(
    'SELECT position FROM log_chain WHERE position > ? AND position < ? ORDER BY position LIMIT 1',
  );
  const chainHead =
    db.prepare<[], { position: bigint | null }>('SELECT max(position) AS position FROM log_chain').get()?.position ??
    0n;
  const batchSize = options.batchSize ?? 2000;
  let previous = chainGenesis;
  let after = 0n;
  let checked = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: batchSize });
    for (const event of batch) {
      const missing = linksBetween.get(after, event.position);
      if (missing)
        return {
          ok: false,
          position: missing.position,
          reason: 'a chained event is missing from the log',
          eventsChecked: checked,
        };
      if (event.position > chainHead) return { ok: true, eventsChecked: checked, headPosition: after };
      const recorded = linkAt.get(event.position);
      if (!recorded)
        return {
          ok: false,
          position: event.position,
          reason: 'an event appears in the log that was never chained',
          eventsChecked: checked,
        };
      const link = chainLink(previous, event);
      if (recorded.event_id !== event.eventId || recorded.link !== link) {
        return {
          ok: false,
          position: event.position,
          reason: 'the event differs from the one that was chained',
          eventsChecked: checked,
        };
      }
      previous = link;
      after = event.position;
      checked += 1;
    }
    options.onProgress?.(checked);
    if (batch.length < batchSize) break;
  }
  if (after < chainHead)
    return {
      ok: false,
      position: linksBetween.get(after, chainHead + 1n)!.position,
      reason: 'a chained event is missing from the log',
      eventsChecked: checked,
    };
  return { ok: true, eventsChecked: checked, headPosition: after };
}
