import type { RuleSetDocument } from '#domain';
import { Projector } from '#read-models';
import { designRuleSet, ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import {
  balanceOf,
  expectPerDealCapMet,
  perDealCapComponents,
} from '../../libs/domain/src/commission/testing/commission-examples.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Every worked example of docs/commission-examples.md, asserted to the cent over HTTP, as a finance
 * reader would check them: partners enrolled, the rule set published, deals opened, won, expanded,
 * renewed, refunded and churned, quarters closed, each through its route, with the clock moved to
 * each business date. Then the acceptance of a rule set that reaches back, with a rebuild.
 * Each example runs in its own ledger, as on the page.
 */
interface LineBody {
  lineId: string;
  kind: 'earned' | 'clawback';
  dealId: string;
  partnerId: string;
  amount: string;
  businessDate: string;
  vestsOn: string;
  currency: string;
  source: { eventId: string; position: string; stream: string; type: string };
  ruleSet: { version: string; effectiveFrom: string };
  tier: { name: string; basis: string; since: string | null };
  components: Record<string, string>;
  rounding: { mode: string; unrounded: string; rounded: string; adjustment: string };
  earned: {
    productLines: Array<Record<string, unknown>>;
    perDealCap: Record<string, string> | null;
    quarterRevenueBefore: string;
    quarterRevenueAfter: string;
  } | null;
  reversal: Record<string, unknown> | null;
}

type ProductLine = { sku: string; family: string; amount: string; discount?: string };
const software = (amount: string, sku = 'PLATFORM', discount?: string): ProductLine => ({
  sku,
  family: 'software',
  amount,
  ...(discount ? { discount } : {}),
});

describe('commissions over HTTP: the worked examples of docs/commission-examples.md', () => {
  let ledger: LedgerHarness;
  /** The position of the last command: reads pass it as ?after= to see their own writes. */
  let last = '0';
  const ops = () => ledger.auth('ops', 'olga');
  const finance = () => ledger.auth('finance', 'fiona');
  const manager = () => ledger.auth('partner_manager', 'maria');
  const partnerUser = (partnerId: string) => ledger.auth('partner', `${partnerId}-user`, partnerId);

  /** Moves the clock to noon UTC of a business date: facts may not come from the future. */
  const on = (date: string) => ledger.clock.set(`${date}T12:00:00.000Z`);
  const track = (response: { body: { position?: string } }) => {
    if (response.body.position) last = response.body.position;
    return response;
  };

  async function enroll(...partnerIds: string[]): Promise<void> {
    (await ledger.enroll(...partnerIds)).forEach(track);
  }

  async function publish(document: RuleSetDocument = designRuleSet()): Promise<void> {
    track(await ledger.publish(document, ops()));
  }

  async function open(
    dealId: string,
    partners: Array<{ partnerId: string; role: string; share: string }>,
    currency = 'USD',
    openedAt?: string,
  ): Promise<void> {
    const body = {
      dealId,
      customer: { name: `Customer of ${dealId}`, domain: `${dealId}.example` },
      partners,
      currency,
      ...(openedAt ? { openedAt } : {}),
    };
    track(await ledger.http.post('/deals').set(manager()).send(body).expect(201));
  }

  const solo = (partnerId: string) => [{ partnerId, role: 'sourcing', share: '1' }];

  async function win(
    dealId: string,
    wonAt: string,
    lines: ProductLine[],
    options: { fxRate?: string; recurring?: boolean } = {},
  ): Promise<void> {
    on(wonAt);
    const body = {
      lines,
      billing: options.recurring ? 'recurring' : 'one_time',
      ...(options.recurring ? { termMonths: 12 } : {}),
      wonAt,
      ...(options.fxRate ? { fxRate: options.fxRate } : {}),
    };
    track(await ledger.http.post(`/deals/${dealId}/win`).set(manager()).send(body).expect(200));
  }

  /** Opens a deal for one partner on the business date and wins it the same day. */
  async function soloDeal(
    partnerId: string,
    dealId: string,
    wonAt: string,
    lines: ProductLine[],
    options: { recurring?: boolean } = {},
  ): Promise<void> {
    on(wonAt);
    await open(dealId, solo(partnerId), 'USD', wonAt);
    await win(dealId, wonAt, lines, options);
  }

  async function act(
    dealId: string,
    action: 'expand' | 'renew' | 'refund' | 'churn',
    date: string,
    body: Record<string, unknown> = {},
  ): Promise<void> {
    on(date);
    const field = { expand: 'expandedAt', renew: 'renewedAt', refund: 'refundedAt', churn: 'churnedAt' }[action];
    track(
      await ledger.http
        .post(`/deals/${dealId}/${action}`)
        .set(manager())
        .send({ ...body, [field]: date })
        .expect(200),
    );
  }

  async function close(period: string, today: string): Promise<void> {
    on(today);
    track(await ledger.http.post(`/periods/${period}/close`).set(finance()).expect(200));
  }

  async function linesOf(partnerId: string, period?: string): Promise<LineBody[]> {
    const query = `after=${last}${period ? `&period=${period}` : ''}`;
    return (await ledger.http.get(`/partners/${partnerId}/commission-lines?${query}`).set(finance()).expect(200)).body
      .lines as LineBody[];
  }

  /** The one line of a partner from a deal's event of this type (line ids embed the ledger's derived event ids). */
  async function lineOf(
    partnerId: string,
    dealId: string,
    type: string,
    kind: 'earned' | 'clawback' = 'earned',
  ): Promise<LineBody> {
    const matching = (await linesOf(partnerId)).filter(
      (line) => line.dealId === dealId && line.source.type === type && line.kind === kind,
    );
    expect(matching).toHaveLength(1);
    return matching[0]!;
  }

  async function detail(
    lineId: string,
  ): Promise<LineBody & { explanation: string[]; reversedBy: Array<{ lineId: string; amount: string }> }> {
    return (await ledger.http.get(`/commission-lines/${lineId}?after=${last}`).set(ledger.auth('auditor')).expect(200))
      .body;
  }

  async function balance(partnerId: string, asOf: string): Promise<Record<string, string>> {
    const response = await ledger.http
      .get(`/partners/${partnerId}/balance?asOf=${asOf}&after=${last}`)
      .set(finance())
      .expect(200);
    expect(response.body).toMatchObject({ partnerId, asOf });
    expect(response.body.balances).toHaveLength(1);
    return response.body.balances[0];
  }

  beforeEach(async () => {
    ledger = await startLedger();
    last = '0';
  });
  afterEach(() => ledger.close());

  it('1. a split deal in a foreign currency: north 356.40 USD, south 118.80 USD, vesting 2026-04-11', async () => {
    await publish();
    await enroll('north', 'south');
    await open(
      'eu-1',
      [
        { partnerId: 'north', role: 'sourcing', share: '0.6' },
        { partnerId: 'south', role: 'influencing', share: '0.4' },
      ],
      'EUR',
    );
    await win(
      'eu-1',
      '2026-02-10',
      [software('10000.00', 'PLATFORM', '0.10'), { sku: 'ONBOARDING', family: 'services', amount: '2000.00' }],
      { fxRate: '1.1' },
    );

    const north = await lineOf('north', 'eu-1', 'DealWon');
    expect(north).toMatchObject({
      amount: '356.40',
      currency: 'USD',
      businessDate: '2026-02-10',
      vestsOn: '2026-04-11',
      ruleSet: { version: '2026.1' },
      tier: { name: 'registered', basis: 'entry' },
    });
    expect(
      north.earned?.productLines.map((line) => [
        line.sku,
        line.base,
        line.rate,
        line.rateClause,
        line.roleMultiplier,
        line.standard,
      ]),
    ).toEqual([
      ['PLATFORM', '6600', '0.05', 'commission.rates.registered', '1', '330'],
      ['ONBOARDING', '1320', '0.02', 'commission.familyRates.services.registered', '1', '26.4'],
    ]);
    const south = await lineOf('south', 'eu-1', 'DealWon');
    expect(
      south.earned?.productLines.map((line) => [line.base, line.rate, line.roleMultiplier, line.standard]),
    ).toEqual([
      ['4400', '0.05', '0.5', '110'],
      ['880', '0.02', '0.5', '8.8'],
    ]);
    expect(south).toMatchObject({ amount: '118.80', vestsOn: '2026-04-11' });

    // Provenance: the line names the DealWon it came from, at its global position, and explains itself.
    const explained = await detail(north.lineId);
    expect(explained.lineId).toBe(`${north.source.eventId}:north`);
    expect(explained.source).toMatchObject({ type: 'DealWon', stream: 'deal-eu-1', position: last });
    expect(explained.explanation.join('\n')).toContain('2026.1');
    expect(await balance('north', '2026-04-10')).toMatchObject({
      earned: '356.40',
      accrued: '356.40',
      payable: '0.00',
    });
    expect(await balance('north', '2026-04-11')).toMatchObject({
      earned: '356.40',
      accrued: '0.00',
      vested: '356.40',
      payable: '356.40',
      issued: '0.00',
      paid: '0.00',
    });
  });

  it('2. a marginal accelerator crossing: 12,000.00, then 2,000.00 of which 500 accelerated', async () => {
    await publish();
    await enroll('acme');
    await soloDeal('acme', 'big', '2026-04-10', [software('240000.00')]);
    await soloDeal('acme', 'cross', '2026-05-05', [software('30000.00')]);

    expect((await lineOf('acme', 'big', 'DealWon')).amount).toBe('12000.00');
    const crossing = await lineOf('acme', 'cross', 'DealWon');
    expect(crossing.earned).toMatchObject({ quarterRevenueBefore: '240000', quarterRevenueAfter: '270000' });
    expect(crossing.earned?.productLines[0]?.['slices']).toEqual([
      { revenueFrom: '240000', revenueTo: '250000', threshold: null, multiplier: '1' },
      { revenueFrom: '250000', revenueTo: '270000', threshold: '250000', multiplier: '1.5' },
    ]);
    expect(crossing.components).toMatchObject({
      standard: '1500',
      accelerated: '500',
      cappedPerDeal: '0',
      cappedPerQuarter: '0',
      rounding: '0',
    });
    expect(crossing.amount).toBe('2000.00');
  });

  it('3. a per-deal cap over the deal lifetime: 23,750.00, then 1,250.00 with 4,375 capped', async () => {
    await publish();
    await enroll('zeta');
    await soloDeal('zeta', 'mega', '2026-02-02', [software('400000.00')], { recurring: true });
    await act('mega', 'expand', '2026-03-02', { lines: [software('100000.00')] });

    const won = await lineOf('zeta', 'mega', 'DealWon');
    expect(won.components).toMatchObject({ standard: '20000', accelerated: '3750', cappedPerDeal: '0' });
    expect(won.amount).toBe('23750.00');
    const expanded = await lineOf('zeta', 'mega', 'DealExpanded');
    expect(expanded.components).toEqual({ ...perDealCapComponents, reversal: '0' });
    expectPerDealCapMet(expanded);
  });

  it('4. a discount above policy: 1,250 + 500 = 1,750.00', async () => {
    await publish();
    await enroll('delta');
    await soloDeal('delta', 'disc', '2026-02-03', [
      software('50000.00', 'DEEP-DISCOUNT', '0.25'),
      software('10000.00', 'AT-POLICY', '0.20'),
    ]);

    const line = await lineOf('delta', 'disc', 'DealWon');
    expect(
      line.earned?.productLines.map((product) => [product.sku, product.discountMultiplier, product.standard]),
    ).toEqual([
      ['DEEP-DISCOUNT', '0.5', '1250'],
      ['AT-POLICY', '1', '500'],
    ]);
    expect(line.amount).toBe('1750.00');
  });

  it('5. a refund clawback: 4,000.00, then −1,000.00 vesting at once, linked both ways', async () => {
    await publish();
    await enroll('gamma');
    await soloDeal('gamma', 'refunded', '2026-02-10', [software('80000.00')]);
    await act('refunded', 'refund', '2026-05-01', { amount: '20000.00' });

    const won = await lineOf('gamma', 'refunded', 'DealWon');
    expect(won).toMatchObject({ amount: '4000.00', vestsOn: '2026-04-11' });
    const clawback = await lineOf('gamma', 'refunded', 'DealRefunded', 'clawback');
    expect(clawback).toMatchObject({
      lineId: `${clawback.source.eventId}:gamma:${won.source.eventId}`,
      amount: '-1000.00',
      businessDate: '2026-05-01',
      vestsOn: '2026-05-01',
      ruleSet: { version: '2026.1' },
      components: { reversal: '-1000', rounding: '0' },
      reversal: { reason: 'refund', reversedLineId: won.lineId, ratio: '0.25', daysAfter: 80, clawbackDays: 180 },
    });
    expect((await detail(won.lineId)).reversedBy).toEqual([
      { lineId: clawback.lineId, amount: '-1000.00', businessDate: '2026-05-01' },
    ]);
    expect(await balance('gamma', '2026-05-01')).toEqual({
      currency: 'USD',
      earned: '4000.00',
      accrued: '0.00',
      vested: '4000.00',
      forfeited: '0.00',
      clawedBack: '-1000.00',
      adjustments: '0.00',
      payable: '3000.00',
      issued: '0.00',
      paid: '0.00',
      disputed: '0.00',
      carriedForward: '0.00',
      mdfClaimsApproved: '0.00',
      payableNext: '3000.00',
    });
    expect(await balance('gamma', '2026-04-30')).toMatchObject({ clawedBack: '0.00', payable: '4000.00' });
  });

  it('6. a churn inside and outside the window: the renewal is reversed (−1,000.00), the win is kept', async () => {
    await publish();
    await enroll('sigma');
    await soloDeal('sigma', 'subscription', '2026-01-15', [software('40000.00')], { recurring: true });
    await act('subscription', 'renew', '2026-07-15', { lines: [software('40000.00')] });
    await act('subscription', 'churn', '2026-08-31');

    const won = await lineOf('sigma', 'subscription', 'DealWon');
    expect(won.amount).toBe('2000.00');
    const renewed = await lineOf('sigma', 'subscription', 'DealRenewed');
    expect(renewed.amount).toBe('1000.00');
    const clawbacks = (await linesOf('sigma')).filter((line) => line.kind === 'clawback');
    expect(clawbacks).toHaveLength(1);
    expect(clawbacks[0]).toMatchObject({
      amount: '-1000.00',
      lineId: `${clawbacks[0]!.source.eventId}:sigma:${renewed.source.eventId}`,
      reversal: { reason: 'churn', reversedLineId: renewed.lineId, daysAfter: 47 },
    });
    expect((await detail(won.lineId)).reversedBy).toEqual([]);
  });

  it('7. half-cent rounding, once per line: 5.00, 5.02 and 10.01 under HALF_EVEN', async () => {
    await publish();
    await enroll('rho');
    await soloDeal('rho', 'down', '2026-02-10', [software('100.10')]);
    await soloDeal('rho', 'up', '2026-02-11', [software('100.30')]);
    await soloDeal('rho', 'pair', '2026-02-12', [software('100.10', 'A'), software('100.10', 'B')]);

    expect((await lineOf('rho', 'down', 'DealWon')).rounding).toEqual({
      mode: 'HALF_EVEN',
      decimalPlaces: 2,
      unrounded: '5.005',
      rounded: '5.00',
      adjustment: '-0.005',
    });
    expect((await lineOf('rho', 'up', 'DealWon')).rounding).toEqual({
      mode: 'HALF_EVEN',
      decimalPlaces: 2,
      unrounded: '5.015',
      rounded: '5.02',
      adjustment: '0.005',
    });
    const pair = await lineOf('rho', 'pair', 'DealWon');
    expect(pair.rounding).toMatchObject({ unrounded: '10.01', rounded: '10.01', adjustment: '0' });
    expect(pair.amount).toBe('10.01');
    const totals = (
      await ledger.http.get(`/partners/rho/commission-lines?period=2026-Q1&after=${last}`).set(finance()).expect(200)
    ).body.totals;
    expect(totals).toEqual([
      { currency: 'USD', earned: '20.03', clawedBack: '0.00', forfeited: '0.00', net: '20.03', lines: 3 },
    ]);
    // A page at a time (the cursor carries a log position), each line once, the totals over all of them.
    const paged: string[] = [];
    for (let cursor = ''; ;) {
      const page = (
        await ledger.http
          .get(`/partners/rho/commission-lines?period=2026-Q1&limit=1${cursor}`)
          .set(finance())
          .expect(200)
      ).body as { lines: LineBody[]; next: string | null; totals: unknown };
      paged.push(...page.lines.map((line) => line.lineId));
      expect(page.totals).toEqual(totals);
      if (page.next === null) break;
      cursor = `&cursor=${page.next}`;
    }
    expect(paged).toHaveLength(3);
    expect(new Set(paged).size).toBe(3);
  });

  it('7. under a HALF_UP rule set the "down" line is 5.01', async () => {
    await publish(ruleSet({ rounding: 'HALF_UP' }));
    await enroll('rho');
    await soloDeal('rho', 'down', '2026-02-10', [software('100.10')]);
    expect(await lineOf('rho', 'down', 'DealWon')).toMatchObject({
      amount: '5.01',
      rounding: { mode: 'HALF_UP', adjustment: '0.005' },
    });
  });

  it('8. a promotion, then a demotion after the grace quarter, with the lines and MDF along the way', async () => {
    await publish();
    await enroll('tau');
    await soloDeal('tau', 't1', '2026-01-20', [software('40000.00')]);
    await soloDeal('tau', 't2', '2026-02-10', [software('40000.00')]);
    await soloDeal('tau', 't3', '2026-03-05', [software('40000.00')]);
    await close('2026-Q1', '2026-04-15');
    await soloDeal('tau', 't4', '2026-04-15', [software('10000.00')]);
    await act('t3', 'refund', '2026-05-20', { amount: '40000.00' });

    // Held at silver in Q3: the first short evaluation is inside the grace of one quarter.
    await close('2026-Q2', '2026-07-02');
    const held = (await ledger.http.get(`/partners/tau/tier?after=${last}`).set(partnerUser('tau')).expect(200)).body;
    expect(held).toMatchObject({
      asOf: '2026-07-02',
      tier: { name: 'silver', basis: 'earned', since: '2026-04-01' },
      shortfallCount: 1,
      demotionGraceQuarters: 1,
    });

    await close('2026-Q3', '2026-10-20');
    await soloDeal('tau', 't5', '2026-10-20', [software('10000.00')]);

    const tier = (await ledger.http.get(`/partners/tau/tier?after=${last}`).set(finance()).expect(200)).body;
    expect(
      tier.history.map(
        (evaluation: {
          period: string;
          figures: { attributedRevenue: string; wonDeals: number };
          qualifiedTier: string;
          change: string;
          tier: string;
          shortfallCount: number;
          effectiveFrom: string;
        }) => [
          evaluation.period,
          evaluation.figures.attributedRevenue,
          evaluation.figures.wonDeals,
          evaluation.qualifiedTier,
          evaluation.change,
          evaluation.tier,
          evaluation.shortfallCount,
          evaluation.effectiveFrom,
        ],
      ),
    ).toEqual([
      ['2026-Q1', '120000', 3, 'silver', 'promoted', 'silver', 0, '2026-04-01'],
      ['2026-Q2', '90000', 4, 'registered', 'held', 'silver', 1, '2026-07-01'],
      ['2026-Q3', '90000', 4, 'registered', 'demoted', 'registered', 0, '2026-10-01'],
    ]);
    expect(tier.history[0].quarters).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
    expect(tier.history[1].explanation.join(' ')).toContain('so the partner stays silver');
    expect(tier).toMatchObject({
      asOf: '2026-10-20',
      ruleSetVersion: '2026.1',
      tier: { name: 'registered', basis: 'earned', since: '2026-10-01' },
      override: null,
      shortfallCount: 0,
    });
    // Were 2026-Q4 closed today: 2026-Q1 … Q4 hold 120,000 − 30,000 + 10,000 and five wins; silver asks 100,000 and 3.
    expect(tier.outlook).toEqual({
      quarters: ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
      figures: { attributedRevenue: '100000', wonDeals: 5, lostDeals: 0 },
      qualifiedTier: 'silver',
      nextTier: { name: 'silver', missing: [] },
    });

    expect(await lineOf('tau', 't4', 'DealWon')).toMatchObject({
      amount: '1000.00',
      tier: { name: 'silver', basis: 'earned', since: '2026-04-01' },
    });
    expect(await lineOf('tau', 't3', 'DealRefunded', 'clawback')).toMatchObject({
      amount: '-2000.00',
      tier: { name: 'registered' },
    });
    expect(await lineOf('tau', 't5', 'DealWon')).toMatchObject({
      amount: '500.00',
      tier: { name: 'registered', basis: 'earned', since: '2026-10-01' },
    });

    const mdf = (await ledger.http.get(`/partners/tau/mdf-accruals?after=${last}`).set(finance()).expect(200)).body;
    expect(mdf).toMatchObject({
      partnerId: 'tau',
      period: null,
      totals: [{ currency: 'USD', accrued: '100.00', accruals: 1 }],
    });
    expect(mdf.accruals).toEqual([
      expect.objectContaining({
        dealId: 't4',
        businessDate: '2026-04-15',
        tier: 'silver',
        rate: '0.01',
        base: '10000',
        amount: '100.00',
        ruleSetVersion: '2026.1',
      }),
    ]);
  });

  describe('acceptance: a rule set that reaches back, then a rebuild', () => {
    it('changes exactly the lines dated on or after its effectiveFrom, each naming the new version', async () => {
      await publish();
      await enroll('acme', 'initech');
      const dates = ['2026-02-10', '2026-03-20', '2026-04-01', '2026-04-20', '2026-05-10'];
      for (const [index, date] of dates.entries()) {
        on(date);
        await open(
          `d${index}`,
          [
            { partnerId: 'acme', role: 'sourcing', share: '0.6' },
            { partnerId: 'initech', role: 'influencing', share: '0.4' },
          ],
          'USD',
          date,
        );
        await win(`d${index}`, date, [software('10000.00')]);
      }
      const before = [...(await linesOf('acme')), ...(await linesOf('initech'))];
      expect(before.map((line) => line.amount)).toEqual([
        '300.00',
        '300.00',
        '300.00',
        '300.00',
        '300.00',
        '100.00',
        '100.00',
        '100.00',
        '100.00',
        '100.00',
      ]);

      // A correction: from 2026-04-01 the registered rate is 0.07 instead of 0.05.
      on('2026-05-15');
      await publish(
        ruleSet({
          version: '2026.2',
          effectiveFrom: '2026-04-01',
          commission: { rates: { registered: '0.07', silver: '0.10', gold: '0.15' } },
        }),
      );
      await ledger.app.get(Projector).rebuild();

      const after = [...(await linesOf('acme')), ...(await linesOf('initech'))];
      expect(after.map((line) => line.lineId)).toEqual(before.map((line) => line.lineId));
      for (const [index, line] of after.entries()) {
        const previous = before[index]!;
        if (line.businessDate < '2026-04-01') {
          expect(line).toEqual(previous);
        } else {
          expect({ lineId: line.lineId, amount: line.amount, version: line.ruleSet.version }).toEqual({
            lineId: previous.lineId,
            amount: line.partnerId === 'acme' ? '420.00' : '140.00',
            version: '2026.2',
          });
        }
      }
      const changed = after.find((line) => line.businessDate === '2026-04-01' && line.partnerId === 'acme')!;
      const explained = await detail(changed.lineId);
      expect(explained).toMatchObject({
        amount: '420.00',
        ruleSet: { version: '2026.2', effectiveFrom: '2026-04-01' },
      });
      expect(explained.explanation.join('\n')).toContain('Rule set 2026.2 (effective from 2026-04-01)');
      expect(await balance('acme', '2026-05-15')).toMatchObject({ earned: String(300 * 2 + 420 * 3) + '.00' });
    });

    it('recomputes when the rule set is published, so the rebuild finds nothing left to change', async () => {
      await publish();
      await enroll('acme');
      await soloDeal('acme', 'march', '2026-03-20', [software('10000.00')]);
      await soloDeal('acme', 'april', '2026-04-20', [software('10000.00')]);
      on('2026-05-15');
      await publish(
        ruleSet({
          version: '2026.2',
          effectiveFrom: '2026-04-01',
          commission: { rates: { registered: '0.07', silver: '0.10', gold: '0.15' } },
        }),
      );
      const published = await linesOf('acme');
      expect(published.map((line) => [line.dealId, line.amount, line.ruleSet.version])).toEqual([
        ['march', '500.00', '2026.1'],
        ['april', '700.00', '2026.2'],
      ]);
      const projector = ledger.app.get(Projector);
      const digest = projector.digest();
      await projector.rebuild();
      expect(projector.digest()).toBe(digest);
    });
  });

  describe('reading', () => {
    beforeEach(async () => {
      await publish();
      await enroll('acme', 'initech');
      await soloDeal('acme', 'a1', '2026-02-10', [software('1000.00')]);
    });

    it("pages a partner's MDF accruals with limit and next, totals over every one, bad cursors refused", async () => {
      on('2026-03-01');
      await publish(
        ruleSet({ version: '2026.2', effectiveFrom: '2026-03-01', mdf: { accrualRates: { registered: '0.01' } } }),
      );
      for (const [index, date] of ['2026-03-02', '2026-03-03', '2026-04-01'].entries()) {
        await soloDeal('acme', `m${index}`, date, [software('10000.00')]);
      }
      const page = async (query: string) =>
        (await ledger.http.get(`/partners/acme/mdf-accruals?after=${last}&${query}`).set(finance()).expect(200)).body;
      const first = await page('limit=2');
      const second = await page(`limit=2&cursor=${first.next}`);
      expect([first.accruals.length, second.accruals.length, second.next]).toEqual([2, 1, null]);
      expect([...first.accruals, ...second.accruals].map((accrual: { dealId: string }) => accrual.dealId)).toEqual([
        'm0',
        'm1',
        'm2',
      ]);
      for (const body of [first, second]) {
        expect(body).toMatchObject({ total: 3, totals: [{ currency: 'USD', accrued: '300.00', accruals: 3 }] });
      }
      expect(await page('period=2026-Q2')).toMatchObject({ total: 1, accruals: [{ dealId: 'm2' }], next: null });
      for (const [query, field] of [
        ['limit=1001', 'limit'],
        ['cursor=WyJ4Il0', 'cursor'],
      ]) {
        const response = await ledger.http.get(`/partners/acme/mdf-accruals?${query}`).set(finance()).expect(400);
        expect(response.body.details.fields.map((item: { field: string }) => item.field)).toEqual([field]);
      }
    });

    // Lines, balance, tier and accruals: another partner gets 404, roles without the read 403.
    it('lets a partner read only its own lines, balance, tier and accruals', async () => {
      const [line] = await linesOf('acme');
      await ledger.http.get('/partners/acme/commission-lines').set(partnerUser('acme')).expect(200);
      await ledger.http.get(`/commission-lines/${line!.lineId}`).set(partnerUser('acme')).expect(200);
      for (const path of [
        '/partners/acme/commission-lines',
        '/partners/acme/balance',
        '/partners/acme/tier',
        '/partners/acme/mdf-accruals',
        `/commission-lines/${line!.lineId}`,
      ]) {
        const response = await ledger.http.get(path).set(partnerUser('initech'));
        expect({ path, status: response.status, error: response.body.error }).toEqual({
          path,
          status: 404,
          error: expect.stringMatching(/NOT_FOUND$/),
        });
      }
      for (const path of [
        '/partners/acme/commission-lines',
        '/partners/acme/balance',
        '/partners/acme/mdf-accruals',
        `/commission-lines/${line!.lineId}`,
      ]) {
        expect({ path, status: (await ledger.http.get(path).set(ledger.auth('ops'))).status }).toEqual({
          path,
          status: 403,
        });
        expect({ path, status: (await ledger.http.get(path).set(ledger.auth('auditor'))).status }).toEqual({
          path,
          status: 200,
        });
      }
      expect((await ledger.http.get('/partners/acme/tier').set(manager())).status).toBe(200);
      await ledger.http.get('/partners/acme/balance').expect(401);
    });

    it('answers 404 for an unknown partner or line and 400 for malformed dates, periods and ids', async () => {
      expect((await ledger.http.get('/partners/nobody/balance').set(finance()).expect(404)).body.error).toBe(
        'PARTNER_NOT_FOUND',
      );
      expect((await ledger.http.get('/commission-lines/no-such-line:acme').set(finance()).expect(404)).body.error).toBe(
        'NOT_FOUND',
      );
      const invalid: Array<[string, string]> = [
        ['/partners/acme/balance?asOf=2026-02-30', 'asOf'],
        ['/partners/acme/tier?asOf=yesterday', 'asOf'],
        ['/partners/acme/commission-lines?period=2026-Q5', 'period'],
        ['/partners/acme/commission-lines?limit=0', 'limit'],
        ['/partners/acme/mdf-accruals?period=Q1', 'period'],
        ['/partners/acme/balance?currency=USD', 'currency'],
        ['/partners/acme/balance?after=-1', 'after'],
      ];
      for (const [path, field] of invalid) {
        const response = await ledger.http.get(path).set(finance());
        expect({
          path,
          status: response.status,
          fields: (response.body.details?.fields ?? []).map((item: { field: string }) => item.field),
        }).toEqual({ path, status: 400, fields: expect.arrayContaining([field]) });
      }
      expect(
        (await ledger.http.get('/commission-lines/bad%20line').set(finance()).expect(400)).body.details.fields[0].field,
      ).toBe('lineId');
    });

    it('answers balances as of today by default, and zero in program currency without lines', async () => {
      on('2026-04-20');
      expect((await ledger.http.get(`/partners/acme/balance?after=${last}`).set(finance()).expect(200)).body).toEqual({
        partnerId: 'acme',
        asOf: '2026-04-20',
        balances: [
          {
            currency: 'USD',
            earned: '50.00',
            accrued: '0.00',
            vested: '50.00',
            forfeited: '0.00',
            clawedBack: '0.00',
            adjustments: '0.00',
            payable: '50.00',
            issued: '0.00',
            paid: '0.00',
            disputed: '0.00',
            carriedForward: '0.00',
            mdfClaimsApproved: '0.00',
            payableNext: '50.00',
          },
        ],
      });
      expect(
        (await ledger.http.get('/partners/initech/balance?asOf=2026-04-20').set(finance()).expect(200)).body.balances,
      ).toEqual([balanceOf()]);
      expect(
        (await ledger.http.get('/partners/acme/balance?asOf=2025-12-31').set(finance()).expect(200)).body.balances,
      ).toEqual([]);
    });

    it('shows an override in force in the tier view, over the earned tier, until it expires', async () => {
      on('2026-02-11');
      track(
        await ledger.http
          .post('/partners/acme/tier-override')
          .set(manager())
          .send({ tier: 'gold', until: '2026-03-31', reason: 'Strategic launch partner' })
          .expect(200),
      );
      const tier = (await ledger.http.get(`/partners/acme/tier?after=${last}`).set(finance()).expect(200)).body;
      expect(tier).toMatchObject({
        tier: { name: 'gold', basis: 'override', since: '2026-02-11' },
        earnedTier: { name: 'registered', basis: 'entry' },
        override: { tier: 'gold', until: '2026-03-31' },
      });
      expect(tier.outlook).toMatchObject({
        nextTier: {
          name: 'silver',
          missing: [
            { requirement: 'trailingRevenue', required: '100000', actual: '1000', shortBy: '99000' },
            { requirement: 'wonDeals', required: '3', actual: '1', shortBy: '2' },
          ],
        },
      });
      await soloDeal('acme', 'a2', '2026-02-12', [software('1000.00')]);
      expect(await lineOf('acme', 'a2', 'DealWon')).toMatchObject({
        amount: '150.00',
        tier: { name: 'gold', basis: 'override' },
      });
      expect(
        (await ledger.http.get('/partners/acme/tier?asOf=2026-04-01').set(finance()).expect(200)).body,
      ).toMatchObject({ tier: { name: 'registered', basis: 'entry' }, override: null });
    });
  });
});
