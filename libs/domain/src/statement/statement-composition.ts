import type { CommissionLine } from '../commission/commission.types.js';
import { periodEnd } from '../dates.js';
import { DomainError, invariant } from '../errors.js';
import type { MdfClaim, MdfPayableFacts } from '../mdf/mdf.state.js';
import { Decimal, formatMoney, isDecimalString, minorUnits, sumDecimals } from '../money.js';
import type { IssuedStatementFacts } from './statement.state.js';
import {
  statementLineKinds,
  type AdjustmentStatementLine,
  type CarryForwardStatementLine,
  type CommissionStatementLine,
  type IssuedLineReference,
  type MdfClaimStatementLine,
  type StatementLine,
  type StatementLineKind,
} from './statement.events.js';

/**
 * How a statement is composed, as pure functions of what the application loads. Issuing uses them
 * (statement.decider.ts); projections and previews may call them to show what the next statement holds.
 *
 * A statement for partner P and period Q snapshots, in the statement currency:
 * - commission lines and clawbacks of P vested by Q's last day and not on an earlier statement;
 * - recomputation adjustments: for every commission line on an earlier statement whose current
 *   computation differs from what the statements granted for it, the difference (recomputationAdjustments);
 * - dispute adjustments: every dispute resolved with an adjustment on an earlier statement, once;
 * - P's approved MDF claims not on an earlier statement (claims do not vest: approved is payable);
 * - the carry-forward: the negative total of P's previous statement, so a negative balance (clawbacks
 *   beyond earnings) is netted against the next statements until it is earned back, never paid out
 *   or lost. A statement's total = Σ lines; it pays max(total, 0) and carries min(total, 0) forward.
 * Issued statements are never edited: every later correction is a new line on a later statement,
 * linked to the line it corrects.
 */

export interface StatementComposition {
  readonly lines: StatementLine[];
  readonly subtotals: Record<StatementLineKind, string>;
  readonly total: string;
  readonly payable: string;
  readonly carriedForward: string;
}

export interface StatementCompositionInput {
  readonly statementId: string;
  readonly partnerId: string;
  readonly period: string;
  readonly currency: string;
  /** The partner's statements issued before this one. */
  readonly earlierStatements: readonly IssuedStatementFacts[];
  /** The engine's current lines of the partner (see IssueStatementFacts.commissionLines). */
  readonly commissionLines: readonly CommissionLine[];
  readonly mdfFund: MdfPayableFacts;
}

export function composeStatement(input: StatementCompositionInput): StatementComposition {
  const { statementId, partnerId, period, currency, earlierStatements } = input;
  const issued = new Set(earlierStatements.flatMap((statement) => statement.lines.map((line) => line.lineId)));
  const vested = requireCommissionLines(input.commissionLines, partnerId, currency).filter(
    (line) => line.vestsOn <= periodEnd(period),
  );

  const lines: StatementLine[] = [
    ...carryForwardLines(earlierStatements, currency),
    ...vested.filter((line) => !issued.has(line.lineId)).map(commissionStatementLine),
    ...recomputationAdjustments(statementId, currency, earlierStatements, vested),
    ...disputeAdjustments(earlierStatements, currency),
    ...mdfClaimLines(input.mdfFund, partnerId, currency),
  ].filter((line) => !issued.has(line.lineId));
  return { lines: sortLines(lines), ...statementTotals(lines, currency) };
}

/**
 * Subtotals per kind, the total (Σ lines, exact: every line is at the currency's minor unit), and how it splits into
 * payable and carried forward.
 */
export function statementTotals(
  lines: readonly StatementLine[],
  currency: string,
): Omit<StatementComposition, 'lines'> {
  const subtotals = Object.fromEntries(
    statementLineKinds.map((kind) => [
      kind,
      formatMoney(
        sumDecimals(lines.filter((line) => line.kind === kind).map((line) => new Decimal(line.amount))),
        currency,
      ),
    ]),
  ) as Record<StatementLineKind, string>;
  const total = sumDecimals(lines.map((line) => new Decimal(line.amount)));
  return {
    subtotals,
    total: formatMoney(total, currency),
    payable: formatMoney(Decimal.max(total, 0), currency),
    carriedForward: formatMoney(Decimal.min(total, 0), currency),
  };
}

