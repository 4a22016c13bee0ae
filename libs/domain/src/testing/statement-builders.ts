import type { CommissionLine } from '../commission/commission.types.js';
import { fold, type Actor, type CommandMetadata, type CommandOf } from '../decider.js';
import type { StatementCommand } from '../statement/statement.commands.js';
import { statementTotals } from '../statement/statement-composition.js';
import { statementDecider } from '../statement/statement.decider.js';
import { statementFacts, type StatementState } from '../statement/statement.state.js';
import type { StatementEvent, StatementLine } from '../statement/statement.events.js';
import { metadata, type CommandOverrides } from './decider-specification.js';
import { mdfPayableFacts } from '../mdf/mdf.decider.js';
import { fundOf } from './mdf-builders.js';

/**
 * Builders for payout statements. Defaults describe one story: partner p1's statement p1-2026-Q1 in USD,
 * issued on 2026-04-05 by fiona (finance) after 2026-Q1 closed; frank is the second finance user and pat
 * the partner's user. A test names only the fields it is about.
 */

type Data<Type extends StatementEvent['type']> = Extract<StatementEvent, { type: Type }>['data'];
type CommandData<Type extends StatementCommand['type']> = Extract<StatementCommand, { type: Type }>['data'];
type Overrides<Type extends StatementCommand['type']> = CommandOverrides<CommandOf<StatementCommand, Type>>;

export const financeActor: Actor = { id: 'fiona', role: 'finance' };
export const secondFinanceActor: Actor = { id: 'frank', role: 'finance' };
export const partnerUser: Actor = { id: 'pat', role: 'partner', partnerId: 'p1' };
export const otherPartnerUser: Actor = { id: 'olga', role: 'partner', partnerId: 'p2' };
export const statementNow = '2026-04-05T09:00:00.000Z';

/** Finance, on the day the Q1 statement is issued, unless told otherwise. */
export function financeMetadata(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  return metadata({ now: statementNow, actor: financeActor, ...overrides });
}

/**
 * An earned commission line of the engine: 100.00 on deal d1's DealWon e1 of 2026-01-15, vesting
 * 2026-03-16. Its components add up to whatever amount a test gives it.
 */
export function commissionLine(overrides: Partial<CommissionLine> = {}): CommissionLine {
  const amount = overrides.amount ?? '100.00';
  return {
    lineId: 'e1:p1',
    kind: 'earned',
    revision: 1,
    partnerId: 'p1',
    dealId: 'd1',
    source: { eventId: 'e1', position: '10', stream: 'deal-d1', type: 'DealWon' },
    businessDate: '2026-01-15',
    period: '2026-Q1',
    vestsOn: '2026-03-16',
    currency: 'USD',
    amount,
    ruleSet: { version: '2026.1', effectiveFrom: '2026-01-01' },
    tier: { name: 'silver', basis: 'earned', since: '2026-01-01', note: null },
    components: {
      standard: amount,
      accelerated: '0',
      cappedPerDeal: '0',
      cappedPerQuarter: '0',
      reversal: '0',
      rounding: '0',
    },
    rounding: { mode: 'HALF_EVEN', decimalPlaces: 2, unrounded: amount, rounded: amount, adjustment: '0' },
    earned: null,
    reversal: null,
    explanation: [`DealWon e1 on deal d1: ${amount} USD.`],
    ...overrides,
  };
}

/** A clawback of 40.00 of line e1:p1 by the refund e2 of 2026-02-20; clawbacks vest at once. */
export function clawbackLine(overrides: Partial<CommissionLine> = {}): CommissionLine {
  const amount = overrides.amount ?? '-40.00';
  return commissionLine({
    lineId: 'e2:p1:e1',
    kind: 'clawback',
    source: { eventId: 'e2', position: '20', stream: 'deal-d1', type: 'DealRefunded' },
    businessDate: '2026-02-20',
    vestsOn: '2026-02-20',
    amount,
    components: {
      standard: '0',
      accelerated: '0',
      cappedPerDeal: '0',
      cappedPerQuarter: '0',
      reversal: amount,
      rounding: '0',
    },
    reversal: {
      reason: 'refund',
      reversedLineId: 'e1:p1',
      reversedAmount: '100.00',
      reversedBusinessDate: '2026-01-15',
      daysAfter: 36,
      clawbackDays: 180,
      dealCurrency: 'USD',
      refundAmount: '400.00',
      dealAmount: '1000.00',
      ratio: '0.4',
      refundedBefore: '0',
      refundedAfter: '0.4',
      remainingBefore: '100.00',
    },
    ...overrides,
  });
}

