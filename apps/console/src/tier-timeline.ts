import type { TierView } from './api/views';

type TierEvaluation = TierView['history'][number];

/** One evaluation on the partner's tier timeline: what it decided, and the figures that decided it. */
export interface TimelineEntry {
  readonly evaluationId: string;
  readonly period: string;
  readonly change: TierEvaluation['change'];
  /** "silver → gold, promoted from 2025-04-01". */
  readonly heading: string;
  readonly figures: ReadonlyArray<readonly [string, string]>;
}

/** A partner's tier evaluations oldest first, as the timeline of its tier. */
export function tierTimeline(history: readonly TierEvaluation[]): TimelineEntry[] {
  return [...history]
    .sort((left, right) => left.period.localeCompare(right.period))
    .map((evaluation) => {
      const { figures } = evaluation;
      const moved = evaluation.previousTier !== evaluation.tier;
      const tiers = moved ? `${evaluation.previousTier} → ${evaluation.tier}` : evaluation.tier;
      return {
        evaluationId: evaluation.evaluationId,
        period: evaluation.period,
        change: evaluation.change,
        heading: `${tiers}, ${evaluation.change}${moved ? ` from ${evaluation.effectiveFrom}` : ''}`,
        figures: [
          ['Quarters evaluated', evaluation.quarters.join(', ')],
          ['Attributed revenue', figures.attributedRevenue],
          ['Won, lost', `${figures.wonDeals}, ${figures.lostDeals}`],
          ['Win rate', figures.winRate ?? '—'],
          ['Qualified for', evaluation.qualifiedTier],
          [
            'Short of the tier',
            `${evaluation.shortfallCount} of ${evaluation.demotionGraceQuarters} quarters of grace`,
          ],
        ],
      };
    });
}