/**
 * The adjustment lines that bring what the statements granted for each issued commission line (its
 * amount as issued plus earlier recomputation adjustments) to its current computation, one line per
 * commission line whose difference is not zero, linked to the line as issued and carrying the new
 * computation whole (null when the engine no longer produces it). Their sum is exactly
 * Σ current − Σ granted over the issued lines; applied, they leave nothing further to adjust.
 * Dispute adjustments are a finance decision on top of the computation, so they never count here:
 * a recomputation does not undo them.
 */
export function recomputationAdjustments(
  statementId: string,
  currency: string,
  earlierStatements: readonly Pick<IssuedStatementFacts, 'statementId' | 'lines'>[],
  recomputed: readonly CommissionLine[],
): AdjustmentStatementLine[] {
  const granted = new Map<string, { reference: IssuedLineReference; currency: string; amount: Decimal }>();
  for (const statement of earlierStatements) {
    for (const line of statement.lines) {
      if (line.kind !== 'commission' && line.kind !== 'clawback') continue;
      invariant(!granted.has(line.lineId), `line ${line.lineId} is on two statements`);
      granted.set(line.lineId, {
        reference: { statementId: statement.statementId, lineId: line.lineId, amount: line.amount },
        currency: line.commission.currency,
        amount: new Decimal(line.amount),
      });
    }
  }
  // A second pass, so the earlier statements may come in any order.
  for (const statement of earlierStatements) {
    for (const line of statement.lines) {
      if (line.kind !== 'adjustment' || line.adjustment.reason !== 'recomputation') continue;
      const entry = granted.get(line.adjustment.adjusts.lineId);
      invariant(
        entry !== undefined,
        `adjustment ${line.lineId} adjusts ${line.adjustment.adjusts.lineId}, which no earlier statement holds`,
      );
      entry.amount = entry.amount.plus(line.amount);
    }
  }
  const current = new Map(recomputed.map((line) => [line.lineId, line]));
  const adjustments: AdjustmentStatementLine[] = [];
  for (const lineId of [...granted.keys()].sort(compare)) {
    const entry = granted.get(lineId)!;
    const now = current.get(lineId) ?? null;
    if (now !== null && now.currency !== entry.currency) throw currencyMismatch(lineId, now.currency, entry.currency);
    const difference = (now === null ? new Decimal(0) : new Decimal(now.amount)).minus(entry.amount);
    if (difference.isZero()) continue;
    if (entry.currency !== currency) throw currencyMismatch(lineId, entry.currency, currency);
    const before = formatMoney(entry.amount, currency);
    const after =
      now === null
        ? `nothing (the line is no longer produced by the period's end)`
        : `${now.amount} under rule set ${now.ruleSet.version}, tier ${now.tier.name}, revision ${now.revision}`;
    adjustments.push({
      lineId: `recomputation:${statementId}:${lineId}`,
      kind: 'adjustment',
      amount: formatMoney(difference, currency),
      description:
        `Recomputation of line ${lineId} (statement ${entry.reference.statementId}): ` +
        `${before} granted, now ${after}`,
      adjustment: { reason: 'recomputation', adjusts: entry.reference, amountBefore: before, recomputed: now },
    });
  }
  return adjustments;
}

/**
 * One adjustment line per dispute resolved with an adjustment on the given statements (the caller drops those
 * already issued).
 */
