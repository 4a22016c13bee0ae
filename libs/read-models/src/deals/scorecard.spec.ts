import fc from 'fast-check';
import type { DealFacts, RevenueRow } from './deals.projection.js';
import { computeScorecard } from './scorecard.js';

/** Deal facts for p1 (share 1, sourcing): only what a test names differs. */
function deal(dealId: string, facts: Partial<DealFacts> = {}): DealFacts {
  return {
    dealId,
    registrationId: null,
    customer: { name: 'Acme', domain: 'acme.com' },
    currency: 'USD',
    stage: null,
    status: 'won',
    billing: 'recurring',
    openedAt: '2025-10-01',
    wonAt: '2025-11-01',
    lostAt: null,
    churnedAt: null,
    share: '1',
    role: 'sourcing',
    estimatedValue: null,
    estimatedCurrency: null,
    ...facts,
  };
}

function row(dealId: string, kind: RevenueRow['kind'], businessDate: string, amount: string): RevenueRow {
  return { dealId, partnerId: 'p1', kind, businessDate, amount };
}

const scorecard = (deals: DealFacts[], revenue: RevenueRow[], period = '2026-Q1') =>
  computeScorecard({ partnerId: 'p1', period, currency: 'USD', deals, revenue });

describe('scorecard', () => {
  describe('renewal rate', () => {
    it('given a deal renewed and churned in one quarter, then it counts once, as churned', () => {
      const deals = [deal('a', { status: 'churned', churnedAt: '2026-03-20' })];
      const revenue = [row('a', 'new', '2025-11-01', '1000.00'), row('a', 'renewal', '2026-02-01', '1200.00')];
      expect(scorecard(deals, revenue).renewalRate).toBe('0.0000');
    });

    it('given one renewed, one renewed then churned and one churned, then one of three renewals held', () => {
      const deals = [deal('a'), deal('b', { churnedAt: '2026-03-01' }), deal('c', { churnedAt: '2026-02-01' })];
      const revenue = [row('a', 'renewal', '2026-02-01', '1000.00'), row('b', 'renewal', '2026-01-15', '500.00')];
      expect(scorecard(deals, revenue).renewalRate).toBe('0.3333');
    });

    it('is null when no renewal was decided in the quarter', () => {
      expect(scorecard([deal('a')], [row('a', 'new', '2025-11-01', '1000.00')]).renewalRate).toBeNull();
    });
  });

  describe('pipeline velocity', () => {
    // The worked example of docs/decisions.md: 4 open deals, 2 won of 4 decided (0.5), 20000.00 new revenue over
    // 2 wins (10000.00 each), 20 and 40 days to close (30): 4 × 0.5 × 10000 ÷ 30 = 666.67 a day.
    const open = (dealId: string) => deal(dealId, { status: 'open', wonAt: null, openedAt: '2026-01-05' });
    const deals = [
      deal('w1', { openedAt: '2026-01-01', wonAt: '2026-01-21' }),
      deal('w2', { openedAt: '2026-01-01', wonAt: '2026-02-10' }),
      deal('l1', { status: 'lost', wonAt: null, lostAt: '2026-02-01' }),
      deal('l2', { status: 'lost', wonAt: null, lostAt: '2026-03-01' }),
      ...['o1', 'o2', 'o3', 'o4'].map(open),
    ];
    const revenue = [row('w1', 'new', '2026-01-21', '12000.00'), row('w2', 'new', '2026-02-10', '8000.00')];

    it('is open deals × win rate × average deal size ÷ average days to close, per day', () => {
      expect(scorecard(deals, revenue)).toMatchObject({
        openDeals: 4,
        winRate: '0.5000',
        averageDealSize: '10000.00',
        averageDaysToClose: '30.00',
        pipelineVelocity: '666.67',
      });
    });

    it('counts a same-day close as one day, and is null without a won deal', () => {
      const sameDay = [deal('w1', { openedAt: '2026-01-10', wonAt: '2026-01-10' }), open('o1')];
      expect(scorecard(sameDay, [row('w1', 'new', '2026-01-10', '900.00')])).toMatchObject({
        averageDaysToClose: '0.00',
        pipelineVelocity: '900.00',
      });
      expect(scorecard([open('o1')], []).pipelineVelocity).toBeNull();
    });
  });

  describe('lifetime value', () => {
    it('sums every attributed row up to the period end, net of refunds, and shows the churned share', () => {
      const deals = [deal('a'), deal('b', { churnedAt: '2026-02-15' }), deal('c', { churnedAt: '2026-05-01' })];
      const revenue = [
        row('a', 'new', '2025-11-01', '1000.00'),
        row('a', 'renewal', '2026-02-01', '1200.00'),
        row('a', 'refund', '2026-03-15', '-100.00'),
        row('b', 'new', '2025-11-01', '800.00'),
        row('c', 'new', '2026-01-10', '900.00'),
        row('c', 'expansion', '2026-04-10', '300.00'),
      ];
      // 1000 + 1200 − 100 + 800 + 900 = 3800; b (800) churned by the end of Q1; c churns in Q2.
      expect(scorecard(deals, revenue).lifetimeValue).toEqual({
        revenue: '3800.00',
        churnedRevenue: '800.00',
        churnedShare: '0.2105',
      });
      expect(scorecard(deals, revenue, '2026-Q2').lifetimeValue).toEqual({
        revenue: '4100.00',
        churnedRevenue: '2000.00',
        churnedShare: '0.4878',
      });
      expect(scorecard([], [], '2026-Q1').lifetimeValue).toEqual({
        revenue: '0.00',
        churnedRevenue: '0.00',
        churnedShare: null,
      });
    });
  });

  it('answers the same figures whatever the order of its deals (they are read in none)', () => {
    const deals = [
      deal('a'),
      deal('b', {
        status: 'open',
        wonAt: null,
        openedAt: '2026-01-05',
        estimatedValue: '500.00',
        estimatedCurrency: 'USD',
      }),
      deal('c', { status: 'lost', wonAt: null, lostAt: '2026-02-10' }),
      deal('d', { billing: 'one_time', openedAt: '2026-01-20', wonAt: '2026-03-01' }),
      deal('e', { status: 'churned', openedAt: '2026-01-02', wonAt: '2026-02-01', churnedAt: '2026-03-15' }),
      deal('f', { openedAt: '2026-01-03', wonAt: '2026-01-31' }),
    ];
    const revenue = [
      row('a', 'new', '2025-11-01', '1000.00'),
      row('f', 'new', '2026-01-31', '250.00'),
      row('a', 'renewal', '2026-02-01', '1100.00'),
      row('e', 'new', '2026-02-01', '700.00'),
      row('d', 'new', '2026-03-01', '300.00'),
    ];
    const expected = scorecard(deals, revenue);
    expect(expected).toMatchObject({ wonDeals: 3, lostDeals: 1, openDeals: 1, medianDaysToClose: 30 });
    fc.assert(
      fc.property(fc.shuffledSubarray(deals, { minLength: deals.length }), (shuffled) => {
        expect(scorecard(shuffled, revenue)).toEqual(expected);
      }),
    );
  });
});
