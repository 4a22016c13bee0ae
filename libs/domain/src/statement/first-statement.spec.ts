import { deciderSpecification, metadata } from '../testing/decider-specification.js';
import { firstStatementDecider, firstStatementStream, type FirstStatementCommand } from './first-statement.js';

const spec = deciderSpecification(firstStatementDecider);
const claim = (period: string, role: 'finance' | 'partner' = 'finance'): FirstStatementCommand => ({
  type: 'ClaimFirstStatement',
  data: { partnerId: 'acme', period },
  metadata: metadata({ now: '2026-04-03T09:00:00.000Z', actor: { id: 'fiona', role } }),
});
const claimed = (period: string) => ({
  type: 'FirstStatementClaimed' as const,
  data: { partnerId: 'acme', period, claimedAt: '2026-04-03' },
});

describe("a partner's first statement is claimed for one period", () => {
  it('claims the period when none is claimed, on a stream no statement period can name', () => {
    spec
      .given([])
      .when(claim('2026-Q1'))
      .then([claimed('2026-Q1')]);
    expect(firstStatementStream('acme')).toBe('statement-acme-first');
  });

  it('passes again for the same period (a retry), recording nothing', () => {
    spec
      .given([claimed('2026-Q1')])
      .when(claim('2026-Q1'))
      .then([]);
  });

  it('refuses another period, naming the claimed one', () => {
    spec
      .given([claimed('2026-Q1')])
      .when(claim('2026-Q2'))
      .thenThrows('STATEMENT_PERIOD_OUT_OF_ORDER', { field: 'period', period: '2026-Q2', expected: '2026-Q1' });
  });

  it('refuses a partner user', () => {
    spec.given([]).when(claim('2026-Q1', 'partner')).thenThrows('FORBIDDEN');
  });
});
