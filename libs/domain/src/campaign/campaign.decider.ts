import { PersistentMap } from '../persistent-map.js';
import { dateOf } from '../dates.js';
import type { Actor, CommandOf, Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import { Decimal, formatMoney, sumDecimals } from '../money.js';
import { requireSubmittedRegistration } from '../registration/registration-facts.js';
import { requireAmount, requireCurrency, requireText } from '../validation.js';
import type { CampaignCommand } from './campaign.commands.js';
import type { CampaignEvent, CampaignGoals, CampaignMilestone } from './campaign.events.js';
import type { CampaignMilestoneState, CampaignState, ProposedCampaign } from './campaign.state.js';

export const campaignMilestonesMax = 50;
export const campaignLeadsGoalMax = 1_000_000;

/**
 * The campaign `campaign-<campaignId>`: proposed (by the partner for itself, or by a partner manager)
 * with a budget split into milestones, approved, milestones completed with evidence, leads attributed,
 * then closed. The money lives in the partner's fund `mdf-<partnerId>` (mdf.decider.ts); the two
 * streams are kept in step by the application layer with single-stream steps. Each step is idempotent
 * or refused in a way the protocol expects, so a crash anywhere is healed by retrying the same request
 * (the application keys each step by the request's key plus the step name, as for registrations):
 *
 *   Approve C (partner P):
 *     1. Fold `campaign-C`; go to step 3 unless it is proposed (step 3 then replays or refuses).
 *     2. CommitMdf {P, C} with facts {campaign} on `mdf-P`: commits the budget, refused with
 *        MDF_INSUFFICIENT_FUNDS beyond the available fund (nothing is written anywhere); decides no
 *        events when C is already committed (the retry after a crash after this step).
 *     3. Fold `mdf-P` and send ApproveCampaign {C} with facts {fund}. It needs C's commitment of exactly
 *        the budget, not given back, else CAMPAIGN_NOT_FUNDED.
 *     4. If step 3 is refused with CAMPAIGN_CLOSED (C was closed meanwhile, possibly before step 2
 *        landed on a stale read), run step 3 of Close, which gives the commitment back, then answer the refusal.
 *   Complete milestone M of C:
 *     1. CompleteCampaignMilestone {C, M, evidence}.
 *     2. Fold `campaign-C` and send ReleaseMdf {P, C, M} with facts {campaign} on `mdf-P`: releases M's
 *        amount once M is completed; decides no events when M is already released, and refuses
 *        (MDF_MILESTONE_NOT_COMPLETED) when it is not. A retry whose step 1 is refused with
 *        CAMPAIGN_MILESTONE_ALREADY_COMPLETED or CAMPAIGN_CLOSED still runs step 2, then answers the refusal.
 *   Close C:
 *     1. CloseCampaign {C}. A retry refused with CAMPAIGN_CLOSED still runs steps 2 and 3.
 *     2. Fold `campaign-C`; for every completed milestone send ReleaseMdf (it heals a completion whose
 *        release crashed; no events for what is released).
 *     3. DecommitMdf {P, C} with facts {campaign} on `mdf-P`: needs C closed and gives back the
 *        commitment less the completed milestones' amounts; no events when nothing is committed or
 *        it was already given back.
 *
 * Why it holds: money is committed only while a campaign is proposed or approved, and a closed
 * campaign's commitment is given back by steps every path to CAMPAIGN_CLOSED runs. Completion and
 * closing are final, so a stale read of them is still true when the step that trusts it is decided.
 * The decommit keeps exactly the completed milestones' amounts committed, so a release that arrives
 * after the close (a retried completion) still finds its money. A crash between steps leaves a
 * commitment without an approval, or a completion without a release: retrying approve, complete or
 * close completes the protocol (campaign-funding.properties.spec.ts checks this under interleavings
 * and crashes).
 */
export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'ProposeCampaign':
        return proposeCampaign(command, state);
      case 'ApproveCampaign':
        return approveCampaign(command, state);
      case 'CompleteCampaignMilestone':
        return completeCampaignMilestone(command, state);
      case 'AttributeCampaignLead':
        return attributeCampaignLead(command, state);
      case 'CloseCampaign':
        return closeCampaign(command, state);
    }
  },

  evolve(state, event) {
    if (event.type === 'CampaignProposed') {
      const { campaignId, partnerId, currency, budget, milestones } = event.data;
      return {
        status: 'proposed',
        campaignId,
        partnerId,
        currency,
        budget,
        milestones: milestones.map((milestone) => ({ ...milestone, completed: false })),
        approvedAt: null,
        attributions: PersistentMap.empty(),
      };
    }
    // Events of a campaign stream always follow its CampaignProposed; the guard only narrows the type.
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'CampaignApproved':
        return { ...state, status: 'approved', approvedAt: event.data.approvedAt };
      case 'CampaignMilestoneCompleted': {
        const { milestoneId } = event.data;
        return {
          ...state,
          milestones: state.milestones.map((milestone) =>
            milestone.id === milestoneId ? { ...milestone, completed: true } : milestone,
          ),
        };
      }
      case 'CampaignLeadAttributed':
        return { ...state, attributions: state.attributions.set(leadKey(event.data), true) };
      case 'CampaignClosed':
        return { ...state, status: 'closed' };
    }
  },
};

