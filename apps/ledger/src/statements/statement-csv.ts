import { statementCsvColumns, statementCsvRows, type StatementView } from '#read-models';
import { csvOf } from '../common/csv.js';

/**
 * The statement export as CSV: a header, then one row per line of each statement, in the order given
 * (statementCsvColumns names every column). The same statements always give the same bytes. Text that
 * a spreadsheet would run as a formula (a dispute reason, claim evidence) is escaped by csvOf.
 */
export function statementsCsv(statements: readonly StatementView[]): string {
  const rows = statements
    .flatMap(statementCsvRows)
    .map((row) => statementCsvColumns.map((column) => row[column] ?? ''));
  return csvOf(statementCsvColumns, rows);
}
