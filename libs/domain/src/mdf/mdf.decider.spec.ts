import { deciderSpecification } from '../testing/decider-specification.js';
import {
  campaignApproved,
  campaignClosed,
  campaignOf,
  campaignProposed,
  milestoneCompleted,
} from '../testing/campaign-builders.js';
import {
  accrueMdf,
  approveMdfClaim,
  commitMdf,
  decommitMdf,
  fundOf,
  markMdfClaimsPaid,
  mdfAccrued,
  mdfClaimApproved,
  mdfClaimPaid,
  mdfClaimRejected,
  mdfClaimSubmitted,
  mdfCommitted,
  mdfDecommitted,
  mdfReleased,
  rejectMdfClaim,
  releaseMdf,
  submitMdfClaim,
} from '../testing/mdf-builders.js';
import { statementApproved, statementIssued, statementOf, statementPaid } from '../testing/statement-builders.js';
import { mdfClaimStatementLine } from '../statement/statement-composition.js';
import { foldMdfFigures, mdfClaimsPayable, mdfDecider } from './mdf.decider.js';

const spec = deciderSpecification(mdfDecider);
const partnerActor = { id: 'pat', role: 'partner', partnerId: 'p1' } as const;
const today = '2026-02-10';

const proposed = campaignOf(campaignProposed());
const approved = campaignOf(campaignProposed(), campaignApproved());
const m1Done = campaignOf(campaignProposed(), campaignApproved(), milestoneCompleted('m1'));
const closedAfterM1 = campaignOf(campaignProposed(), campaignApproved(), milestoneCompleted('m1'), campaignClosed());
const withdrawn = campaignOf(campaignProposed(), campaignClosed({ wasApproved: false, amountUnspent: '15000.00' }));

const funded = [mdfAccrued(), mdfCommitted()];
const released = [...funded, mdfReleased('m1')];
const claimed = [...released, mdfClaimSubmitted()];
const claimApproved = [...claimed, mdfClaimApproved()];

