import type Database from 'better-sqlite3';

/**
 * Prepared statements by their SQL text, for queries whose WHERE clause depends on the filters given:
 * preparing a statement costs more than running it, so each shape is prepared once.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  get<Parameters extends unknown[], Row>(sql: string): Database.Statement<Parameters, Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<Parameters, Row>;
  }
}

/**
 * The WHERE clause of a filtered list: `column = CAST(? AS TEXT)` (text columns; page.ts `equal`) for each filter
 * given (value not undefined), joined by AND, in the order listed, with the values to bind; an empty clause when no
 * filter is given.
 */
export function whereEqual(filters: readonly (readonly [column: string, value: unknown])[]): {
  where: string;
  values: unknown[];
} {
  const given = filters.filter(([, value]) => value !== undefined);
  const where = given.length > 0 ? `WHERE ${given.map(([column]) => `${column} = CAST(? AS TEXT)`).join(' AND ')}` : '';
  return { where, values: given.map(([, value]) => value) };
}
