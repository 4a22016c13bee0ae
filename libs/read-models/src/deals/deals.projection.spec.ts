import { jest } from '@jest/globals';
import { openDatabase, SqliteEventStore } from '#event-store';
import { streamAppender } from '../../../event-store/src/testing/append-history.js';
import { Projector } from '../projector.js';
import { projections } from '../projections.js';
import { DealQueries, openDealsOfPartnerSql } from './deals.projection.js';
import { RegistrationQueries } from './registrations.projection.js';
import { computeScorecard } from './scorecard.js';

const customer = { name: 'Globex', domain: 'globex.com' };
const coSell = [
  { partnerId: 'p1', role: 'sourcing', share: '0.6' },
  { partnerId: 'p2', role: 'influencing', share: '0.4' },
];

describe('deal read models and scorecard', () => {
  let store: SqliteEventStore;
  let projector: Projector;
  let deals: DealQueries;
  let db: ReturnType<typeof openDatabase>;
  let append: ReturnType<typeof streamAppender>;

  const scorecard = (partnerId: string, period: string) =>
    computeScorecard({
      partnerId,
      period,
      currency: 'USD',
      deals: deals.dealsOfPartner(partnerId),
      revenue: deals.revenueOfPartner(partnerId),
    });

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    append = streamAppender(store);
    db = openDatabase(':memory:');
    projector = new Projector({ store, db, projections });
    deals = new DealQueries(db);
  });
  afterEach(() => store.close());

  /** p1's registration r1 of Globex, submitted 2026-01-05 and protected from 2026-01-06 through 2026-04-05. */
  async function approveR1ThroughApril5(): Promise<void> {
    await append('registration-r1', 'DealRegistrationSubmitted', {
      registrationId: 'r1',
      partnerId: 'p1',
      customer,
      customerKey: 'globex.com',
      productFamily: 'software',
      estimatedValue: '50000.00',
      currency: 'USD',
      expectedCloseDate: '2026-06-30',
      submittedAt: '2026-01-05',
    });
    await append('registration-r1', 'DealRegistrationApproved', {
      registrationId: 'r1',
      partnerId: 'p1',
      customerKey: 'globex.com',
      protectedUntil: '2026-04-05',
      approvedAt: '2026-01-06',
    });
  }

  it('attributes a split foreign-currency win by share in the program currency', async () => {
    await append('deal-d1', 'DealOpened', {
      dealId: 'd1',
      customer,
      customerKey: 'globex.com',
      partners: coSell,
      currency: 'EUR',
      openedAt: '2026-01-10',
    });
    await append('deal-d1', 'DealWon', {
      dealId: 'd1',
      lines: [{ sku: 'A', family: 'software', amount: '1000.00', discount: '0' }],
      fxRate: '1.1',
      billing: 'one_time',
      wonAt: '2026-02-14',
    });
    await projector.runUntilCaughtUp();
    expect(scorecard('p1', '2026-Q1')).toMatchObject({
      revenueAttributed: '660.00',
      wonDeals: 1,
      averageDealSize: '660.00',
      medianDaysToClose: 35,
      winRate: '1.0000',
    });
    expect(scorecard('p2', '2026-Q1')).toMatchObject({ revenueAttributed: '440.00' });
    expect(scorecard('p1', '2026-Q2')).toMatchObject({
      revenueAttributed: '0.00',
      wonDeals: 0,
      winRate: null,
      averageDealSize: null,
    });
    expect(deals.get('d1')).toMatchObject({
      status: 'won',
      amountWon: '1000.00',
      partners: [
        { partnerId: 'p1', revenueAttributed: '660.00' },
        { partnerId: 'p2', revenueAttributed: '440.00' },
      ],
    });
  });

  it('values open pipeline from registration estimates and keeps the registration view', async () => {
    await approveR1ThroughApril5();
    await append('deal-d1', 'DealOpened', {
      dealId: 'd1',
      registrationId: 'r1',
      customer,
      customerKey: 'globex.com',
      partners: coSell,
      currency: 'USD',
      openedAt: '2026-01-07',
    });
    await append('deal-d2', 'DealOpened', {
      dealId: 'd2',
      customer,
      customerKey: 'globex.com',
      partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
      currency: 'USD',
      openedAt: '2026-01-08',
    });
    await append('deal-d2', 'DealLost', { dealId: 'd2', reason: 'budget', lostAt: '2026-03-01' });
    await projector.runUntilCaughtUp();
    expect(scorecard('p1', '2026-Q1')).toMatchObject({
      openPipeline: '30000.00',
      openDeals: 1,
      lostDeals: 1,
      winRate: '0.0000',
    });
    expect(scorecard('p2', '2026-Q1')).toMatchObject({ openPipeline: '20000.00' });
    // The pipeline's reads: the open deals only, and the registrations every deal of the partner came from.
    const open = deals.openDealsOfPartner('p1', { limit: 10 });
    expect(open.items.map(({ dealId, status }) => [dealId, status])).toEqual([['d1', 'open']]);
    const openOnly = deals.dealsOfPartner('p1').filter((deal) => deal.status === 'open');
    expect(open).toEqual({ items: openOnly, nextKey: null, total: 1 });
    // r1 became d1, so it is no longer in p1's pipeline, though it is still protected.
    expect(new RegistrationQueries(projector['db']).pipelinePage('p1', '2026-03-01', { limit: 10 })).toEqual({
      items: [],
      nextKey: null,
      total: 0,
    });
    expect(new RegistrationQueries(projector['db']).get('r1', '2026-04-05')).toMatchObject({
      status: 'approved',
      protectedUntil: '2026-04-05',
      estimatedValue: '50000.00',
    });
  });

  it("pages a partner's pipeline: each open registration and open deal once, in order, with their counts", async () => {
    const registrations = new RegistrationQueries(projector['db']);
    const submit = async (registrationId: string, submittedAt: string, approved?: string) => {
      const data = { registrationId, partnerId: 'p1', customerKey: `${registrationId}.com` };
      await append(`registration-${registrationId}`, 'DealRegistrationSubmitted', {
        ...data,
        customer: { name: registrationId, domain: `${registrationId}.com` },
        productFamily: 'software',
        estimatedValue: '1000.00',
        currency: 'USD',
        expectedCloseDate: '2026-06-30',
        submittedAt,
      });
      if (approved) {
        const approval = { ...data, protectedUntil: approved, approvedAt: submittedAt };
        await append(`registration-${registrationId}`, 'DealRegistrationApproved', approval);
      }
    };
    const open = async (dealId: string, openedAt: string, registrationId?: string) =>
      append(`deal-${dealId}`, 'DealOpened', {
        dealId,
        ...(registrationId ? { registrationId } : {}),
        customer,
        customerKey: 'globex.com',
        partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
        currency: 'USD',
        openedAt,
      });
    await submit('r3', '2026-01-07');
    await submit('r1', '2026-01-05', '2026-04-05');
    await submit('r2', '2026-01-05', '2026-04-05');
    await submit('r4', '2026-01-08', '2026-02-01');
    await open('d2', '2026-01-09', 'r2');
    await open('d1', '2026-01-10');
    await open('d0', '2026-01-10');
    await append('deal-d0', 'DealLost', { dealId: 'd0', reason: 'budget', lostAt: '2026-01-11' });
    await open('d9', '2026-01-08');
    const line = { sku: 'A', family: 'software', amount: '10.00', discount: '0' };
    await append('deal-d9', 'DealWon', { dealId: 'd9', lines: [line], billing: 'one_time', wonAt: '2026-01-12' });
    await projector.runUntilCaughtUp();
    const ids = (page: { items: { registrationId: string }[] }) => page.items.map((item) => item.registrationId);
    // r2 became d2, r4's protection ended on 2026-02-01, d0 was lost, d9 won.
    const first = registrations.pipelinePage('p1', '2026-03-01', { limit: 1 });
    expect([ids(first), first.total]).toEqual([['r1'], 2]);
    const rest = registrations.pipelinePage('p1', '2026-03-01', { limit: 1, after: first.nextKey! });
    expect([ids(rest), rest.nextKey, rest.total]).toEqual([['r3'], null, 2]);
    const firstDeal = deals.openDealsOfPartner('p1', { limit: 1 });
    const lastDeal = deals.openDealsOfPartner('p1', { limit: 1, after: firstDeal.nextKey! });
    expect([...firstDeal.items, ...lastDeal.items].map((deal) => deal.dealId)).toEqual(['d2', 'd1']);
    expect([lastDeal.nextKey, lastDeal.total]).toEqual([null, 2]);
    expect(deals.openDealsOfPartner('p1', { limit: 5, after: ['2026-01-10', 'd1'] }).items).toEqual([]);
    // On 2026-04-06 r1's protection has ended as well.
    expect(registrations.pipelinePage('p1', '2026-04-06', { limit: 0 }).total).toBe(1);
  });

  it('reads a registration past its protection as expired, and an extension as approved again', async () => {
    const registrations = new RegistrationQueries(projector['db']);
    await approveR1ThroughApril5();
    await projector.runUntilCaughtUp();
    const ids = (status: 'approved' | 'expired', today: string) =>
      registrations.page({ status, today }, { limit: 10 }).items.map((registration) => registration.registrationId);
    expect(registrations.get('r1', '2026-04-05')).toMatchObject({ status: 'approved', extension: null });
    expect(registrations.get('r1', '2026-04-06')).toMatchObject({ status: 'expired', protectedUntil: '2026-04-05' });
    expect([ids('approved', '2026-04-06'), ids('expired', '2026-04-06')]).toEqual([[], ['r1']]);
    expect([ids('approved', '2026-04-05'), ids('expired', '2026-04-05')]).toEqual([['r1'], []]);

    await append('registration-r1', 'DealRegistrationExtended', {
      registrationId: 'r1',
      partnerId: 'p1',
      customerKey: 'globex.com',
      previousProtectedUntil: '2026-04-05',
      protectedUntil: '2026-07-03',
      reason: 'Procurement slipped',
      extendedAt: '2026-04-01',
    });
    await projector.runUntilCaughtUp();
    expect(registrations.get('r1', '2026-04-06')).toMatchObject({
      status: 'approved',
      protectedUntil: '2026-07-03',
      extension: { reason: 'Procurement slipped', extendedAt: '2026-04-01', previousProtectedUntil: '2026-04-05' },
    });
  });

  it('shows a co-sold deal as co-sold, and a protection override with its reason', async () => {
    await append('deal-d1', 'DealOpened', {
      dealId: 'd1',
      customer,
      customerKey: 'globex.com',
      partners: coSell,
      currency: 'USD',
      openedAt: '2026-01-10',
    });
    await append('deal-d1', 'DealProtectionOverridden', {
      dealId: 'd1',
      customerKey: 'globex.com',
      registrationId: 'r9',
      partnerId: 'p9',
      protectedUntil: '2026-03-31',
      reason: 'Customer asked in writing',
      overriddenAt: '2026-01-10',
    });
    await projector.runUntilCaughtUp();
    expect(deals.get('d1')).toMatchObject({
      coSold: true,
      protectionOverride: { reason: 'Customer asked in writing', overriddenAt: '2026-01-10' },
    });
  });

  it('nets refunds, and measures renewal rate and net revenue retention on recurring deals', async () => {
    const solo = [{ partnerId: 'p1', role: 'sourcing', share: '1' }];
    for (const dealId of ['a', 'b']) {
      await append(`deal-${dealId}`, 'DealOpened', {
        dealId,
        customer,
        customerKey: 'globex.com',
        partners: solo,
        currency: 'USD',
        openedAt: '2025-10-01',
      });
      await append(`deal-${dealId}`, 'DealWon', {
        dealId,
        lines: [{ sku: 'S', family: 'software', amount: '1000.00', discount: '0' }],
        billing: 'recurring',
        termMonths: 12,
        wonAt: '2025-11-01',
      });
    }
    await append('deal-a', 'DealRenewed', {
      dealId: 'a',
      lines: [{ sku: 'S', family: 'software', amount: '1200.00', discount: '0' }],
      termMonths: 12,
      renewedAt: '2026-02-01',
    });
    await append('deal-a', 'DealExpanded', {
      dealId: 'a',
      lines: [{ sku: 'S2', family: 'software', amount: '300.00', discount: '0' }],
      expandedAt: '2026-03-01',
    });
    await append('deal-a', 'DealRefunded', { dealId: 'a', amount: '100.00', refundedAt: '2026-03-15' });
    await append('deal-b', 'DealChurned', { dealId: 'b', churnedAt: '2026-02-15' });
    await projector.runUntilCaughtUp();
    expect(scorecard('p1', '2026-Q1')).toMatchObject({
      revenueAttributed: '1500.00',
      revenueRefunded: '100.00',
      revenueNet: '1400.00',
      renewalRate: '0.5000',
      // Start: a 1000 + b 1000. End: a renewed to 1200, +300, -100 = 1400; b churned = 0. 1400 / 2000.
      netRevenueRetention: '0.7000',
    });
    expect(deals.get('a')).toMatchObject({ amountWon: '2500.00', amountRefunded: '100.00' });
    expect(deals.get('b')).toMatchObject({ status: 'churned', churnedAt: '2026-02-15' });
  });

  it('values a refund at the rates the revenue was booked at, not at the rate on the refund', async () => {
    const split = [
      { partnerId: 'p1', role: 'sourcing', share: '0.6' },
      { partnerId: 'p2', role: 'influencing', share: '0.4' },
    ];
    await append('deal-fx', 'DealOpened', {
      dealId: 'fx',
      customer,
      customerKey: 'globex.com',
      partners: split,
      currency: 'EUR',
      openedAt: '2026-10-01',
    });
    const line = { sku: 'S', family: 'software', amount: '1000.00', discount: '0' };
    await append('deal-fx', 'DealWon', {
      dealId: 'fx',
      lines: [line],
      fxRate: '1.1',
      billing: 'one_time',
      wonAt: '2026-10-03',
    });
    const refund = async (amount: string, fxRate: string, refundedAt: string) => {
      await append('deal-fx', 'DealRefunded', { dealId: 'fx', amount, fxRate, refundedAt });
      await projector.runUntilCaughtUp();
    };
    await refund('600.00', '2.0', '2026-10-04');
    // 1100.00 USD attributed (660.00 and 440.00); 60% of the deal refunded takes back 60% of each.
    expect(scorecard('p1', '2026-Q4')).toMatchObject({ revenueAttributed: '660.00', revenueRefunded: '396.00' });
    expect(scorecard('p2', '2026-Q4')).toMatchObject({ revenueRefunded: '264.00', revenueNet: '176.00' });
    await refund('400.00', '0.5', '2026-10-05');
    expect(scorecard('p1', '2026-Q4')).toMatchObject({ revenueRefunded: '660.00', revenueNet: '0.00' });
    expect(deals.get('fx')!.partners.map((partner) => partner.revenueAttributed)).toEqual(['0.00', '0.00']);
  });

  it("pages and counts a partner's open deals through an index of their own, without sorting", async () => {
    await projector.runUntilCaughtUp();
    const planOf = (source: string, ...values: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...values) as { detail: string }[]).map((step) => step.detail);
    expect(planOf(openDealsOfPartnerSql.page, 'p1', '', '', 51)).toEqual([
      expect.stringMatching(/USING (COVERING )?INDEX deal_partners_open/),
      expect.stringContaining('SEARCH d USING'),
    ]);
    expect(planOf(openDealsOfPartnerSql.count, 'p1')).toEqual([
      expect.stringMatching(/USING (COVERING )?INDEX deal_partners_open/),
    ]);
  });

  it("reads a deal's revenue per partner through an index on the deal, not all of the partner's rows", async () => {
    await projector.runUntilCaughtUp();
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT amount FROM deal_revenue WHERE deal_id = ? AND partner_id = ?')
      .all('d1', 'p1') as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([expect.stringContaining('USING INDEX deal_revenue_deal')]);
  });

  it("pages a partner's deals in opening order through an index of their own, without reading the others", async () => {
    for (let index = 0; index < 30; index += 1) {
      const partners = index % 3 === 0 ? coSell : [{ partnerId: `other${index % 2}`, role: 'sourcing', share: '1' }];
      const openedAt = `2026-01-${String(30 - index).padStart(2, '0')}`;
      const opened = { dealId: `d${index}`, customer, customerKey: 'globex.com', partners, currency: 'USD', openedAt };
      await append(`deal-d${index}`, 'DealOpened', opened);
    }
    await projector.runUntilCaughtUp();
    const prepared = jest.spyOn(db, 'prepare');
    const pages = [deals.page({ partnerId: 'p2' }, { limit: 4 })];
    pages.push(deals.page({ partnerId: 'p2' }, { limit: 4, after: pages[0]!.nextKey! }));
    pages.push(deals.page({ partnerId: 'p2', status: 'open', q: 'glob' }, { limit: 4, after: pages[1]!.nextKey! }));
    const listed = pages.flatMap((page) => page.items.map((deal) => `${deal.dealId} ${deal.openedAt}`));
    // Every third deal is p2's: d27 opened 2026-01-03 first, d0 on the 30th last.
    expect(listed).toEqual(
      [27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((index) => `d${index} 2026-01-${String(30 - index).padStart(2, '0')}`),
    );
    expect(pages[2]!.nextKey).toBeNull();
    const source = prepared.mock.calls.map(([sql]) => sql).find((sql) => sql.includes('FROM deal_partners p JOIN'))!;
    prepared.mockRestore();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all('p2', 5) as { detail: string }[]).map(
      (step) => step.detail,
    );
    expect(plan).toEqual([
      expect.stringMatching(/SEARCH p USING (COVERING )?INDEX deal_partners_by_partner/),
      expect.stringContaining('SEARCH d USING'),
    ]);
  });

  it('pages deals and registrations through an index in their order, without sorting every row', async () => {
    await projector.runUntilCaughtUp();
    const planOf = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((step) => step.detail);
    expect(planOf('SELECT deal_id FROM deals ORDER BY opened_at, deal_id LIMIT 51')).toEqual([
      expect.stringMatching(/USING (COVERING )?INDEX deals_opened/),
    ]);
    expect(planOf('SELECT * FROM registrations ORDER BY submitted_at, registration_id LIMIT 51')).toEqual([
      expect.stringContaining('USING INDEX registrations_submitted'),
    ]);
  });
});