export function disputeAdjustments(
  statements: readonly IssuedStatementFacts[],
  currency: string,
): AdjustmentStatementLine[] {
  return statements.flatMap((statement) =>
    statement.disputes.flatMap((dispute): AdjustmentStatementLine[] => {
      if (dispute.outcome !== 'adjusted' || dispute.adjustment === null) return [];
      const lineId = `dispute:${statement.statementId}:${dispute.lineId}:${dispute.disputeNumber}`;
      if (statement.currency !== currency) throw currencyMismatch(lineId, statement.currency, currency);
      const disputed = statement.lines.find((line) => line.lineId === dispute.lineId);
      invariant(
        disputed !== undefined,
        `dispute of ${dispute.lineId}, which statement ${statement.statementId} does not hold`,
      );
      const { resolvedBy, resolvedAt } = dispute;
      invariant(
        resolvedBy !== null && resolvedAt !== null,
        `dispute ${dispute.disputeNumber} of ${dispute.lineId} has an outcome, so it was resolved`,
      );
      return [
        {
          lineId,
          kind: 'adjustment',
          amount: dispute.adjustment,
          description:
            `Dispute ${dispute.disputeNumber} of line ${dispute.lineId} (statement ${statement.statementId}) ` +
            'resolved with an adjustment',
          adjustment: {
            reason: 'dispute',
            adjusts: { statementId: statement.statementId, lineId: dispute.lineId, amount: disputed.amount },
            dispute: {
              disputeNumber: dispute.disputeNumber,
              disputeReason: dispute.reason,
              resolvedBy,
              resolvedAt,
              ...(dispute.note === null ? {} : { note: dispute.note }),
            },
          },
        },
      ];
    }),
  );
}

/**
 * The engine's earned line a statement line stands on: a commission line itself, the line a clawback reverses, the
 * line an adjustment adjusts; null for a carry-forward or an MDF claim. A dispute of any of them is weighed against
 * what the partner holds of that line (heldOfLine).
 */
export function engineLineOf(line: StatementLine): string | null {
  switch (line.kind) {
    case 'commission':
      return line.lineId;
    case 'clawback':
      return line.commission.reversal?.reversedLineId ?? null;
    case 'adjustment':
      return line.adjustment.adjusts.lineId;
    default:
      return null;
  }
}

/**
 * What the partner holds now of the engine's commission line `lineId`: its current amount plus every clawback and
 * forfeiture of it (negative). Null when `lines` has no earned line with that id (a clawback, a claim, an adjustment).
 */
export function heldOfLine(lineId: string, lines: readonly CommissionLine[]): string | null {
  const earned = lines.find((line) => line.kind === 'earned' && line.lineId === lineId);
  if (earned === undefined) return null;
  const reversals = lines.filter((line) => line.reversal?.reversedLineId === lineId);
  const held = sumDecimals([earned, ...reversals].map((line) => new Decimal(line.amount)));
  return formatMoney(held, earned.currency);
}

export function commissionStatementLine(line: CommissionLine): CommissionStatementLine {
  const what = line.kind === 'earned' ? 'Commission' : line.kind === 'forfeiture' ? 'Forfeiture' : 'Clawback';
  const reverses = line.reversal === null ? '' : `, reversing ${line.reversal.reversedLineId}`;
  return {
    lineId: line.lineId,
    kind: line.kind === 'earned' ? 'commission' : 'clawback',
    amount: line.amount,
    description:
      `${what} on deal ${line.dealId}: ${line.source.type} of ${line.businessDate}, ` +
      `rule set ${line.ruleSet.version}, tier ${line.tier.name}${reverses}`,
    commission: line,
  };
}

export function mdfClaimStatementLine(claim: MdfClaim): MdfClaimStatementLine {
  invariant(claim.approvedAt !== null, `claim ${claim.claimId} is not approved`);
  return {
    lineId: `mdf-claim:${claim.claimId}`,
    kind: 'mdf_claim',
    amount: claim.amount,
    description: `MDF claim ${claim.claimId} for campaign ${claim.campaignId}, approved ${claim.approvedAt}`,
    claim: {
      claimId: claim.claimId,
      campaignId: claim.campaignId,
      evidence: claim.evidence,
      approvedAt: claim.approvedAt,
    },
  };
}

function mdfClaimLines(fund: MdfPayableFacts, partnerId: string, currency: string): MdfClaimStatementLine[] {
  invariant(
    fund.partnerId === null || fund.partnerId === partnerId,
    `facts.mdfFund is the fund of ${fund.partnerId}, not ${partnerId}`,
  );
  const claims = fund.claimsPayable;
  if (claims.length > 0 && fund.currency !== currency)
    throw currencyMismatch(`mdf-claim:${claims[0]!.claimId}`, fund.currency ?? 'none', currency);
  return claims.map(mdfClaimStatementLine);
}

