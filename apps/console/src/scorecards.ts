import type { Scorecard } from './api/views';

/** The quarters a partner's scorecards are read for: those of its tier evaluations, oldest first, the last 8. */
export function scorecardQuarters(history: ReadonlyArray<{ readonly period: string }>, quartersMax = 8): string[] {
  return [...new Set(history.map((evaluation) => evaluation.period))].sort().slice(-quartersMax);
}

/** The figures of a scorecard table, each with how it reads when the quarter has none ("—"). */
export const scorecardFigures: ReadonlyArray<{ label: string; of: (card: Scorecard) => string }> = [
  { label: 'Attributed revenue', of: (card) => `${card.revenueAttributed} ${card.currency}` },
  { label: 'Win rate', of: (card) => card.winRate ?? '—' },
  {
    label: 'Average deal size',
    of: (card) => (card.averageDealSize ? `${card.averageDealSize} ${card.currency}` : '—'),
  },
  {
    label: 'Median days to close',
    of: (card) => (card.medianDaysToClose === null ? '—' : String(card.medianDaysToClose)),
  },
  { label: 'Net revenue retention', of: (card) => card.netRevenueRetention ?? '—' },
  { label: 'Open pipeline', of: (card) => `${card.openPipeline} ${card.currency}` },
];
