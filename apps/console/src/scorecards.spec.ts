import { describe, expect, it } from '@jest/globals';
import type { Scorecard } from './api/views';
import { scorecardFigures, scorecardQuarters } from './scorecards';

describe('scorecards by quarter', () => {
  it('reads the quarters of the tier evaluations once each, oldest first, the last ones only', () => {
    const history = ['2025-Q3', '2025-Q1', '2025-Q2', '2025-Q3'].map((period) => ({ period }));
    expect(scorecardQuarters(history)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    expect(scorecardQuarters(history, 2)).toEqual(['2025-Q2', '2025-Q3']);
  });

  it('shows a figure the quarter does not have as a dash, never as 0', () => {
    const card = {
      currency: 'USD',
      revenueAttributed: '1200.00',
      winRate: null,
      averageDealSize: null,
      medianDaysToClose: null,
      netRevenueRetention: '1.0500',
      openPipeline: '0.00',
    } as Scorecard;
    expect(scorecardFigures.map((figure) => `${figure.label}: ${figure.of(card)}`)).toEqual([
      'Attributed revenue: 1200.00 USD',
      'Win rate: —',
      'Average deal size: —',
      'Median days to close: —',
      'Net revenue retention: 1.0500',
      'Open pipeline: 0.00 USD',
    ]);
  });
});
