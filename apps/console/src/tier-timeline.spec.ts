import { describe, expect, it } from '@jest/globals';
import type { TierView } from './api/views';
import { tierTimeline } from './tier-timeline';

const evaluation = (period: string, previousTier: string, tier: string, change: string, winRate: string | null) => ({
  evaluationId: `e-${period}`,
  period,
  quarters: [period],
  figures: { attributedRevenue: '120000.125', wonDeals: 3, lostDeals: 1, winRate },
  previousTier,
  qualifiedTier: tier,
  tier,
  change,
  shortfallCount: 0,
  demotionGraceQuarters: 1,
  effectiveFrom: `${period}-next`,
});

describe("a partner's tier timeline", () => {
  it('lists the evaluations oldest first, naming a move and when it takes effect, with the figures', () => {
    const history = [
      evaluation('2025-Q2', 'silver', 'silver', 'unchanged', null),
      evaluation('2025-Q1', 'registered', 'silver', 'promoted', '0.7500'),
    ] as unknown as TierView['history'];
    const timeline = tierTimeline(history);
    expect(timeline.map((entry) => `${entry.period}: ${entry.heading}`)).toEqual([
      '2025-Q1: registered → silver, promoted from 2025-Q1-next',
      '2025-Q2: silver, unchanged',
    ]);
    expect(Object.fromEntries(timeline[0]!.figures)).toEqual({
      'Quarters evaluated': '2025-Q1',
      'Attributed revenue': '120000.125',
      'Won, lost': '3, 1',
      'Win rate': '0.7500',
      'Qualified for': 'silver',
      'Short of the tier': '0 of 1 quarters of grace',
    });
    expect(Object.fromEntries(timeline[1]!.figures)['Win rate']).toBe('—');
  });
});
