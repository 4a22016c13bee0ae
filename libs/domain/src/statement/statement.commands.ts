import type { CommissionLine } from '../commission/commission.types.js';
import type { Command } from '../decider.js';
import type { MdfPayableFacts } from '../mdf/mdf.state.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import type { DisputeOutcome } from './statement.events.js';
import type { StatementFacts } from './statement.state.js';

/**
 * What issuing a statement needs from outside its stream. The application layer loads it; the decider
 * composes the statement from it (statement-composition.ts) and checks it. These are facts about the
 * world, not the client's request ({partnerId, period}), so they are not part of the request's identity
 * (idempotency fingerprint): a retry after a crash replays the statement that was issued.
 */
export interface IssueStatementFacts {
  /** Every period closed so far (`PeriodClosed` on the `program` stream). */
  readonly closedPeriods: readonly string[];
  /** The status of `partner-<partnerId>` (fold of partnerDecider), 'none' when never enrolled. */
  readonly partnerStatus: PartnerStatus | 'none';
  /** The currency the statement pays in: that of the rule set in force on the period's last day. */
  readonly currency: string;
  /**
   * Every statement issued for the partner so far: statementFacts of the folds of `statement-<partnerId>-<period>`
   * for each closed period (those never issued may be left out or passed with status 'none').
   */
  readonly issuedStatements: readonly StatementFacts[];
  /**
   * The engine's current commission lines and clawbacks of the partner, including those already on a
   * statement (their recomputations become adjustment lines). Lines vesting after the period's end may
   * be passed: the decider leaves them for a later statement.
   */
  readonly commissionLines: readonly CommissionLine[];
  /** `mdf-<partnerId>` (mdfPayableFacts of its fold): its approved claims are payable. */
  readonly mdfFund: MdfPayableFacts;
}

/**
 * What resolving a dispute needs from outside its stream: the disputed line's money as it stands now. A refund's
 * clawback may have taken back a commission line after its statement was issued; an adjustment that took it back
 * again would leave the partner owing on a deal they returned.
 */
export interface ResolveDisputeFacts {
  /**
   * For a commission line: what the partner holds of it now (heldOfLine over the engine's current lines: its
   * current amount with every clawback and forfeiture of it). Null for any other line.
   */
  readonly lineHeld: string | null;
}

/** Commands on `statement-<partnerId>-<period>`; `statementId` is `<partnerId>-<period>` (statementIdOf). */
export type StatementCommand =
  | Command<'IssueStatement', { partnerId: string; period: string }, IssueStatementFacts>
  | Command<'ApproveStatement', { statementId: string }>
  /** `paidAt`: the payment's date (YYYY-MM-DD), today when absent. */
  | Command<'PayStatement', { statementId: string; paymentReference: string; paidAt?: string }>
  | Command<'DisputeStatementLine', { statementId: string; lineId: string; reason: string }>
  /**
   * `adjustment`: signed, non-zero, at the statement currency's minor unit; required when adjusted, refused when
   * upheld. With the line's earlier adjustments it stays within the line's amount either way, and it never takes
   * back more than the partner holds of a commission line now (`facts.lineHeld`).
   */
  | Command<
      'ResolveStatementDispute',
      { statementId: string; lineId: string; outcome: DisputeOutcome; adjustment?: string; note?: string },
      ResolveDisputeFacts
    >;
