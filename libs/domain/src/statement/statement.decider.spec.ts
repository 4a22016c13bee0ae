import { deciderSpecification } from '../testing/decider-specification.js';
import {
  fundOf,
  mdfAccrued,
  mdfClaimApproved,
  mdfClaimSubmitted,
  mdfCommitted,
  mdfReleased,
} from '../testing/mdf-builders.js';
import {
  approveStatement,
  clawbackLine,
  commissionLine,
  disputeLine,
  disputeResolved,
  financeActor,
  lineDisputed,
  otherPartnerUser,
  partnerUser,
  payStatement,
  resolveDispute,
  statementApproved,
  statementIssued,
  statementOf,
  issueStatement,
  statementPaid,
} from '../testing/statement-builders.js';
import { mdfClaimsPayable, mdfPayableFacts } from '../mdf/mdf.decider.js';
import { commissionStatementLine, engineLineOf, heldOfLine, mdfClaimStatementLine } from './statement-composition.js';
import { statementDecider } from './statement.decider.js';
import type { IssueStatementFacts } from './statement.commands.js';
import type { StatementLine } from './statement.events.js';

const spec = deciderSpecification(statementDecider);
const e1 = commissionLine();
const e3 = commissionLine({
  lineId: 'e3:p1',
  source: { eventId: 'e3', position: '30', stream: 'deal-d2', type: 'DealWon' },
  dealId: 'd2',
  amount: '250.50',
  businessDate: '2026-03-01',
  vestsOn: '2026-03-31',
});
const notVested = commissionLine({ lineId: 'e4:p1', vestsOn: '2026-04-01', amount: '999.00' });
const clawback = clawbackLine();
const q1Issued = statementIssued({ lines: [commissionStatementLine(e1)] });
const q1 = statementOf(q1Issued);

/** The Q2 statement of p1, issued on 2026-07-03 after the Q1 statement. */
function issueQ2(facts: Partial<IssueStatementFacts> = {}) {
  return issueStatement(
    { period: '2026-Q2', facts: { closedPeriods: ['2026-Q1', '2026-Q2'], issuedStatements: [q1], ...facts } },
    { now: '2026-07-03T09:00:00.000Z' },
  );
}

function q2Issued(lines: StatementLine[]) {
  return statementIssued({ statementId: 'p1-2026-Q2', period: '2026-Q2', lines, issuedAt: '2026-07-03' });
}

