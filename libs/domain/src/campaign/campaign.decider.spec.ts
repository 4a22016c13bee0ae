import { dealOpened, dealWon } from '../testing/deal-builders.js';
import { deciderSpecification, itRefusesInactivePartners } from '../testing/decider-specification.js';
import {
  approveCampaign,
  attributeLead,
  campaignApproved,
  campaignClosed,
  campaignOf,
  campaignProposed,
  closeCampaign,
  completeMilestone,
  leadAttributed,
  milestoneCompleted,
  proposeCampaign,
} from '../testing/campaign-builders.js';
import { fundOf, mdfAccrued, mdfCommitted, mdfDecommitted } from '../testing/mdf-builders.js';
import { registrationSubmitted } from '../testing/registration-builders.js';
import { fold } from '../decider.js';
import { dealDecider, dealLeadFacts } from '../deal/deal.decider.js';
import { registrationDecider } from '../registration/registration.decider.js';
import { registrationOwnerFacts } from '../registration/registration.state.js';
import { campaignDecider } from './campaign.decider.js';

const spec = deciderSpecification(campaignDecider);
const partnerActor = { id: 'pat', role: 'partner', partnerId: 'p1' } as const;
const today = '2026-02-10';
const proposed = campaignProposed();
const approved = [proposed, campaignApproved()];
const wonDeal = dealLeadFacts(fold(dealDecider, [dealOpened(), dealWon()]));