type CampaignCommandOf<Type extends CampaignCommand['type']> = CommandOf<CampaignCommand, Type>;

export function proposeCampaign(command: CampaignCommandOf<'ProposeCampaign'>, state: CampaignState): CampaignEvent[] {
  const today = dateOf(command.metadata.now);
  const { data } = command;
  const { actor } = command.metadata;
  const campaignId = requireText(data.campaignId, 'campaignId', 100);
  if (state.status !== 'none') {
    throw new DomainError('CAMPAIGN_ALREADY_PROPOSED', `Campaign ${campaignId} was already proposed`, { campaignId });
  }
  const partnerId = requireText(data.partnerId, 'partnerId', 100);
  if (actor.role === 'partner' && actor.partnerId !== partnerId) {
    const message = 'A partner user can only propose campaigns for its own partner';
    throw new DomainError('FORBIDDEN', message, { field: 'partnerId' });
  }
  const name = requireText(data.name, 'name', 200).trim();
  const currency = requireCurrency(command.facts.programCurrency, 'facts.programCurrency');
  const budget = requireAmount(data.budget, 'budget', currency, { positive: true });
  const goals = requireGoals(data.goals, currency);
  const milestones = requireMilestones(data.milestones, budget, currency);
  const { partnerStatus } = command.facts;
  if (partnerStatus === 'none') {
    const details = { field: 'partnerId', partnerId };
    throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, details);
  }
  if (partnerStatus !== 'active') {
    const details = { field: 'partnerId', partnerId, status: partnerStatus };
    throw new DomainError('PARTNER_NOT_ACTIVE', `Partner ${partnerId} is ${partnerStatus}, not active`, details);
  }
  const proposed = { campaignId, partnerId, name, currency, budget, goals, milestones, proposedAt: today };
  return [{ type: 'CampaignProposed', data: proposed }];
}

export function approveCampaign(command: CampaignCommandOf<'ApproveCampaign'>, state: CampaignState): CampaignEvent[] {
  const today = dateOf(command.metadata.now);
  requireVendor(command.metadata.actor, 'approve campaigns');
  const campaign = requireCampaign(state, command.data.campaignId);
  const { campaignId, partnerId, budget } = campaign;
  if (campaign.status === 'closed') throw closed(campaign);
  if (campaign.status !== 'proposed') {
    const details = { campaignId, status: campaign.status };
    throw new DomainError('CAMPAIGN_NOT_PROPOSED', `Campaign ${campaignId} is already ${campaign.status}`, details);
  }
  const { fund } = command.facts;
  const fundOfCampaign = fund.partnerId === null || fund.partnerId === partnerId;
  invariant(fundOfCampaign, `facts.fund is the fund of ${fund.partnerId}, not ${partnerId}`);
  const { commitment } = fund;
  if (commitment === null || commitment.decommitted || !commitment.amount.eq(budget)) {
    const message = "Approval needs the budget committed from the partner's MDF; commit it first";
    throw new DomainError('CAMPAIGN_NOT_FUNDED', message, { campaignId });
  }
  return [{ type: 'CampaignApproved', data: { campaignId, partnerId, budget, approvedAt: today } }];
}

export function completeCampaignMilestone(
  command: CampaignCommandOf<'CompleteCampaignMilestone'>,
  state: CampaignState,
): CampaignEvent[] {
  const today = dateOf(command.metadata.now);
  requireVendor(command.metadata.actor, 'complete campaign milestones');
  const campaign = requireApproved(state, command.data.campaignId);
  const { campaignId, partnerId } = campaign;
  const milestone = requireMilestone(campaign, command.data.milestoneId);
  if (milestone.completed) {
    const message = `Milestone ${milestone.id} of campaign ${campaignId} is already completed`;
    throw new DomainError('CAMPAIGN_MILESTONE_ALREADY_COMPLETED', message, { campaignId, milestoneId: milestone.id });
  }
  const evidence = requireText(command.data.evidence, 'evidence', 2000).trim();
  return [
    {
      type: 'CampaignMilestoneCompleted',
      data: {
        campaignId,
        partnerId,
        milestoneId: milestone.id,
        amount: milestone.amount,
        evidence,
        completedAt: today,
      },
    },
  ];
}

