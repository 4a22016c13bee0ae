// The folded state of a campaign: a leaf module, so other aggregates' commands and helpers can name it
// without importing the decider (and the decider's own imports) back.
import type { PersistentMap } from '../persistent-map.js';
import type { CampaignMilestone } from './campaign.events.js';

export type CampaignStatus = 'proposed' | 'approved' | 'closed';

export interface CampaignMilestoneState extends CampaignMilestone {
  readonly completed: boolean;
}

export type CampaignState =
  | { readonly status: 'none' }
  | {
      readonly status: CampaignStatus;
      readonly campaignId: string;
      readonly partnerId: string;
      readonly currency: string;
      readonly budget: string;
      readonly milestones: readonly CampaignMilestoneState[];
      /** Set once approved; a campaign closed without it was a withdrawn proposal. */
      readonly approvedAt: string | null;
      /** Attributed leads by key (`deal:<id>`, `registration:<id>`): attributing twice records nothing. */
      readonly attributions: PersistentMap<true>;
    };

export type ProposedCampaign = Extract<CampaignState, { status: CampaignStatus }>;

/**
 * What another stream's decider reads of a campaign (the MDF fund committing, releasing and decommitting its
 * budget): its owner, status, budget and milestones with their completion, not its attributions.
 */
export type CampaignFacts =
  | { readonly status: 'none' }
  | Pick<ProposedCampaign, 'status' | 'campaignId' | 'partnerId' | 'currency' | 'budget' | 'milestones'>;

/** The facts of a folded campaign. */
export function campaignFacts(state: CampaignState): CampaignFacts {
  if (state.status === 'none') return { status: 'none' };
  const { status, campaignId, partnerId, currency, budget, milestones } = state;
  return { status, campaignId, partnerId, currency, budget, milestones };
}
