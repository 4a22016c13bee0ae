// The folded state of a partner's MDF fund: a leaf module, so other aggregates' commands and helpers can name it
// without importing the decider (and the decider's own imports) back.
import type { PersistentMap } from '../persistent-map.js';
import type { Decimal } from '../money.js';

/** What the fund owes one campaign. Amounts are exact sums of amounts at the fund currency's minor unit. */
export interface MdfCommitment {
  readonly campaignId: string;
  readonly amount: Decimal;
  readonly released: Decimal;
  readonly releasedMilestones: readonly string[];
  /** True once the unspent part went back to the fund (the campaign closed). */
  readonly decommitted: boolean;
  readonly amountDecommitted: Decimal;
  /** Claims standing against the released funds: submitted, approved or paid (a rejected claim stops counting). */
  readonly claimed: Decimal;
}

export type MdfClaimStatus = 'submitted' | 'approved' | 'rejected' | 'paid';

export interface MdfClaim {
  readonly claimId: string;
  readonly campaignId: string;
  readonly amount: string;
  readonly evidence: string;
  readonly status: MdfClaimStatus;
  readonly approvedAt: string | null;
  /** The payout statement that paid the claim. */
  readonly statementId: string | null;
}

export interface MdfFundState {
  /** Set by the fund's first event. */
  readonly partnerId: string | null;
  /** The fund's one currency, set by its first accrual. */
  readonly currency: string | null;
  readonly accrued: Decimal;
  /** Committed to campaigns, net of what was decommitted (it includes what has since been released). */
  readonly committed: Decimal;
  readonly released: Decimal;
  readonly claimed: Decimal;
  readonly approved: Decimal;
  readonly paid: Decimal;
  /** Source event ids accrued on. */
  readonly accruals: PersistentMap<true>;
  readonly commitments: PersistentMap<MdfCommitment>;
  readonly claims: PersistentMap<MdfClaim>;
}

/**
 * What a campaign's approval reads of its partner's fund: whose fund it is and what it has committed to that
 * campaign (null when nothing).
 */
export interface MdfCommitmentFacts {
  readonly partnerId: string | null;
  readonly commitment: Pick<MdfCommitment, 'amount' | 'decommitted'> | null;
}

/** The commitment facts of a folded fund for one campaign. */
export function mdfCommitmentFacts(fund: MdfFundState, campaignId: string): MdfCommitmentFacts {
  const commitment = fund.commitments.get(campaignId);
  return {
    partnerId: fund.partnerId,
    commitment: commitment === undefined ? null : { amount: commitment.amount, decommitted: commitment.decommitted },
  };
}

/** What issuing a statement reads of the partner's fund: whose it is, its currency and its claims payable. */
export interface MdfPayableFacts {
  readonly partnerId: string | null;
  readonly currency: string | null;
  /** Approved claims not yet paid, oldest approval first (mdfClaimsPayable). */
  readonly claimsPayable: readonly MdfClaim[];
}
