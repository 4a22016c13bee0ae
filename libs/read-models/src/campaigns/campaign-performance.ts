import { Decimal, minorUnits, type Decimal as DecimalValue } from '#domain';
import type { MdfCampaignFigures } from '../mdf/mdf.projection.js';
import type { CampaignDetail } from './campaigns.projection.js';

export interface GoalAttainment<Value> {
  readonly goal: Value;
  readonly actual: Value;
  /** actual ÷ goal to four places (HALF_EVEN), null for a goal of zero. */
  readonly ratio: string | null;
}

/**
 * What the campaign returned for the MDF it consumed. MDF spent is what the fund released to it (the
 * budget of its completed milestones): the money the vendor has granted for work done, whether or not
 * the partner has claimed it yet; claims are the partner's paperwork against it and are shown beside it.
 */
export interface CampaignReturn {
  readonly currency: string;
  readonly mdfSpent: string;
  readonly mdfClaimed: string;
  readonly mdfApproved: string;
  readonly mdfPaid: string;
  readonly pipeline: string;
  readonly wonRevenue: string;
  readonly wonDeals: number;
  readonly unpricedLeads: number;
  /** pipeline ÷ MDF spent and won revenue ÷ MDF spent, to four places; null while nothing is spent. */
  readonly pipelinePerMdf: string | null;
  readonly revenuePerMdf: string | null;
}

export interface CampaignPerformance {
  readonly attainment: { readonly leads: GoalAttainment<number>; readonly pipeline: GoalAttainment<string> };
  readonly roi: CampaignReturn;
}

const ratio = (numerator: DecimalValue, denominator: DecimalValue): string | null =>
  denominator.isZero() ? null : numerator.dividedBy(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);

/** Goal attainment and return on MDF of a campaign, from its read model and what it holds of the fund. */
export function campaignPerformance(
  campaign: CampaignDetail,
  mdf: MdfCampaignFigures | undefined,
): CampaignPerformance {
  const { currency, leadFacts } = campaign;
  const scale = minorUnits(currency);
  const money = (value: DecimalValue) => value.toDecimalPlaces(scale, Decimal.ROUND_HALF_EVEN).toFixed(scale);
  const zero = new Decimal(0);
  const spent = mdf ? new Decimal(mdf.released) : zero;
  return {
    attainment: {
      leads: {
        goal: campaign.goals.leads,
        actual: leadFacts.leads,
        ratio: ratio(new Decimal(leadFacts.leads), new Decimal(campaign.goals.leads)),
      },
      pipeline: {
        goal: campaign.goals.pipeline,
        actual: money(leadFacts.pipeline),
        ratio: ratio(leadFacts.pipeline, new Decimal(campaign.goals.pipeline)),
      },
    },
    roi: {
      currency,
      mdfSpent: money(spent),
      mdfClaimed: money(mdf ? new Decimal(mdf.claimed) : zero),
      mdfApproved: money(mdf ? new Decimal(mdf.approved) : zero),
      mdfPaid: money(mdf ? new Decimal(mdf.paid) : zero),
      pipeline: money(leadFacts.pipeline),
      wonRevenue: money(leadFacts.wonRevenue),
      wonDeals: leadFacts.wonDeals,
      unpricedLeads: leadFacts.unpricedLeads,
      pipelinePerMdf: ratio(leadFacts.pipeline, spent),
      revenuePerMdf: ratio(leadFacts.wonRevenue, spent),
    },
  };
}
