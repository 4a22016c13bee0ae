import { addDays, dateOf, isPeriod, periodEnd, previousPeriod } from '../dates.js';
import type { Actor, CommandOf, Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import { Decimal, formatMoney, minorUnits, sumDecimals } from '../money.js';
import { isInClosedPeriod } from '../program/program.decider.js';
import { requireCurrency, requireDate, requireDecimal, requireOneOf, requireText } from '../validation.js';
import type { StatementCommand } from './statement.commands.js';
import { composeStatement } from './statement-composition.js';
import {
  disputeOutcomes,
  statementIdOf,
  type DisputeOutcome,
  type StatementEvent,
  type StatementLine,
} from './statement.events.js';
import type {
  IssuedStatement,
  IssuedStatementFacts,
  StatementDispute,
  StatementFacts,
  StatementState,
} from './statement.state.js';

/**
 * The payout statement `statement-<partnerId>-<period>`: issued for a closed period as a snapshot of
 * lines (statement-composition.ts says what goes on it), approved by a second person, paid. The partner
 * may dispute any of its lines, at any time after issue; finance resolves a dispute as upheld (the line
 * stands) or adjusted (the adjustment becomes a line of the next statement, linked to the disputed
 * line). An open dispute blocks approval and payment. Nothing issued is ever edited.
 *
 * Order: a partner's statements are issued period after period. The first one may be for any closed
 * period; after it, the statement for Q needs the one for the quarter before Q (STATEMENT_PERIOD_OUT_OF_ORDER),
 * so no period's lines are swept into a later statement by mistake and every carry-forward has exactly
 * one next statement. It also keeps two statements of a partner from snapshotting the same line: the
 * later one must have read the earlier as issued. One race is left: the partner's first two statements,
 * for two periods, issued at the same moment, both read "no statement yet". The application closes it
 * by claiming the first statement's period first (first-statement.ts), which the store serializes.
 *
 * Issue (statement S of partner P for period Q): load the facts (IssueStatementFacts) and send
 * IssueStatement. One stream, one step; a retry with the same key replays the issued statement.
 *
 * Pay S:
 *   1. PayStatement {S, paymentReference, paidAt}.
 *   2. Fold S and send MarkMdfClaimsPaid {P, S} with facts {statement} on `mdf-P`: marks paid every MDF
 *      claim that is a line of S; no events for claims it already marked. A retry whose step 1 is
 *      refused with STATEMENT_ALREADY_PAID still runs step 2, which heals a crash between the steps.
 */
export const statementDecider: Decider<StatementCommand, StatementEvent, StatementState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueStatement':
        return issueStatement(command, state);
      case 'ApproveStatement':
        return approveStatement(command, state);
      case 'PayStatement':
        return payStatement(command, state);
      case 'DisputeStatementLine':
        return disputeStatementLine(command, state);
      case 'ResolveStatementDispute':
        return resolveStatementDispute(command, state);
    }
  },

  evolve(state, event) {
    if (event.type === 'PayoutStatementIssued') {
      const { statementId, partnerId, period, currency, lines, total, payable, carriedForward, issuedBy, issuedAt } =
        event.data;
      return {
        status: 'issued',
        statementId,
        partnerId,
        period,
        currency,
        lines,
        total,
        payable,
        carriedForward,
        issuedBy,
        issuedAt,
        approvedBy: null,
        approvedAt: null,
        paymentReference: null,
        paidAt: null,
        disputes: [],
      };
    }
    // Events of a statement stream always follow its PayoutStatementIssued; the guard only narrows the type.
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'PayoutStatementApproved':
        return { ...state, status: 'approved', approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt };
      case 'PayoutStatementPaid':
        return { ...state, status: 'paid', paymentReference: event.data.paymentReference, paidAt: event.data.paidAt };
      case 'PayoutLineDisputed': {
        const { lineId, disputeNumber, reason, disputedBy, disputedAt } = event.data;
        const dispute: StatementDispute = {
          lineId,
          disputeNumber,
          reason,
          disputedBy,
          disputedAt,
          open: true,
          outcome: null,
          adjustment: null,
          note: null,
          resolvedBy: null,
          resolvedAt: null,
        };
        return { ...state, disputes: [...state.disputes, dispute] };
      }
      case 'PayoutDisputeResolved': {
        const { lineId, disputeNumber, outcome, adjustment, note, resolvedBy, resolvedAt } = event.data;
        return {
          ...state,
          disputes: state.disputes.map((dispute) =>
            dispute.lineId === lineId && dispute.disputeNumber === disputeNumber
              ? { ...dispute, open: false, outcome, adjustment, note: note ?? null, resolvedBy, resolvedAt }
              : dispute,
          ),
        };
      }
    }
  },
};

