import fc from 'fast-check';
import type { CommissionLine } from '../commission/commission.types.js';
import { nextPeriod, periodEnd } from '../dates.js';
import { Decimal } from '../money.js';
import { mdfPayableFacts } from '../mdf/mdf.decider.js';
import { fundOf } from '../testing/mdf-builders.js';
import { clawbackLine, commissionLine, financeMetadata, statementOf } from '../testing/statement-builders.js';
import { recomputationAdjustments } from './statement-composition.js';
import { statementDecider } from './statement.decider.js';
import { statementFacts, type IssuedStatement } from './statement.state.js';
import type { CommissionStatementLine, StatementLine } from './statement.events.js';

/**
 * Statement arithmetic on generated histories. Amounts are generated as whole minor units (cents) and
 * every expectation is recomputed here in BigInt cents, independently of the Decimal code under test:
 * - a statement's total is the sum of its lines to the cent, its subtotals add up to it, and it splits
 *   into what it pays (max(total, 0)) and what it carries forward (min(total, 0));
 * - over a run of statements, a negative total is neither lost nor paid: Σ paid + the last carry
 *   forward = Σ of every line that is not a carry-forward;
 * - recomputation adjustments of any recomputation sum to exactly the difference between the new
 *   computation and what the statements granted, and once issued leave nothing more to adjust.
 */

const toCents = (amount: string) => BigInt(new Decimal(amount).times(100).toFixed(0));
const fromCents = (units: bigint | number) => new Decimal(units.toString()).dividedBy(100).toFixed(2);
const sumCents = (amounts: readonly string[]) => amounts.reduce((total, amount) => total + toCents(amount), 0n);
const maxCents = (left: bigint, right: bigint) => (left > right ? left : right);
const minCents = (left: bigint, right: bigint) => (left < right ? left : right);

/** An engine line of the partner: an earned commission (≥ 0) or a clawback (≤ 0), vesting on a given day. */
const engineLine = (id: string, units: number, vestsOn: string): CommissionLine =>
  units >= 0
    ? commissionLine({ lineId: `e${id}:p1`, amount: fromCents(units), vestsOn })
    : clawbackLine({ lineId: `e${id}:p1:x`, amount: fromCents(units), vestsOn, businessDate: vestsOn });

const signedUnits = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5_000_000, max: -1 }) },
);

function issue(
  period: string,
  issuedStatements: readonly IssuedStatement[],
  commissionLines: readonly CommissionLine[],
): { statement: IssuedStatement; subtotals: Record<string, string> } {
  const [event] = statementDecider.decide(
    {
      type: 'IssueStatement',
      data: { partnerId: 'p1', period },
      facts: {
        closedPeriods: [period],
        partnerStatus: 'active',
        currency: 'USD',
        issuedStatements: issuedStatements.map(statementFacts),
        commissionLines,
        mdfFund: mdfPayableFacts(fundOf()),
      },
      metadata: financeMetadata(),
    },
    statementDecider.initialState(),
  );
  const statement = statementOf(event!);
  if (statement.status === 'none' || event!.type !== 'PayoutStatementIssued') throw new Error('a statement was issued');
  return { statement, subtotals: event!.data.subtotals };
}

function checkTotals(statement: IssuedStatement, subtotals: Record<string, string>): void {
  const total = sumCents(statement.lines.map((line) => line.amount));
  expect(statement.total).toBe(fromCents(total));
  for (const kind of ['carry_forward', 'commission', 'clawback', 'adjustment', 'mdf_claim']) {
    expect(subtotals[kind]).toBe(
      fromCents(sumCents(statement.lines.filter((line) => line.kind === kind).map((line) => line.amount))),
    );
  }
  expect(statement.payable).toBe(fromCents(maxCents(total, 0n)));
  expect(statement.carriedForward).toBe(fromCents(minCents(total, 0n)));
}