describe('MDF fund decider', () => {
  describe('accrue', () => {
    it("accrues the engine's amount with its provenance", () =>
      spec
        .given([])
        .when(accrueMdf())
        .then([mdfAccrued({ accruedAt: today })]));

    it('records nothing for a source event already accrued on, whatever the amount now', () =>
      spec
        .given([mdfAccrued()])
        .when(accrueMdf({ amount: '999.00' }))
        .then([]));

    it('accrues another source event', () =>
      spec
        .given([mdfAccrued()])
        .when(accrueMdf({ sourceEventId: 'e2', amount: '10.50' }))
        .then([mdfAccrued({ sourceEventId: 'e2', amount: '10.50', accruedAt: today })]));

    it('records nothing for a zero accrual', () =>
      spec
        .given([])
        .when(accrueMdf({ amount: '0.00' }))
        .then([]));

    it('pads the amount to the currency scale', () =>
      spec
        .given([])
        .when(accrueMdf({ amount: '20000' }))
        .then([mdfAccrued({ accruedAt: today })]));

    it("refuses an accrual in another currency than the fund's", () =>
      spec
        .given([mdfAccrued()])
        .when(accrueMdf({ sourceEventId: 'e2', currency: 'EUR' }))
        .thenThrows('MDF_CURRENCY_MISMATCH', { currency: 'EUR', fundCurrency: 'USD' }));

    it('refuses a negative amount', () =>
      spec
        .given([])
        .when(accrueMdf({ amount: '-1.00' }))
        .thenThrows('AMOUNT_INVALID', { field: 'amount' }));

    it('refuses a malformed business date', () =>
      spec
        .given([])
        .when(accrueMdf({ businessDate: '2026-02-30' }))
        .thenThrows('DATE_INVALID', { field: 'businessDate' }));

    it('refuses a partner user', () =>
      spec
        .given([])
        .when(accrueMdf({}, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('commit', () => {
    it('commits the budget of a proposed campaign', () =>
      spec
        .given([mdfAccrued()])
        .when(commitMdf(proposed))
        .then([mdfCommitted({ committedAt: today })]));

    it('commits exactly the available fund', () =>
      spec
        .given([mdfAccrued({ amount: '15000.00' })])
        .when(commitMdf(proposed))
        .then([mdfCommitted({ committedAt: today })]));

    it('refuses beyond the available fund, naming what is available', () =>
      spec
        .given([mdfAccrued({ amount: '14999.99' })])
        .when(commitMdf(proposed))
        .thenThrows('MDF_INSUFFICIENT_FUNDS', { amount: '15000.00', available: '14999.99', currency: 'USD' }));

    it('counts what other campaigns hold', () =>
      spec
        .given([mdfAccrued(), mdfCommitted({ campaignId: 'c0', amount: '6000.00' })])
        .when(commitMdf(proposed))
        .thenThrows('MDF_INSUFFICIENT_FUNDS', { available: '14000.00' }));

    it('counts what a closed campaign gave back', () =>
      spec
        .given([
          mdfAccrued(),
          mdfCommitted({ campaignId: 'c0', amount: '6000.00' }),
          mdfDecommitted({ campaignId: 'c0', amount: '1000.00' }),
        ])
        .when(commitMdf(proposed))
        .then([mdfCommitted({ committedAt: today })]));

    it('refuses an empty fund', () =>
      spec.given([]).when(commitMdf(proposed)).thenThrows('MDF_INSUFFICIENT_FUNDS', { available: '0.00' }));

    it('records nothing for a campaign already committed (the retried approval)', () =>
      spec.given(funded).when(commitMdf(approved)).then([]));

    it('refuses a closed campaign', () =>
      spec.given([mdfAccrued()]).when(commitMdf(withdrawn)).thenThrows('CAMPAIGN_CLOSED', { campaignId: 'c1' }));

    it.each(['offboarded', 'suspended'] as const)('refuses a %s partner: nothing new is committed', (status) =>
      spec
        .given([mdfAccrued()])
        .when(commitMdf(proposed, {}, status))
        .thenThrows('PARTNER_NOT_ACTIVE', { partnerId: 'p1', status }),
    );

    it('records nothing for a commitment made while the partner was active (the retried approval)', () =>
      spec
        .given(funded)
        .when(commitMdf(approved, {}, 'offboarded'))
        .then([]));

    it('refuses a campaign that was never proposed', () =>
      spec
        .given([mdfAccrued()])
        .when(commitMdf({ status: 'none' }))
        .thenThrows('CAMPAIGN_NOT_FOUND'));

    it("refuses a campaign in another currency than the fund's", () =>
      spec
        .given([mdfAccrued()])
        .when(commitMdf(campaignOf(campaignProposed({ currency: 'EUR' }))))
        .thenThrows('MDF_CURRENCY_MISMATCH'));

    it('refuses a partner user', () =>
      spec
        .given([mdfAccrued()])
        .when(commitMdf(proposed, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('release', () => {
    it("releases a completed milestone's amount", () =>
      spec
        .given(funded)
        .when(releaseMdf(m1Done, 'm1'))
        .then([mdfReleased('m1', '5000.00', { releasedAt: today })]));

    it('records nothing for a milestone already released', () =>
      spec.given(released).when(releaseMdf(m1Done, 'm1')).then([]));

    it('refuses a milestone not completed', () =>
      spec
        .given(funded)
        .when(releaseMdf(m1Done, 'm2'))
        .thenThrows('MDF_MILESTONE_NOT_COMPLETED', { milestoneId: 'm2' }));

    it('refuses a milestone the campaign does not have', () =>
      spec.given(funded).when(releaseMdf(m1Done, 'm9')).thenThrows('CAMPAIGN_MILESTONE_NOT_FOUND'));

    it('refuses a campaign with nothing committed', () =>
      spec
        .given([mdfAccrued()])
        .when(releaseMdf(m1Done))
        .thenThrows('MDF_CAMPAIGN_NOT_COMMITTED', { campaignId: 'c1' }));

    it('releases a completed milestone after the close gave the rest back', () =>
      spec
        .given([...funded, mdfDecommitted()])
        .when(releaseMdf(closedAfterM1, 'm1'))
        .then([mdfReleased('m1', '5000.00', { releasedAt: today })]));

    it('refuses a release beyond what is committed and unreleased', () =>
      spec
        .given([...funded, mdfDecommitted({ amount: '15000.00' })])
        .when(releaseMdf(m1Done, 'm1'))
        .thenThrows('MDF_RELEASE_EXCEEDS_COMMITTED', { unreleased: '0.00' }));

    it('refuses a partner user', () =>
      spec
        .given(funded)
        .when(releaseMdf(m1Done, 'm1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('decommit', () => {
    it('gives back the budget of the milestones never completed', () =>
      spec
        .given(released)
        .when(decommitMdf(closedAfterM1))
        .then([mdfDecommitted({ amount: '10000.00', decommittedAt: today })]));

    it('keeps a completed milestone committed even before its release', () =>
      spec
        .given(funded)
        .when(decommitMdf(closedAfterM1))
        .then([mdfDecommitted({ amount: '10000.00', decommittedAt: today })]));

    it('gives back the whole budget of a withdrawn proposal', () =>
      spec
        .given(funded)
        .when(decommitMdf(withdrawn))
        .then([mdfDecommitted({ amount: '15000.00', decommittedAt: today })]));

    it('records nothing when it was already given back', () =>
      spec
        .given([...released, mdfDecommitted()])
        .when(decommitMdf(closedAfterM1))
        .then([]));

    it('records nothing when nothing was committed', () =>
      spec.given([mdfAccrued()]).when(decommitMdf(withdrawn)).then([]));

    it('records nothing when every milestone was completed', () => {
      const done = campaignOf(
        campaignProposed(),
        campaignApproved(),
        milestoneCompleted('m1'),
        milestoneCompleted('m2'),
        campaignClosed({ amountUnspent: '0.00' }),
      );
      spec.given(funded).when(decommitMdf(done)).then([]);
    });

    it('refuses a campaign that is not closed', () =>
      spec.given(funded).when(decommitMdf(approved)).thenThrows('CAMPAIGN_NOT_CLOSED', { status: 'approved' }));

    it('refuses a partner user', () =>
      spec
        .given(funded)
        .when(decommitMdf(withdrawn, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('claims', () => {
    it('takes a claim on released funds, with the evidence', () =>
      spec
        .given(released)
        .when(submitMdfClaim({}, { actor: partnerActor }))
        .then([mdfClaimSubmitted({ submittedAt: today })]));

    it('takes claims up to exactly what is released and not yet claimed', () =>
      spec
        .given([...released, mdfClaimSubmitted({ amount: '3000.00' })])
        .when(submitMdfClaim({ claimId: 'cl2', amount: '2000' }))
        .then([mdfClaimSubmitted({ claimId: 'cl2', amount: '2000.00', submittedAt: today })]));

    it('refuses a claim beyond what is released and not yet claimed', () =>
      spec
        .given([...released, mdfClaimSubmitted({ amount: '3000.00' })])
        .when(submitMdfClaim({ claimId: 'cl2', amount: '2000.01' }))
        .thenThrows('MDF_CLAIM_EXCEEDS_RELEASED', { field: 'amount', claimable: '2000.00' }));

    it('refuses a claim on committed funds not released yet', () =>
      spec
        .given(funded)
        .when(submitMdfClaim({ amount: '0.01' }))
        .thenThrows('MDF_CLAIM_EXCEEDS_RELEASED', { claimable: '0.00' }));

    it("lets a rejected claim's amount be claimed again", () =>
      spec
        .given([...claimed, mdfClaimRejected()])
        .when(submitMdfClaim({ claimId: 'cl2' }))
        .then([mdfClaimSubmitted({ claimId: 'cl2', submittedAt: today })]));

    it('counts claims per campaign', () =>
      spec
        .given([...released, mdfCommitted({ campaignId: 'c2', amount: '1000.00' })])
        .when(submitMdfClaim({ campaignId: 'c2', amount: '1.00' }))
        .thenThrows('MDF_CLAIM_EXCEEDS_RELEASED', { campaignId: 'c2' }));

    it('refuses a claim on a campaign with nothing committed', () =>
      spec.given([mdfAccrued()]).when(submitMdfClaim()).thenThrows('MDF_CAMPAIGN_NOT_COMMITTED', { campaignId: 'c1' }));

    it('refuses a claim id used before', () =>
      spec.given(claimed).when(submitMdfClaim()).thenThrows('MDF_CLAIM_ALREADY_SUBMITTED', { claimId: 'cl1' }));

    it('refuses a claim of zero', () =>
      spec
        .given(released)
        .when(submitMdfClaim({ amount: '0.00' }))
        .thenThrows('AMOUNT_INVALID', { rule: 'min' }));

    it('refuses more decimals than the currency has', () =>
      spec
        .given(released)
        .when(submitMdfClaim({ amount: '1.001' }))
        .thenThrows('AMOUNT_INVALID', { rule: 'scale' }));

    it('refuses a claim without evidence', () =>
      spec
        .given(released)
        .when(submitMdfClaim({ evidence: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'evidence' }));

    it("refuses a partner user claiming from another partner's fund", () =>
      spec
        .given(released)
        .when(submitMdfClaim({}, { actor: { id: 'olga', role: 'partner', partnerId: 'p2' } }))
        .thenThrows('FORBIDDEN', { field: 'partnerId' }));

    it('approves a pending claim', () =>
      spec
        .given(claimed)
        .when(approveMdfClaim())
        .then([mdfClaimApproved({ approvedAt: today })]));

    it('rejects a pending claim with the reason', () =>
      spec
        .given(claimed)
        .when(rejectMdfClaim(' Missing invoice '))
        .then([mdfClaimRejected({ rejectedAt: today })]));

    it('refuses to reject without a reason', () =>
      spec.given(claimed).when(rejectMdfClaim('')).thenThrows('VALIDATION_FAILED', { field: 'reason' }));

    it.each([
      ['approved', claimApproved],
      ['rejected', [...claimed, mdfClaimRejected()]],
    ] as const)('refuses to decide a claim already %s', (status, history) => {
      spec.given(history).when(approveMdfClaim()).thenThrows('MDF_CLAIM_NOT_PENDING', { status });
      spec.given(history).when(rejectMdfClaim()).thenThrows('MDF_CLAIM_NOT_PENDING', { status });
    });

    it('refuses to decide a claim never submitted', () =>
      spec.given(released).when(approveMdfClaim('cl9')).thenThrows('MDF_CLAIM_NOT_FOUND', { claimId: 'cl9' }));

    it('refuses a partner user deciding claims', () => {
      spec
        .given(claimed)
        .when(approveMdfClaim('cl1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN');
      spec
        .given(claimed)
        .when(rejectMdfClaim('no', 'cl1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN');
    });
  });

  describe('claims paid by a statement', () => {
    const claimLine = mdfClaimStatementLine(mdfClaimsPayable(fundOf(...claimApproved))[0]!);
    const issued = statementIssued({ lines: [claimLine] });
    const paid = statementOf(issued, statementApproved(), statementPaid({ amount: '5000.00' }));

    it("marks paid each claim that is a line of the paid statement, on the payment's date", () =>
      spec
        .given(claimApproved)
        .when(markMdfClaimsPaid(paid))
        .then([mdfClaimPaid({ paidAt: '2026-04-15' })]));

    it('records nothing for claims it already marked (the retried payment)', () =>
      spec
        .given([...claimApproved, mdfClaimPaid()])
        .when(markMdfClaimsPaid(paid))
        .then([]));

    it('refuses a claim paid by another statement', () =>
      spec
        .given([...claimApproved, mdfClaimPaid({ statementId: 'p1-2025-Q4' })])
        .when(markMdfClaimsPaid(paid))
        .thenThrows('MDF_CLAIM_ALREADY_PAID', { claimId: 'cl1' }));

    it('refuses a statement not paid yet', () =>
      spec
        .given(claimApproved)
        .when(markMdfClaimsPaid(statementOf(issued, statementApproved())))
        .thenThrows('STATEMENT_NOT_PAID', { status: 'approved' }));

    it('refuses a statement never issued', () =>
      spec
        .given(claimApproved)
        .when(markMdfClaimsPaid({ status: 'none' }))
        .thenThrows('STATEMENT_NOT_FOUND'));

    it('refuses a claim that is not approved', () =>
      spec.given(claimed).when(markMdfClaimsPaid(paid)).thenThrows('MDF_CLAIM_NOT_APPROVED', { status: 'submitted' }));

    it('refuses a claim the fund does not know', () =>
      spec.given(released).when(markMdfClaimsPaid(paid)).thenThrows('MDF_CLAIM_NOT_FOUND'));

    it('records nothing for a statement without claims', () =>
      spec
        .given(claimApproved)
        .when(markMdfClaimsPaid(statementOf(statementIssued(), statementApproved(), statementPaid())))
        .then([]));
  });

  describe('figures', () => {
    it('folds every figure from its events', () => {
      const figures = foldMdfFigures([
        mdfAccrued(),
        mdfAccrued({ sourceEventId: 'e2', amount: '500.25' }),
        mdfCommitted(),
        mdfReleased('m1'),
        mdfClaimSubmitted({ amount: '3000.00' }),
        mdfClaimSubmitted({ claimId: 'cl2', amount: '1500.00' }),
        mdfClaimRejected({ claimId: 'cl2', amount: '1500.00' }),
        mdfClaimApproved({ amount: '3000.00' }),
        mdfClaimPaid({ amount: '3000.00' }),
        mdfDecommitted(),
      ]);
      expect(figures).toEqual({
        partnerId: 'p1',
        currency: 'USD',
        accrued: '20500.25',
        committed: '5000.00',
        released: '5000.00',
        claimed: '3000.00',
        approved: '3000.00',
        paid: '3000.00',
        available: '15500.25',
      });
    });

    it('reads zero before the first event', () =>
      expect(foldMdfFigures([])).toMatchObject({ currency: null, accrued: '0.00', available: '0.00' }));

    it("writes the figures at the currency's minor unit", () =>
      expect(foldMdfFigures([mdfAccrued({ currency: 'JPY', amount: '1500' })])).toMatchObject({
        accrued: '1500',
        available: '1500',
      }));

    it('lists approved claims not paid as payable, oldest approval first', () => {
      const fund = fundOf(
        ...released,
        mdfClaimSubmitted({ claimId: 'b', amount: '1.00' }),
        mdfClaimSubmitted({ claimId: 'a', amount: '1.00' }),
        mdfClaimSubmitted({ claimId: 'c', amount: '1.00' }),
        mdfClaimApproved({ claimId: 'b', amount: '1.00', approvedAt: '2026-02-08' }),
        mdfClaimApproved({ claimId: 'a', amount: '1.00', approvedAt: '2026-02-09' }),
        mdfClaimApproved({ claimId: 'c', amount: '1.00', approvedAt: '2026-02-08' }),
        mdfClaimPaid({ claimId: 'c', amount: '1.00' }),
      );
      expect(mdfClaimsPayable(fund).map((claim) => claim.claimId)).toEqual(['b', 'a']);
    });
  });
});
