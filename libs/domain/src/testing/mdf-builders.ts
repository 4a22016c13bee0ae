import { campaignFacts, type CampaignState } from '../campaign/campaign.state.js';
import { fold, type CommandMetadata } from '../decider.js';
import type { MdfCommand } from '../mdf/mdf.commands.js';
import { mdfDecider } from '../mdf/mdf.decider.js';
import type { MdfFundState } from '../mdf/mdf.state.js';
import type { MdfEvent } from '../mdf/mdf.events.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import { statementPaymentFacts, type StatementState } from '../statement/statement.state.js';
import { metadata } from './decider-specification.js';

/**
 * Builders for the fund `mdf-p1`, in USD. Defaults follow the campaign builders' story: campaign c1
 * (15000.00: m1 5000.00, m2 10000.00) and claim cl1 of 5000.00 against m1's release; today is 2026-02-10.
 */

type Data<Type extends MdfEvent['type']> = Extract<MdfEvent, { type: Type }>['data'];
type CommandData<Type extends MdfCommand['type']> = Extract<MdfCommand, { type: Type }>['data'];

export function mdfAccrued(overrides: Partial<Data<'MdfAccrued'>> = {}): MdfEvent {
  return {
    type: 'MdfAccrued',
    data: {
      partnerId: 'p1',
      sourceEventId: 'e1',
      dealId: 'd1',
      amount: '20000.00',
      currency: 'USD',
      businessDate: '2026-01-20',
      ruleSetVersion: '2026.1',
      tier: 'gold',
      rate: '0.02',
      accruedAt: '2026-01-20',
      ...overrides,
    },
  };
}

export function mdfCommitted(overrides: Partial<Data<'MdfCommitted'>> = {}): MdfEvent {
  return {
    type: 'MdfCommitted',
    data: {
      partnerId: 'p1',
      campaignId: 'c1',
      amount: '15000.00',
      currency: 'USD',
      committedAt: '2026-02-03',
      ...overrides,
    },
  };
}

export function mdfReleased(
  milestoneId = 'm1',
  amount = milestoneId === 'm2' ? '10000.00' : '5000.00',
  overrides: Partial<Data<'MdfReleased'>> = {},
): MdfEvent {
  return {
    type: 'MdfReleased',
    data: {
      partnerId: 'p1',
      campaignId: 'c1',
      milestoneId,
      amount,
      currency: 'USD',
      releasedAt: '2026-02-05',
      ...overrides,
    },
  };
}

export function mdfDecommitted(overrides: Partial<Data<'MdfDecommitted'>> = {}): MdfEvent {
  return {
    type: 'MdfDecommitted',
    data: {
      partnerId: 'p1',
      campaignId: 'c1',
      amount: '10000.00',
      currency: 'USD',
      decommittedAt: '2026-02-08',
      ...overrides,
    },
  };
}

export function mdfClaimSubmitted(overrides: Partial<Data<'MdfClaimSubmitted'>> = {}): MdfEvent {
  return {
    type: 'MdfClaimSubmitted',
    data: {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '5000.00',
      currency: 'USD',
      evidence: 'Invoice INV-77',
      submittedAt: '2026-02-06',
      ...overrides,
    },
  };
}

export function mdfClaimApproved(overrides: Partial<Data<'MdfClaimApproved'>> = {}): MdfEvent {
  return {
    type: 'MdfClaimApproved',
    data: {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '5000.00',
      currency: 'USD',
      approvedAt: '2026-02-07',
      ...overrides,
    },
  };
}

export function mdfClaimRejected(overrides: Partial<Data<'MdfClaimRejected'>> = {}): MdfEvent {
  return {
    type: 'MdfClaimRejected',
    data: {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '5000.00',
      currency: 'USD',
      reason: 'Missing invoice',
      rejectedAt: '2026-02-07',
      ...overrides,
    },
  };
}

export function mdfClaimPaid(overrides: Partial<Data<'MdfClaimPaid'>> = {}): MdfEvent {
  return {
    type: 'MdfClaimPaid',
    data: {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '5000.00',
      currency: 'USD',
      statementId: 'p1-2026-Q1',
      paidAt: '2026-04-15',
      ...overrides,
    },
  };
}

/** The fund after the given events (the facts campaign and statement commands carry). */
export function fundOf(...events: MdfEvent[]): MdfFundState {
  return fold(mdfDecider, events);
}

export function accrueMdf(
  overrides: Partial<CommandData<'AccrueMdf'>> = {},
  meta: Partial<CommandMetadata> = {},
): MdfCommand {
  return {
    type: 'AccrueMdf',
    data: {
      partnerId: 'p1',
      sourceEventId: 'e1',
      dealId: 'd1',
      amount: '20000.00',
      currency: 'USD',
      businessDate: '2026-01-20',
      ruleSetVersion: '2026.1',
      tier: 'gold',
      rate: '0.02',
      ...overrides,
    },
    metadata: metadata(meta),
  };
}

export function commitMdf(
  campaign: CampaignState,
  meta: Partial<CommandMetadata> = {},
  partnerStatus: PartnerStatus | 'none' = 'active',
): MdfCommand {
  return {
    type: 'CommitMdf',
    data: { partnerId: 'p1', campaignId: 'c1' },
    facts: { campaign: campaignFacts(campaign), partnerStatus },
    metadata: metadata(meta),
  };
}

export function releaseMdf(
  campaign: CampaignState,
  milestoneId = 'm1',
  meta: Partial<CommandMetadata> = {},
): MdfCommand {
  return {
    type: 'ReleaseMdf',
    data: { partnerId: 'p1', campaignId: 'c1', milestoneId },
    facts: { campaign: campaignFacts(campaign) },
    metadata: metadata(meta),
  };
}

export function decommitMdf(campaign: CampaignState, meta: Partial<CommandMetadata> = {}): MdfCommand {
  return {
    type: 'DecommitMdf',
    data: { partnerId: 'p1', campaignId: 'c1' },
    facts: { campaign: campaignFacts(campaign) },
    metadata: metadata(meta),
  };
}

export function submitMdfClaim(
  overrides: Partial<CommandData<'SubmitMdfClaim'>> = {},
  meta: Partial<CommandMetadata> = {},
): MdfCommand {
  return {
    type: 'SubmitMdfClaim',
    data: {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '5000.00',
      evidence: ' Invoice INV-77 ',
      ...overrides,
    },
    metadata: metadata(meta),
  };
}

export function approveMdfClaim(claimId = 'cl1', meta: Partial<CommandMetadata> = {}): MdfCommand {
  return { type: 'ApproveMdfClaim', data: { partnerId: 'p1', claimId }, metadata: metadata(meta) };
}

export function rejectMdfClaim(
  reason = 'Missing invoice',
  claimId = 'cl1',
  meta: Partial<CommandMetadata> = {},
): MdfCommand {
  return { type: 'RejectMdfClaim', data: { partnerId: 'p1', claimId, reason }, metadata: metadata(meta) };
}

export function markMdfClaimsPaid(
  statement: StatementState,
  statementId = 'p1-2026-Q1',
  meta: Partial<CommandMetadata> = {},
): MdfCommand {
  return {
    type: 'MarkMdfClaimsPaid',
    data: { partnerId: 'p1', statementId },
    facts: { statement: statementPaymentFacts(statement) },
    metadata: metadata(meta),
  };
}
