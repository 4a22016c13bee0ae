import { parse } from 'csv-parse/sync';

/**
 * The CSV mapping for deals exported from a CRM (docs/imports.md): one row per product line; the deal's
 * own columns repeat on each of its rows. Each deal becomes the commands a client would send: open it,
 * then win it with all its lines when `won_at` is set.
 */
export const crmDealColumns = [
  'deal_id',
  'customer_name',
  'customer_domain',
  'partners',
  'currency',
  'fx_rate',
  'opened_at',
  'won_at',
  'billing',
  'term_months',
  'sku',
  'family',
  'amount',
  'discount',
] as const;

type Column = (typeof crmDealColumns)[number];
type Row = Record<Column, string>;
/** The columns that describe the deal rather than one of its product lines. */
const dealColumns = crmDealColumns.filter((column) => !['sku', 'family', 'amount', 'discount'].includes(column));

/** One generated command, with the CSV rows it came from (1 is the header row). */
export interface ConvertedCommand {
  readonly rows: readonly number[];
  readonly ndjson: string;
}

/** A row the mapping cannot read: the row, the column and why. */
export interface CsvRowError {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface CrmConversion {
  readonly commands: readonly ConvertedCommand[];
  readonly errors: readonly CsvRowError[];
}

/**
 * Converts a CRM deals CSV into import lines. Only the mapping is checked here (the header, the partners
 * cell, rows of one deal that disagree); every value is passed on as text, so amounts, dates, currencies
 * and shares are validated by the routes themselves, exactly as for any other import.
 */
export function convertCrmDeals(text: string): CrmConversion {
  let records: Array<{ record: Record<string, string>; info: { records: number; empty_lines: number } }>;
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { commands: [], errors: [{ row: 1, column: '', message: (error as Error).message }] };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = crmDealColumns.filter((column) => !header.includes(column));
  if (missing.length > 0)
    return { commands: [], errors: [{ row: 1, column: missing.join(', '), message: 'missing column(s)' }] };
  const deals = new Map<string, Array<{ row: number; values: Row }>>();
  for (const { record, info } of records) {
    const values = record as Row;
    // The row a spreadsheet shows it on: after the header, one per record (however many lines its quoted cells
    // span) and one per empty line.
    const row = 1 + info.records + info.empty_lines;
    deals.set(values.deal_id, [...(deals.get(values.deal_id) ?? []), { row, values }]);
  }
  const errors: CsvRowError[] = [];
  const commands: ConvertedCommand[] = [];
  for (const [dealId, rows] of deals) {
    const found = rowErrors(rows);
    errors.push(...found);
    if (found.length === 0) commands.push(...dealCommands(dealId, rows));
  }
  return { commands, errors };
}

function rowErrors(rows: ReadonlyArray<{ row: number; values: Row }>): CsvRowError[] {
  const first = rows[0]!;
  const errors: CsvRowError[] = [];
  for (const { row, values } of rows) {
    const differing = dealColumns.find((column) => values[column] !== first.values[column]);
    if (differing) errors.push({ row, column: differing, message: `differs from row ${first.row} of the same deal` });
  }
  if (partnersOf(first.values.partners) === undefined)
    errors.push({ row: first.row, column: 'partners', message: 'must read partnerId:role:share, separated by |' });
  return errors;
}

function partnersOf(cell: string): Array<{ partnerId: string; role: string; share: string }> | undefined {
  const partners = cell.split('|').map((entry) => entry.trim().split(':'));
  if (partners.some((parts) => parts.length !== 3 || parts.some((part) => part.trim() === ''))) return undefined;
  return partners.map(([partnerId, role, share]) => ({ partnerId: partnerId!, role: role!, share: share! }));
}

function dealCommands(dealId: string, rows: ReadonlyArray<{ row: number; values: Row }>): ConvertedCommand[] {
  const deal = rows[0]!.values;
  const rowNumbers = rows.map(({ row }) => row);
  const open = {
    dealId,
    customer: { name: deal.customer_name, domain: deal.customer_domain },
    partners: partnersOf(deal.partners),
    currency: deal.currency,
    ...optional('openedAt', deal.opened_at),
  };
  const commands = [command(`crm-deal:${dealId}:open`, '/deals', open, [rowNumbers[0]!])];
  if (deal.won_at === '') return commands;
  const lines = rows.map(({ values }) => ({
    sku: values.sku,
    family: values.family,
    amount: values.amount,
    ...optional('discount', values.discount),
  }));
  const termMonths = deal.term_months === '' ? {} : { termMonths: Number(deal.term_months) };
  const win = { lines, ...optional('fxRate', deal.fx_rate), billing: deal.billing, ...termMonths, wonAt: deal.won_at };
  commands.push(command(`crm-deal:${dealId}:win`, `/deals/${encodeURIComponent(dealId)}/win`, win, rowNumbers));
  return commands;
}

function optional(field: string, value: string): Record<string, string> {
  return value === '' ? {} : { [field]: value };
}

function command(key: string, path: string, body: unknown, rows: readonly number[]): ConvertedCommand {
  return { rows, ndjson: JSON.stringify({ key, method: 'POST', path, body }) };
}
