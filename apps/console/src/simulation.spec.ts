import { describe, expect, it } from '@jest/globals';
import type { RuleSetView, SimulationRow } from './api/views';
import { candidateOf, partnerDeltas, periodDeltas, sortRows, tierDeltas } from './simulation';

function row(partnerId: string, period: string, commissionDelta: string): SimulationRow {
  return {
    partnerId,
    period,
    currency: 'USD',
    commissionBefore: '0.00',
    commissionAfter: commissionDelta,
    commissionDelta,
    tierBefore: 'gold',
    tierAfter: 'gold',
    mdfAccrualBefore: '0.00',
    mdfAccrualAfter: '0.00',
    mdfAccrualDelta: '0.00',
  };
}

const rows = [
  row('b', '2026-Q1', '0.10'),
  row('a', '2026-Q2', '-3.00'),
  row('a', '2026-Q1', '0.20'),
  row('c', '2026-Q1', '0.00'),
];

describe('simulation deltas', () => {
  it('sorts rows by delta exactly (not as text), ties in partner and period order', () => {
    expect(sortRows(rows, 'commissionDelta', true).map((item) => item.commissionDelta)).toEqual([
      '0.20',
      '0.10',
      '0.00',
      '-3.00',
    ]);
    expect(sortRows(rows, 'partnerId', false).map((item) => `${item.partnerId} ${item.period}`)).toEqual([
      'a 2026-Q1',
      'a 2026-Q2',
      'b 2026-Q1',
      'c 2026-Q1',
    ]);
  });

  it('sums the change per partner, gainers first, leaving out partners without a change', () => {
    expect(partnerDeltas(rows)).toEqual([
      { partnerId: 'b', currency: 'USD', delta: '0.10' },
      { partnerId: 'a', currency: 'USD', delta: '-2.80' },
    ]);
  });

  it('sums the change per period in period order', () => {
    expect(periodDeltas(rows)).toEqual([
      { period: '2026-Q1', delta: '0.30' },
      { period: '2026-Q2', delta: '-3.00' },
    ]);
  });

  it('starts a candidate from the rule set in force without its publication facts, keeping rules and rationale', () => {
    const inForce: RuleSetView = {
      version: '2025.3',
      effectiveFrom: '2025-01-01',
      currency: 'USD',
      rounding: 'half-even',
      commission: { rates: { registered: '0.20' } },
      rationale: 'Launch',
      publishedAt: '2024-12-15',
      publishedBy: 'olga',
      retroactive: false,
      governs: { from: '2025-01-01', through: null },
      position: '42',
    };
    expect(candidateOf(inForce)).toEqual({
      version: '2025.3',
      effectiveFrom: '2025-01-01',
      currency: 'USD',
      rounding: 'half-even',
      commission: { rates: { registered: '0.20' } },
      rationale: 'Launch',
    });
  });

  it('sums the change by the tier each row ends at, exactly, a row without a tier under "none"', () => {
    const silver = { ...row('d', '2026-Q1', '0.30'), tierAfter: 'silver' };
    const untiered = { ...row('e', '2026-Q2', '-0.05'), tierAfter: null };
    expect(tierDeltas([...rows, silver, untiered])).toEqual([
      { tier: 'gold', delta: '-2.70' },
      { tier: 'silver', delta: '0.30' },
      { tier: 'none', delta: '-0.05' },
    ]);
  });
});
