import type { EventStore } from '#event-store';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import {
  ProgramCommandHandler,
  ProgramCommandMessage,
  type ProgramRequest,
} from '../../apps/ledger/src/program/program-command.handler.js';
import { actors, startLedger, type LedgerHarness } from '../support/ledger-app.js';

const globex = { name: 'Globex Corporation', domain: 'globex.com' };
const coSell = [
  { partnerId: 'acme', role: 'sourcing', share: '0.6' },
  { partnerId: 'initech', role: 'influencing', share: '0.4' },
];
const openBody = (dealId: string, overrides: Record<string, unknown> = {}) => ({
  dealId,
  customer: globex,
  partners: coSell,
  currency: 'USD',
  ...overrides,
});
const lines = (amount: string) => [{ sku: 'PLAT-12M', family: 'platform', amount }];
const oneTimeWin = (amount = '1000.00', overrides: Record<string, unknown> = {}) => ({
  lines: lines(amount),
  billing: 'one_time',
  wonAt: '2026-02-10',
  ...overrides,
});

describe('deals over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const { manager, partner } = actors(() => ledger);

  /** acme registers Globex as r1 and maria approves it; resolves to the approval's response. */
  async function approvedRegistration() {
    await ledger.http
      .post('/registrations')
      .set(partner('acme'))
      .send({
        registrationId: 'r1',
        partnerId: 'acme',
        customer: globex,
        productFamily: 'platform',
        estimatedValue: '1.00',
        expectedCloseDate: '2026-06-30',
      })
      .expect(201);
    return ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
  }

  async function dealEvents(dealId: string) {
    return (await store.readStream(`deal-${dealId}`, { afterRevision: 0 })).events;
  }

  /** What finance does through the program routes (another feature): publish rule sets, close quarters. */
  async function program(input: ProgramRequest): Promise<void> {
    const request = {
      actor: { id: 'olga', role: 'ops' as const },
      idempotencyKey: undefined,
      correlationId: 'program',
      requestId: 'program',
    };
    await ledger.app.get(ProgramCommandHandler, { strict: false }).execute(new ProgramCommandMessage(input, request));
  }

  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
    await ledger.enroll('acme', 'initech', 'umbrella');
  });
  afterEach(() => ledger.close());

  describe('acceptance', () => {
    it('a 0.6 / 0.4 deal won for 1000.00 EUR at fxRate 1.1 attributes 660.00 and 440.00 in Q1 scorecards', async () => {
      const opened = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { currency: 'EUR' }))
        .expect(201);
      expect(opened.body).toEqual({ dealId: 'd1', position: expect.stringMatching(/^\d+$/) });
      const won = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1000.00', { fxRate: '1.1' }))
        .expect(200);
      expect(won.body).toEqual({ dealId: 'd1', position: expect.stringMatching(/^\d+$/) });

      const acme = await ledger.http
        .get(`/partners/acme/scorecard?period=2026-Q1&after=${won.body.position}`)
        .set(ledger.auth('finance'))
        .expect(200);
      expect(acme.body).toMatchObject({
        partnerId: 'acme',
        period: '2026-Q1',
        currency: 'USD',
        revenueAttributed: '660.00',
        wonDeals: 1,
        winRate: '1.0000',
        averageDealSize: '660.00',
        medianDaysToClose: 0,
      });
      const initech = await ledger.http
        .get('/partners/initech/scorecard?period=2026-Q1')
        .set(partner('initech'))
        .expect(200);
      expect(initech.body).toMatchObject({ partnerId: 'initech', currency: 'USD', revenueAttributed: '440.00' });
      const q2 = await ledger.http
        .get('/partners/acme/scorecard?period=2026-Q2')
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(q2.body).toMatchObject({ revenueAttributed: '0.00', wonDeals: 0, winRate: null });

      const deal = await ledger.http.get('/deals/d1').set(manager()).expect(200);
      expect(deal.body).toMatchObject({
        dealId: 'd1',
        status: 'won',
        currency: 'EUR',
        fxRate: '1.1',
        amountWon: '1000.00',
        programCurrency: 'USD',
        partners: [
          { partnerId: 'acme', role: 'sourcing', share: '0.6', revenueAttributed: '660.00' },
          { partnerId: 'initech', role: 'influencing', share: '0.4', revenueAttributed: '440.00' },
        ],
      });
      // The event says which currency its fxRate converts into.
      expect((await dealEvents('d1')).at(-1)).toMatchObject({
        type: 'DealWon',
        data: { fxRate: '1.1', programCurrency: 'USD' },
      });
    });

    it('refuses invalid splits, refunds and wins with a 4xx naming the field or rule, changing nothing', async () => {
      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { currency: 'EUR' }))
        .expect(201);
      await ledger.http.post('/deals').set(manager()).send(openBody('d2')).expect(201);
      await ledger.http.post('/deals/d2/win').set(manager()).send(oneTimeWin('1000.00')).expect(200);
      const head = await store.headPosition();
      const fieldsOf = (body: { details: { fields?: Array<{ field: string }> } }) =>
        (body.details.fields ?? []).map((field) => field.field);

      const shortSum = await ledger.http
        .post('/deals')
        .set(manager())
        .send(
          openBody('d3', {
            partners: [
              { ...coSell[0], share: '0.6' },
              { ...coSell[1], share: '0.399' },
            ],
          }),
        )
        .expect(400);
      // Known before deciding, the split's errors come back with the request's other field errors.
      expect(shortSum.body).toMatchObject({
        error: 'VALIDATION_FAILED',
        details: {
          fields: [{ field: 'partners', rule: 'sum', message: "partners' shares must sum to exactly 1, not 0.999" }],
        },
      });

      const unknownRole = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d3', { partners: [{ ...coSell[0], role: 'reseller' }, coSell[1]] }))
        .expect(400);
      expect(unknownRole.body.error).toBe('VALIDATION_FAILED');
      expect(fieldsOf(unknownRole.body)).toEqual(['partners.0.role']);

      const numericShare = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d3', { partners: [{ ...coSell[0], share: 0.6 }, coSell[1]] }))
        .expect(400);
      expect(numericShare.body.error).toBe('VALIDATION_FAILED');
      expect(fieldsOf(numericShare.body)).toEqual(['partners.0.share']);
      expect(numericShare.body.message).toContain('decimal string');

      const negative = await ledger.http
        .post('/deals/d2/refund')
        .set(manager())
        .send({ amount: '-100.00', refundedAt: '2026-02-10' })
        .expect(400);
      expect(fieldsOf(negative.body)).toEqual(['amount']);

      const excessive = await ledger.http
        .post('/deals/d2/refund')
        .set(manager())
        .send({ amount: '1000.01', refundedAt: '2026-02-10' })
        .expect(422);
      expect(excessive.body).toMatchObject({
        error: 'DEAL_REFUND_EXCEEDS_WON',
        details: { field: 'amount', amountRefundable: '1000.00', currency: 'USD' },
      });

      const noFxRate = await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin('1000.00')).expect(422);
      expect(noFxRate.body).toMatchObject({
        error: 'DEAL_FX_RATE_REQUIRED',
        details: { field: 'fxRate', currency: 'EUR', programCurrency: 'USD' },
      });

      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('open', () => {
    it('refuses malformed requests with 400 naming each field', async () => {
      const cases: Array<[Record<string, unknown>, string[]]> = [
        [openBody('d1', { stage: 'proposal' }), ['stage']],
        [openBody('d1', { partners: [{ ...coSell[0], share: '0.6', weight: 1 }, coSell[1]] }), ['partners.0.weight']],
        [openBody('d1', { partners: [{ ...coSell[0], share: '1.5' }] }), ['partners.0.share']],
        [
          openBody('d1', {
            partners: [
              { ...coSell[0], share: '0' },
              { ...coSell[1], share: '1' },
            ],
          }),
          ['partners.0.share'],
        ],
        [openBody('d1', { partners: [{ ...coSell[0], partnerId: 'a b' }] }), ['partners.0.partnerId']],
        [openBody('d1', { partners: [] }), ['partners']],
        [openBody('d1', { partners: 'acme' }), ['partners']],
        [openBody('d1', { currency: 'usd' }), ['currency']],
        [openBody('d1', { openedAt: '10/02/2026' }), ['openedAt']],
        [openBody('d1', { customer: { name: 'Globex' } }), ['customer.domain']],
      ];
      for (const [body, fields] of cases) {
        const response = await ledger.http.post('/deals').set(manager()).send(body).expect(400);
        expect({
          body,
          fields: (response.body.details.fields as Array<{ field: string }>).map((field) => field.field),
        }).toEqual({ body, fields: expect.arrayContaining(fields) });
      }
      const duplicate = await ledger.http
        .post('/deals')
        .set(manager())
        .send(
          openBody('d1', {
            partners: [
              { ...coSell[0], share: '0.5' },
              { ...coSell[0], role: 'influencing', share: '0.5' },
            ],
          }),
        )
        .expect(400);
      expect(duplicate.body).toMatchObject({
        error: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'partners', rule: 'unique' }] },
      });
      const twoSourcing = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { partners: [coSell[0], { ...coSell[1], role: 'sourcing' }] }))
        .expect(422);
      expect(twoSourcing.body.error).toBe('DEAL_SOURCING_PARTNER_INVALID');
      const noCustomer = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { customer: undefined }))
        .expect(400);
      expect(noCustomer.body.details.fields).toEqual([
        { field: 'customer', rule: 'required', message: 'customer is required' },
      ]);
      expect(await store.headPosition()).toBe(3n);
    });

    it('names only enrolled, active partners on a deal', async () => {
      const unknown = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { partners: [coSell[0], { ...coSell[1], partnerId: 'nobody' }] }))
        .expect(404);
      expect(unknown.body).toMatchObject({ error: 'PARTNER_NOT_FOUND', details: { partnerId: 'nobody' } });
      await ledger.http
        .post('/partners/initech/suspend')
        .set(manager())
        .send({ reason: 'Compliance review' })
        .expect(200);
      const suspended = await ledger.http.post('/deals').set(manager()).send(openBody('d1')).expect(422);
      expect(suspended.body).toMatchObject({
        error: 'PARTNER_NOT_ACTIVE',
        details: { partnerId: 'initech', status: 'suspended' },
      });
    });

    it('opens from an approved registration: the registering partner sources the deal', async () => {
      const registration = {
        registrationId: 'r1',
        partnerId: 'acme',
        customer: { name: 'Globex', domain: 'WWW.globex.com' },
        productFamily: 'platform',
        estimatedValue: '80000.00',
        expectedCloseDate: '2026-06-30',
      };
      await ledger.http.post('/registrations').set(partner('acme')).send(registration).expect(201);
      const submitted = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', registrationId: 'r1', currency: 'USD' })
        .expect(422);
      expect(submitted.body).toMatchObject({
        error: 'REGISTRATION_NOT_APPROVED',
        details: { field: 'registrationId' },
      });
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);

      const wrongSource = await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          registrationId: 'r1',
          currency: 'USD',
          partners: [{ partnerId: 'initech', role: 'sourcing', share: '1' }],
        })
        .expect(422);
      expect(wrongSource.body.error).toBe('DEAL_SOURCING_PARTNER_INVALID');
      const otherCustomer = await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          registrationId: 'r1',
          currency: 'USD',
          customer: { name: 'Initrode', domain: 'initrode.com' },
        })
        .expect(422);
      expect(otherCustomer.body.error).toBe('DEAL_CUSTOMER_MISMATCH');
      const missing = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', registrationId: 'r9', currency: 'USD' })
        .expect(404);
      expect(missing.body.error).toBe('REGISTRATION_NOT_FOUND');

      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          registrationId: 'r1',
          currency: 'USD',
          partners: [
            { partnerId: 'acme', role: 'sourcing', share: '0.75' },
            { partnerId: 'umbrella', role: 'influencing', share: '0.25' },
          ],
        })
        .expect(201);
      const second = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd2', registrationId: 'r1', currency: 'USD' })
        .expect(201);
      // Read after d2's own position: after d1's, d2 may not be projected yet (a race this test once lost).
      const deal = await ledger.http.get(`/deals/d2?after=${second.body.position}`).set(partner('acme')).expect(200);
      expect(deal.body).toMatchObject({
        registrationId: 'r1',
        customer: { name: 'Globex', domain: 'WWW.globex.com' },
        status: 'open',
        stage: 'prospecting',
        partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
      });

      await ledger.caughtUp();
      const pipeline = await ledger.http.get('/partners/acme/pipeline').set(partner('acme')).expect(200);
      // The registration became deals, so it leaves the pipeline's registrations.
      expect(pipeline.body.registrations).toEqual([]);
      expect(pipeline.body.deals).toEqual([
        expect.objectContaining({
          dealId: 'd1',
          registrationId: 'r1',
          customer: deal.body.customer,
          currency: 'USD',
          role: 'sourcing',
          share: '0.75',
          stage: 'prospecting',
          estimatedValue: '80000.00',
          estimatedCurrency: 'USD',
        }),
        expect.objectContaining({ dealId: 'd2', share: '1' }),
      ]);
      const scorecard = await ledger.http
        .get('/partners/acme/scorecard?period=2026-Q1')
        .set(partner('acme'))
        .expect(200);
      expect(scorecard.body).toMatchObject({ openDeals: 2, openPipeline: '140000.00' });
    });

    it('refuses to open from a registration whose protection window has passed', async () => {
      await approvedRegistration();
      ledger.clock.set('2026-05-10T20:00:00.000Z');
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', registrationId: 'r1', currency: 'USD' })
        .expect(201);
      ledger.clock.set('2026-05-11T08:00:00.000Z');
      const expired = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd2', registrationId: 'r1', currency: 'USD' })
        .expect(422);
      expect(expired.body).toMatchObject({ error: 'REGISTRATION_EXPIRED', details: { protectedUntil: '2026-05-10' } });
      // A backfill dated inside the window is still accepted.
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd2', registrationId: 'r1', currency: 'USD', openedAt: '2026-05-01' })
        .expect(201);
    });

    it('keys an opening by its deal id: a retry replays, another body under the same id is 409', async () => {
      const first = await ledger.http.post('/deals').set(manager()).send(openBody('d1')).expect(201);
      const head = await store.headPosition();
      const retry = await ledger.http.post('/deals').set(manager()).send(openBody('d1')).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const reused = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { currency: 'EUR' }))
        .expect(409);
      expect(reused.body.error).toBe('DEAL_ALREADY_OPENED');
      const again = await ledger.http
        .post('/deals')
        .set({ ...manager(), 'Idempotency-Key': 'open-d1-again' })
        .send(openBody('d1'))
        .expect(409);
      expect(again.body.error).toBe('DEAL_ALREADY_OPENED');
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('lifecycle', () => {
    beforeEach(async () => {
      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d1', { openedAt: '2026-01-10' }))
        .expect(201);
    });

    it('advances stages forward only, then wins, renews, expands, refunds and churns a recurring deal', async () => {
      await ledger.http.post('/deals/d1/stage').set(manager()).send({ stage: 'proposal' }).expect(200);
      const backwards = await ledger.http
        .post('/deals/d1/stage')
        .set(manager())
        .send({ stage: 'qualification' })
        .expect(422);
      expect(backwards.body).toMatchObject({
        error: 'DEAL_STAGE_NOT_FORWARD',
        details: { field: 'stage', stage: 'proposal' },
      });
      await ledger.http.post('/deals/d1/stage').set(manager()).send({ stage: 'closing' }).expect(400);

      const noTerm = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send({ lines: lines('1200.00'), billing: 'recurring', wonAt: '2026-01-20' })
        .expect(400);
      // Known from the body alone, it comes back with the other field errors (docs/api.md, "Errors").
      expect(noTerm.body).toMatchObject({
        error: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'termMonths', rule: 'required' }] },
      });
      await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send({ lines: lines('1200.00'), billing: 'recurring', termMonths: 12, wonAt: '2026-01-20' })
        .expect(200);
      await ledger.http.post('/deals/d1/stage').set(manager()).send({ stage: 'negotiation' }).expect(409);

      ledger.clock.set('2026-03-20T09:00:00.000Z');
      await ledger.http
        .post('/deals/d1/expand')
        .set(manager())
        .send({
          lines: [{ sku: 'SEAT-10', family: 'platform', amount: '300.00', discount: '0.1' }],
          expandedAt: '2026-03-01',
        })
        .expect(200);
      await ledger.http
        .post('/deals/d1/renew')
        .set(manager())
        .send({ lines: lines('1500.00'), termMonths: 24, renewedAt: '2026-03-15' })
        .expect(200);
      await ledger.http
        .post('/deals/d1/refund')
        .set(manager())
        .send({ amount: '100.00', refundedAt: '2026-03-16' })
        .expect(200);
      const churned = await ledger.http
        .post('/deals/d1/churn')
        .set(manager())
        .send({ churnedAt: '2026-03-20' })
        .expect(200);
      const late = await ledger.http
        .post('/deals/d1/renew')
        .set(manager())
        .send({ lines: lines('1.00'), renewedAt: '2026-03-20' })
        .expect(409);
      expect(late.body.error).toBe('DEAL_CHURNED');

      const deal = await ledger.http
        .get(`/deals/d1?after=${churned.body.position}`)
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(deal.body).toMatchObject({
        status: 'churned',
        billing: 'recurring',
        termMonths: 24,
        amountWon: '3000.00',
        amountRefunded: '100.00',
        wonAt: '2026-01-20',
        churnedAt: '2026-03-20',
        stage: 'proposal',
      });
      const scorecard = await ledger.http
        .get('/partners/acme/scorecard?period=2026-Q1')
        .set(ledger.auth('ops'))
        .expect(200);
      // 0.6 of 1200 + 300 + 1500, less 0.6 of the 100 refund. The deal renewed and churned in the quarter: it
      // counts once in the renewal rate, as churned (issue 14), and all of its lifetime value is churned.
      expect(scorecard.body).toMatchObject({
        revenueAttributed: '1800.00',
        revenueRefunded: '60.00',
        revenueNet: '1740.00',
        wonDeals: 1,
        renewalRate: '0.0000',
        medianDaysToClose: 10,
        averageDaysToClose: '10.00',
        lifetimeValue: { revenue: '1740.00', churnedRevenue: '1740.00', churnedShare: '1.0000' },
      });
      expect((await dealEvents('d1')).map((event) => event.type)).toEqual([
        'DealOpened',
        'DealStageAdvanced',
        'DealWon',
        'DealExpanded',
        'DealRenewed',
        'DealRefunded',
        'DealChurned',
      ]);
    });

    it('loses a deal with a reason; a lost deal cannot be won', async () => {
      await ledger.http
        .post('/deals/d1/lose')
        .set(manager())
        .send({ reason: 'Went with a competitor', lostAt: '2026-02-09' })
        .expect(200);
      const won = await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin()).expect(409);
      expect(won.body).toMatchObject({ error: 'DEAL_NOT_OPEN', details: { status: 'lost' } });
      await ledger.caughtUp();
      const deal = await ledger.http.get('/deals/d1').set(partner('initech')).expect(200);
      expect(deal.body).toMatchObject({ status: 'lost', lostReason: 'Went with a competitor', lostAt: '2026-02-09' });
      const scorecard = await ledger.http
        .get('/partners/acme/scorecard?period=2026-Q1')
        .set(partner('acme'))
        .expect(200);
      expect(scorecard.body).toMatchObject({ lostDeals: 1, winRate: '0.0000' });
    });

    it('keeps a one-time deal from being renewed, expanded or churned', async () => {
      await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin()).expect(200);
      const renewed = await ledger.http
        .post('/deals/d1/renew')
        .set(manager())
        .send({ lines: lines('1.00'), renewedAt: '2026-02-10' })
        .expect(422);
      expect(renewed.body.error).toBe('DEAL_NOT_RECURRING');
      await ledger.http
        .post('/deals/d1/expand')
        .set(manager())
        .send({ lines: lines('1.00'), expandedAt: '2026-02-10' })
        .expect(422);
      await ledger.http.post('/deals/d1/churn').set(manager()).send({ churnedAt: '2026-02-10' }).expect(422);
      // A term on a one-time win is refused from the body, before the deal is looked for.
      const term = await ledger.http
        .post('/deals/d2/win')
        .set(manager())
        .send(oneTimeWin('1.00', { termMonths: 12 }))
        .expect(400);
      expect(term.body.details.fields).toEqual([
        { field: 'termMonths', rule: 'billing', message: 'termMonths applies to recurring billing only' },
      ]);
    });

    it('refuses business dates more than a day ahead, out of order, or malformed', async () => {
      const future = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1.00', { wonAt: '2026-02-12' }))
        .expect(400);
      expect(future.body).toMatchObject({ error: 'DATE_IN_FUTURE', details: { field: 'wonAt', latest: '2026-02-11' } });
      const early = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1.00', { wonAt: '2026-01-09' }))
        .expect(422);
      expect(early.body).toMatchObject({
        error: 'DEAL_DATE_OUT_OF_ORDER',
        details: { field: 'wonAt', earliest: '2026-01-10' },
      });
      const malformed = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1.00', { wonAt: '2026-02-31' }))
        .expect(400);
      expect(malformed.body.details.fields).toEqual([expect.objectContaining({ field: 'wonAt' })]);
      const lines400 = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1.00', { lines: [{ sku: 'A', family: 'platform', amount: 5, discount: '1.5' }] }))
        .expect(400);
      expect((lines400.body.details.fields as Array<{ field: string }>).map((field) => field.field).sort()).toEqual([
        'lines.0.amount',
        'lines.0.discount',
      ]);
      const scale = await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin('1.005')).expect(400);
      expect(scale.body).toMatchObject({
        error: 'AMOUNT_INVALID',
        details: { field: 'lines[0].amount', rule: 'scale' },
      });
      await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('1.00', { lines: [] }))
        .expect(400);
      expect(await store.headPosition()).toBe(4n);
    });

    it('replays a win retried with or without an Idempotency-Key; refunds are repeatable facts', async () => {
      const first = await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin()).expect(200);
      const head = await store.headPosition();
      const retry = await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin()).expect(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await store.headPosition()).toBe(head);

      const headers = { ...manager(), 'Idempotency-Key': 'refund-1' };
      const refund = await ledger.http
        .post('/deals/d1/refund')
        .set(headers)
        .send({ amount: '100.00', refundedAt: '2026-02-10' })
        .expect(200);
      const refundRetry = await ledger.http
        .post('/deals/d1/refund')
        .set(headers)
        .send({ amount: '100.00', refundedAt: '2026-02-10' })
        .expect(200);
      expect(refundRetry.body).toEqual(refund.body);
      await ledger.http
        .post('/deals/d1/refund')
        .set(manager())
        .send({ amount: '100.00', refundedAt: '2026-02-10' })
        .expect(200);
      await ledger.http
        .post('/deals/d1/refund')
        .set(manager())
        .send({ amount: '100.00', refundedAt: '2026-02-10' })
        .expect(200);
      const refunds = (await dealEvents('d1')).filter((event) => event.type === 'DealRefunded');
      expect(refunds).toHaveLength(3);
      const tooMuch = await ledger.http
        .post('/deals/d1/refund')
        .set(manager())
        .send({ amount: '700.01', refundedAt: '2026-02-10' })
        .expect(422);
      expect(tooMuch.body.details).toMatchObject({ amountRefundable: '700.00' });
    });
  });

  describe('rule sets and closed periods', () => {
    it("takes the program currency and the closed periods in force on each command's business date", async () => {
      await program({ type: 'PublishRuleSet', data: { rules: ruleSet(), rationale: 'Launch' } });
      await program({
        type: 'PublishRuleSet',
        data: {
          rules: ruleSet({
            version: '2026.2',
            effectiveFrom: '2026-04-01',
            currency: 'EUR',
            registration: { protectionDays: 30 },
          }),
          rationale: 'Euro program',
        },
      });
      ledger.clock.set('2026-04-15T10:00:00.000Z');
      await program({ type: 'ClosePeriod', data: { period: '2026-Q1' } });

      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('eur', { currency: 'EUR', openedAt: '2026-04-01' }))
        .expect(201);
      const won = await ledger.http
        .post('/deals/eur/win')
        .set(manager())
        .send(oneTimeWin('1000.00', { wonAt: '2026-04-15' }))
        .expect(200);
      expect((await dealEvents('eur')).at(-1)).toMatchObject({ type: 'DealWon', data: { programCurrency: 'EUR' } });
      expect((await dealEvents('eur')).at(-1)?.data).not.toHaveProperty('fxRate');

      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('usd', { openedAt: '2026-04-01' }))
        .expect(201);
      const usd = await ledger.http
        .post('/deals/usd/win')
        .set(manager())
        .send(oneTimeWin('1000.00', { wonAt: '2026-04-15' }))
        .expect(422);
      expect(usd.body).toMatchObject({ error: 'DEAL_FX_RATE_REQUIRED', details: { programCurrency: 'EUR' } });

      const closed = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('late', { openedAt: '2026-03-31' }))
        .expect(422);
      expect(closed.body).toMatchObject({ error: 'PERIOD_CLOSED', details: { field: 'openedAt', period: '2026-Q1' } });
      // Closing a quarter freezes every quarter before it too.
      const older = await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('older', { openedAt: '2025-11-30' }))
        .expect(422);
      expect(older.body).toMatchObject({ error: 'PERIOD_CLOSED', details: { period: '2025-Q4' } });

      const scorecard = await ledger.http
        .get(`/partners/acme/scorecard?period=2026-Q2&after=${won.body.position}`)
        .set(ledger.auth('finance'))
        .expect(200);
      expect(scorecard.body).toMatchObject({ currency: 'EUR', revenueAttributed: '600.00' });

      const approved = await approvedRegistration();
      const registration = await ledger.http
        .get(`/registrations/r1?after=${approved.body.position}`)
        .set(manager())
        .expect(200);
      expect(registration.body).toMatchObject({ currency: 'EUR', protectedUntil: '2026-05-14' });
    });
  });

  describe('access', () => {
    beforeEach(async () => {
      await ledger.http.post('/deals').set(manager()).send(openBody('d1')).expect(201);
      await ledger.caughtUp();
    });

    it('lets only partner managers (and admins) change deals', async () => {
      for (const role of ['partner', 'finance', 'auditor', 'ops'] as const) {
        const headers = role === 'partner' ? partner('acme') : ledger.auth(role);
        await ledger.http.post('/deals').set(headers).send(openBody('d2')).expect(403);
        await ledger.http.post('/deals/d1/win').set(headers).send(oneTimeWin()).expect(403);
      }
      await ledger.http.post('/deals/d1/stage').set(ledger.auth('admin')).send({ stage: 'proposal' }).expect(200);
    });

    it('shows a deal to a partner on it, and to no other partner (answered like a missing deal)', async () => {
      await ledger.http.get('/deals/d1').set(partner('initech')).expect(200);
      const foreign = await ledger.http.get('/deals/d1').set(partner('umbrella')).expect(404);
      const missing = await ledger.http.get('/deals/d9').set(partner('umbrella')).expect(404);
      expect({ ...foreign.body, message: '', details: {} }).toEqual({ ...missing.body, message: '', details: {} });
      expect(JSON.stringify(foreign.body)).not.toMatch(/acme|initech|Globex/);
      const empty = await ledger.http.get('/partners/umbrella/pipeline').set(partner('umbrella')).expect(200);
      const none = { registrations: [], deals: [], totals: { registrations: 0, deals: 0 }, next: null };
      expect(empty.body).toEqual({ partnerId: 'umbrella', ...none });
    });

    it("pages a partner's pipeline with limit and next: open deals, then registrations, each once", async () => {
      for (const dealId of ['d3', 'd2']) await ledger.http.post('/deals').set(manager()).send(openBody(dealId));
      for (const registrationId of ['r6', 'r5']) {
        const customer = { name: registrationId, domain: `${registrationId}.example.com` };
        const registration = { registrationId, partnerId: 'acme', customer, productFamily: 'platform' };
        const body = { ...registration, estimatedValue: '1.00', expectedCloseDate: '2026-06-30' };
        await ledger.http.post('/registrations').set(partner('acme')).send(body).expect(201);
      }
      await ledger.caughtUp();
      const pages: Array<{ deals: { dealId: string }[]; registrations: { registrationId: string }[] }> = [];
      let next: string | null = null;
      do {
        const cursor: string = next ? `&cursor=${next}` : '';
        const page = await ledger.http.get(`/partners/acme/pipeline?limit=2${cursor}`).set(partner('acme')).expect(200);
        expect(page.body.totals).toEqual({ deals: 3, registrations: 2 });
        pages.push(page.body);
        next = page.body.next;
      } while (next && pages.length < 5);
      const ids = pages.map((page) => [
        ...page.deals.map((deal) => deal.dealId),
        ...page.registrations.map((registration) => registration.registrationId),
      ]);
      // Deals by opening date, then id; registrations by submission date, then id.
      expect(ids).toEqual([['d1', 'd2'], ['d3', 'r5'], ['r6']]);
      const whole = await ledger.http.get('/partners/acme/pipeline').set(partner('acme')).expect(200);
      expect(whole.body.next).toBeNull();
      expect(whole.body.deals).toHaveLength(3);

      const otherList = Buffer.from(JSON.stringify(['statements', 'a', 'b'])).toString('base64url');
      for (const query of [`cursor=${otherList}`, 'cursor=not*a*cursor', 'limit=0', 'limit=1001']) {
        const refused = await ledger.http.get(`/partners/acme/pipeline?${query}`).set(partner('acme')).expect(400);
        const field = query.split('=')[0];
        expect(refused.body.details.fields).toEqual([expect.objectContaining({ field })]);
      }
    });

    it('serves scorecards to finance, auditors, ops, partner managers and the partner itself', async () => {
      for (const role of ['finance', 'auditor', 'ops', 'partner_manager', 'admin'] as const) {
        await ledger.http.get('/partners/acme/scorecard?period=2026-Q1').set(ledger.auth(role)).expect(200);
      }
      await ledger.http.get('/partners/acme/scorecard?period=2026-Q1').set(partner('acme')).expect(200);
      await ledger.http.get('/partners/acme/scorecard?period=2026-Q1').set(partner('initech')).expect(404);
      await ledger.http.get('/partners/acme/pipeline').set(partner('initech')).expect(404);
      const current = await ledger.http.get('/partners/acme/scorecard').set(ledger.auth('finance')).expect(200);
      expect(current.body).toMatchObject({ period: '2026-Q1', openDeals: 1, currency: 'USD' });
      const unknown = await ledger.http
        .get('/partners/nobody/scorecard?period=2026-Q1')
        .set(ledger.auth('finance'))
        .expect(404);
      expect(unknown.body.error).toBe('PARTNER_NOT_FOUND');
    });

    it('refuses amounts and fxRates past the money bounds with 400 naming the field, recording nothing', async () => {
      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('d2', { openedAt: '2026-01-10' }))
        .expect(201);
      await ledger.http
        .post('/deals')
        .set(manager())
        .send(openBody('eur', { currency: 'EUR', openedAt: '2026-01-10' }))
        .expect(201);
      const head = await store.headPosition();
      const fieldOf = (body: { details: { fields: Array<{ field: string; message: string }> } }) => body.details.fields;

      const huge = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send(oneTimeWin('5000000000000000000.00'))
        .expect(400);
      expect(fieldOf(huge.body)).toEqual([
        expect.objectContaining({
          field: 'lines.0.amount',
          message: expect.stringContaining('must be below 1000000000000'),
        }),
      ]);
      // Two wins that would have summed past a 64-bit integer of cents in the MDF fund: both refused.
      for (const dealId of ['d1', 'd2']) {
        const big = await ledger.http
          .post(`/deals/${dealId}/win`)
          .set(manager())
          .send(oneTimeWin('3000000000000000000.00'))
          .expect(400);
        expect(fieldOf(big.body)).toEqual([expect.objectContaining({ field: 'lines.0.amount' })]);
      }
      const refund = await ledger.http
        .post('/deals/d1/refund')
        .set(manager())
        .send({ amount: '999999999999999999999.99', refundedAt: '2026-02-10' })
        .expect(400);
      expect(fieldOf(refund.body)).toEqual([
        expect.objectContaining({ field: 'amount', message: expect.stringContaining('at most 12 digits') }),
      ]);
      const rate = await ledger.http
        .post('/deals/eur/win')
        .set(manager())
        .send(oneTimeWin('1000.00', { fxRate: '2000000' }))
        .expect(400);
      expect(fieldOf(rate.body)).toEqual([
        expect.objectContaining({
          field: 'fxRate',
          message: 'fxRate must be at most 1000000',
        }),
      ]);
      const summed = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send({ ...oneTimeWin(), lines: [...lines('600000000000.00'), ...lines('400000000000.00')] })
        .expect(400);
      expect(summed.body).toMatchObject({ error: 'AMOUNT_INVALID', details: { field: 'lines', rule: 'sumMagnitude' } });
      const converted = await ledger.http
        .post('/deals/eur/win')
        .set(manager())
        .send(oneTimeWin('600000000000.00', { fxRate: '2' }))
        .expect(400);
      expect(converted.body).toMatchObject({
        error: 'AMOUNT_INVALID',
        details: { field: 'lines', rule: 'convertedMagnitude' },
      });
      expect(await store.headPosition()).toBe(head);

      await ledger.http.post('/deals/d1/win').set(manager()).send(oneTimeWin('999999999999.99')).expect(200);
      const fund = await ledger.http.get('/partners/acme/mdf').set(ledger.auth('finance')).expect(200);
      expect(fund.body.figures.accrued).toMatch(/^\d+\.\d{2}$/);
    });

    it('refuses a malformed period or unknown query parameter with 400', async () => {
      for (const period of ['2026-Q5', '2026Q1', '2026-q1', '0000-Q1', '2026-Q1x', '']) {
        const response = await ledger.http
          .get(`/partners/acme/scorecard?period=${period}`)
          .set(ledger.auth('finance'))
          .expect(400);
        expect(response.body.details.fields).toEqual([expect.objectContaining({ field: 'period' })]);
      }
      await ledger.http
        .get('/partners/acme/scorecard?period=2026-Q1&period=2026-Q2')
        .set(ledger.auth('finance'))
        .expect(400);
      await ledger.http.get('/partners/acme/scorecard?quarter=1').set(ledger.auth('finance')).expect(400);
      await ledger.http.get('/deals/d1?verbose=1').set(ledger.auth('finance')).expect(400);
    });
  });

  it('answers every malformed body with a 4xx, never a 500', async () => {
    await ledger.http.post('/deals').set(manager()).send(openBody('d1')).expect(201);
    await ledger.http
      .post('/registrations')
      .set(manager())
      .send({
        registrationId: 'r1',
        partnerId: 'acme',
        customer: globex,
        productFamily: 'platform',
        estimatedValue: '1.00',
        expectedCloseDate: '2026-06-30',
      })
      .expect(201);
    const head = await store.headPosition();
    const routes = [
      '/deals',
      '/deals/d1/stage',
      '/deals/d1/win',
      '/deals/d1/lose',
      '/deals/d1/renew',
      '/deals/d1/expand',
      '/deals/d1/refund',
      '/deals/d1/churn',
      '/registrations',
      '/registrations/r1/approve',
      '/registrations/r1/reject',
    ];
    const bodies: unknown[] = [
      [],
      [1, 2],
      'text',
      42,
      true,
      { partners: [null], lines: [null] },
      { partners: [1, 'x', []], lines: [1, 'x', []], customer: [] },
      { partners: {}, lines: {}, customer: 'globex.com', currency: 5 },
      {
        dealId: 'x',
        currency: 'USD',
        partners: [{ partnerId: 'acme', role: 'sourcing', share: { value: '1' } }],
        customer: { name: ['a'], domain: { host: 'a.com' } },
      },
      {
        lines: [{ sku: 'a', family: 'b', amount: '1e3' }],
        billing: 'one_time',
        wonAt: 20260210,
        termMonths: '12',
        fxRate: 1.1,
      },
      { amount: '99999999999999999999999.99', refundedAt: '2026-02-10' },
      { stage: { $gt: '' }, reason: null, lostAt: null, churnedAt: [] },
      {
        registrationId: 'r2',
        partnerId: 'constructor',
        customer: { name: 'x', domain: '1.2.3.4' },
        productFamily: 'p',
        estimatedValue: '1',
        expectedCloseDate: '2026-02-10',
      },
    ];
    const raw = [
      ...bodies.map((body) => JSON.stringify(body)),
      '{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}',
      '{"lines": [{"__proto__": null}]}',
    ];
    for (const route of routes) {
      for (const body of raw) {
        const request = ledger.http.post(route).set(manager()).set('Content-Type', 'application/json');
        const response = await request.send(body);
        expect({ route, body, status: response.status < 500 }).toEqual({ route, body, status: true });
        expect({ route, body, error: typeof response.body.error }).toEqual({ route, body, error: 'string' });
      }
    }
    expect(await store.headPosition()).toBe(head);
  });
});