describe('statement arithmetic', () => {
  it('totals equal the sum of lines to the cent, and a negative total is carried forward, never lost', () => {
    let carried = 0;
    fc.assert(
      fc.property(fc.array(fc.array(signedUnits, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), (quarters) => {
        const statements: IssuedStatement[] = [];
        const engine: CommissionLine[] = [];
        let period = '2026-Q1';
        quarters.forEach((units, quarter) => {
          // Each quarter's lines vest on its last day; the engine keeps every earlier line too.
          engine.push(...units.map((unit, index) => engineLine(`${quarter}-${index}`, unit, periodEnd(period))));
          const { statement, subtotals } = issue(period, statements, engine);
          checkTotals(statement, subtotals);
          // Only this quarter's lines are new: nothing issued earlier comes back.
          expect(statement.lines.filter((line) => line.kind === 'commission' || line.kind === 'clawback')).toHaveLength(
            units.length,
          );
          statements.push(statement);
          period = nextPeriod(period);
        });
        const paid = sumCents(statements.map((statement) => statement.payable));
        const lastCarry = toCents(statements.at(-1)!.carriedForward);
        const ownLines = sumCents(
          statements.flatMap((statement) =>
            statement.lines.filter((line) => line.kind !== 'carry_forward').map((line) => line.amount),
          ),
        );
        expect(paid + lastCarry).toBe(ownLines);
        carried += statements.filter((statement) =>
          statement.lines.some((line) => line.kind === 'carry_forward'),
        ).length;
      }),
      { numRuns: 300 },
    );
    // Negative totals must happen often enough for the carry-forward to be exercised.
    expect(carried).toBeGreaterThan(20);
  });

  it('adjustments from any recomputation sum exactly to the difference, and settle it', () => {
    /** Per issued line: unchanged, changed by a number of cents, or gone; plus lines the engine adds. */
    const change = fc.oneof(fc.constant<'same' | 'gone'>('same'), fc.constant<'same' | 'gone'>('gone'), signedUnits);
    let adjusted = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(signedUnits, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(change, { minLength: 18, maxLength: 18 }), { minLength: 1, maxLength: 3 }),
        (issuedUnits, rounds) => {
          // Earlier statements, each with its own lines.
          const earlier: Pick<IssuedStatement, 'statementId' | 'lines'>[] = issuedUnits.map((units, statement) => ({
            statementId: `p1-s${statement}`,
            lines: units.map((unit, index) => {
              const line = engineLine(`${statement}-${index}`, unit, '2026-03-31');
              return {
                lineId: line.lineId,
                kind: line.kind === 'earned' ? 'commission' : 'clawback',
                amount: line.amount,
                description: '',
                commission: line,
              } satisfies StatementLine;
            }),
          }));
          const issuedLines = earlier
            .flatMap((statement) => statement.lines)
            .filter((line): line is CommissionStatementLine => line.kind === 'commission' || line.kind === 'clawback');
          rounds.forEach((changes, round) => {
            // A recomputation: each issued line stays, changes or disappears; one new line is never an adjustment.
            const recomputed: CommissionLine[] = [engineLine(`new-${round}`, 12_345, '2026-03-31')];
            issuedLines.forEach((line, index) => {
              const how = changes[index % changes.length]!;
              if (how === 'gone') return;
              recomputed.push({
                ...line.commission,
                amount: how === 'same' ? line.amount : fromCents(how),
                revision: round + 2,
              });
            });
            const statementId = `p1-r${round}`;
            const adjustments = recomputationAdjustments(statementId, 'USD', earlier, recomputed);

            // What the statements granted per line: as issued, plus every recomputation adjustment so far.
            const granted = new Map(issuedLines.map((line) => [line.lineId, toCents(line.amount)]));
            for (const line of earlier.flatMap((statement) => statement.lines)) {
              if (line.kind === 'adjustment' && line.adjustment.reason === 'recomputation') {
                granted.set(
                  line.adjustment.adjusts.lineId,
                  granted.get(line.adjustment.adjusts.lineId)! + toCents(line.amount),
                );
              }
            }
            const current = new Map(recomputed.map((line) => [line.lineId, toCents(line.amount)]));
            const difference = [...granted].reduce(
              (total, [lineId, amount]) => total + (current.get(lineId) ?? 0n) - amount,
              0n,
            );
            expect(sumCents(adjustments.map((line) => line.amount))).toBe(difference);
            for (const adjustment of adjustments) {
              expect(toCents(adjustment.amount)).not.toBe(0n);
              if (adjustment.adjustment.reason !== 'recomputation') throw new Error('only recomputations here');
              const { lineId } = adjustment.adjustment.adjusts;
              // Each adjustment brings its line from what was granted to what it is now, linked to both.
              expect(toCents(adjustment.amount)).toBe((current.get(lineId) ?? 0n) - granted.get(lineId)!);
              expect(adjustment.adjustment.amountBefore).toBe(fromCents(granted.get(lineId)!));
              expect(adjustment.adjustment.recomputed?.lineId ?? null).toBe(current.has(lineId) ? lineId : null);
              expect(adjustment.lineId).toBe(`recomputation:${statementId}:${lineId}`);
            }
            expect(new Set(adjustments.map((line) => line.adjustment.adjusts.lineId)).size).toBe(adjustments.length);
            adjusted += adjustments.length;

            // Issued, they settle the recomputation: asking again finds nothing left to adjust.
            earlier.push({ statementId, lines: adjustments });
            expect(recomputationAdjustments(`${statementId}-again`, 'USD', earlier, recomputed)).toEqual([]);
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(adjusted).toBeGreaterThan(300);
  });
});
