import { describe, expect, it } from '@jest/globals';
import type { DealView } from './api/views';
import { dealLifecycle, dealNetWon } from './deals';

const openDeal = {
  dealId: 'd1',
  registrationId: 'reg-1',
  customer: { name: 'Globex', domain: 'globex.com' },
  currency: 'EUR',
  status: 'open',
  stage: 'proposal',
  amountWon: '0.00',
  amountRefunded: '0.00',
  openedAt: '2025-07-02T10:00:00.000Z',
  wonAt: null,
  lostAt: null,
  lostReason: null,
  churnedAt: null,
} as unknown as DealView;

describe('a deal lifecycle', () => {
  it('starts at the registration and the opening at its stage', () => {
    expect(dealLifecycle(openDeal)).toEqual([
      { step: 'registered (reg-1)', at: null },
      { step: 'opened, stage proposal', at: '2025-07-02T10:00:00.000Z' },
    ]);
  });

  it('follows a won deal through its refunds to churn, and keeps what was won less refunds exactly', () => {
    const deal = {
      ...openDeal,
      registrationId: null,
      status: 'churned',
      amountWon: '120000.10',
      amountRefunded: '0.20',
      wonAt: '2025-08-01T00:00:00.000Z',
      churnedAt: '2026-01-01T00:00:00.000Z',
    } as DealView;
    expect(dealLifecycle(deal).map((step) => step.step)).toEqual([
      'opened, stage proposal',
      'won 120000.10 EUR',
      'refunded 0.20 EUR',
      'churned',
    ]);
    expect(dealNetWon(deal)).toBe('119999.90');
    expect(dealNetWon(openDeal)).toBe('0.00');
  });

  it('names the reason a deal was lost', () => {
    const deal = { ...openDeal, status: 'lost', lostAt: '2025-09-01T00:00:00.000Z', lostReason: 'price' } as DealView;
    expect(dealLifecycle(deal).at(-1)).toEqual({ step: 'lost: price', at: '2025-09-01T00:00:00.000Z' });
  });
});