/** The previous statement's negative total; each statement carries only what its predecessor could not pay. */
function carryForwardLines(
  earlierStatements: readonly IssuedStatementFacts[],
  currency: string,
): CarryForwardStatementLine[] {
  const previous = earlierStatements.reduce<IssuedStatementFacts | null>(
    (latest, statement) => (latest === null || statement.period > latest.period ? statement : latest),
    null,
  );
  if (previous === null || !new Decimal(previous.carriedForward).lt(0)) return [];
  const lineId = `carry-forward:${previous.statementId}`;
  if (previous.currency !== currency) throw currencyMismatch(lineId, previous.currency, currency);
  return [
    {
      lineId,
      kind: 'carry_forward',
      amount: previous.carriedForward,
      description: `Negative total of statement ${previous.statementId} (${previous.period}) carried forward`,
      carryForward: { statementId: previous.statementId, period: previous.period },
    },
  ];
}

/**
 * The engine's lines are trusted for their figures but checked for what a statement relies on: each is
 * the partner's, in the statement currency, listed once, with an amount at the currency's minor unit
 * that is exactly the sum of its components (every cent traces to a component).
 */
function requireCommissionLines(
  lines: readonly CommissionLine[],
  partnerId: string,
  currency: string,
): readonly CommissionLine[] {
  const seen = new Set<string>();
  for (const line of lines) {
    const refuse = (rule: string, message: string) =>
      new DomainError('STATEMENT_LINES_INVALID', `Commission line ${line.lineId} ${message}`, {
        lineId: line.lineId,
        rule,
      });
    if (line.partnerId !== partnerId) throw refuse('partner', `belongs to partner ${line.partnerId}, not ${partnerId}`);
    if (seen.has(line.lineId)) throw refuse('unique', 'is listed twice');
    seen.add(line.lineId);
    if (line.currency !== currency) throw currencyMismatch(line.lineId, line.currency, currency);
    if (!isDecimalString(line.amount) || new Decimal(line.amount).decimalPlaces() > minorUnits(currency))
      throw refuse('amount', `has an amount that is not money in ${currency}`);
    const { standard, accelerated, cappedPerDeal, cappedPerQuarter, reversal, rounding } = line.components;
    if (
      !sumDecimals(
        [standard, accelerated, cappedPerDeal, cappedPerQuarter, reversal, rounding].map((part) => new Decimal(part)),
      ).eq(line.amount)
    ) {
      throw refuse('components', 'has an amount that is not the sum of its components');
    }
  }
  return lines;
}

function currencyMismatch(lineId: string, lineCurrency: string, currency: string): DomainError {
  return new DomainError(
    'STATEMENT_CURRENCY_MISMATCH',
    `Line ${lineId} is in ${lineCurrency}; the statement pays in ${currency}`,
    { lineId, lineCurrency, currency },
  );
}

/** By business date (statementLineDate), then by line id: the same lines always read the same way. */
export function sortLines(lines: readonly StatementLine[]): StatementLine[] {
  return [...lines].sort(
    (left, right) => compare(statementLineDate(left), statementLineDate(right)) || compare(left.lineId, right.lineId),
  );
}

/**
 * The business date a statement line is ordered by: a commission line's or clawback's own, the day an MDF claim was
 * approved or a dispute resolved, the recomputed line's for a recomputation. A carry-forward is the opening balance
 * and reads first (as does a recomputation of a line the engine no longer produces, which has no date).
 */
export function statementLineDate(line: StatementLine): string {
  switch (line.kind) {
    case 'carry_forward':
      return '';
    case 'commission':
    case 'clawback':
      return line.commission.businessDate;
    case 'mdf_claim':
      return line.claim.approvedAt;
    case 'adjustment':
      return line.adjustment.reason === 'dispute'
        ? line.adjustment.dispute.resolvedAt
        : (line.adjustment.recomputed?.businessDate ?? '');
  }
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
