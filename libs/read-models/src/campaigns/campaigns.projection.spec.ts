import { openDatabase, SqliteEventStore } from '#event-store';
import { streamAppender } from '../../../event-store/src/testing/append-history.js';
import { Projector } from '../projector.js';
import { projections } from '../projections.js';
import { campaignPerformance } from './campaign-performance.js';
import { CampaignQueries } from './campaigns.projection.js';
import { MdfQueries } from '../mdf/mdf.projection.js';

const customer = { name: 'Globex', domain: 'globex.com' };
const line = (amount: string) => ({ sku: 'A', family: 'software', amount, discount: '0' });

describe('campaign read model: goal attainment and ROI', () => {
  let store: SqliteEventStore;
  let projector: Projector;
  let campaigns: CampaignQueries;
  let mdf: MdfQueries;
  let append: ReturnType<typeof streamAppender>;

  const performance = async (campaignId: string) => {
    await projector.runUntilCaughtUp();
    const campaign = campaigns.get(campaignId)!;
    return { campaign, ...campaignPerformance(campaign, mdf.campaign(campaignId)) };
  };

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    append = streamAppender(store);
    const db = openDatabase(':memory:');
    projector = new Projector({ store, db, projections });
    campaigns = new CampaignQueries(db);
    mdf = new MdfQueries(db);
  });
  afterEach(() => store.close());

  async function proposeAndFund(): Promise<void> {
    await append('campaign-c1', 'CampaignProposed', {
      campaignId: 'c1',
      partnerId: 'p1',
      name: 'Spring webinars',
      currency: 'USD',
      budget: '1500.00',
      goals: { leads: 4, pipeline: '100000.00' },
      milestones: [
        { id: 'm1', amount: '500.00' },
        { id: 'm2', amount: '1000.00' },
      ],
      proposedAt: '2026-02-01',
    });
    await append('mdf-p1', 'MdfAccrued', {
      partnerId: 'p1',
      sourceEventId: 'e0',
      dealId: 'd0',
      amount: '2000.00',
      currency: 'USD',
      businessDate: '2026-01-10',
      ruleSetVersion: '2026.1',
      tier: 'gold',
      rate: '0.02',
      accruedAt: '2026-01-10',
    });
    await append('mdf-p1', 'MdfCommitted', {
      partnerId: 'p1',
      campaignId: 'c1',
      amount: '1500.00',
      currency: 'USD',
      committedAt: '2026-02-02',
    });
    await append('campaign-c1', 'CampaignApproved', {
      campaignId: 'c1',
      partnerId: 'p1',
      budget: '1500.00',
      approvedAt: '2026-02-02',
    });
  }

  it('counts a registration and its deal as one lead, worth the estimate until won, then the revenue won', async () => {
    await proposeAndFund();
    await append('registration-r1', 'DealRegistrationSubmitted', {
      registrationId: 'r1',
      partnerId: 'p1',
      customer,
      customerKey: 'globex.com',
      productFamily: 'software',
      estimatedValue: '40000.00',
      currency: 'USD',
      expectedCloseDate: '2026-06-30',
      submittedAt: '2026-02-03',
    });
    await append('campaign-c1', 'CampaignLeadAttributed', {
      campaignId: 'c1',
      partnerId: 'p1',
      registrationId: 'r1',
      attributedAt: '2026-02-04',
    });

    let view = await performance('c1');
    expect(view.attainment).toEqual({
      leads: { goal: 4, actual: 1, ratio: '0.2500' },
      pipeline: { goal: '100000.00', actual: '40000.00', ratio: '0.4000' },
    });
    expect(view.roi).toMatchObject({
      mdfSpent: '0.00',
      pipeline: '40000.00',
      wonRevenue: '0.00',
      pipelinePerMdf: null,
      revenuePerMdf: null,
    });

    // The deal opened from the registration, split 0.75 with another partner: the estimate × the share.
    await append('deal-d1', 'DealOpened', {
      dealId: 'd1',
      registrationId: 'r1',
      customer,
      customerKey: 'globex.com',
      partners: [
        { partnerId: 'p1', role: 'sourcing', share: '0.75' },
        { partnerId: 'p2', role: 'influencing', share: '0.25' },
      ],
      currency: 'USD',
      openedAt: '2026-02-05',
    });
    await append('campaign-c1', 'CampaignLeadAttributed', {
      campaignId: 'c1',
      partnerId: 'p1',
      dealId: 'd1',
      attributedAt: '2026-02-06',
    });
    view = await performance('c1');
    expect(view.attainment.leads.actual).toBe(1);
    expect(view.roi.pipeline).toBe('30000.00');

    // Won in EUR at 1.1: 36000 × 1.1 × 0.75 = 29700.00; then a renewal and a refund move the revenue, not the pipeline.
    await append('deal-d1', 'DealWon', {
      dealId: 'd1',
      lines: [line('36000.00')],
      fxRate: '1.1',
      programCurrency: 'USD',
      billing: 'recurring',
      termMonths: 12,
      wonAt: '2026-03-01',
    });
    await append('deal-d1', 'DealRenewed', {
      dealId: 'd1',
      lines: [line('1000.00')],
      programCurrency: 'USD',
      renewedAt: '2026-03-10',
    });
    await append('deal-d1', 'DealRefunded', {
      dealId: 'd1',
      amount: '400.00',
      fxRate: '1.3',
      programCurrency: 'USD',
      refundedAt: '2026-03-20',
    });
    await append('mdf-p1', 'MdfReleased', {
      partnerId: 'p1',
      campaignId: 'c1',
      milestoneId: 'm1',
      amount: '500.00',
      currency: 'USD',
      releasedAt: '2026-03-02',
    });
    await append('mdf-p1', 'MdfClaimSubmitted', {
      partnerId: 'p1',
      claimId: 'cl1',
      campaignId: 'c1',
      amount: '450.00',
      currency: 'USD',
      evidence: 'INV-1',
      submittedAt: '2026-03-03',
    });
    view = await performance('c1');
    // 29700 + 1000 × 1.1 × 0.75 (825) − 400 / 37000 of that 30525 (330, at the rates it was booked at, not the
    // refund's 1.3) = 30195.00
    expect(view.roi).toEqual({
      currency: 'USD',
      mdfSpent: '500.00',
      mdfClaimed: '450.00',
      mdfApproved: '0.00',
      mdfPaid: '0.00',
      pipeline: '29700.00',
      wonRevenue: '30195.00',
      wonDeals: 1,
      unpricedLeads: 0,
      pipelinePerMdf: '59.4000',
      revenuePerMdf: '60.3900',
    });
    expect(view.campaign.leads).toEqual([
      { registrationId: 'r1', attributedAt: '2026-02-04' },
      { dealId: 'd1', attributedAt: '2026-02-06' },
    ]);
  });

  it('keeps deals won before attribution; counts what has no value in the campaign currency as unpriced', async () => {
    await append('deal-d2', 'DealOpened', {
      dealId: 'd2',
      customer,
      customerKey: 'globex.com',
      partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
      currency: 'USD',
      openedAt: '2026-01-05',
    });
    await append('deal-d2', 'DealWon', {
      dealId: 'd2',
      lines: [line('12000.00')],
      programCurrency: 'USD',
      billing: 'one_time',
      wonAt: '2026-01-20',
    });
    await append('deal-d3', 'DealOpened', {
      dealId: 'd3',
      customer,
      customerKey: 'globex.com',
      partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
      currency: 'USD',
      openedAt: '2026-01-06',
    });
    await append('registration-r2', 'DealRegistrationSubmitted', {
      registrationId: 'r2',
      partnerId: 'p1',
      customer,
      customerKey: 'globex.com',
      productFamily: 'software',
      estimatedValue: '9000.00',
      currency: 'EUR',
      expectedCloseDate: '2026-06-30',
      submittedAt: '2026-01-07',
    });
    await proposeAndFund();
    for (const lead of [{ dealId: 'd2' }, { dealId: 'd3' }, { registrationId: 'r2' }]) {
      await append('campaign-c1', 'CampaignLeadAttributed', {
        campaignId: 'c1',
        partnerId: 'p1',
        ...lead,
        attributedAt: '2026-02-04',
      });
    }
    const view = await performance('c1');
    expect(view.attainment.leads).toEqual({ goal: 4, actual: 3, ratio: '0.7500' });
    expect(view.roi).toMatchObject({ pipeline: '12000.00', wonRevenue: '12000.00', wonDeals: 1, unpricedLeads: 2 });
  });

  it('lists campaigns by partner and status, and records the close', async () => {
    await proposeAndFund();
    await append('campaign-c2', 'CampaignProposed', {
      campaignId: 'c2',
      partnerId: 'p2',
      name: 'Trade show',
      currency: 'USD',
      budget: '100.00',
      goals: { leads: 0, pipeline: '0.00' },
      milestones: [{ id: 'm1', amount: '100.00' }],
      proposedAt: '2026-02-03',
    });
    await append('campaign-c2', 'CampaignClosed', {
      campaignId: 'c2',
      partnerId: 'p2',
      wasApproved: false,
      reason: 'Withdrawn',
      amountUnspent: '100.00',
      closedAt: '2026-02-04',
    });
    await projector.runUntilCaughtUp();
    expect(campaigns.list({ limit: 10, offset: 0 }).map((campaign) => campaign.campaignId)).toEqual(['c1', 'c2']);
    expect(campaigns.list({ partnerId: 'p2', limit: 10, offset: 0 })).toEqual([
      expect.objectContaining({
        campaignId: 'c2',
        status: 'closed',
        closeReason: 'Withdrawn',
        amountUnspent: '100.00',
      }),
    ]);
    expect(campaigns.list({ status: 'approved', limit: 10, offset: 0 }).map((campaign) => campaign.campaignId)).toEqual(
      ['c1'],
    );
    const c2 = await performance('c2');
    expect(c2.attainment).toEqual({
      leads: { goal: 0, actual: 0, ratio: null },
      pipeline: { goal: '0.00', actual: '0.00', ratio: null },
    });
  });
});
