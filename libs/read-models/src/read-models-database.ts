import type Database from 'better-sqlite3';
import { openDatabase, writerPageCacheKib } from '#event-store';

/** What to do when the read models' database cannot be read: everything in it is derived from the log again. */
export const readModelsRemedy =
  ' It holds only what the event log derives: stop every ledger process, move it aside with its -wal and -shm ' +
  'files, and start the service again; every projection is rebuilt from the log.';

/**
 * The read models' database, whose commits do not wait for an fsync (synchronous=NORMAL; the event log keeps
 * FULL). Everything in it is derived from the log with its checkpoint in the same transaction: WAL keeps a
 * commit atomic either way, so a power loss can only take back the last batches, rows and checkpoint together,
 * and the projector applies them again from the log (the MDF reactor's appends replay as no-ops). A FULL commit
 * here was an fsync on the API's event loop after every projector batch, several milliseconds on a busy disk.
 */
export function openReadModels(path: string): Database.Database {
  const db = openDatabase(path, readModelsRemedy);
  db.pragma('synchronous = NORMAL');
  // Sized for the projector's connection, which writes this file (the MDF reactor writes only its checkpoint).
  db.pragma(`cache_size = -${writerPageCacheKib}`);
  return db;
}
