import Decimal from 'decimal.js';
import type { PeriodClosePreview, PreviewedEvaluation } from './api/views';

/** The changes a close can make to a partner's tier, in the order the preview lists them. */
export const closeChanges = ['promoted', 'demoted', 'held', 'requalified', 'unchanged'] as const;
export type CloseChange = (typeof closeChanges)[number];

export interface CloseGroup {
  readonly change: CloseChange;
  readonly partners: readonly PreviewedEvaluation[];
}

/**
 * A dry run's evaluations grouped by what the close does to each partner's tier: promotions, demotions and
 * holds (below the tier, kept by the grace quarters) first, then the rest; empty groups are left out.
 */
export function closeGroups(preview: PeriodClosePreview): CloseGroup[] {
  return closeChanges
    .map((change) => ({ change, partners: preview.partners.filter((partner) => partner.change === change) }))
    .filter((group) => group.partners.length > 0);
}

/** One sentence of what confirming the close does, for the confirmation and the reader of a screen reader. */
export function closeSummary(preview: PeriodClosePreview): string {
  const count = (change: CloseChange) => preview.partners.filter((partner) => partner.change === change).length;
  const from = preview.freezes.from ?? 'the beginning';
  return (
    `Closing ${preview.period} under rule set ${preview.ruleSetVersion} promotes ${count('promoted')}, ` +
    `demotes ${count('demoted')} and holds ${count('held')} of ${preview.partners.length} active partners, ` +
    `and freezes ${preview.freezes.commissionLines} commission lines and ${preview.freezes.dealFacts} deal facts ` +
    `dated from ${from} through ${preview.freezes.through}. It cannot be undone.`
  );
}

/** Why the close button is disabled, or undefined when it may be pressed. */
export function closeBlockedReason(
  preview: PeriodClosePreview | undefined,
  period: string,
  confirmed: boolean,
): string | undefined {
  if (!preview || preview.period !== period) return `Preview closing ${period} first`;
  if (!confirmed) return 'Confirm that you have read the preview';
  return undefined;
}

/**
 * A preview figure as the table shows it: revenue is the exact base (amount × fx rate × share, many decimals),
 * shown to the cent, half-even like the ledger's lines; counts and the win rate as the API gives them. `exact` is
 * the figure itself, for the cell's title, when the shown text rounds it.
 */
export function figureShown(evaluation: PreviewedEvaluation, name: string): { text: string; exact?: string } {
  const value = (evaluation.figures as Record<string, unknown>)[name];
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value !== 'string') return { text: '—' };
  if (name !== 'attributedRevenue') return { text: value };
  const text = new Decimal(value).toFixed(2, Decimal.ROUND_HALF_EVEN);
  return new Decimal(text).equals(value) ? { text } : { text, exact: value };
}
