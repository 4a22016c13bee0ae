import type { Command } from '../decider.js';
import type { DealLeadFacts } from '../deal/deal.decider.js';
import type { MdfCommitmentFacts } from '../mdf/mdf.state.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import type { RegistrationOwnerFacts } from '../registration/registration.state.js';
import type { CampaignGoals, CampaignMilestone } from './campaign.events.js';

/**
 * Commands on `campaign-<campaignId>`. Approving, completing a milestone and closing are steps of the
 * funding protocol described in campaign.decider.ts, which also writes `mdf-<partnerId>`.
 *
 * `facts` hold what the application layer loads from other streams (or the rule set in force) and
 * passes in; the decider trusts them and reads nothing itself. They describe the world, not the
 * client's request, so they are not part of the request's identity (idempotency fingerprint).
 */
export type CampaignCommand =
  | Command<
      'ProposeCampaign',
      {
        campaignId: string;
        partnerId: string;
        name: string;
        /** Positive, at the program currency's minor unit. */
        budget: string;
        goals: CampaignGoals;
        /** 1 to 50 milestones with distinct ids and positive amounts summing to exactly the budget. */
        milestones: CampaignMilestone[];
      },
      {
        /** The status of `partner-<partnerId>` (fold of partnerDecider), 'none' when never enrolled. */
        partnerStatus: PartnerStatus | 'none';
        /** The currency of the rule set in force today: the fund accrues in it, so the campaign is budgeted in it. */
        programCurrency: string;
      }
    >
  | Command<
      'ApproveCampaign',
      {
        campaignId: string;
      },
      {
        /** `mdf-<partnerId>` (mdfCommitmentFacts of its fold) read after CommitMdf: approval needs the commitment. */
        fund: MdfCommitmentFacts;
      }
    >
  | Command<'CompleteCampaignMilestone', { campaignId: string; milestoneId: string; evidence: string }>
  | Command<
      'AttributeCampaignLead',
      {
        campaignId: string;
        /** Exactly one of dealId and registrationId. */
        dealId?: string;
        registrationId?: string;
      },
      {
        /** `deal-<dealId>` (dealLeadFacts of its fold), when dealId is sent. */
        deal?: DealLeadFacts;
        /** `registration-<registrationId>` (registrationOwnerFacts of its fold), when registrationId is sent. */
        registration?: RegistrationOwnerFacts;
      }
    >
  | Command<'CloseCampaign', { campaignId: string; reason?: string }>;
