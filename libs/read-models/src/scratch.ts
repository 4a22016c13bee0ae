import type Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Projection } from './projection.js';

/** Scratch folders without a pid in their name (older releases) are removed once this old. */
const unnamedStaleMs = 24 * 60 * 60 * 1000;
const scratchPattern = /^ledger-(rebuild|verify)-(?:(\d+)-)?/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the scratch folders a killed rebuild or verification left behind: those whose process
 * (named in the folder) is gone. A folder of a live process, this one included, is kept.
 */
export function removeStaleScratch(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = scratchPattern.exec(name);
    if (!match) continue;
    const path = join(folder, name);
    try {
      const stale = match[2] ? !isAlive(Number(match[2])) : Date.now() - statSync(path).mtimeMs > unnamedStaleMs;
      if (stale) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another process, or not ours to remove: leave it.
    }
  }
}

/** A fresh scratch folder named after this process, after clearing those of dead ones. */
export function makeScratchFolder(kind: 'rebuild' | 'verify', parent = tmpdir()): string {
  removeStaleScratch(parent);
  return mkdtempSync(join(parent, `ledger-${kind}-${process.pid}-`));
}

/**
 * In a scratch build's database: drops the indexes of the projection's tables that its own statements do not read
 * through (Projection.buildIndexes). At 1M events keeping them up to date was about 5 s of a 37 s build.
 */
export function dropReadIndexes(db: Database.Database, projection: Projection): void {
  const kept = new Set(projection.buildIndexes);
  const tables = new Set(projection.tables);
  // Indexes without SQL are those of a primary key or UNIQUE constraint: part of the table, never dropped.
  const indexes = db
    .prepare<[], { name: string; table: string }>(
      'SELECT name, tbl_name AS "table" FROM sqlite_master WHERE type = \'index\' AND sql IS NOT NULL',
    )
    .all();
  for (const { name, table } of indexes) if (tables.has(table) && !kept.has(name)) db.exec(`DROP INDEX "${name}"`);
}