export function attributeCampaignLead(
  command: CampaignCommandOf<'AttributeCampaignLead'>,
  state: CampaignState,
): CampaignEvent[] {
  const today = dateOf(command.metadata.now);
  requireVendor(command.metadata.actor, 'attribute leads to campaigns');
  const campaign = requireCampaign(state, command.data.campaignId);
  // Deals close long after the campaign that sourced them ends, so a closed campaign still collects its leads.
  if (campaign.status === 'proposed') throw notApproved(campaign);
  const lead = requireLead(command, campaign.partnerId);
  if (campaign.attributions.has(lead.key)) return [];
  const { campaignId, partnerId } = campaign;
  return [{ type: 'CampaignLeadAttributed', data: { campaignId, partnerId, ...lead.reference, attributedAt: today } }];
}

export function closeCampaign(command: CampaignCommandOf<'CloseCampaign'>, state: CampaignState): CampaignEvent[] {
  const today = dateOf(command.metadata.now);
  requireVendor(command.metadata.actor, 'close campaigns');
  const campaign = requireCampaign(state, command.data.campaignId);
  if (campaign.status === 'closed') throw closed(campaign);
  const reason = command.data.reason === undefined ? undefined : requireText(command.data.reason, 'reason', 500).trim();
  return [
    {
      type: 'CampaignClosed',
      data: {
        campaignId: campaign.campaignId,
        partnerId: campaign.partnerId,
        wasApproved: campaign.status === 'approved',
        ...(reason === undefined ? {} : { reason }),
        amountUnspent: campaignAmountUnspent(campaign),
        closedAt: today,
      },
    },
  ];
}

/** The sum of the completed milestones' amounts: what the campaign has earned from its commitment. */
export function campaignAmountCompleted(campaign: Pick<ProposedCampaign, 'milestones'>): Decimal {
  return sumDecimals(
    campaign.milestones.filter((milestone) => milestone.completed).map((milestone) => new Decimal(milestone.amount)),
  );
}

/** The budget of the milestones not completed (so far), at the campaign currency's minor unit. */
export function campaignAmountUnspent(campaign: ProposedCampaign): string {
  return formatMoney(new Decimal(campaign.budget).minus(campaignAmountCompleted(campaign)), campaign.currency);
}

function leadKey(lead: { dealId?: string; registrationId?: string }): string {
  return lead.dealId !== undefined ? `deal:${lead.dealId}` : `registration:${lead.registrationId}`;
}

function requireCampaign(state: CampaignState, campaignId: string): ProposedCampaign {
  if (state.status === 'none')
    throw new DomainError('CAMPAIGN_NOT_FOUND', `Campaign ${String(campaignId)} was not proposed`, { campaignId });
  return state;
}

function requireApproved(state: CampaignState, campaignId: string): ProposedCampaign {
  const campaign = requireCampaign(state, campaignId);
  if (campaign.status === 'closed') throw closed(campaign);
  if (campaign.status !== 'approved') throw notApproved(campaign);
  return campaign;
}

function requireMilestone(campaign: ProposedCampaign, milestoneId: string): CampaignMilestoneState {
  const milestone = campaign.milestones.find((candidate) => candidate.id === milestoneId);
  if (!milestone) {
    throw new DomainError(
      'CAMPAIGN_MILESTONE_NOT_FOUND',
      `Campaign ${campaign.campaignId} has no milestone ${String(milestoneId)}`,
      {
        campaignId: campaign.campaignId,
        milestoneId,
      },
    );
  }
  return milestone;
}

function closed(campaign: ProposedCampaign): DomainError {
  return new DomainError('CAMPAIGN_CLOSED', `Campaign ${campaign.campaignId} is closed`, {
    campaignId: campaign.campaignId,
    status: 'closed',
  });
}

function notApproved(campaign: ProposedCampaign): DomainError {
  return new DomainError(
    'CAMPAIGN_NOT_APPROVED',
    `Campaign ${campaign.campaignId} is ${campaign.status}, not approved yet`,
    {
      campaignId: campaign.campaignId,
      status: campaign.status,
    },
  );
}

/**
 * Approving, completing, attributing and closing are the vendor's decisions: each one moves the
 * partner's own money (or its ROI), so the partner proposes and claims but does not decide.
 */
function requireVendor(actor: Actor, action: string): void {
  if (actor.role === 'partner') throw new DomainError('FORBIDDEN', `A partner user cannot ${action}`, { action });
}

