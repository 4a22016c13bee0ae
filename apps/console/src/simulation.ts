import Decimal from 'decimal.js';
import { compareDecimal } from './money';
import type { ReadOnlyRuleSetKey, RuleSetView, SimulationRow } from './api/views';

// Every read-only key of the server's list, no more and no fewer: the type check holds the two together (the
// bundle takes no server code).
export const readOnlyKeys: Record<ReadOnlyRuleSetKey, true> = {
  publishedAt: true,
  publishedBy: true,
  retroactive: true,
  governs: true,
  position: true,
};

/**
 * The rule set in force as a candidate to edit: the document GET /rule-sets/:version answers without the
 * publication's read-only facts. The API would ignore them, but in the editor they would read as facts of the
 * candidate (published by, governing which days), which it does not have. Its rationale stays: simulation takes one.
 */
export function candidateOf(view: RuleSetView): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([key]) => !Object.hasOwn(readOnlyKeys, key)));
}

export type DeltaSortKey = 'partnerId' | 'period' | 'commissionDelta';

/** The rows of a simulation sorted by a column; deltas compare exactly, ties keep partner and period order. */
export function sortRows(rows: readonly SimulationRow[], key: DeltaSortKey, descending: boolean): SimulationRow[] {
  const direction = descending ? -1 : 1;
  return [...rows].sort((left, right) => {
    const primary =
      key === 'commissionDelta'
        ? compareDecimal(left.commissionDelta, right.commissionDelta)
        : left[key].localeCompare(right[key]);
    return (
      direction * primary || left.partnerId.localeCompare(right.partnerId) || left.period.localeCompare(right.period)
    );
  });
}

/** Per-partner deltas over all periods, the partners who gain first; rows without a change are left out. */
export function partnerDeltas(
  rows: readonly SimulationRow[],
): Array<{ partnerId: string; currency: string; delta: string }> {
  const totals = new Map<string, { currency: string; delta: Decimal }>();
  for (const row of rows) {
    const key = `${row.partnerId}\u0000${row.currency}`;
    const entry = totals.get(key) ?? { currency: row.currency, delta: new Decimal(0) };
    totals.set(key, { currency: entry.currency, delta: entry.delta.plus(row.commissionDelta) });
  }
  return [...totals]
    .filter(([, entry]) => !entry.delta.isZero())
    .map(([key, entry]) => ({
      partnerId: key.split('\u0000')[0]!,
      currency: entry.currency,
      delta: entry.delta.toFixed(2),
    }))
    .sort((left, right) => compareDecimal(right.delta, left.delta) || left.partnerId.localeCompare(right.partnerId));
}

/** The change by period, summed over partners (one series per currency would be the next step; the program has one). */
export function periodDeltas(rows: readonly SimulationRow[]): Array<{ period: string; delta: string }> {
  const totals = new Map<string, Decimal>();
  for (const row of rows) totals.set(row.period, (totals.get(row.period) ?? new Decimal(0)).plus(row.commissionDelta));
  return [...totals]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([period, delta]) => ({ period, delta: delta.toFixed(2) }));
}

/** The change by the tier each row ends at (after the candidate), in first-seen tier order; "none" for no tier. */
export function tierDeltas(rows: readonly SimulationRow[]): Array<{ tier: string; delta: string }> {
  const totals = new Map<string, Decimal>();
  for (const row of rows) {
    const tier = row.tierAfter ?? 'none';
    totals.set(tier, (totals.get(tier) ?? new Decimal(0)).plus(row.commissionDelta));
  }
  return [...totals].map(([tier, delta]) => ({ tier, delta: delta.toFixed(2) }));
}
