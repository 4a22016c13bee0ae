// The folded state of a payout statement: a leaf module, so other aggregates' commands and helpers can name it
// without importing the decider (and the decider's own imports) back.
import type { DisputeOutcome, StatementLine } from './statement.events.js';

export type StatementStatus = 'issued' | 'approved' | 'paid';

export interface StatementDispute {
  readonly lineId: string;
  /** 1 for a line's first dispute; a line may be disputed again once its dispute is resolved. */
  readonly disputeNumber: number;
  readonly reason: string;
  readonly disputedBy: string;
  readonly disputedAt: string;
  readonly open: boolean;
  readonly outcome: DisputeOutcome | null;
  readonly adjustment: string | null;
  readonly note: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

export type StatementState =
  | { readonly status: 'none' }
  | {
      readonly status: StatementStatus;
      readonly statementId: string;
      readonly partnerId: string;
      readonly period: string;
      readonly currency: string;
      readonly lines: readonly StatementLine[];
      readonly total: string;
      readonly payable: string;
      readonly carriedForward: string;
      readonly issuedBy: string;
      readonly issuedAt: string;
      readonly approvedBy: string | null;
      /** The approval's business date: a payment may not be dated before it. */
      readonly approvedAt: string | null;
      readonly paymentReference: string | null;
      readonly paidAt: string | null;
      /** Every dispute, in the order they were raised. */
      readonly disputes: readonly StatementDispute[];
    };

export type IssuedStatement = Extract<StatementState, { status: StatementStatus }>;

/** An MDF claim line of a statement, as the fund reads it when the statement is paid. */
export interface StatementClaimPayment {
  readonly lineId: string;
  readonly claimId: string;
  readonly amount: string;
}

/** What the MDF fund reads of a statement to mark its claims paid: owner, status, payment date and claim lines. */
export type StatementPaymentFacts =
  | { readonly status: 'none' }
  | (Pick<IssuedStatement, 'status' | 'statementId' | 'partnerId' | 'paidAt'> & {
      readonly claimPayments: readonly StatementClaimPayment[];
    });

/** The payment facts of a folded statement. */
export function statementPaymentFacts(state: StatementState): StatementPaymentFacts {
  if (state.status === 'none') return { status: 'none' };
  const { status, statementId, partnerId, paidAt } = state;
  const claimPayments = state.lines.flatMap((line) =>
    line.kind === 'mdf_claim' ? [{ lineId: line.lineId, claimId: line.claim.claimId, amount: line.amount }] : [],
  );
  return { status, statementId, partnerId, paidAt, claimPayments };
}

/**
 * What issuing the next statement reads of an earlier one: whose and which period it is, and what it holds (lines,
 * disputes, the negative total it carries forward); not who issued, approved or paid it.
 */
export type IssuedStatementFacts = Pick<
  IssuedStatement,
  'status' | 'statementId' | 'partnerId' | 'period' | 'currency' | 'lines' | 'disputes' | 'carriedForward'
>;

export type StatementFacts = { readonly status: 'none' } | IssuedStatementFacts;

/** The facts of a folded statement (or of facts again: they pass unchanged). */
export function statementFacts(state: StatementFacts): StatementFacts {
  if (state.status === 'none') return { status: 'none' };
  const { status, statementId, partnerId, period, currency, lines, disputes, carriedForward } = state;
  return { status, statementId, partnerId, period, currency, lines, disputes, carriedForward };
}