type StatementCommandOf<Type extends StatementCommand['type']> = CommandOf<StatementCommand, Type>;

export function issueStatement(command: StatementCommandOf<'IssueStatement'>, state: StatementState): StatementEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  requireFinance(actor, 'issue statements');
  const partnerId = requireText(command.data.partnerId, 'partnerId', 100);
  const {
    data: { period },
    facts,
  } = command;
  if (!isPeriod(period))
    throw new DomainError('VALIDATION_FAILED', 'period must be a calendar quarter such as "2026-Q1"', {
      field: 'period',
      rule: 'period',
    });
  const statementId = statementIdOf(partnerId, period);
  if (state.status !== 'none')
    throw new DomainError('STATEMENT_ALREADY_ISSUED', `Statement ${statementId} was already issued`, { statementId });
  if (facts.partnerStatus === 'none')
    throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, {
      field: 'partnerId',
      partnerId,
    });
  if (!isInClosedPeriod(facts.closedPeriods, periodEnd(period))) {
    throw new DomainError(
      'STATEMENT_PERIOD_NOT_CLOSED',
      `Period ${period} is not closed; a statement is issued only for a closed period`,
      { field: 'period', period },
    );
  }
  const currency = requireCurrency(facts.currency, 'facts.currency');
  const earlierStatements = requireInOrder(facts.issuedStatements, partnerId, period);
  const composition = composeStatement({
    statementId,
    partnerId,
    period,
    currency,
    earlierStatements,
    commissionLines: facts.commissionLines,
    mdfFund: facts.mdfFund,
  });
  return [
    {
      type: 'PayoutStatementIssued',
      data: { statementId, partnerId, period, currency, ...composition, issuedBy: actor.id, issuedAt: today },
    },
  ];
}

export function approveStatement(
  command: StatementCommandOf<'ApproveStatement'>,
  state: StatementState,
): StatementEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  requireFinance(actor, 'approve statements');
  const statement = requireIssued(state, command.data.statementId);
  if (statement.status !== 'issued') {
    throw new DomainError(
      'STATEMENT_ALREADY_APPROVED',
      `Statement ${statement.statementId} is already ${statement.status}`,
      { statementId: statement.statementId, status: statement.status },
    );
  }
  if (statement.issuedBy === actor.id) {
    throw new DomainError(
      'STATEMENT_APPROVER_IS_ISSUER',
      'A statement is approved by a second person, not by the one who issued it',
      { statementId: statement.statementId },
    );
  }
  requireNoOpenDispute(statement, 'approved');
  return [
    {
      type: 'PayoutStatementApproved',
      data: {
        statementId: statement.statementId,
        partnerId: statement.partnerId,
        period: statement.period,
        approvedBy: actor.id,
        approvedAt: today,
      },
    },
  ];
}

export function payStatement(command: StatementCommandOf<'PayStatement'>, state: StatementState): StatementEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  requireFinance(actor, 'pay statements');
  const statement = requireIssued(state, command.data.statementId);
  if (statement.status === 'paid') {
    throw new DomainError(
      'STATEMENT_ALREADY_PAID',
      `Statement ${statement.statementId} was already paid (${statement.paymentReference})`,
      { statementId: statement.statementId },
    );
  }
  if (statement.status !== 'approved') {
    throw new DomainError(
      'STATEMENT_NOT_APPROVED',
      `Statement ${statement.statementId} must be approved before it is paid`,
      { statementId: statement.statementId, status: statement.status },
    );
  }
  requireNoOpenDispute(statement, 'paid');
  const paymentReference = requireText(command.data.paymentReference, 'paymentReference', 200).trim();
  const paidAt = requireDate(command.data.paidAt ?? today, 'paidAt');
  const latest = addDays(today, 1);
  if (paidAt > latest)
    throw new DomainError('DATE_IN_FUTURE', `paidAt must not be after ${latest}`, { field: 'paidAt', latest });
  // A statement is paid after it is approved; an earlier date would misdate the payment in every balance.
  const earliest = statement.approvedAt;
  if (earliest !== null && paidAt < earliest) {
    throw new DomainError('STATEMENT_PAID_BEFORE_APPROVAL', `paidAt must not be before the approval on ${earliest}`, {
      field: 'paidAt',
      earliest,
    });
  }
  return [
    {
      type: 'PayoutStatementPaid',
      data: {
        statementId: statement.statementId,
        partnerId: statement.partnerId,
        period: statement.period,
        amount: statement.payable,
        currency: statement.currency,
        paymentReference,
        paidAt,
        paidBy: actor.id,
      },
    },
  ];
}

