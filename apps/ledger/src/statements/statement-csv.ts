import { stringify } from 'csv-stringify/sync';
import { statementCsvColumns, statementCsvRows, type StatementView } from '#read-models';

/**
 * The statement export as CSV: a header, then one row per line of each statement, in the order given
 * (statementCsvColumns names every column). The same statements always give the same bytes.
 */
export function statementsCsv(statements: readonly StatementView[]): string {
  const rows = statements.flatMap(statementCsvRows).map((row) => statementCsvColumns.map((column) => row[column] ?? ''));
  return stringify(rows, { header: true, columns: [...statementCsvColumns] });
}