describe('statement decider', () => {
  describe('issue', () => {
    it('snapshots the lines and clawbacks vested by the period end, by business date then line id, with totals', () =>
      spec
        .given([])
        .when(issueStatement({ facts: { commissionLines: [e3, notVested, clawback, e1] } }))
        .then([
          statementIssued({
            // e3 (2026-03-01) after the clawback (2026-02-20); e1 and e3 would read first by kind.
            lines: [commissionStatementLine(e1), commissionStatementLine(clawback), commissionStatementLine(e3)],
            subtotals: {
              carry_forward: '0.00',
              commission: '350.50',
              clawback: '-40.00',
              adjustment: '0.00',
              mdf_claim: '0.00',
            },
            total: '310.50',
            payable: '310.50',
            carriedForward: '0.00',
          }),
        ]));

    it('describes each line for the partner and keeps the engine line whole', () => {
      const [event] = statementDecider.decide(
        issueStatement({ facts: { commissionLines: [e1, clawback] } }),
        statementDecider.initialState(),
      );
      const lines = event!.type === 'PayoutStatementIssued' ? event!.data.lines : [];
      expect(lines.map((line) => line.description)).toEqual([
        'Commission on deal d1: DealWon of 2026-01-15, rule set 2026.1, tier silver',
        'Clawback on deal d1: DealRefunded of 2026-02-20, rule set 2026.1, tier silver, reversing e1:p1',
      ]);
      expect(lines[0]).toMatchObject({ kind: 'commission', commission: e1 });
    });

    it('issues an empty statement with a zero total', () =>
      spec
        .given([])
        .when(issueStatement())
        .then([statementIssued({ total: '0.00', payable: '0.00', carriedForward: '0.00' })]));

    it('adds approved MDF claims, which do not vest', () => {
      const fund = fundOf(
        mdfAccrued(),
        mdfCommitted(),
        mdfReleased('m1'),
        mdfClaimSubmitted({ amount: '1200.00' }),
        mdfClaimApproved({ amount: '1200.00', approvedAt: '2026-04-02' }),
      );
      const claim = mdfClaimStatementLine(mdfClaimsPayable(fund)[0]!);
      expect(claim).toMatchObject({
        lineId: 'mdf-claim:cl1',
        amount: '1200.00',
        claim: { claimId: 'cl1', campaignId: 'c1', approvedAt: '2026-04-02' },
      });
      spec
        .given([])
        .when(issueStatement({ facts: { commissionLines: [e1], mdfFund: mdfPayableFacts(fund) } }))
        .then([statementIssued({ lines: [commissionStatementLine(e1), claim] })]);
    });

    it('leaves out the claims of submitted but unapproved claims', () => {
      const fund = fundOf(mdfAccrued(), mdfCommitted(), mdfReleased('m1'), mdfClaimSubmitted());
      spec
        .given([])
        .when(issueStatement({ facts: { mdfFund: mdfPayableFacts(fund) } }))
        .then([statementIssued()]);
    });

    it('leaves out what an earlier statement holds', () => {
      const fund = fundOf(mdfAccrued(), mdfCommitted(), mdfReleased('m1'), mdfClaimSubmitted(), mdfClaimApproved());
      const claim = mdfClaimStatementLine(mdfClaimsPayable(fund)[0]!);
      const q1WithClaim = statementOf(statementIssued({ lines: [commissionStatementLine(e1), claim] }));
      spec
        .given([])
        .when(issueQ2({ issuedStatements: [q1WithClaim], commissionLines: [e1, e3], mdfFund: mdfPayableFacts(fund) }))
        .then([q2Issued([commissionStatementLine(e3)])]);
    });

    it('carries a negative total forward as the first line of the next statement', () => {
      const bigClawback = clawbackLine({ amount: '-300.00' });
      const negative = statementOf(statementIssued({ lines: [commissionStatementLine(bigClawback)] }));
      expect(negative).toMatchObject({ total: '-300.00', payable: '0.00', carriedForward: '-300.00' });
      const carry: StatementLine = {
        lineId: 'carry-forward:p1-2026-Q1',
        kind: 'carry_forward',
        amount: '-300.00',
        description: 'Negative total of statement p1-2026-Q1 (2026-Q1) carried forward',
        carryForward: { statementId: 'p1-2026-Q1', period: '2026-Q1' },
      };
      const e5 = commissionLine({ lineId: 'e5:p1', amount: '120.00', vestsOn: '2026-06-30' });
      spec
        .given([])
        .when(issueQ2({ issuedStatements: [negative], commissionLines: [bigClawback, e5] }))
        .then([q2Issued([carry, commissionStatementLine(e5)])]);
      const [event] = statementDecider.decide(
        issueQ2({ issuedStatements: [negative], commissionLines: [bigClawback, e5] }),
        statementDecider.initialState(),
      );
      expect(event!.data).toMatchObject({ total: '-180.00', payable: '0.00', carriedForward: '-180.00' });
    });

    it('adjusts a line an earlier statement holds when its computation changed, linked to both', () => {
      const recomputed = commissionLine({
        amount: '120.00',
        revision: 2,
        ruleSet: { version: '2026.2', effectiveFrom: '2026-01-01' },
      });
      spec
        .given([])
        .when(issueQ2({ commissionLines: [recomputed] }))
        .then([
          q2Issued([
            {
              lineId: 'recomputation:p1-2026-Q2:e1:p1',
              kind: 'adjustment',
              amount: '20.00',
              description:
                'Recomputation of line e1:p1 (statement p1-2026-Q1): 100.00 granted, ' +
                'now 120.00 under rule set 2026.2, tier silver, revision 2',
              adjustment: {
                reason: 'recomputation',
                adjusts: { statementId: 'p1-2026-Q1', lineId: 'e1:p1', amount: '100.00' },
                amountBefore: '100.00',
                recomputed,
              },
            },
          ]),
        ]);
    });

    it('reverses a line an earlier statement holds when the engine no longer produces it by the period end', () => {
      const [event] = statementDecider.decide(issueQ2({ commissionLines: [] }), statementDecider.initialState());
      expect(event!.type === 'PayoutStatementIssued' && event!.data.lines).toEqual([
        expect.objectContaining({
          lineId: 'recomputation:p1-2026-Q2:e1:p1',
          amount: '-100.00',
          adjustment: expect.objectContaining({ amountBefore: '100.00', recomputed: null }),
        }),
      ]);
    });

    it('leaves an unchanged line alone', () =>
      spec
        .given([])
        .when(issueQ2({ commissionLines: [e1] }))
        .then([q2Issued([])]));

    it('adds the adjustment of a dispute resolved on an earlier statement, linked to the disputed line', () => {
      const resolved = statementOf(
        q1Issued,
        lineDisputed(),
        disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '-15.25', note: 'Discount corrected' }),
      );
      spec
        .given([])
        .when(issueQ2({ issuedStatements: [resolved], commissionLines: [e1] }))
        .then([
          q2Issued([
            {
              lineId: 'dispute:p1-2026-Q1:e1:p1:1',
              kind: 'adjustment',
              amount: '-15.25',
              description: 'Dispute 1 of line e1:p1 (statement p1-2026-Q1) resolved with an adjustment',
              adjustment: {
                reason: 'dispute',
                adjusts: { statementId: 'p1-2026-Q1', lineId: 'e1:p1', amount: '100.00' },
                dispute: {
                  disputeNumber: 1,
                  disputeReason: 'Discount was 5%, not 10%',
                  resolvedBy: 'frank',
                  resolvedAt: '2026-04-06',
                  note: 'Discount corrected',
                },
              },
            },
          ]),
        ]);
    });

    it('adds a dispute adjustment once: the statement after the next does not repeat it', () => {
      const resolved = statementOf(
        q1Issued,
        lineDisputed(),
        disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '10.00' }),
      );
      const [q2Event] = statementDecider.decide(
        issueQ2({ issuedStatements: [resolved], commissionLines: [e1] }),
        statementDecider.initialState(),
      );
      const q2 = statementOf(q2Event!);
      expect(q2.status !== 'none' && q2.total).toBe('10.00');
      const q3 = issueStatement(
        {
          period: '2026-Q3',
          facts: {
            closedPeriods: ['2026-Q1', '2026-Q2', '2026-Q3'],
            issuedStatements: [resolved, q2],
            commissionLines: [e1],
          },
        },
        { now: '2026-10-02T09:00:00.000Z' },
      );
      spec
        .given([])
        .when(q3)
        .then([statementIssued({ statementId: 'p1-2026-Q3', period: '2026-Q3', issuedAt: '2026-10-02' })]);
    });

    it('adds nothing for a dispute upheld', () => {
      const upheld = statementOf(q1Issued, lineDisputed(), disputeResolved());
      spec
        .given([])
        .when(issueQ2({ issuedStatements: [upheld], commissionLines: [e1] }))
        .then([q2Issued([])]);
    });

    it('refuses a period that is not closed', () =>
      spec
        .given([])
        .when(issueStatement({ facts: { closedPeriods: ['2025-Q4'] } }))
        .thenThrows('STATEMENT_PERIOD_NOT_CLOSED', { period: '2026-Q1' }));

    it('issues for a quarter frozen by a later close', () =>
      spec
        .given([])
        .when(issueStatement({ period: '2025-Q4', facts: { closedPeriods: ['2026-Q1'] } }))
        .then([statementIssued({ statementId: 'p1-2025-Q4', period: '2025-Q4' })]));

    it('refuses a statement issued already', () =>
      spec
        .given([q1Issued])
        .when(issueStatement())
        .thenThrows('STATEMENT_ALREADY_ISSUED', { statementId: 'p1-2026-Q1' }));

    it('refuses a period before one the partner already has a statement for', () => {
      const q2 = statementOf(q2Issued([]));
      spec
        .given([])
        .when(issueStatement({ facts: { issuedStatements: [q2] } }))
        .thenThrows('STATEMENT_PERIOD_OUT_OF_ORDER', { latestPeriod: '2026-Q2' });
    });

    it("refuses a gap after the partner's first statement", () =>
      spec
        .given([])
        .when(
          issueStatement({
            period: '2026-Q3',
            facts: { closedPeriods: ['2026-Q1', '2026-Q2', '2026-Q3'], issuedStatements: [q1] },
          }),
        )
        .thenThrows('STATEMENT_PERIOD_OUT_OF_ORDER', { expected: '2026-Q2' }));

    it('refuses a partner that is not enrolled', () =>
      spec
        .given([])
        .when(issueStatement({ facts: { partnerStatus: 'none' } }))
        .thenThrows('PARTNER_NOT_FOUND', { partnerId: 'p1' }));

    it('refuses a period that is not a quarter', () =>
      spec
        .given([])
        .when(issueStatement({ period: '2026-03' }))
        .thenThrows('VALIDATION_FAILED', { field: 'period' }));

    it('refuses a partner user', () =>
      spec
        .given([])
        .when(issueStatement({}, { actor: partnerUser }))
        .thenThrows('FORBIDDEN'));

    describe('snapshot integrity', () => {
      it('refuses a line of another partner', () =>
        spec
          .given([])
          .when(issueStatement({ facts: { commissionLines: [commissionLine({ partnerId: 'p2' })] } }))
          .thenThrows('STATEMENT_LINES_INVALID', { lineId: 'e1:p1', rule: 'partner' }));

      it('refuses a line listed twice', () =>
        spec
          .given([])
          .when(issueStatement({ facts: { commissionLines: [e1, e1] } }))
          .thenThrows('STATEMENT_LINES_INVALID', { rule: 'unique' }));

      it('refuses a line whose amount is not the sum of its components', () =>
        spec
          .given([])
          .when(
            issueStatement({
              facts: {
                commissionLines: [
                  commissionLine({ amount: '100.00', components: { ...e1.components, standard: '99.99' } }),
                ],
              },
            }),
          )
          .thenThrows('STATEMENT_LINES_INVALID', { rule: 'components' }));

      it('refuses an amount finer than the currency', () =>
        spec
          .given([])
          .when(issueStatement({ facts: { commissionLines: [commissionLine({ amount: '100.001' })] } }))
          .thenThrows('STATEMENT_LINES_INVALID', { rule: 'amount' }));

      it('refuses a line in another currency', () =>
        spec
          .given([])
          .when(issueStatement({ facts: { commissionLines: [commissionLine({ currency: 'EUR' })] } }))
          .thenThrows('STATEMENT_CURRENCY_MISMATCH', { lineCurrency: 'EUR', currency: 'USD' }));

      it('refuses MDF claims in another currency', () => {
        const fund = fundOf(
          mdfAccrued({ currency: 'EUR' }),
          mdfCommitted({ currency: 'EUR' }),
          mdfReleased('m1', '5000.00', { currency: 'EUR' }),
          mdfClaimSubmitted(),
          mdfClaimApproved(),
        );
        spec
          .given([])
          .when(issueStatement({ facts: { mdfFund: mdfPayableFacts(fund) } }))
          .thenThrows('STATEMENT_CURRENCY_MISMATCH', { lineId: 'mdf-claim:cl1' });
      });
    });
  });

  describe('approve', () => {
    it('is approved by a second person', () =>
      spec
        .given([q1Issued])
        .when(approveStatement())
        .then([statementApproved({ approvedAt: '2026-04-05' })]));

    it('refuses the person who issued it', () =>
      spec
        .given([q1Issued])
        .when(approveStatement({ actor: financeActor }))
        .thenThrows('STATEMENT_APPROVER_IS_ISSUER', { statementId: 'p1-2026-Q1' }));

    it('refuses while a dispute is open', () =>
      spec
        .given([q1Issued, lineDisputed()])
        .when(approveStatement())
        .thenThrows('STATEMENT_DISPUTE_OPEN', { lineIds: ['e1:p1'] }));

    it('approves once the dispute is resolved', () =>
      spec
        .given([q1Issued, lineDisputed(), disputeResolved()])
        .when(approveStatement())
        .then([statementApproved({ approvedAt: '2026-04-05' })]));

    it('refuses a statement approved already', () =>
      spec
        .given([q1Issued, statementApproved()])
        .when(approveStatement())
        .thenThrows('STATEMENT_ALREADY_APPROVED', { status: 'approved' }));

    it('refuses a statement never issued', () =>
      spec.given([]).when(approveStatement()).thenThrows('STATEMENT_NOT_FOUND', { statementId: 'p1-2026-Q1' }));

    it('refuses a partner user', () =>
      spec
        .given([q1Issued])
        .when(approveStatement({ actor: partnerUser }))
        .thenThrows('FORBIDDEN'));
  });

  describe('pay', () => {
    const approved = [q1Issued, statementApproved({ approvedAt: '2026-04-04' })];

    it('pays the payable amount with the payment reference, today unless dated', () =>
      spec
        .given(approved)
        .when(payStatement())
        .then([statementPaid({ amount: '100.00', paidAt: '2026-04-05' })]));

    it('records the payment date finance reports, from the day of the approval', () =>
      spec
        .given(approved)
        .when(payStatement({ paidAt: '2026-04-04' }))
        .then([statementPaid({ amount: '100.00', paidAt: '2026-04-04' })]));

    it.each(['2026-04-03', '1970-01-01'])('refuses a payment dated %s, before the approval', (paidAt) =>
      spec
        .given(approved)
        .when(payStatement({ paidAt }))
        .thenThrows('STATEMENT_PAID_BEFORE_APPROVAL', { field: 'paidAt', earliest: '2026-04-04' }),
    );

    it('refuses a payment date after tomorrow', () =>
      spec
        .given(approved)
        .when(payStatement({ paidAt: '2026-04-07' }))
        .thenThrows('DATE_IN_FUTURE', { field: 'paidAt', latest: '2026-04-06' }));

    it('refuses a statement not approved', () =>
      spec.given([q1Issued]).when(payStatement()).thenThrows('STATEMENT_NOT_APPROVED', { status: 'issued' }));

    it('refuses a statement paid already', () =>
      spec
        .given([...approved, statementPaid()])
        .when(payStatement())
        .thenThrows('STATEMENT_ALREADY_PAID'));

    it('refuses while a dispute raised after approval is open', () =>
      spec
        .given([...approved, lineDisputed()])
        .when(payStatement())
        .thenThrows('STATEMENT_DISPUTE_OPEN'));

    it('refuses without a payment reference', () =>
      spec
        .given(approved)
        .when(payStatement({ paymentReference: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'paymentReference' }));

    it('refuses a partner user', () =>
      spec
        .given(approved)
        .when(payStatement({}, { actor: partnerUser }))
        .thenThrows('FORBIDDEN'));
  });

  describe('dispute', () => {
    it('lets the partner dispute a line of its statement', () =>
      spec.given([q1Issued]).when(disputeLine('e1:p1', ' Discount was 5%, not 10% ')).then([lineDisputed()]));

    it('numbers a second dispute of a line after the first was resolved, even once paid', () =>
      spec
        .given([q1Issued, lineDisputed(), disputeResolved(), statementApproved(), statementPaid()])
        .when(disputeLine('e1:p1', 'Still wrong'))
        .then([lineDisputed('e1:p1', { disputeNumber: 2, reason: 'Still wrong' })]));

    it("refuses another partner's user", () =>
      spec
        .given([q1Issued])
        .when(disputeLine('e1:p1', 'mine', { actor: otherPartnerUser }))
        .thenThrows('FORBIDDEN'));

    it('refuses a line that is not on this statement', () =>
      spec.given([q1Issued]).when(disputeLine('e9:p1')).thenThrows('STATEMENT_LINE_NOT_FOUND', { lineId: 'e9:p1' }));

    it('refuses a line with an open dispute', () =>
      spec
        .given([q1Issued, lineDisputed()])
        .when(disputeLine())
        .thenThrows('STATEMENT_LINE_ALREADY_DISPUTED', { lineId: 'e1:p1' }));

    it('refuses a dispute without a reason', () =>
      spec.given([q1Issued]).when(disputeLine('e1:p1', ' ')).thenThrows('VALIDATION_FAILED', { field: 'reason' }));

    it('refuses a statement never issued', () => spec.given([]).when(disputeLine()).thenThrows('STATEMENT_NOT_FOUND'));
  });

  describe('resolve', () => {
    const disputed = [q1Issued, lineDisputed()];

    it('upholds the line as issued', () =>
      spec
        .given(disputed)
        .when(resolveDispute())
        .then([disputeResolved('e1:p1', { resolvedAt: '2026-04-06' })]));

    it('adjusts the line by a signed amount, for the next statement', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-20', note: ' Discount corrected ' }))
        .then([disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '-20.00', note: 'Discount corrected' })]));

    it('refuses adjusted without an adjustment', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted' }))
        .thenThrows('VALIDATION_FAILED', { field: 'adjustment', rule: 'required' }));

    it('refuses upheld with an adjustment', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ adjustment: '5.00' }))
        .thenThrows('VALIDATION_FAILED', { field: 'adjustment', rule: 'unexpected' }));

    it('refuses an adjustment of zero', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '0.00' }))
        .thenThrows('AMOUNT_INVALID', { rule: 'nonZero' }));

    it('refuses an adjustment finer than the currency', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '1.005' }))
        .thenThrows('AMOUNT_INVALID', { rule: 'scale' }));

    it('refuses an adjustment sent as a number', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: 5 as never }))
        .thenThrows('AMOUNT_INVALID', { rule: 'decimalString' }));

    it('refuses an unknown outcome', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'waived' as never }))
        .thenThrows('VALIDATION_FAILED', { field: 'outcome' }));

    it('refuses a line without an open dispute', () =>
      spec
        .given([...disputed, disputeResolved()])
        .when(resolveDispute())
        .thenThrows('STATEMENT_DISPUTE_NOT_OPEN', { lineId: 'e1:p1' }));

    it('refuses a line that is not on this statement', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ lineId: 'e9:p1' }))
        .thenThrows('STATEMENT_LINE_NOT_FOUND'));

    it('refuses a partner user', () =>
      spec
        .given(disputed)
        .when(resolveDispute({}, { actor: partnerUser }))
        .thenThrows('FORBIDDEN'));

    it('refuses an adjustment of -999999999999999999999.99 as past the money bound, naming the field', () =>
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-999999999999999999999.99' }))
        .thenThrows('AMOUNT_INVALID', { field: 'adjustment', rule: 'magnitude', limit: '1000000000000' }));

    it('refuses an adjustment larger than the disputed line (100.00) in either direction', () => {
      const exceeds = {
        field: 'adjustment',
        rule: 'withinLine',
        lineId: 'e1:p1',
        lineAmount: '100.00',
        adjustedBefore: '0.00',
      };
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-100.01' }))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', exceeds);
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '100.01' }))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', exceeds);
    });

    it('lets an adjustment cancel the line or double it, at most', () => {
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-100.00' }))
        .then([disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '-100.00' })]);
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '100' }))
        .then([disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '100.00' })]);
    });

    it('bounds the adjustments of a line disputed again by what is left of the line', () => {
      const again = [
        ...disputed,
        disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '-60.00' }),
        lineDisputed('e1:p1', { disputeNumber: 2 }),
      ];
      spec
        .given(again)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-40.01' }))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', { lineAmount: '100.00', adjustedBefore: '-60.00' });
      spec
        .given(again)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-40.00' }))
        .then([disputeResolved('e1:p1', { disputeNumber: 2, outcome: 'adjusted', adjustment: '-40.00' })]);
    });

    it('never takes back more than the partner holds of the line after its clawbacks', () => {
      const refunded = { field: 'adjustment', rule: 'withinHeld', lineId: 'e1:p1', lineHeld: '0.00' };
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-100.00' }, {}, '0.00'))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', { ...refunded, adjustedBefore: '0.00' });
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-30.01' }, {}, '30.00'))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', { rule: 'withinHeld', lineHeld: '30.00' });
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-30.00' }, {}, '30.00'))
        .then([disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '-30.00' })]);
      // Granting more is not bounded by the clawback: finance may pay a line back.
      spec
        .given(disputed)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '25.00' }, {}, '0.00'))
        .then([disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '25.00' })]);
    });

    it("counts the line's earlier dispute adjustments in what the partner holds", () => {
      const again = [
        ...disputed,
        disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '10.00' }),
        lineDisputed('e1:p1', { disputeNumber: 2 }),
      ];
      spec
        .given(again)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-10.01' }, {}, '0.00'))
        .thenThrows('STATEMENT_ADJUSTMENT_EXCEEDS_LINE', { rule: 'withinHeld', adjustedBefore: '10.00' });
      spec
        .given(again)
        .when(resolveDispute({ outcome: 'adjusted', adjustment: '-10.00' }, {}, '0.00'))
        .then([disputeResolved('e1:p1', { disputeNumber: 2, outcome: 'adjusted', adjustment: '-10.00' })]);
    });
  });

  describe('evolve', () => {
    it('keeps the disputes with their outcomes, and the payment', () => {
      const state = statementOf(
        q1Issued,
        lineDisputed(),
        disputeResolved('e1:p1', { outcome: 'adjusted', adjustment: '5.00' }),
        statementApproved(),
        statementPaid({ amount: '100.00' }),
      );
      expect(state).toMatchObject({
        status: 'paid',
        issuedBy: 'fiona',
        approvedBy: 'frank',
        paymentReference: 'SEPA-2026-04-0915',
        paidAt: '2026-04-15',
        disputes: [
          {
            lineId: 'e1:p1',
            disputeNumber: 1,
            open: false,
            outcome: 'adjusted',
            adjustment: '5.00',
            resolvedBy: 'frank',
          },
        ],
      });
    });
  });
});

