import { describe, expect, it } from '@jest/globals';
import type { PeriodClosePreview, PreviewedEvaluation } from './api/views';
import { closeBlockedReason, closeGroups, closeSummary, figureShown } from './period-close';

function evaluation(partnerId: string, change: string): PreviewedEvaluation {
  return {
    partnerId,
    period: '2026-Q1',
    ruleSetVersion: '2026.1',
    quarters: ['2026-Q1'],
    figures: { attributedRevenue: '100.00', wonDeals: 1, lostDeals: 0, winRate: '1.0000' },
    previousTier: 'silver',
    qualifiedTier: 'silver',
    tier: 'silver',
    change,
    shortfallCount: 0,
    demotionGraceQuarters: 1,
    effectiveFrom: '2026-04-01',
    nextTier: null,
    explanation: [],
  } as unknown as PreviewedEvaluation;
}

const preview: PeriodClosePreview = {
  period: '2026-Q1',
  dryRun: true,
  ruleSetVersion: '2026.1',
  freezes: { from: '2026-01-01', through: '2026-03-31', commissionLines: 42, dealFacts: 17 },
  partners: [
    evaluation('p1', 'unchanged'),
    evaluation('p2', 'promoted'),
    evaluation('p3', 'held'),
    evaluation('p4', 'promoted'),
    evaluation('p5', 'demoted'),
  ],
};

describe('closing a period', () => {
  it('groups the preview by what the close does to each tier, promotions, demotions and holds first', () => {
    const groups = closeGroups(preview);
    expect(groups.map((group) => [group.change, group.partners.map((partner) => partner.partnerId)])).toEqual([
      ['promoted', ['p2', 'p4']],
      ['demoted', ['p5']],
      ['held', ['p3']],
      ['unchanged', ['p1']],
    ]);
  });

  it('says in one sentence what confirming does', () => {
    expect(closeSummary(preview)).toBe(
      'Closing 2026-Q1 under rule set 2026.1 promotes 2, demotes 1 and holds 1 of 5 active partners, and freezes ' +
        '42 commission lines and 17 deal facts dated from 2026-01-01 through 2026-03-31. It cannot be undone.',
    );
    expect(closeSummary({ ...preview, freezes: { ...preview.freezes, from: null } })).toContain(
      'dated from the beginning through',
    );
  });

  it('closes only after a preview of that very period and an explicit confirmation', () => {
    expect(closeBlockedReason(undefined, '2026-Q1', true)).toBe('Preview closing 2026-Q1 first');
    expect(closeBlockedReason(preview, '2026-Q2', true)).toBe('Preview closing 2026-Q2 first');
    expect(closeBlockedReason(preview, '2026-Q1', false)).toBe('Confirm that you have read the preview');
    expect(closeBlockedReason(preview, '2026-Q1', true)).toBeUndefined();
  });

  it('shows attributed revenue to the cent, half-even, and keeps the exact figure for the title', () => {
    const exact = { ...evaluation('p1', 'held'), figures: { attributedRevenue: '147000.00234489', wonDeals: 3 } };
    expect(figureShown(exact as unknown as PreviewedEvaluation, 'attributedRevenue')).toEqual({
      text: '147000.00',
      exact: '147000.00234489',
    });
    const half = { ...exact, figures: { attributedRevenue: '10.125' } } as unknown as PreviewedEvaluation;
    expect(figureShown(half, 'attributedRevenue')).toEqual({ text: '10.12', exact: '10.125' });
    expect(figureShown(evaluation('p2', 'held'), 'attributedRevenue')).toEqual({ text: '100.00' });
    expect(figureShown(exact as unknown as PreviewedEvaluation, 'wonDeals')).toEqual({ text: '3' });
    expect(figureShown(evaluation('p2', 'held'), 'winRate')).toEqual({ text: '1.0000' });
    expect(figureShown(evaluation('p2', 'held'), 'missing')).toEqual({ text: '—' });
  });
});
