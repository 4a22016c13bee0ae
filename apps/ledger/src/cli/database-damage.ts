import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseDamage, logRemedy } from '#event-store';
import { readModelsRemedy } from '#read-models';

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
