import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseDamage, logRemedy } from '#event-store';
import { freeBytesOn, readModelsRemedy } from '#read-models';

/**
 * SQLite found a damaged page (SQLITE_CORRUPT; SQLITE_NOTADB for a damaged header) but does not say in which file:
 * each database of the data folder is checked (`PRAGMA quick_check`), and the damaged ones are named with what to do.
 * Undefined for any other error.
 */
export function damageNamed(dataDir: string, error: unknown): string | undefined {
  const damage = databaseDamage(error);
  if (!damage) return undefined;
  const files = [
    ['events.sqlite', logRemedy],
    ['read-models.sqlite', readModelsRemedy],
  ] as const;
  const damaged = files.flatMap(([name, remedy]) => {
    const path = join(dataDir, name);
    const problem = quickCheck(path);
    return problem === undefined ? [] : [`${path} is damaged (quick_check: ${problem}).${remedy}`];
  });
  const reason = `SQLite reports ${damage.reason} (${damage.code}). `;
  return reason + (damaged.join(' ') || 'quick_check finds every database intact now: run verify again.');
}

/** What `PRAGMA quick_check` finds first in a database file; undefined when it finds nothing, or there is no file. */
function quickCheck(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const found = String(db.pragma('quick_check(1)', { simple: true })).replaceAll('\n', '; ');
      return found === 'ok' ? undefined : found;
    } finally {
      db.close();
    }
  } catch (error) {
    return (error as { message?: unknown } | null)?.message?.toString() ?? String(error);
  }
}

/** Below this much free space, a write SQLite refused is taken for a full disk. */
const roomMinBytes = 64 * 1024 * 1024;

/**
 * SQLite could not write or open a file of the data folder (SQLITE_FULL, SQLITE_IOERR_*, SQLITE_CANTOPEN; ENOSPC): one
 * line naming the folder, SQLite's words and the room left on the folder's disk, and what to do when it is full (a
 * start on a full disk ended with Nest's stack of SQLite's "disk I/O error"). Undefined for any other error.
 */
function storageRefusal(dataDir: string, error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^(SQLITE_FULL|SQLITE_IOERR|SQLITE_CANTOPEN|ENOSPC)/.test(code)) return undefined;
  const free = freeBytesOn(dataDir);
  const room = `; its disk has ${(free / 1024 / 1024).toFixed(1)} MB free`;
  const full = free < roomMinBytes;
  return (
    `The data folder ${dataDir} could not be written: ${code.startsWith('SQLITE') ? 'SQLite' : 'the system'} ` +
    `reports "${String(message)}" (${code})${room}.` +
    (full ? ' Free space on that disk (nothing was changed), then run it again.' : '')
  );
}

/**
 * A file of the data folder this user may not open (one another user created: a seed or a restore run as root for a
 * service that runs as another user), said with what to do; undefined for any other error.
 */
function accessRefusal(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if ((code !== 'EACCES' && code !== 'EPERM') || typeof path !== 'string') return undefined;
  const user = process.getuid?.();
  return (
    `The ledger may not open ${path} (${code}): every file of the data folder must belong to the user the ledger ` +
    `runs as${user === undefined ? '' : ` (uid ${user})`}. Change their owner (chown), or run the ledger as it.`
  );
}

/** A damaged page or a data folder that cannot be written, said in one line with what to do; undefined otherwise. */
export const storageProblem = (dataDir: string, error: unknown): string | undefined =>
  damageNamed(dataDir, error) ?? storageRefusal(dataDir, error) ?? accessRefusal(error);
