import type { DomainEvent } from '../decider.js';

export interface CampaignGoals {
  /** How many leads (attributed deals and registrations) the campaign aims for. */
  readonly leads: number;
  /** The pipeline it aims to create, a decimal string in the campaign currency. */
  readonly pipeline: string;
}

export interface CampaignMilestone {
  readonly id: string;
  /** The part of the budget released from the fund when the milestone is completed. */
  readonly amount: string;
}

/**
 * Events of `campaign-<campaignId>`, a joint marketing campaign funded from the partner's MDF. Amounts
 * are decimal strings at the minor unit of `currency`, the program currency when it was proposed (the
 * fund's currency). Every event names the partner, so the MDF and ROI projections route it without a lookup.
 */
export type CampaignEvent =
  | DomainEvent<
      'CampaignProposed',
      {
        campaignId: string;
        partnerId: string;
        name: string;
        currency: string;
        budget: string;
        goals: CampaignGoals;
        /** Their amounts sum to exactly the budget. */
        milestones: CampaignMilestone[];
        proposedAt: string;
      }
    >
  /** The budget is committed on `mdf-<partnerId>` (MdfCommitted) before this is recorded. */
  | DomainEvent<'CampaignApproved', { campaignId: string; partnerId: string; budget: string; approvedAt: string }>
  | DomainEvent<
      'CampaignMilestoneCompleted',
      {
        campaignId: string;
        partnerId: string;
        milestoneId: string;
        amount: string;
        evidence: string;
        completedAt: string;
      }
    >
  /** Exactly one of `dealId` and `registrationId` is present. */
  | DomainEvent<
      'CampaignLeadAttributed',
      { campaignId: string; partnerId: string; dealId?: string; registrationId?: string; attributedAt: string }
    >
  /**
   * `amountUnspent`: the budget of the milestones never completed, which goes back to the fund
   * (MdfDecommitted) when it was committed. `wasApproved` tells a withdrawn proposal from a finished campaign.
   */
  | DomainEvent<
      'CampaignClosed',
      {
        campaignId: string;
        partnerId: string;
        wasApproved: boolean;
        reason?: string;
        amountUnspent: string;
        closedAt: string;
      }
    >;

export function campaignStream(campaignId: string): string {
  return `campaign-${campaignId}`;
}
