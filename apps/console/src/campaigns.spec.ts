import { describe, expect, it } from '@jest/globals';
import type { CampaignView } from './api/views';
import { milestoneProgress, percentOf, roiFigures } from './campaigns';

const milestone = (milestoneId: string, amount: string, completed: boolean) => ({
  milestoneId,
  amount,
  completed,
  completedAt: completed ? '2025-08-01T00:00:00.000Z' : null,
  evidence: completed ? 'report.pdf' : null,
});

describe('campaign progress and ROI', () => {
  it('counts the completed milestones and the budget they release, exactly', () => {
    const campaign = {
      currency: 'USD',
      milestones: [milestone('m1', '0.10', true), milestone('m2', '0.20', true), milestone('m3', '899.7', false)],
    };
    expect(milestoneProgress(campaign)).toEqual({
      completed: 2,
      total: 3,
      amountCompleted: '0.30',
      amountTotal: '900.00',
      label: '2 of 3 milestones, 0.30 of 900.00 USD',
    });
    // None done yet: nothing of the budget, at the currency's scale still.
    const none = { currency: 'USD', milestones: [milestone('m1', '300.00', false), milestone('m2', '600.00', false)] };
    expect(milestoneProgress(none).label).toBe('0 of 2 milestones, 0.00 of 900.00 USD');
    expect(milestoneProgress({ currency: 'USD', milestones: [] }).label).toBe('0 of 0 milestones, 0 of 0 USD');
  });

  it('reads goal attainment as a percentage, and a ratio the API leaves null as a dash', () => {
    expect(percentOf('1.2500')).toBe('125.0%');
    expect(percentOf(null)).toBe('—');
    const campaign = {
      attainment: {
        leads: { goal: 10, actual: 4, ratio: '0.4000' },
        pipeline: { goal: '50000.00', actual: '20000.00', ratio: '0.4000' },
      },
      roi: {
        currency: 'USD',
        mdfSpent: '0.00',
        mdfClaimed: '0.00',
        mdfApproved: '0.00',
        mdfPaid: '0.00',
        pipeline: '20000.00',
        wonRevenue: '0.00',
        wonDeals: 0,
        unpricedLeads: 1,
        pipelinePerMdf: null,
        revenuePerMdf: null,
      },
    } as unknown as CampaignView;
    expect(Object.fromEntries(roiFigures(campaign))).toEqual({
      'Leads (goal)': '4 of 10 (40.0%)',
      'Pipeline (goal)': '20000.00 USD of 50000.00 (40.0%)',
      'MDF spent (released)': '0.00 USD',
      'MDF claimed, approved, paid': '0.00, 0.00, 0.00 USD',
      'Won revenue': '0.00 USD (0 deals)',
      'Pipeline per MDF': '—',
      'Revenue per MDF (ROI)': '—',
      'Leads without a value': '1',
    });
  });
});
