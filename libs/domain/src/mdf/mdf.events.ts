import type { DomainEvent } from '../decider.js';

/**
 * Events of a partner's market development fund, `mdf-<partnerId>`. Every amount is a decimal string at
 * the minor unit of `currency`, the fund's one currency (set by its first accrual). Every event names the
 * partner and, where there is one, the campaign and the claim, so a consumer never needs the stream name.
 * `...At` fields are the UTC dates the fact was recorded, except `businessDate` (the won deal's date).
 */
export type MdfEvent =
  | DomainEvent<
      'MdfAccrued',
      {
        partnerId: string;
        /** The deal event the engine accrued on: at most one accrual per source event, ever. */
        sourceEventId: string;
        dealId: string;
        amount: string;
        currency: string;
        businessDate: string;
        ruleSetVersion: string;
        tier: string;
        /** The accrual rate of the tier under that rule set (mdf.accrualRates). */
        rate: string;
        accruedAt: string;
      }
    >
  | DomainEvent<
      'MdfCommitted',
      { partnerId: string; campaignId: string; amount: string; currency: string; committedAt: string }
    >
  | DomainEvent<
      'MdfReleased',
      {
        partnerId: string;
        campaignId: string;
        milestoneId: string;
        amount: string;
        currency: string;
        releasedAt: string;
      }
    >
  | DomainEvent<
      'MdfDecommitted',
      { partnerId: string; campaignId: string; amount: string; currency: string; decommittedAt: string }
    >
  | DomainEvent<
      'MdfClaimSubmitted',
      {
        partnerId: string;
        claimId: string;
        campaignId: string;
        amount: string;
        currency: string;
        /** What the partner spent the released funds on: an invoice reference, a link to receipts. */
        evidence: string;
        submittedAt: string;
      }
    >
  | DomainEvent<
      'MdfClaimApproved',
      { partnerId: string; claimId: string; campaignId: string; amount: string; currency: string; approvedAt: string }
    >
  | DomainEvent<
      'MdfClaimRejected',
      {
        partnerId: string;
        claimId: string;
        campaignId: string;
        amount: string;
        currency: string;
        reason: string;
        rejectedAt: string;
      }
    >
  /** An approved claim was paid as a line of the payout statement `statementId`; `paidAt` is that payment's date. */
  | DomainEvent<
      'MdfClaimPaid',
      {
        partnerId: string;
        claimId: string;
        campaignId: string;
        amount: string;
        currency: string;
        statementId: string;
        paidAt: string;
      }
    >;

export function mdfStream(partnerId: string): string {
  return `mdf-${partnerId}`;
}
