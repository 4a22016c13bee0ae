/**
 * Keyset paging for the list queries. A list is ordered by columns that identify each row and never
 * change once it exists (`partner_id`; `period, partner_id`), and a page starts strictly after the sort
 * key of the last row of the previous page. So following pages returns each row that existed when the
 * first page was read exactly once, however many rows are inserted meanwhile (unlike an offset, which
 * shifts when a row lands before it).
 */

/** The sort-key values of one row, in the order of the list's ORDER BY. */
export type PageKey = readonly (string | number)[];

export interface PageRequest {
  /** Rows per page. */
  readonly limit: number;
  /** The key of the last row of the previous page; absent for the first page. */
  readonly after?: PageKey;
}

export interface Page<T> {
  readonly items: T[];
  /** The key to pass as `after` for the next page; null on the last page. */
  readonly nextKey: PageKey | null;
}

/** One condition of a WHERE clause with its values; conditions are joined by AND. */
export interface Condition {
  readonly sql: string;
  readonly values: readonly unknown[];
}

/**
 * `column = CAST(? AS TEXT)` for a filter given (text columns); nothing for one left out. The cast: a bare parameter
 * beside an ORDER BY makes SQLite plan the statement again at every run.
 */
export function equal(column: string, value: unknown): Condition[] {
  return value === undefined ? [] : [{ sql: `${column} = CAST(? AS TEXT)`, values: [value] }];
}

/** A case-insensitive substring match of `q` on any of the columns; nothing when `q` is absent. */
export function contains(columns: readonly string[], q: string | undefined): Condition[] {
  if (q === undefined) return [];
  // LIKE wildcards in the search text are matched literally.
  const pattern = `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return [
    {
      sql: `(${columns.map((column) => `${column} LIKE CAST(? AS TEXT) ESCAPE '\\'`).join(' OR ')})`,
      values: columns.map(() => pattern),
    },
  ];
}

/** The condition that starts a page after `key`, ordered by `columns` (a row-value comparison). */
export function after(columns: readonly string[], key: PageKey | undefined): Condition[] {
  if (key === undefined) return [];
  return [{ sql: `(${columns.join(', ')}) > (${columns.map(() => '?').join(', ')})`, values: key }];
}

/** `WHERE a AND b` with the values to bind, or an empty clause. */
export function whereAll(conditions: readonly Condition[]): { where: string; values: unknown[] } {
  if (conditions.length === 0) return { where: '', values: [] };
  return {
    where: `WHERE ${conditions.map((condition) => condition.sql).join(' AND ')}`,
    values: conditions.flatMap((condition) => condition.values),
  };
}

/**
 * A page from rows read with `LIMIT limit + 1`: the extra row, when there is one, only tells that
 * another page follows.
 */
export function pageOf<Row, T>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => PageKey,
  view: (row: Row) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextKey: rows.length > limit && last !== undefined ? keyOf(last) : null };
}

/** How many rows one page may read past the ones a predicate refuses, so a rare match cannot stall a request. */
export const scannedRowsMax = 10_000;

/**
 * A page of the rows `keep` accepts, for a filter SQL cannot express (a partner's tier on a date). Reads
 * batches after the key until the page is full or `scannedRowsMax` rows were read; then the page may be
 * short, and `nextKey` (the last row read) resumes the scan.
 */
export function scanPage<Row, T>(
  read: (after: PageKey | undefined, batch: number) => Row[],
  request: PageRequest,
  keyOf: (row: Row) => PageKey,
  view: (row: Row) => T,
  keep: (item: T) => boolean,
): Page<T> {
  const batch = Math.max(request.limit + 1, 500);
  const items: T[] = [];
  let key = request.after;
  let scanned = 0;
  for (;;) {
    const rows = read(key, batch);
    for (const row of rows) {
      scanned += 1;
      const item = view(row);
      if (keep(item)) items.push(item);
      if (items.length > request.limit) return { items: items.slice(0, request.limit), nextKey: key ?? null };
      key = keyOf(row);
      if (scanned >= scannedRowsMax) return { items, nextKey: key };
    }
    if (rows.length < batch) return { items, nextKey: null };
  }
}
