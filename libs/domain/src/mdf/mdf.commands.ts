import type { CampaignFacts } from '../campaign/campaign.state.js';
import type { Command } from '../decider.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import type { StatementPaymentFacts } from '../statement/statement.state.js';

/**
 * Commands on a partner's fund `mdf-<partnerId>`. `partnerId` names the stream's partner: the first
 * event records it, and every fact must be about it.
 *
 * Only AccrueMdf (from the MDF reactor) and the claim commands come from outside; the others are steps
 * of the campaign funding protocol (campaign.decider.ts) and of paying a statement (statement.decider.ts).
 *
 * `facts` hold what the application layer loads from other streams and passes in; the decider
 * trusts them and reads nothing itself. They describe the world, not the client's request, so they
 * are not part of the request's identity (idempotency fingerprint).
 */
export type MdfCommand =
  /**
   * One accrual the commission engine computed (its MdfAccrual, DESIGN §5): `sourceEventId` is the won,
   * renewed or expanded deal event, and the fund accrues on it at most once.
   */
  | Command<
      'AccrueMdf',
      {
        partnerId: string;
        sourceEventId: string;
        dealId: string;
        /** Non-negative, at the currency's minor unit; a zero accrual records nothing. */
        amount: string;
        currency: string;
        businessDate: string;
        ruleSetVersion: string;
        tier: string;
        rate: string;
      }
    >
  | Command<
      'CommitMdf',
      {
        partnerId: string;
        campaignId: string;
      },
      {
        /** `campaign-<campaignId>` (campaignFacts of its fold): the budget and currency come from it. */
        campaign: CampaignFacts;
        /** The status of `partner-<partnerId>`: nothing new is committed for a partner that is not active. */
        partnerStatus: PartnerStatus | 'none';
      }
    >
  | Command<
      'ReleaseMdf',
      {
        partnerId: string;
        campaignId: string;
        milestoneId: string;
      },
      {
        /** The state of `campaign-<campaignId>`, read after the milestone was completed. */
        campaign: CampaignFacts;
      }
    >
  | Command<
      'DecommitMdf',
      {
        partnerId: string;
        campaignId: string;
      },
      {
        /** The state of `campaign-<campaignId>`, read after it was closed. */
        campaign: CampaignFacts;
      }
    >
  | Command<
      'SubmitMdfClaim',
      {
        partnerId: string;
        claimId: string;
        campaignId: string;
        /** Positive, at the fund currency's minor unit. */
        amount: string;
        evidence: string;
      }
    >
  | Command<'ApproveMdfClaim', { partnerId: string; claimId: string }>
  | Command<'RejectMdfClaim', { partnerId: string; claimId: string; reason: string }>
  /** Step 2 of paying a statement: marks paid every MDF claim that is a line of the paid statement. */
  | Command<
      'MarkMdfClaimsPaid',
      {
        partnerId: string;
        statementId: string;
      },
      {
        /** `statement-<partnerId>-<period>` (statementPaymentFacts of its fold), read after it was paid. */
        statement: StatementPaymentFacts;
      }
    >;
