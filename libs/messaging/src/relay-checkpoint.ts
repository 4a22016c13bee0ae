import { openDatabase } from '#event-store';
import type Database from 'better-sqlite3';

/**
 * The relay's checkpoint: the position of the last event the broker acknowledged, in a small SQLite
 * file of its own (`<dataDir>/relay.sqlite`). It lives apart from the event store because the relay
 * may run in another process and must work the same on EventStoreDB. Positions are stored as decimal
 * text because EventStoreDB commit positions are unsigned 64-bit values.
 */
export class RelayCheckpoint {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    path: string,
    private readonly name: string,
  ) {
    this.db = openDatabase(path);
    this.db.exec(`CREATE TABLE IF NOT EXISTS relay_checkpoints (
      name TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    this.statements = {
      load: this.db.prepare<[string], { position: string }>('SELECT position FROM relay_checkpoints WHERE name = ?'),
      save: this.db.prepare<[string, string, string]>(
        `INSERT INTO relay_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
    };
  }

  load(): bigint {
    const row = this.statements.load.get(this.name);
    return row ? BigInt(row.position) : 0n;
  }

  /** Durable when it returns: openDatabase sets synchronous=FULL, so the commit is fsynced. */
  save(position: bigint): void {
    this.statements.save.run(this.name, position.toString(), new Date().toISOString());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
