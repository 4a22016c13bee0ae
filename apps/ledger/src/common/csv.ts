import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection"). */
const formulaStart = /^[=+\-@\t\r]/;
/** A signed decimal such as -500.00: a spreadsheet reads it as the number it is, so it stays numeric. */
const plainDecimal = /^-?\d+(\.\d+)?$/;

/**
 * A cell a spreadsheet will not evaluate: text that begins like a formula gets a leading single quote
 * (OWASP's convention), so `=HYPERLINK(...)` in a dispute reason is shown, never run. Negative amounts
 * are left as they are: they begin with `-` but are plain numbers.
 */
export function csvSafeCell(value: string): string {
  return formulaStart.test(value) && !plainDecimal.test(value) ? `'${value}` : value;
}

/** Every CSV the ledger writes: a header row, then the rows with each cell made formula-safe. */
export function csvOf(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return stringify(
    rows.map((row) => row.map(csvSafeCell)),
    { header: true, columns: [...columns] },
  );
}