export function disputeStatementLine(
  command: StatementCommandOf<'DisputeStatementLine'>,
  state: StatementState,
): StatementEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  const statement = requireIssued(state, command.data.statementId);
  if (actor.role === 'partner' && actor.partnerId !== statement.partnerId) {
    throw new DomainError('FORBIDDEN', 'A partner user can only dispute lines of its own statements', {
      statementId: statement.statementId,
    });
  }
  const line = requireLine(statement, command.data.lineId);
  const previous = statement.disputes.filter((dispute) => dispute.lineId === line.lineId);
  if (previous.some((dispute) => dispute.open)) {
    throw new DomainError('STATEMENT_LINE_ALREADY_DISPUTED', `Line ${line.lineId} already has an open dispute`, {
      statementId: statement.statementId,
      lineId: line.lineId,
    });
  }
  const reason = requireText(command.data.reason, 'reason', 1000).trim();
  return [
    {
      type: 'PayoutLineDisputed',
      data: {
        statementId: statement.statementId,
        partnerId: statement.partnerId,
        lineId: line.lineId,
        disputeNumber: previous.length + 1,
        reason,
        disputedBy: actor.id,
        disputedAt: today,
      },
    },
  ];
}

export function resolveStatementDispute(
  command: StatementCommandOf<'ResolveStatementDispute'>,
  state: StatementState,
): StatementEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  requireFinance(actor, 'resolve disputes');
  const statement = requireIssued(state, command.data.statementId);
  const line = requireLine(statement, command.data.lineId);
  const dispute = statement.disputes.find((candidate) => candidate.lineId === line.lineId && candidate.open);
  if (dispute === undefined) {
    throw new DomainError('STATEMENT_DISPUTE_NOT_OPEN', `Line ${line.lineId} has no open dispute`, {
      statementId: statement.statementId,
      lineId: line.lineId,
    });
  }
  const outcome = requireOneOf(command.data.outcome, disputeOutcomes, 'outcome');
  const adjustment = requireAdjustment(command.data.adjustment, outcome, statement.currency);
  if (adjustment !== null) {
    requireAdjustmentWithinLine(statement, line, adjustment);
    requireAdjustmentWithinHeld(statement, line, adjustment, command.facts.lineHeld);
  }
  const note = command.data.note === undefined ? undefined : requireText(command.data.note, 'note', 1000).trim();
  return [
    {
      type: 'PayoutDisputeResolved',
      data: {
        statementId: statement.statementId,
        partnerId: statement.partnerId,
        lineId: line.lineId,
        disputeNumber: dispute.disputeNumber,
        outcome,
        adjustment,
        ...(note === undefined ? {} : { note }),
        resolvedBy: actor.id,
        resolvedAt: today,
      },
    },
  ];
}

/**
 * The partner's statements issued before this one, after checking the order: none for this period or a
 * later one, and (once the partner has a statement) the one for the quarter before.
 */
function requireInOrder(
  statements: readonly StatementFacts[],
  partnerId: string,
  period: string,
): IssuedStatementFacts[] {
  const issued = statements.filter((statement): statement is IssuedStatementFacts => statement.status !== 'none');
  for (const statement of issued)
    invariant(
      statement.partnerId === partnerId,
      `facts.issuedStatements holds ${statement.statementId}, not a statement of ${partnerId}`,
    );
  const later = issued
    .filter((statement) => statement.period >= period)
    .map((statement) => statement.period)
    .sort();
  if (later.length > 0) {
    throw new DomainError(
      'STATEMENT_PERIOD_OUT_OF_ORDER',
      `Partner ${partnerId} already has a statement for ${later.at(-1)}; statements are issued period after period`,
      {
        field: 'period',
        period,
        latestPeriod: later.at(-1),
      },
    );
  }
  const expected = previousPeriod(period);
  if (issued.length > 0 && !issued.some((statement) => statement.period === expected)) {
    throw new DomainError(
      'STATEMENT_PERIOD_OUT_OF_ORDER',
      `Issue the statement for ${expected} first: statements are issued period after period`,
      { field: 'period', period, expected },
    );
  }
  return issued;
}

function requireIssued(state: StatementState, statementId: string): IssuedStatement {
  if (state.status === 'none')
    throw new DomainError('STATEMENT_NOT_FOUND', `Statement ${String(statementId)} was not issued`, { statementId });
  return state;
}

function requireLine(statement: IssuedStatement, lineId: string): StatementLine {
  const line = statement.lines.find((candidate) => candidate.lineId === lineId);
  if (!line)
    throw new DomainError(
      'STATEMENT_LINE_NOT_FOUND',
      `Statement ${statement.statementId} has no line ${String(lineId)}`,
      { statementId: statement.statementId, lineId },
    );
  return line;
}

