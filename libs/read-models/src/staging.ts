import type Database from 'better-sqlite3';
import { DomainError } from '#domain';
import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Staging tables for a swap: the rebuilt rows are copied from the attached scratch database into
 * `<table>__next` in the live database in short transactions, yielding to the event loop between them,
 * so the swap itself is one short transaction of DROP and RENAME whatever the row count. Readers only
 * ever query the live tables; staging tables a crash leaves behind are dropped when a writer starts.
 */
export const stagingSuffix = '__next';
/** Rows per copy transaction on the API's thread: each holds the event loop and the write lock once. */
const rowsPerBatchDefault = 500;

export function stagingName(table: string): string {
  return `${table}${stagingSuffix}`;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Space a swap's copy must leave on the live database's disk: the copy grows the WAL to its limit (64 MiB,
 * journal_size_limit) on top of the rows, and 64 MiB more are kept for the log's appends. A copy that filled the disk
 * left every command answered 503 STORAGE_FULL after the rebuild had failed; one that fit with 13 MB to spare left the
 * log about that much room.
 */
const swapReserveBytes = 128 * 1024 * 1024;

/**
 * Refuses a swap whose copy cannot fit beside the live rows: it needs about the scratch databases' size (their rows,
 * copied into staging tables) and swapReserveBytes more. Checked before anything is copied, so nothing has changed;
 * with no scratch database yet (before a build), only the reserve is asked for. STORAGE_FULL: a rebuild asked for
 * over HTTP is refused at once with 503 and this message.
 */
export function assertRoomToSwap(livePath: string, scratchPaths: readonly string[]): void {
  const bytesOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  const copied = scratchPaths.reduce((sum, path) => sum + bytesOf(path) + bytesOf(`${path}-wal`), 0);
  const folder = dirname(livePath);
  const free = freeBytesOn(folder);
  if (free >= copied + swapReserveBytes) return;
  const mb = (bytes: number) => Math.ceil(bytes / 1024 / 1024);
  const reserve = `${mb(swapReserveBytes)} MB kept for its WAL and the log`;
  const needed =
    scratchPaths.length === 0
      ? `at least ${mb(swapReserveBytes)} MB free on the disk of ${folder} (${reserve}) besides the room for its rows`
      : `about ${mb(copied + swapReserveBytes)} MB free on the disk of ${folder} to copy its rows in beside the live ` +
        `ones (${mb(copied)} MB, and ${reserve})`;
  const message = `The rebuild needs ${needed}, and ${mb(free)} MB are free: nothing was changed`;
  throw new DomainError('STORAGE_FULL', `${message}. Free space there, then rebuild again`, { retryAfterSeconds: 60 });
}

/** The space an unprivileged writer has on the disk of `folder`, or of the nearest folder above it that exists. */
export function freeBytesOn(folder: string): number {
  for (let at = folder; ; at = dirname(at)) {
    try {
      const { bavail, bsize } = statfsSync(at);
      return bavail * bsize;
    } catch (error) {
      if (dirname(at) === at) throw error;
    }
  }
}

/** A failed copy or swap: its staging tables dropped, and the WAL it grew given back to the disk. */
export function abandonStaging(db: Database.Database, tables: readonly string[]): void {
  db.transaction(() => dropStaging(db, tables)).immediate();
  giveWalBack(db);
}

/**
 * After a failed copy, gives the disk back the WAL it grew to (its pages are free once the copy is rolled back and its
 * staging tables dropped). Without waiting for readers: a busy checkpoint leaves the WAL to be cut at a later reset.
 */
export function giveWalBack(db: Database.Database): void {
  const busyTimeoutMs = String(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy, or the disk refused even this: the WAL is cut at a later checkpoint (journal_size_limit).
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** Drops the staging tables of these live tables (a swap interrupted by a crash, or a failed copy). */
export function dropStaging(db: Database.Database, tables: readonly string[]): void {
  for (const table of [...tables].reverse()) db.exec(`DROP TABLE IF EXISTS main."${stagingName(table)}"`);
}

/** The scratch table's CREATE TABLE, renamed to its staging table in the live database; no indexes yet. */
function stagingDdl(db: Database.Database, scratch: string, table: string): string {
  const row = db
    .prepare<[string], { sql: string }>(`SELECT sql FROM ${scratch}.sqlite_master WHERE type = 'table' AND name = ?`)
    .get(table);
  if (!row) throw new Error(`The rebuilt database has no table ${table}`);
  const header = /^CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)/i;
  if (!header.test(row.sql)) throw new Error(`Unexpected definition of ${table}: ${row.sql.slice(0, 60)}`);
  return row.sql.replace(header, `CREATE TABLE main."${stagingName(table)}"`);
}

/**
 * Copies every row of `scratch.table` into its staging table, in rowid order, one bounded transaction
 * per batch; `guard` runs inside each one (the writer lease is still ours).
 */
async function copyTable(
  db: Database.Database,
  scratch: string,
  table: string,
  options: { readonly guard: () => void; readonly rowsPerBatch: number },
): Promise<void> {
  const { guard, rowsPerBatch } = options;
  const boundary = db.prepare<[number, number], { id: number }>(
    `SELECT rowid AS id FROM ${scratch}."${table}" WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET CAST(? AS INTEGER)`,
  );
  const copyUpTo = db.prepare(
    `INSERT INTO main."${stagingName(table)}" SELECT * FROM ${scratch}."${table}" ` +
      'WHERE rowid > ? AND rowid <= ? ORDER BY rowid',
  );
  const copyRest = db.prepare(
    `INSERT INTO main."${stagingName(table)}" SELECT * FROM ${scratch}."${table}" WHERE rowid > ? ORDER BY rowid`,
  );
  for (let after = -Number.MAX_SAFE_INTEGER; ;) {
    const last = boundary.get(after, rowsPerBatch - 1)?.id;
    db.transaction(() => {
      guard();
      if (last === undefined) copyRest.run(after);
      else copyUpTo.run(after, last);
    }).immediate();
    if (last === undefined) return;
    after = last;
    await yieldToEventLoop();
  }
}

/** Fills fresh staging tables for these tables from the attached scratch database. */
export async function fillStaging(
  db: Database.Database,
  scratch: string,
  tables: readonly string[],
  guard: () => void,
  rowsPerBatch = rowsPerBatchDefault,
): Promise<void> {
  db.transaction(() => {
    guard();
    dropStaging(db, tables);
    for (const table of tables) db.exec(stagingDdl(db, scratch, table));
  }).immediate();
  for (const table of tables) await copyTable(db, scratch, table, { guard, rowsPerBatch });
}

/**
 * Inside the swap transaction: the live tables give way to their staging tables, and the schema
 * (its CREATE INDEX IF NOT EXISTS) puts the indexes back under their own names.
 */
export function promoteStaging(db: Database.Database, tables: readonly string[], schema: string): void {
  for (const table of [...tables].reverse()) db.exec(`DROP TABLE IF EXISTS main."${table}"`);
  for (const table of tables) db.exec(`ALTER TABLE main."${stagingName(table)}" RENAME TO "${table}"`);
  db.exec(schema);
}

/** A rebuilt projection at the swap: its tables and schema, and whether it stays held until its memory is back. */
export interface Promotion {
  readonly name: string;
  readonly tables: readonly string[];
  readonly schema: string;
  readonly held: boolean;
  /** Set for a recomputation that started from a position: only the rows written after it are replaced. */
  readonly tail?: Tail;
}

/** A recomputation's build from `from`, in the scratch database attached as `scratch` (Projection.rowsWrittenAfter). */
export interface Tail {
  readonly scratch: string;
  readonly from: bigint;
  readonly rowsWrittenAfter: Readonly<Record<string, string | null>>;
}

/** The tables a swap copies into staging tables: those of the promotions replaced whole. */
export function stagedTables(promotions: readonly Promotion[]): Set<string> {
  return new Set(promotions.filter((promotion) => !promotion.tail).flatMap((promotion) => promotion.tables));
}

/**
 * Inside the swap transaction: the live rows a fold from the tail's position wrote give way to the
 * scratch's, which hold exactly what the recomputed fold wrote from there. The work and the write
 * transaction grow with the recomputed tail, not with the table, and the live indexes stay in place.
 */
function mergeTail(db: Database.Database, tables: readonly string[], tail: Tail): void {
  const columnsOf = db.prepare<[string, string], { name: string }>('SELECT name FROM pragma_table_info(?, ?)');
  for (const table of tables) {
    const condition = tail.rowsWrittenAfter[table];
    if (condition === undefined) throw new Error(`No condition for the rows of ${table} written after a position`);
    const columns = columnsOf
      .all(table, tail.scratch)
      .map((column) => `"${column.name}"`)
      .join(', ');
    if (condition !== null) db.prepare(`DELETE FROM main."${table}" WHERE ${condition}`).run({ from: tail.from });
    // Replace: a row the fold rewrote after the position (a line an offboarding vests at once) may have been
    // written before it, so it is still live and gives way to its newer version.
    db.exec(`INSERT OR REPLACE INTO main."${table}" (${columns}) SELECT ${columns} FROM ${tail.scratch}."${table}"`);
  }
}

/**
 * Inside the swap transaction: each rebuilt projection's staging tables become its live tables (or a
 * recomputation's tail is merged into them) and its checkpoint moves to `position`; one whose memory is
 * not back yet is held there ('restoring memory').
 */
export function promoteRebuilt(db: Database.Database, promotions: readonly Promotion[], position: bigint): void {
  const replace = db.prepare(
    'UPDATE projection_checkpoints SET position = ?, ' +
      'failed_position = NULL, failed_error = NULL, failed_at = NULL, ' +
      'recompute_position = ?, recompute_reason = ? WHERE name = ?',
  );
  for (const promotion of promotions) {
    if (promotion.tail) mergeTail(db, promotion.tables, promotion.tail);
    else promoteStaging(db, promotion.tables, promotion.schema);
    const at = position.toString();
    replace.run(at, promotion.held ? at : null, promotion.held ? 'restoring memory' : null, promotion.name);
  }
}
