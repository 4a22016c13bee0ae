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
