import type Database from 'better-sqlite3';
import { eventChainGenesis, eventChainHash } from '../event-chain.js';

interface Row {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  chain_hash: string;
}

/**
 * What an attacker with write access to events.sqlite does after editing a row: recomputes the chain hash
 * of every row from the start, so the chain stored beside the log is self-consistent again.
 */
export function rewriteChain(db: Database.Database): void {
  const rows = db.prepare<[], Row>('SELECT * FROM events ORDER BY position').all();
  const update = db.prepare('UPDATE events SET chain_hash = ? WHERE position = ?');
  let previous = eventChainGenesis;
  db.transaction(() => {
    for (const row of rows) {
      const { event_id: eventId, stream, type, data, metadata } = row;
      const text = {
        position: BigInt(row.position),
        eventId,
        stream,
        revision: Number(row.revision),
        type,
        data,
        metadata,
      };
      previous = eventChainHash(previous, text);
      update.run(previous, row.position);
    }
  })();
}