describe('heldOfLine', () => {
  const other = commissionLine({ lineId: 'e5:p1', amount: '70.00' });

  it("is a commission line's current amount with its clawbacks and forfeitures, no other line's", () => {
    const second = clawbackLine({ lineId: 'e3:p1:e1', amount: '-60.00' });
    expect(heldOfLine('e1:p1', [commissionLine(), other])).toBe('100.00');
    expect(heldOfLine('e1:p1', [commissionLine(), clawbackLine(), other])).toBe('60.00');
    expect(heldOfLine('e1:p1', [commissionLine(), clawbackLine(), second, other])).toBe('0.00');
  });

  it('is null for a line the engine has no earned line of: a clawback, a claim, an adjustment', () => {
    expect(heldOfLine('e2:p1:e1', [commissionLine(), clawbackLine()])).toBeNull();
    expect(heldOfLine('mdf-claim:c1', [commissionLine()])).toBeNull();
  });
});

describe('engineLineOf', () => {
  it('is the commission line itself, the line a clawback reverses, and none for a claim', () => {
    expect(engineLineOf(commissionStatementLine(commissionLine()))).toBe('e1:p1');
    expect(engineLineOf(commissionStatementLine(clawbackLine()))).toBe('e1:p1');
    const fund = fundOf(mdfAccrued(), mdfCommitted(), mdfReleased('m1'), mdfClaimSubmitted(), mdfClaimApproved());
    expect(engineLineOf(mdfClaimStatementLine(mdfClaimsPayable(fund)[0]!))).toBeNull();
  });
});
