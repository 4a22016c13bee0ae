import type Database from 'better-sqlite3';
import { sha256Hex } from './canonical-json.js';
import type { StoredEvent } from './event-store.port.js';

/**
 * The hash chain kept beside the log (docs/decisions.md, "Tamper evidence beside the log"). Each event's
 * chain hash is SHA-256 over the previous event's hash and the event's content: position, id, stream,
 * revision, type, and data and metadata as their stored JSON text. The SQLite store writes it in the row,
 * in the transaction that appends the event; anchors (anchor.ts) sign a head of the same chain.
 */
export const eventChainGenesis = '0'.repeat(64);

/** An event as the chain hashes it: data and metadata as the exact JSON text the store holds. */
export interface ChainedEventText {
  readonly position: bigint;
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The chain hash of `event` after `previous`: the fields as one JSON array, so no field can bleed into the next. */
export function eventChainHash(previous: string, event: ChainedEventText): string {
  const { position, eventId, stream, revision, type, data, metadata } = event;
  const content = JSON.stringify([position.toString(), eventId, stream, revision, type, data, metadata]);
  // One one-shot hash of one string: a Hash object and each update call cost more than the hash itself.
  return sha256Hex(`${previous}\n${content}`);
}

/**
 * A stored event as the chain sees it. JSON.stringify of what the store parsed gives back the stored text
 * (the store wrote JSON.stringify's output), so anchors computed through the store port match the SQLite
 * rows' hashes.
 */
export function chainTextOf(event: StoredEvent): ChainedEventText {
  return { ...event, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}

interface ChainRow {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  /** Absent until migrateEventChain has added the column. */
  chain_hash?: string | null;
}

function toChainText(row: ChainRow): ChainedEventText {
  const { event_id: eventId, stream, type, data, metadata } = row;
  return { position: BigInt(row.position), eventId, stream, revision: Number(row.revision), type, data, metadata };
}

const chainVersion = 1;

/**
 * Brings a SQLite log written before the chain to it, once: adds the `chain_hash` column if missing and
 * hashes every row without one, in position order, in one transaction (a crash leaves the file as it
 * was). `PRAGMA user_version` records that it is done, so later opens cost one pragma. Returns the rows hashed.
 */
export function migrateEventChain(db: Database.Database): number {
  const done = () => Number(db.pragma('user_version', { simple: true })) >= chainVersion;
  if (done()) return 0;
  return db
    .transaction(() => {
      // Another process may have migrated between the check and this write lock.
      if (done()) return 0;
      const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('events')`).all();
      if (!columns.some((column) => column.name === 'chain_hash')) {
        db.exec('ALTER TABLE events ADD COLUMN chain_hash TEXT');
      }
      const hashed = hashUnchainedRows(db);
      db.pragma(`user_version = ${chainVersion}`);
      return hashed;
    })
    .immediate();
}

function hashUnchainedRows(db: Database.Database): number {
  const batch = db.prepare<[bigint], ChainRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 2000');
  const update = db.prepare('UPDATE events SET chain_hash = ? WHERE position = ?');
  let previous = eventChainGenesis;
  let after = 0n;
  let hashed = 0;
  for (;;) {
    const rows = batch.all(after);
    for (const row of rows) {
      if (!row.chain_hash) {
        row.chain_hash = eventChainHash(previous, toChainText(row));
        update.run(row.chain_hash, row.position);
        hashed += 1;
      }
      previous = row.chain_hash;
      after = BigInt(row.position);
    }
    if (rows.length < 2000) return hashed;
  }
}

export type StoredChainVerdict =
  | { readonly ok: true; readonly eventsChecked: number; readonly headPosition: bigint; readonly headHash: string }
  | { readonly ok: false; readonly position: bigint; readonly reason: string; readonly eventsChecked: number };

/**
 * Recomputes the chain over a SQLite log's rows and compares each with the hash stored in it: the first
 * row whose content or hash was changed without recomputing every later hash breaks it at its position.
 * A rewrite that recomputes them all passes here; only an anchor taken earlier catches that.
 */
export function verifyStoredChain(
  db: Database.Database,
  options: { onProgress?: (done: number) => void } = {},
): StoredChainVerdict {
  const batch = db.prepare<[bigint], ChainRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 2000');
  let previous = eventChainGenesis;
  let after = 0n;
  let checked = 0;
  for (;;) {
    const rows = batch.all(after);
    for (const row of rows) {
      const expected = eventChainHash(previous, toChainText(row));
      if (row.chain_hash !== expected) {
        const reason = !row.chain_hash ? 'the event has no chain hash' : 'the event differs from its chain hash';
        return { ok: false, position: BigInt(row.position), reason, eventsChecked: checked };
      }
      previous = expected;
      after = BigInt(row.position);
      checked += 1;
    }
    options.onProgress?.(checked);
    if (rows.length < 2000) return { ok: true, eventsChecked: checked, headPosition: after, headHash: previous };
  }
}
