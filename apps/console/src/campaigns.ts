import Decimal from 'decimal.js';
import type { CampaignView } from './api/views';
import { sumAtScale } from './money';

export interface MilestoneProgress {
  readonly completed: number;
  readonly total: number;
  readonly amountCompleted: string;
  readonly amountTotal: string;
  /** "2 of 3 milestones, 600.00 of 900.00 USD". */
  readonly label: string;
}

/** How far a campaign's milestones are done, by count and by the budget they release (exact decimals). */
export function milestoneProgress(campaign: Pick<CampaignView, 'milestones' | 'currency'>): MilestoneProgress {
  const done = campaign.milestones.filter((milestone) => milestone.completed);
  const amounts = campaign.milestones.map((milestone) => milestone.amount);
  const amountCompleted = sumAtScale(
    done.map((milestone) => milestone.amount),
    amounts,
  );
  const amountTotal = sumAtScale(amounts);
  const total = campaign.milestones.length;
  return {
    completed: done.length,
    total,
    amountCompleted,
    amountTotal,
    label: `${done.length} of ${total} milestones, ${amountCompleted} of ${amountTotal} ${campaign.currency}`,
  };
}

/** A goal attainment ratio as a percentage ("125.0%"), or a dash for a goal of zero. */
export function percentOf(ratio: string | null): string {
  return ratio === null ? '—' : `${new Decimal(ratio).times(100).toFixed(1)}%`;
}

/** The ROI figures of a campaign, labelled; a ratio the API leaves null (nothing spent yet) reads as a dash. */
export function roiFigures(campaign: Pick<CampaignView, 'roi' | 'attainment'>): Array<[string, string]> {
  const { roi, attainment } = campaign;
  const money = (amount: string) => `${amount} ${roi.currency}`;
  return [
    ['Leads (goal)', `${attainment.leads.actual} of ${attainment.leads.goal} (${percentOf(attainment.leads.ratio)})`],
    [
      'Pipeline (goal)',
      `${money(attainment.pipeline.actual)} of ${attainment.pipeline.goal} (${percentOf(attainment.pipeline.ratio)})`,
    ],
    ['MDF spent (released)', money(roi.mdfSpent)],
    ['MDF claimed, approved, paid', `${roi.mdfClaimed}, ${roi.mdfApproved}, ${roi.mdfPaid} ${roi.currency}`],
    ['Won revenue', `${money(roi.wonRevenue)} (${roi.wonDeals} deals)`],
    ['Pipeline per MDF', roi.pipelinePerMdf ?? '—'],
    ['Revenue per MDF (ROI)', roi.revenuePerMdf ?? '—'],
    ['Leads without a value', String(roi.unpricedLeads)],
  ];
}