function requireGoals(value: unknown, currency: string): CampaignGoals {
  if (typeof value !== 'object' || value === null) {
    throw new DomainError('VALIDATION_FAILED', 'goals must be an object with leads and pipeline', {
      field: 'goals',
      rule: 'object',
    });
  }
  const { leads, pipeline } = value as Record<string, unknown>;
  if (typeof leads !== 'number' || !Number.isInteger(leads) || leads < 0 || leads > campaignLeadsGoalMax) {
    throw new DomainError('VALIDATION_FAILED', `goals.leads must be a whole number from 0 to ${campaignLeadsGoalMax}`, {
      field: 'goals.leads',
      rule: 'range',
      min: 0,
      max: campaignLeadsGoalMax,
    });
  }
  return { leads, pipeline: requireAmount(pipeline, 'goals.pipeline', currency) };
}

/**
 * 1 to 50 milestones with distinct ids, each a positive amount at the currency's minor unit, summing to
 * exactly the budget: the fund releases the budget milestone by milestone, so nothing may be left over
 * or released twice.
 */
function requireMilestones(value: unknown, budget: string, currency: string): CampaignMilestone[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DomainError('CAMPAIGN_MILESTONES_INVALID', 'milestones must list at least one milestone', {
      field: 'milestones',
      rule: 'required',
    });
  }
  if (value.length > campaignMilestonesMax) {
    throw new DomainError(
      'CAMPAIGN_MILESTONES_INVALID',
      `milestones must list at most ${campaignMilestonesMax} milestones`,
      { field: 'milestones', rule: 'maxItems', max: campaignMilestonesMax },
    );
  }
  const seen = new Set<string>();
  const milestones = value.map((item: unknown, index): CampaignMilestone => {
    const field = `milestones[${index}]`;
    if (typeof item !== 'object' || item === null) {
      throw new DomainError('CAMPAIGN_MILESTONES_INVALID', `${field} must be an object with id and amount`, {
        field,
        rule: 'object',
      });
    }
    const { id, amount } = item as Record<string, unknown>;
    const milestoneId = requireText(id, `${field}.id`, 100);
    if (seen.has(milestoneId)) {
      throw new DomainError('CAMPAIGN_MILESTONES_INVALID', `milestones lists ${milestoneId} twice`, {
        field: `${field}.id`,
        rule: 'unique',
        milestoneId,
      });
    }
    seen.add(milestoneId);
    return { id: milestoneId, amount: requireAmount(amount, `${field}.amount`, currency, { positive: true }) };
  });
  const total = sumDecimals(milestones.map((milestone) => new Decimal(milestone.amount)));
  if (!total.eq(budget)) {
    throw new DomainError(
      'CAMPAIGN_MILESTONES_INVALID',
      `milestones must sum to exactly the budget ${budget}, not ${formatMoney(total, currency)}`,
      {
        field: 'milestones',
        rule: 'sum',
        sum: formatMoney(total, currency),
        budget,
      },
    );
  }
  return milestones;
}

type AttributeLead = Extract<CampaignCommand, { type: 'AttributeCampaignLead' }>;

/**
 * A lead is a deal or a registration of the campaign's partner: the ROI of one partner's MDF counts its own
 * pipeline.
 */
function requireLead(
  { data, facts }: AttributeLead,
  partnerId: string,
): { key: string; reference: { dealId: string } | { registrationId: string } } {
  const hasDeal = data.dealId !== undefined;
  const hasRegistration = data.registrationId !== undefined;
  if (hasDeal === hasRegistration) {
    throw new DomainError('CAMPAIGN_ATTRIBUTION_INVALID', 'Send exactly one of dealId and registrationId', {
      field: 'dealId',
      rule: 'exactlyOne',
    });
  }
  if (hasDeal) {
    const dealId = requireText(data.dealId, 'dealId', 100);
    const deal = facts.deal;
    if (deal === undefined || deal.status === 'none')
      throw new DomainError('DEAL_NOT_FOUND', `Deal ${dealId} was not opened`, { field: 'dealId', dealId });
    invariant(deal.dealId === dealId, `facts.deal is ${deal.dealId}, not ${dealId}`);
    if (!deal.partnerIds.includes(partnerId)) {
      throw new DomainError(
        'CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH',
        `Deal ${dealId} does not credit the campaign's partner ${partnerId}`,
        { field: 'dealId', dealId, partnerId },
      );
    }
    return { key: leadKey({ dealId }), reference: { dealId } };
  }
  const registrationId = requireText(data.registrationId, 'registrationId', 100);
  const registration = requireSubmittedRegistration(facts.registration, registrationId);
  if (registration.partnerId !== partnerId) {
    throw new DomainError(
      'CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH',
      `Registration ${registrationId} belongs to another partner than the campaign's`,
      {
        field: 'registrationId',
        registrationId,
        partnerId,
      },
    );
  }
  return { key: leadKey({ registrationId }), reference: { registrationId } };
}
