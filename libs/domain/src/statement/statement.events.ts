import type { CommissionLine } from '../commission/commission.types.js';
import type { DomainEvent } from '../decider.js';

export type StatementLineKind = 'carry_forward' | 'commission' | 'clawback' | 'adjustment' | 'mdf_claim';
export const statementLineKinds: readonly StatementLineKind[] = [
  'carry_forward',
  'commission',
  'clawback',
  'adjustment',
  'mdf_claim',
];

interface StatementLineBase {
  /**
   * Unique across all of a partner's statements, so "not yet on an earlier statement" is a set lookup:
   * the engine's lineId for commission lines and clawbacks, `mdf-claim:<claimId>`,
   * `recomputation:<statementId>:<lineId>`, `dispute:<statementId>:<lineId>:<disputeNumber>` and
   * `carry-forward:<statementId>` (the statement it comes from, in the last three).
   */
  readonly lineId: string;
  /** Signed, at the statement currency's minor unit. */
  readonly amount: string;
  /** One sentence for the partner; the provenance fields below are the record. */
  readonly description: string;
}

/**
 * A commission line or clawback of the engine, snapshotted whole: source event, rule set, clause, tier, every
 * component.
 */
export interface CommissionStatementLine extends StatementLineBase {
  readonly kind: 'commission' | 'clawback';
  readonly commission: CommissionLine;
}

/** An approved MDF claim: claims do not vest, they are payable once approved. */
export interface MdfClaimStatementLine extends StatementLineBase {
  readonly kind: 'mdf_claim';
  readonly claim: {
    readonly claimId: string;
    readonly campaignId: string;
    readonly evidence: string;
    readonly approvedAt: string;
  };
}

/** A line of an earlier statement, as it was issued there. */
export interface IssuedLineReference {
  readonly statementId: string;
  readonly lineId: string;
  readonly amount: string;
}

export type StatementAdjustment =
  | {
      /**
       * A later computation of a line already issued (a retroactive rule set, a tier revision, a refund
       * reattributed).
       */
      readonly reason: 'recomputation';
      readonly adjusts: IssuedLineReference;
      /**
       * What the statements had granted for the line before this adjustment: as issued, plus earlier recomputation
       * adjustments.
       */
      readonly amountBefore: string;
      /**
       * The engine's line now, whole; null when the engine no longer produces the line (or it no longer vests by this
       * period's end).
       */
      readonly recomputed: CommissionLine | null;
    }
  | {
      /** Finance resolved a dispute of the line with an adjustment. */
      readonly reason: 'dispute';
      readonly adjusts: IssuedLineReference;
      readonly dispute: {
        readonly disputeNumber: number;
        readonly disputeReason: string;
        readonly resolvedBy: string;
        readonly resolvedAt: string;
        readonly note?: string;
      };
    };

export interface AdjustmentStatementLine extends StatementLineBase {
  readonly kind: 'adjustment';
  readonly adjustment: StatementAdjustment;
}

/** The negative total of the previous statement, netted against this one. */
export interface CarryForwardStatementLine extends StatementLineBase {
  readonly kind: 'carry_forward';
  readonly carryForward: { readonly statementId: string; readonly period: string };
}

export type StatementLine =
  CommissionStatementLine | MdfClaimStatementLine | AdjustmentStatementLine | CarryForwardStatementLine;

export type DisputeOutcome = 'upheld' | 'adjusted';
export const disputeOutcomes: readonly DisputeOutcome[] = ['upheld', 'adjusted'];

/**
 * Events of `statement-<partnerId>-<period>`. Amounts are decimal strings at the minor unit of the
 * statement's `currency`. `...By` fields are actor ids (the approver must differ from the issuer).
 */
export type StatementEvent =
  | DomainEvent<
      'PayoutStatementIssued',
      {
        statementId: string;
        partnerId: string;
        period: string;
        currency: string;
        /** The snapshot, ordered by business date (statementLineDate) and then by line id. Never edited. */
        lines: StatementLine[];
        /** The sum of the lines of each kind; every kind is present. */
        subtotals: Record<StatementLineKind, string>;
        /** The sum of the lines, to the cent. */
        total: string;
        /** max(total, 0): what paying the statement pays. */
        payable: string;
        /** min(total, 0): netted on the next statement as its carry-forward line. */
        carriedForward: string;
        issuedBy: string;
        issuedAt: string;
      }
    >
  | DomainEvent<
      'PayoutStatementApproved',
      { statementId: string; partnerId: string; period: string; approvedBy: string; approvedAt: string }
    >
  | DomainEvent<
      'PayoutStatementPaid',
      {
        statementId: string;
        partnerId: string;
        period: string;
        /** The statement's payable amount. */
        amount: string;
        currency: string;
        paymentReference: string;
        /** The payment's date, as finance reports it. */
        paidAt: string;
        paidBy: string;
      }
    >
  | DomainEvent<
      'PayoutLineDisputed',
      {
        statementId: string;
        partnerId: string;
        lineId: string;
        disputeNumber: number;
        reason: string;
        disputedBy: string;
        disputedAt: string;
      }
    >
  | DomainEvent<
      'PayoutDisputeResolved',
      {
        statementId: string;
        partnerId: string;
        lineId: string;
        disputeNumber: number;
        /** upheld: the line stands as issued; adjusted: `adjustment` is added on the next statement. */
        outcome: DisputeOutcome;
        /** Signed and non-zero when adjusted, null when upheld. */
        adjustment: string | null;
        note?: string;
        resolvedBy: string;
        resolvedAt: string;
      }
    >;

export function statementIdOf(partnerId: string, period: string): string {
  return `${partnerId}-${period}`;
}

export function statementStream(partnerId: string, period: string): string {
  return `statement-${statementIdOf(partnerId, period)}`;
}
