import type { AdjustmentStatementLine, StatementAdjustment, StatementLine } from '#domain';
import type { StatementDisputeView, StatementView } from '#read-models';

type DisputeAdjustment = Extract<StatementAdjustment, { reason: 'dispute' }>;

/** A dispute adjustment as a partner reads it: it does not name who resolved the dispute. */
export interface PartnerDisputeAdjustment extends Omit<DisputeAdjustment, 'dispute'> {
  readonly dispute: Omit<DisputeAdjustment['dispute'], 'resolvedBy'>;
}

/** An adjustment line as a partner reads it (spelled out so that the OpenAPI schema generator reads it right). */
export interface PartnerAdjustmentStatementLine extends Omit<AdjustmentStatementLine, 'adjustment'> {
  readonly adjustment: Extract<StatementAdjustment, { reason: 'recomputation' }> | PartnerDisputeAdjustment;
}

/** A statement line as a partner reads it: a dispute adjustment does not name who resolved it. */
export type PartnerStatementLine = Exclude<StatementLine, { kind: 'adjustment' }> | PartnerAdjustmentStatementLine;

/** A statement as a partner reads it: the same figures and dates, and no person's identity. */
export type PartnerStatementView = Omit<StatementView, 'issuedBy' | 'approval' | 'payment' | 'disputes' | 'lines'> & {
  readonly lines: readonly PartnerStatementLine[];
  readonly approval: Omit<NonNullable<StatementView['approval']>, 'approvedBy'> | null;
  readonly payment: Omit<NonNullable<StatementView['payment']>, 'paidBy'> | null;
  readonly disputes: ReadonlyArray<Omit<StatementDisputeView, 'disputedBy' | 'resolvedBy'>>;
};

/**
 * What a partner user is shown of a statement. Who issued, approved, paid and resolved are the
 * vendor's staff (and who disputed may be an admin acting for the partner): the partner needs the
 * dates and outcomes, not the names, so every `...By` is left out. Finance and auditors see all.
 */
export function partnerStatementView(statement: StatementView): PartnerStatementView {
  const { issuedBy: _issuedBy, ...rest } = statement;
  return {
    ...rest,
    lines: statement.lines.map(partnerLine),
    approval: statement.approval && { approvedAt: statement.approval.approvedAt },
    payment: statement.payment && withoutKey(statement.payment, 'paidBy'),
    disputes: statement.disputes.map(({ disputedBy: _disputedBy, resolvedBy: _resolvedBy, ...dispute }) => dispute),
  };
}

function partnerLine(line: StatementLine): PartnerStatementLine {
  if (line.kind !== 'adjustment' || line.adjustment.reason !== 'dispute') return line;
  return { ...line, adjustment: { ...line.adjustment, dispute: withoutKey(line.adjustment.dispute, 'resolvedBy') } };
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _removed, ...rest } = value;
  return rest;
}
