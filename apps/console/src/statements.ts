import Decimal from 'decimal.js';
import { totalsByCurrency } from './money';
import type { AnyStatementView } from './api/views';
import type { Session } from './session';

export const statementStatuses = ['issued', 'disputed', 'approved', 'paid'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

/** The status a reader filters by, as the API's `status` filter reads it: "disputed" while a dispute is open
 * (approval and payment wait for it, whatever the ledger's own status), else issued, approved or paid. */
export function statusOf(statement: AnyStatementView): StatementStatus {
  return statement.openDisputes > 0 ? 'disputed' : statement.status;
}

/**
 * Totals of the shown statements per currency: what they add, each without the negative total it carried in from the
 * statement before (counted there already: summing the totals counted a debt once per statement it passed through),
 * and what paying them pays.
 */
export function statementTotals(statements: readonly AnyStatementView[]) {
  const currencyOf = (statement: AnyStatementView) => statement.currency;
  const payable = totalsByCurrency(statements, currencyOf, (statement) => statement.payable);
  const added = (statement: AnyStatementView) =>
    new Decimal(statement.total).minus(statement.subtotals['carry_forward'] ?? '0').toString();
  return totalsByCurrency(statements, currencyOf, added).map((total, index) => ({
    currency: total.currency,
    total: total.amount,
    payable: payable[index]!.amount,
  }));
}

/**
 * Why the signed-in user cannot approve this statement, or undefined when the button may be pressed. It
 * mirrors the rules the API enforces (the API still decides; its refusal is shown as it is).
 */
export function approveBlockedReason(statement: AnyStatementView, session: Session): string | undefined {
  if (session.role !== 'finance') return 'Only finance approves statements';
  if (statement.openDisputes > 0) return 'A dispute is open: finance resolves it before approval';
  if (statement.status !== 'issued') return `The statement is ${statement.status}, not awaiting approval`;
  if ('issuedBy' in statement && statement.issuedBy === session.sub)
    return 'You issued this statement: a second finance user approves it';
  return undefined;
}

export function payBlockedReason(statement: AnyStatementView, session: Session): string | undefined {
  if (session.role !== 'finance') return 'Only finance records payments';
  if (statement.status !== 'approved') return `The statement is ${statement.status}: only an approved one is paid`;
  return undefined;
}

type DisputeOf<S extends AnyStatementView> = S['disputes'][number];

/** The open disputes of the given statements, oldest first: finance's inbox, each with its statement. */
export function openDisputesOf<S extends AnyStatementView>(
  statements: readonly S[],
): Array<{ statement: S; dispute: DisputeOf<S> }> {
  return statements
    .flatMap((statement) =>
      statement.disputes.filter((dispute) => dispute.status === 'open').map((dispute) => ({ statement, dispute })),
    )
    .sort(
      (left, right) =>
        left.dispute.disputedAt.localeCompare(right.dispute.disputedAt) ||
        left.statement.statementId.localeCompare(right.statement.statementId),
    );
}

/** The file name of a statements export: what it holds, as the list's filters say. */
export function csvFileName(filters: { readonly period: string; readonly status: string }): string {
  return `${['statements', filters.period, filters.status].filter(Boolean).join('-')}.csv`;
}
