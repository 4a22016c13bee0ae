import { simulationCsvColumns, type SimulationReport } from '#read-models';
import { csvOf } from '../common/csv.js';

/** One CSV row per partner and period, then a totals row; the same report always gives the same bytes. */
export function simulationCsv(report: SimulationReport): string {
  const rows = report.rows.map((row) => simulationCsvColumns.map((column) => row[column] ?? ''));
  const { totals } = report;
  rows.push([
    'TOTAL',
    '',
    totals.currency,
    totals.commissionBefore,
    totals.commissionAfter,
    totals.commissionDelta,
    '',
    '',
    '',
    '',
    totals.mdfAccrualDelta,
  ]);
  return csvOf(simulationCsvColumns, rows);
}

/** A fixed-width table for a terminal. */
export function simulationTable(report: SimulationReport): string {
  const header = ['partner', 'period', 'before', 'after', 'delta', 'tier before', 'tier after', 'MDF delta'];
  const body = report.rows.map((row) => [
    row.partnerId,
    row.period,
    row.commissionBefore,
    row.commissionAfter,
    row.commissionDelta,
    row.tierBefore ?? '-',
    row.tierAfter ?? '-',
    row.mdfAccrualDelta,
  ]);
  body.push([
    'TOTAL',
    '',
    report.totals.commissionBefore,
    report.totals.commissionAfter,
    report.totals.commissionDelta,
    '',
    '',
    report.totals.mdfAccrualDelta,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4, 7]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ');
  const { candidate } = report;
  const title =
    `Simulation of rule set ${candidate.version} (effective ${candidate.effectiveFrom}) ` +
    `over ${report.eventsReplayed} events, amounts in ${report.totals.currency}`;
  return (
    [title, '', line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n') + '\n'
  );
}