function requireNoOpenDispute(statement: IssuedStatement, action: string): void {
  const open = statement.disputes.filter((dispute) => dispute.open).map((dispute) => dispute.lineId);
  if (open.length > 0) {
    throw new DomainError(
      'STATEMENT_DISPUTE_OPEN',
      `Statement ${statement.statementId} cannot be ${action} while a dispute is open; resolve it first`,
      { statementId: statement.statementId, lineIds: open },
    );
  }
}

/** Adjusted needs a signed, non-zero amount in the statement currency; upheld takes none (the line stands). */
function requireAdjustment(value: unknown, outcome: DisputeOutcome, currency: string): string | null {
  if (outcome === 'upheld') {
    if (value !== undefined && value !== null) {
      throw new DomainError('VALIDATION_FAILED', 'adjustment is only sent with the outcome adjusted', {
        field: 'adjustment',
        rule: 'unexpected',
      });
    }
    return null;
  }
  if (value === undefined || value === null) {
    throw new DomainError('VALIDATION_FAILED', 'adjustment is required when the outcome is adjusted', {
      field: 'adjustment',
      rule: 'required',
    });
  }
  const amount = requireDecimal(value, 'adjustment');
  const scale = minorUnits(currency);
  if (amount.decimalPlaces() > scale) {
    throw new DomainError('AMOUNT_INVALID', `adjustment must have at most ${scale} decimal places in ${currency}`, {
      field: 'adjustment',
      rule: 'scale',
      scale,
    });
  }
  if (amount.isZero())
    throw new DomainError('AMOUNT_INVALID', 'adjustment must not be zero; resolve as upheld instead', {
      field: 'adjustment',
      rule: 'nonZero',
    });
  return formatMoney(amount, currency);
}

/**
 * An adjustment corrects the disputed line, so it is bounded by it: the line's adjustments, this one
 * included, sum to at most the line's amount in magnitude, in either direction. A correction may
 * cancel the line (down to zero) or double it, never more; a line of 0.00 can only be upheld. Without
 * the bound one resolution could put any figure on the next statement.
 */
function requireAdjustmentWithinLine(statement: IssuedStatement, line: StatementLine, adjustment: string): void {
  const earlier = adjustedBeforeOf(statement, line);
  const total = earlier.plus(adjustment);
  const bound = new Decimal(line.amount).abs();
  if (total.abs().gt(bound)) {
    const adjustedBefore = formatMoney(earlier, statement.currency);
    const totalText = formatMoney(total, statement.currency);
    const boundText = formatMoney(bound, statement.currency);
    const message =
      `adjustment ${adjustment} would bring the adjustments of line ${line.lineId} to ${totalText}; ` +
      `they may total at most ${boundText} either way, the line's amount (${adjustedBefore} adjusted before)`;
    throw new DomainError('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', message, {
      field: 'adjustment',
      rule: 'withinLine',
      statementId: statement.statementId,
      lineId: line.lineId,
      lineAmount: line.amount,
      adjustedBefore,
    });
  }
}

/** The adjustments of the line's earlier disputes on this statement, summed (signed). */
function adjustedBeforeOf(statement: IssuedStatement, line: StatementLine): Decimal {
  return sumDecimals(
    statement.disputes
      .filter((dispute) => dispute.lineId === line.lineId && dispute.adjustment !== null)
      .map((dispute) => new Decimal(dispute.adjustment!)),
  );
}

/**
 * A negative adjustment takes back at most what the partner holds of the line now, with the line's earlier dispute
 * adjustments: a clawback that already took the line back is not taken again.
 */
function requireAdjustmentWithinHeld(
  statement: IssuedStatement,
  line: StatementLine,
  adjustment: string,
  lineHeld: string | null,
): void {
  if (lineHeld === null || new Decimal(adjustment).gte(0)) return;
  const adjustedBefore = adjustedBeforeOf(statement, line);
  const left = new Decimal(lineHeld).plus(adjustedBefore).plus(adjustment);
  if (left.gte(0)) return;
  const [held, before] = [new Decimal(lineHeld), adjustedBefore].map((amount) =>
    formatMoney(amount, statement.currency),
  );
  const message =
    `adjustment ${adjustment} would leave the partner owing ${formatMoney(left.neg(), statement.currency)} on ` +
    `line ${line.lineId}: they hold ${held} of it now, after its clawbacks, and ${before} adjusted before`;
  throw new DomainError('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', message, {
    field: 'adjustment',
    rule: 'withinHeld',
    statementId: statement.statementId,
    lineId: line.lineId,
    lineHeld: held,
    adjustedBefore: before,
  });
}

/**
 * Statements are finance's: a partner user may read and dispute its own, never issue, approve, pay or
 * resolve. The HTTP guard restricts roles further; this keeps every other caller honest.
 */
export function requireFinance(actor: Actor, action: string): void {
  if (actor.role === 'partner') throw new DomainError('FORBIDDEN', `A partner user cannot ${action}`, { action });
}