describe('campaign decider', () => {
  describe('propose', () => {
    it('records the campaign in the program currency with its goals and milestones', () =>
      spec
        .given([])
        .when(proposeCampaign({ name: ' Spring webinars ' }))
        .then([campaignProposed({ proposedAt: today })]));

    it('writes amounts at the currency scale', () =>
      spec
        .given([])
        .when(
          proposeCampaign({
            budget: '300',
            milestones: [
              { id: 'm1', amount: '100' },
              { id: 'm2', amount: '200.0' },
            ],
            goals: { leads: 5, pipeline: '1000' },
          }),
        )
        .then([
          campaignProposed({
            budget: '300.00',
            milestones: [
              { id: 'm1', amount: '100.00' },
              { id: 'm2', amount: '200.00' },
            ],
            goals: { leads: 5, pipeline: '1000.00' },
            proposedAt: today,
          }),
        ]));

    it('lets a partner user propose for its own partner', () =>
      spec
        .given([])
        .when(proposeCampaign({}, { actor: partnerActor }))
        .then([campaignProposed({ proposedAt: today })]));

    it('refuses a partner user proposing for another partner', () =>
      spec
        .given([])
        .when(proposeCampaign({ partnerId: 'p2' }, { actor: partnerActor }))
        .thenThrows('FORBIDDEN', { field: 'partnerId' }));

    it('refuses a second proposal of the same campaign', () =>
      spec.given([proposed]).when(proposeCampaign()).thenThrows('CAMPAIGN_ALREADY_PROPOSED', { campaignId: 'c1' }));

    it('refuses milestones that do not sum to exactly the budget', () =>
      spec
        .given([])
        .when(
          proposeCampaign({
            milestones: [
              { id: 'm1', amount: '5000.00' },
              { id: 'm2', amount: '9999.99' },
            ],
          }),
        )
        .thenThrows('CAMPAIGN_MILESTONES_INVALID', {
          field: 'milestones',
          rule: 'sum',
          sum: '14999.99',
          budget: '15000.00',
        }));

    it('refuses a milestone id listed twice', () =>
      spec
        .given([])
        .when(
          proposeCampaign({
            milestones: [
              { id: 'm1', amount: '5000.00' },
              { id: 'm1', amount: '10000.00' },
            ],
          }),
        )
        .thenThrows('CAMPAIGN_MILESTONES_INVALID', { field: 'milestones[1].id', rule: 'unique' }));

    it('refuses a campaign without milestones', () =>
      spec
        .given([])
        .when(proposeCampaign({ milestones: [] }))
        .thenThrows('CAMPAIGN_MILESTONES_INVALID', { rule: 'required' }));

    it('refuses a milestone of zero', () =>
      spec
        .given([])
        .when(
          proposeCampaign({
            milestones: [
              { id: 'm1', amount: '15000.00' },
              { id: 'm2', amount: '0.00' },
            ],
          }),
        )
        .thenThrows('AMOUNT_INVALID', { field: 'milestones[1].amount', rule: 'min' }));

    it('refuses a milestone that is not an object', () =>
      spec
        .given([])
        .when(proposeCampaign({ milestones: ['m1' as never] }))
        .thenThrows('CAMPAIGN_MILESTONES_INVALID', { field: 'milestones[0]', rule: 'object' }));

    it('refuses a budget of zero', () =>
      spec
        .given([])
        .when(proposeCampaign({ budget: '0.00' }))
        .thenThrows('AMOUNT_INVALID', { field: 'budget', rule: 'min' }));

    it('refuses a budget sent as a number', () =>
      spec
        .given([])
        .when(proposeCampaign({ budget: 15000 as never }))
        .thenThrows('AMOUNT_INVALID', { field: 'budget', rule: 'decimalString' }));

    it('refuses more decimals than the currency has', () =>
      spec
        .given([])
        .when(proposeCampaign({ budget: '15000.001' }))
        .thenThrows('AMOUNT_INVALID', { field: 'budget', rule: 'scale' }));

    it('refuses a leads goal that is not a whole number', () =>
      spec
        .given([])
        .when(proposeCampaign({ goals: { leads: 1.5, pipeline: '0' } }))
        .thenThrows('VALIDATION_FAILED', { field: 'goals.leads' }));

    it('refuses a negative pipeline goal', () =>
      spec
        .given([])
        .when(proposeCampaign({ goals: { leads: 1, pipeline: '-1' } }))
        .thenThrows('AMOUNT_INVALID', { field: 'goals.pipeline' }));

    it('refuses a campaign without a name', () =>
      spec
        .given([])
        .when(proposeCampaign({ name: ' ' }))
        .thenThrows('VALIDATION_FAILED', { field: 'name' }));

    itRefusesInactivePartners(spec, (partnerStatus) => proposeCampaign({ facts: { partnerStatus } }));
  });

  describe('approve', () => {
    it('approves when the fund holds the commitment of exactly the budget', () =>
      spec
        .given([proposed])
        .when(approveCampaign())
        .then([campaignApproved({ approvedAt: today })]));

    it('refuses without a commitment in the fund', () =>
      spec
        .given([proposed])
        .when(approveCampaign(fundOf(mdfAccrued())))
        .thenThrows('CAMPAIGN_NOT_FUNDED', { campaignId: 'c1' }));

    it('refuses when the commitment was given back', () =>
      spec
        .given([proposed])
        .when(approveCampaign(fundOf(mdfAccrued(), mdfCommitted(), mdfDecommitted({ amount: '15000.00' }))))
        .thenThrows('CAMPAIGN_NOT_FUNDED'));

    it('refuses a commitment of another amount than the budget', () =>
      spec
        .given([proposed])
        .when(approveCampaign(fundOf(mdfAccrued(), mdfCommitted({ amount: '5000.00' }))))
        .thenThrows('CAMPAIGN_NOT_FUNDED'));

    it('refuses an approved campaign', () =>
      spec.given(approved).when(approveCampaign()).thenThrows('CAMPAIGN_NOT_PROPOSED', { status: 'approved' }));

    it('refuses a closed campaign, so the protocol gives the commitment back', () =>
      spec
        .given([proposed, campaignClosed({ wasApproved: false })])
        .when(approveCampaign())
        .thenThrows('CAMPAIGN_CLOSED', { campaignId: 'c1' }));

    it('refuses a campaign that was never proposed', () =>
      spec.given([]).when(approveCampaign()).thenThrows('CAMPAIGN_NOT_FOUND', { campaignId: 'c1' }));

    it('refuses a partner user', () =>
      spec
        .given([proposed])
        .when(approveCampaign(undefined, 'c1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('complete a milestone', () => {
    it('records the milestone with its amount and the evidence', () =>
      spec
        .given(approved)
        .when(completeMilestone('m2', ' https://files.example/m2.pdf '))
        .then([milestoneCompleted('m2', { evidence: 'https://files.example/m2.pdf', completedAt: today })]));

    it('refuses a milestone completed already', () =>
      spec
        .given([...approved, milestoneCompleted('m1')])
        .when(completeMilestone('m1'))
        .thenThrows('CAMPAIGN_MILESTONE_ALREADY_COMPLETED', { milestoneId: 'm1' }));

    it('refuses a milestone the campaign does not have', () =>
      spec
        .given(approved)
        .when(completeMilestone('m9'))
        .thenThrows('CAMPAIGN_MILESTONE_NOT_FOUND', { milestoneId: 'm9' }));

    it('refuses a campaign not approved yet', () =>
      spec.given([proposed]).when(completeMilestone()).thenThrows('CAMPAIGN_NOT_APPROVED', { status: 'proposed' }));

    it('refuses a closed campaign', () =>
      spec
        .given([...approved, campaignClosed()])
        .when(completeMilestone())
        .thenThrows('CAMPAIGN_CLOSED'));

    it('refuses without evidence', () =>
      spec.given(approved).when(completeMilestone('m1', '')).thenThrows('VALIDATION_FAILED', { field: 'evidence' }));

    it('refuses a partner user', () =>
      spec
        .given(approved)
        .when(completeMilestone('m1', 'report', { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('attribute a lead', () => {
    it('attributes a deal that credits the campaign partner', () =>
      spec
        .given(approved)
        .when(attributeLead({ dealId: 'd1', facts: { deal: wonDeal } }))
        .then([leadAttributed({ dealId: 'd1' }, { attributedAt: today })]));

    it('attributes a registration of the campaign partner', () => {
      const registration = registrationOwnerFacts(fold(registrationDecider, [registrationSubmitted()]));
      spec
        .given(approved)
        .when(attributeLead({ registrationId: 'r1', facts: { registration } }))
        .then([leadAttributed({ registrationId: 'r1' }, { attributedAt: today })]);
    });

    it('attributes to a closed campaign, whose deals close after it ends', () =>
      spec
        .given([...approved, campaignClosed()])
        .when(attributeLead({ dealId: 'd1', facts: { deal: wonDeal } }))
        .then([leadAttributed({ dealId: 'd1' }, { attributedAt: today })]));

    it('records nothing when the lead is already attributed', () =>
      spec
        .given([...approved, leadAttributed({ dealId: 'd1' })])
        .when(attributeLead({ dealId: 'd1', facts: { deal: wonDeal } }))
        .then([]));

    it('refuses both a deal and a registration', () =>
      spec
        .given(approved)
        .when(attributeLead({ dealId: 'd1', registrationId: 'r1', facts: { deal: wonDeal } }))
        .thenThrows('CAMPAIGN_ATTRIBUTION_INVALID', { rule: 'exactlyOne' }));

    it('refuses neither a deal nor a registration', () =>
      spec.given(approved).when(attributeLead()).thenThrows('CAMPAIGN_ATTRIBUTION_INVALID'));

    it('refuses a deal that does not exist', () =>
      spec
        .given(approved)
        .when(attributeLead({ dealId: 'd1', facts: { deal: { status: 'none' } } }))
        .thenThrows('DEAL_NOT_FOUND', { dealId: 'd1' }));

    it('refuses a registration that does not exist', () =>
      spec
        .given(approved)
        .when(attributeLead({ registrationId: 'r1' }))
        .thenThrows('REGISTRATION_NOT_FOUND', { registrationId: 'r1' }));

    it('refuses a deal that does not credit the campaign partner', () => {
      const partners = [{ partnerId: 'p3', role: 'sourcing' as const, share: '1' }];
      const deal = dealLeadFacts(fold(dealDecider, [dealOpened({ partners })]));
      spec
        .given(approved)
        .when(attributeLead({ dealId: 'd1', facts: { deal } }))
        .thenThrows('CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH', { dealId: 'd1' });
    });

    it('refuses a registration of another partner', () => {
      const registration = registrationOwnerFacts(
        fold(registrationDecider, [registrationSubmitted({ partnerId: 'p2' })]),
      );
      spec
        .given(approved)
        .when(attributeLead({ registrationId: 'r1', facts: { registration } }))
        .thenThrows('CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH');
    });

    it('refuses a campaign not approved yet', () =>
      spec
        .given([proposed])
        .when(attributeLead({ dealId: 'd1', facts: { deal: wonDeal } }))
        .thenThrows('CAMPAIGN_NOT_APPROVED'));

    it('refuses a partner user', () =>
      spec
        .given(approved)
        .when(attributeLead({ dealId: 'd1', facts: { deal: wonDeal } }, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('close', () => {
    it('closes an approved campaign with the budget of the milestones not completed', () =>
      spec
        .given([...approved, milestoneCompleted('m1')])
        .when(closeCampaign(' delivered '))
        .then([campaignClosed({ reason: 'delivered', amountUnspent: '10000.00', closedAt: today })]));

    it('withdraws a proposal: the whole budget is unspent', () =>
      spec
        .given([proposed])
        .when(closeCampaign())
        .then([campaignClosed({ wasApproved: false, amountUnspent: '15000.00', closedAt: today })]));

    it('closes a campaign whose milestones are all completed with nothing unspent', () =>
      spec
        .given([...approved, milestoneCompleted('m1'), milestoneCompleted('m2')])
        .when(closeCampaign())
        .then([campaignClosed({ amountUnspent: '0.00', closedAt: today })]));

    it('refuses a closed campaign (the protocol still runs its later steps)', () =>
      spec
        .given([...approved, campaignClosed()])
        .when(closeCampaign())
        .thenThrows('CAMPAIGN_CLOSED', { campaignId: 'c1' }));

    it('refuses a campaign that was never proposed', () =>
      spec.given([]).when(closeCampaign()).thenThrows('CAMPAIGN_NOT_FOUND'));

    it('refuses a partner user', () =>
      spec
        .given(approved)
        .when(closeCampaign(undefined, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('evolve', () => {
    it('folds what the fund steps need: status, budget, milestones and their completion', () => {
      const state = campaignOf(...approved, milestoneCompleted('m1'), leadAttributed({ dealId: 'd1' }));
      expect(state).toMatchObject({
        status: 'approved',
        campaignId: 'c1',
        partnerId: 'p1',
        currency: 'USD',
        budget: '15000.00',
        approvedAt: '2026-02-03',
        milestones: [
          { id: 'm1', amount: '5000.00', completed: true },
          { id: 'm2', amount: '10000.00', completed: false },
        ],
      });
      expect(state.status !== 'none' && state.attributions.has('deal:d1')).toBe(true);
    });
  });
});