/** A statement issued with the given lines; totals follow from the lines unless a test sets them. */
export function statementIssued(overrides: Partial<Data<'PayoutStatementIssued'>> = {}): StatementEvent {
  const lines: StatementLine[] = overrides.lines ?? [];
  const currency = overrides.currency ?? 'USD';
  return {
    type: 'PayoutStatementIssued',
    data: {
      statementId: 'p1-2026-Q1',
      partnerId: 'p1',
      period: '2026-Q1',
      currency,
      lines,
      ...statementTotals(lines, currency),
      issuedBy: 'fiona',
      issuedAt: '2026-04-05',
      ...overrides,
    },
  };
}

export function statementApproved(overrides: Partial<Data<'PayoutStatementApproved'>> = {}): StatementEvent {
  return {
    type: 'PayoutStatementApproved',
    data: {
      statementId: 'p1-2026-Q1',
      partnerId: 'p1',
      period: '2026-Q1',
      approvedBy: 'frank',
      approvedAt: '2026-04-07',
      ...overrides,
    },
  };
}

export function statementPaid(overrides: Partial<Data<'PayoutStatementPaid'>> = {}): StatementEvent {
  return {
    type: 'PayoutStatementPaid',
    data: {
      statementId: 'p1-2026-Q1',
      partnerId: 'p1',
      period: '2026-Q1',
      amount: '0.00',
      currency: 'USD',
      paymentReference: 'SEPA-2026-04-0915',
      paidAt: '2026-04-15',
      paidBy: 'fiona',
      ...overrides,
    },
  };
}

export function lineDisputed(lineId = 'e1:p1', overrides: Partial<Data<'PayoutLineDisputed'>> = {}): StatementEvent {
  return {
    type: 'PayoutLineDisputed',
    data: {
      statementId: 'p1-2026-Q1',
      partnerId: 'p1',
      lineId,
      disputeNumber: 1,
      reason: 'Discount was 5%, not 10%',
      disputedBy: 'pat',
      disputedAt: '2026-04-06',
      ...overrides,
    },
  };
}

export function disputeResolved(
  lineId = 'e1:p1',
  overrides: Partial<Data<'PayoutDisputeResolved'>> = {},
): StatementEvent {
  return {
    type: 'PayoutDisputeResolved',
    data: {
      statementId: 'p1-2026-Q1',
      partnerId: 'p1',
      lineId,
      disputeNumber: 1,
      outcome: 'upheld',
      adjustment: null,
      resolvedBy: 'frank',
      resolvedAt: '2026-04-06',
      ...overrides,
    },
  };
}

/** The statement after the given events (the facts of the next statement and of MarkMdfClaimsPaid). */
export function statementOf(...events: StatementEvent[]): StatementState {
  return fold(statementDecider, events);
}

export function issueStatement(
  overrides: Overrides<'IssueStatement'> = {},
  meta: Partial<CommandMetadata> = {},
): StatementCommand {
  const { facts, ...data } = overrides;
  // Specs name earlier statements by their folds; the command carries only what the decider reads of them.
  const issuedStatements = (facts?.issuedStatements ?? []).map(statementFacts);
  return {
    type: 'IssueStatement',
    data: {
      partnerId: 'p1',
      period: '2026-Q1',
      ...data,
    },
    facts: {
      closedPeriods: ['2026-Q1'],
      partnerStatus: 'active',
      currency: 'USD',
      commissionLines: [],
      mdfFund: mdfPayableFacts(fundOf()),
      ...facts,
      issuedStatements,
    },
    metadata: financeMetadata(meta),
  };
}

export function approveStatement(meta: Partial<CommandMetadata> = {}, statementId = 'p1-2026-Q1'): StatementCommand {
  return {
    type: 'ApproveStatement',
    data: { statementId },
    metadata: financeMetadata({ actor: secondFinanceActor, ...meta }),
  };
}

export function payStatement(
  overrides: Partial<CommandData<'PayStatement'>> = {},
  meta: Partial<CommandMetadata> = {},
): StatementCommand {
  return {
    type: 'PayStatement',
    data: { statementId: 'p1-2026-Q1', paymentReference: ' SEPA-2026-04-0915 ', ...overrides },
    metadata: financeMetadata(meta),
  };
}

export function disputeLine(
  lineId = 'e1:p1',
  reason = 'Discount was 5%, not 10%',
  meta: Partial<CommandMetadata> = {},
): StatementCommand {
  return {
    type: 'DisputeStatementLine',
    data: { statementId: 'p1-2026-Q1', lineId, reason },
    metadata: financeMetadata({ actor: partnerUser, now: '2026-04-06T10:00:00.000Z', ...meta }),
  };
}

export function resolveDispute(
  overrides: Partial<CommandData<'ResolveStatementDispute'>> = {},
  meta: Partial<CommandMetadata> = {},
  lineHeld: string | null = null,
): StatementCommand {
  return {
    type: 'ResolveStatementDispute',
    data: { statementId: 'p1-2026-Q1', lineId: 'e1:p1', outcome: 'upheld', ...overrides },
    facts: { lineHeld },
    metadata: financeMetadata({ actor: secondFinanceActor, now: '2026-04-06T15:00:00.000Z', ...meta }),
  };
}
