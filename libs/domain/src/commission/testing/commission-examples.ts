import { expect } from '@jest/globals';
import { designRuleSet, History, partner } from './commission-builders.js';

/**
 * Figures and histories of docs/commission-examples.md that several suites assert: the engine's worked
 * examples, the commission read model and the e2e over HTTP.
 */

/**
 * Example 8's story so far: tau (DESIGN §5's rules) wins three deals of 40,000.00 in 2026-Q1 and is
 * promoted at its close, wins t4 (10,000.00) in April and refunds t3 in full on 2026-05-20.
 */
export function promotionHistory(): History {
  const history = new History();
  history.publish(designRuleSet());
  history.enroll('tau');
  history.wonDeal('t1', '2026-01-20', '40000.00', [partner('tau')]);
  history.wonDeal('t2', '2026-02-10', '40000.00', [partner('tau')]);
  history.wonDeal('t3', '2026-03-05', '40000.00', [partner('tau')], { eventId: 'won-t3' });
  history.close('2026-Q1');
  history.wonDeal('t4', '2026-04-15', '10000.00', [partner('tau')], { eventId: 'won-t4' });
  history.refund('t3', '2026-05-20', '40000.00', 'refund-t3');
  return history;
}

/** Example 3: the expansion's components when it meets the per-deal cap. */
export const perDealCapComponents = {
  standard: '3750',
  accelerated: '1875',
  cappedPerDeal: '-4375',
  cappedPerQuarter: '0',
  rounding: '0',
} as const;

/** Example 3: the expansion meets the per-deal cap of 25,000 with 23,750 used: 1,250.00 paid, 4,375 capped. */
export function expectPerDealCapMet(expanded: { earned: { perDealCap: unknown } | null; amount: string }): void {
  expect(expanded.earned?.perDealCap).toEqual({ limit: '25000', usedBefore: '23750', room: '1250', capped: '4375' });
  expect(expanded.amount).toBe('1250.00');
}

/** A balance as the balance query answers it: every figure 0.00 unless given, in USD unless given. */
export function balanceOf(figures: Partial<Record<BalanceField, string>> = {}): Record<BalanceField, string> {
  return {
    currency: 'USD',
    earned: '0.00',
    accrued: '0.00',
    vested: '0.00',
    forfeited: '0.00',
    clawedBack: '0.00',
    adjustments: '0.00',
    payable: '0.00',
    issued: '0.00',
    paid: '0.00',
    disputed: '0.00',
    carriedForward: '0.00',
    mdfClaimsApproved: '0.00',
    // With nothing carried forward and no claim approved, the next statement totals what is payable.
    payableNext: figures.payable ?? '0.00',
    ...figures,
  };
}

type BalanceField =
  | 'currency'
  | 'earned'
  | 'accrued'
  | 'vested'
  | 'forfeited'
  | 'clawedBack'
  | 'adjustments'
  | 'payable'
  | 'issued'
  | 'paid'
  | 'disputed'
  | 'carriedForward'
  | 'mdfClaimsApproved'
  | 'payableNext';
