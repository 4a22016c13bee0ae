import { describe, expect, it } from '@jest/globals';
import type { StatementView } from './api/views';
import type { Session } from './session';
import {
  approveBlockedReason,
  csvFileName,
  openDisputesOf,
  payBlockedReason,
  statementTotals,
  statusOf,
} from './statements';

function statement(overrides: Partial<StatementView>): StatementView {
  return {
    statementId: 'p1-2026-Q1',
    partnerId: 'p1',
    period: '2026-Q1',
    currency: 'USD',
    lines: [],
    subtotals: { commission: '0.00', clawback: '0.00', mdf_claim: '0.00', adjustment: '0.00', carry_forward: '0.00' },
    total: '0.00',
    payable: '0.00',
    carriedForward: '0.00',
    issuedBy: 'alice',
    issuedAt: '2026-04-02T10:00:00.000Z',
    status: 'issued',
    approval: null,
    payment: null,
    disputes: [],
    openDisputes: 0,
    adjustedBy: [],
    issuedPosition: '10',
    position: '10',
    ...overrides,
  };
}

const finance = (sub: string): Session => ({ token: 't', role: 'finance', sub, expiresAt: 1 });

describe('statement views', () => {
  it('sums totals and payables per currency exactly', () => {
    const statements = [
      statement({ total: '0.10', payable: '0.10' }),
      statement({ statementId: 'p2-2026-Q1', total: '0.20', payable: '0.20' }),
      statement({ statementId: 'p3-2026-Q1', total: '-5.00', payable: '0.00', currency: 'EUR' }),
    ];
    expect(statementTotals(statements)).toEqual([
      { currency: 'USD', total: '0.30', payable: '0.30' },
      { currency: 'EUR', total: '-5.00', payable: '0.00' },
    ]);
  });

  it('counts a carried debt once: each total without what it carried in from the statement before', () => {
    const carried = (amount: string) => ({ ...statement({}).subtotals, carry_forward: amount });
    const statements = [
      statement({ period: '2026-Q1', total: '1720.00', payable: '1720.00' }),
      statement({ period: '2026-Q2', total: '-785.73', payable: '0.00' }),
      statement({ period: '2026-Q3', total: '-690.33', payable: '0.00', subtotals: carried('-785.73') }),
      statement({ period: '2026-Q4', total: '520.68', payable: '520.68', subtotals: carried('-690.33') }),
    ];
    expect(statementTotals(statements)).toEqual([{ currency: 'USD', total: '2240.68', payable: '2240.68' }]);
  });

  it('reads the status as the API filters it: disputed while a dispute is open, whatever the status', () => {
    expect(statusOf(statement({ openDisputes: 1 }))).toBe('disputed');
    expect(statusOf(statement({ status: 'approved', openDisputes: 1 }))).toBe('disputed');
    expect(statusOf(statement({ status: 'paid' }))).toBe('paid');
    expect(statusOf(statement({}))).toBe('issued');
  });

  it('disables approval for the issuer, with the reason, and allows a second finance user', () => {
    const issued = statement({});
    expect(approveBlockedReason(issued, finance('alice'))).toBe(
      'You issued this statement: a second finance user approves it',
    );
    expect(approveBlockedReason(issued, finance('bob'))).toBeUndefined();
    expect(approveBlockedReason(statement({ openDisputes: 1 }), finance('bob'))).toMatch(/dispute is open/);
    expect(approveBlockedReason(statement({ status: 'approved' }), finance('bob'))).toMatch(/approved/);
  });

  it('allows payment of an approved statement only', () => {
    expect(payBlockedReason(statement({}), finance('bob'))).toMatch(/only an approved one is paid/);
    expect(payBlockedReason(statement({ status: 'approved' }), finance('bob'))).toBeUndefined();
  });

  it("lists the open disputes across statements for finance's inbox, oldest first, resolved ones left out", () => {
    const dispute = (lineId: string, disputedAt: string, status: 'open' | 'resolved') => ({
      lineId,
      disputeNumber: 1,
      reason: 'why',
      disputedBy: 'pat',
      disputedAt,
      status,
      outcome: null,
      adjustment: null,
      note: null,
      resolvedBy: null,
      resolvedAt: null,
      adjustmentLine: null,
    });
    const first = statement({
      statementId: 'p1-2026-Q1',
      disputes: [dispute('l1', '2026-04-05', 'open'), dispute('l2', '2026-04-01', 'resolved')],
    });
    const second = statement({ statementId: 'p2-2026-Q1', disputes: [dispute('l3', '2026-04-03', 'open')] });
    expect(
      openDisputesOf([first, second]).map((item) => `${item.statement.statementId} ${item.dispute.lineId}`),
    ).toEqual(['p2-2026-Q1 l3', 'p1-2026-Q1 l1']);
  });

  it("names a CSV download after the list's filters", () => {
    expect(csvFileName({ period: '2026-Q1', status: 'issued' })).toBe('statements-2026-Q1-issued.csv');
    expect(csvFileName({ period: '', status: '' })).toBe('statements.csv');
  });
});
