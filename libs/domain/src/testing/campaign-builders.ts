import type { CampaignCommand } from '../campaign/campaign.commands.js';
import { campaignDecider } from '../campaign/campaign.decider.js';
import type { CampaignState } from '../campaign/campaign.state.js';
import type { CampaignEvent } from '../campaign/campaign.events.js';
import { fold, type CommandMetadata, type CommandOf } from '../decider.js';
import { metadata, type CommandOverrides } from './decider-specification.js';
import { fundOf, mdfAccrued, mdfCommitted } from './mdf-builders.js';
import { mdfCommitmentFacts } from '../mdf/mdf.state.js';

/**
 * Builders for campaigns. Defaults describe one story: partner p1 proposes campaign c1 "Spring webinars"
 * in USD with a budget of 15000.00 in two milestones (m1 5000.00, m2 10000.00) and goals of 120 leads
 * and 400000.00 of pipeline, on 2026-02-01; today is 2026-02-10. A test names only the fields it is about.
 */

type Data<Type extends CampaignEvent['type']> = Extract<CampaignEvent, { type: Type }>['data'];
type Overrides<Type extends CampaignCommand['type']> = CommandOverrides<CommandOf<CampaignCommand, Type>>;

export const defaultMilestones = [
  { id: 'm1', amount: '5000.00' },
  { id: 'm2', amount: '10000.00' },
];

export function campaignProposed(overrides: Partial<Data<'CampaignProposed'>> = {}): CampaignEvent {
  return {
    type: 'CampaignProposed',
    data: {
      campaignId: 'c1',
      partnerId: 'p1',
      name: 'Spring webinars',
      currency: 'USD',
      budget: '15000.00',
      goals: { leads: 120, pipeline: '400000.00' },
      milestones: defaultMilestones.map((milestone) => ({ ...milestone })),
      proposedAt: '2026-02-01',
      ...overrides,
    },
  };
}

export function campaignApproved(overrides: Partial<Data<'CampaignApproved'>> = {}): CampaignEvent {
  return {
    type: 'CampaignApproved',
    data: { campaignId: 'c1', partnerId: 'p1', budget: '15000.00', approvedAt: '2026-02-03', ...overrides },
  };
}

export function milestoneCompleted(
  milestoneId = 'm1',
  overrides: Partial<Data<'CampaignMilestoneCompleted'>> = {},
): CampaignEvent {
  const amount = defaultMilestones.find((milestone) => milestone.id === milestoneId)?.amount ?? '5000.00';
  return {
    type: 'CampaignMilestoneCompleted',
    data: {
      campaignId: 'c1',
      partnerId: 'p1',
      milestoneId,
      amount,
      evidence: 'https://files.example/webinar-report.pdf',
      completedAt: '2026-02-05',
      ...overrides,
    },
  };
}

export function leadAttributed(
  lead: { dealId: string } | { registrationId: string } = { dealId: 'd1' },
  overrides: Partial<Data<'CampaignLeadAttributed'>> = {},
): CampaignEvent {
  return {
    type: 'CampaignLeadAttributed',
    data: { campaignId: 'c1', partnerId: 'p1', ...lead, attributedAt: '2026-02-06', ...overrides },
  };
}

export function campaignClosed(overrides: Partial<Data<'CampaignClosed'>> = {}): CampaignEvent {
  return {
    type: 'CampaignClosed',
    data: {
      campaignId: 'c1',
      partnerId: 'p1',
      wasApproved: true,
      amountUnspent: '10000.00',
      closedAt: '2026-02-08',
      ...overrides,
    },
  };
}

/** The campaign after the given events (the facts the MDF commands carry). */
export function campaignOf(...events: CampaignEvent[]): CampaignState {
  return fold(campaignDecider, events);
}

export function proposeCampaign(
  overrides: Overrides<'ProposeCampaign'> = {},
  meta: Partial<CommandMetadata> = {},
): CampaignCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ProposeCampaign',
    data: {
      campaignId: 'c1',
      partnerId: 'p1',
      name: 'Spring webinars',
      budget: '15000.00',
      goals: { leads: 120, pipeline: '400000.00' },
      milestones: defaultMilestones.map((milestone) => ({ ...milestone })),
      ...data,
    },
    facts: { partnerStatus: 'active', programCurrency: 'USD', ...facts },
    metadata: metadata(meta),
  };
}

/** Approves c1 against a fund that accrued 20000.00 and committed the default budget to it, unless told otherwise. */
export function approveCampaign(
  fund = fundOf(mdfAccrued({ amount: '20000.00' }), mdfCommitted()),
  campaignId = 'c1',
  meta: Partial<CommandMetadata> = {},
): CampaignCommand {
  return {
    type: 'ApproveCampaign',
    data: { campaignId },
    facts: { fund: mdfCommitmentFacts(fund, campaignId) },
    metadata: metadata(meta),
  };
}

export function completeMilestone(
  milestoneId = 'm1',
  evidence = 'https://files.example/webinar-report.pdf',
  meta: Partial<CommandMetadata> = {},
): CampaignCommand {
  return {
    type: 'CompleteCampaignMilestone',
    data: { campaignId: 'c1', milestoneId, evidence },
    metadata: metadata(meta),
  };
}

export function attributeLead(
  overrides: Overrides<'AttributeCampaignLead'> = {},
  meta: Partial<CommandMetadata> = {},
): CampaignCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'AttributeCampaignLead',
    data: { campaignId: 'c1', ...data },
    facts: { ...facts },
    metadata: metadata(meta),
  };
}

export function closeCampaign(reason?: string, meta: Partial<CommandMetadata> = {}): CampaignCommand {
  return {
    type: 'CloseCampaign',
    data: { campaignId: 'c1', ...(reason === undefined ? {} : { reason }) },
    metadata: metadata(meta),
  };
}
