import type { EventStore } from '#event-store';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { actors, startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Issue 14, items 2 to 5 and 8, as a finance or partner-operations user meets them over HTTP: protected
 * customers, real currencies, enrollment dates, registration expiry and extension, and co-sellers' deal view.
 * Today is 2026-02-10 unless a test moves the clock.
 */
const globex = { name: 'Globex Corporation', domain: 'globex.com' };
const registration = (registrationId: string, partnerId: string) => ({
  registrationId,
  partnerId,
  customer: globex,
  productFamily: 'platform',
  estimatedValue: '50000.00',
  expectedCloseDate: '2026-06-30',
});
const soleCredit = (partnerId: string) => [{ partnerId, role: 'sourcing', share: '1' }];
const lines = (amount: string) => [{ sku: 'PLAT-12M', family: 'platform', amount }];

describe('partner lifecycle and money rules over HTTP (issue 14)', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const { manager, partner } = actors(() => ledger);

  const streamTypes = async (stream: string) =>
    (await store.readStream(stream, { afterRevision: 0 })).events.map((event) => event.type);

  /** acme registers Globex as r1 and maria approves it: protected 2026-02-10 through 2026-05-10 (90 days). */
  async function acmeProtectsGlobex(): Promise<void> {
    await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
    await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
  }

  beforeEach(async () => {
    ledger = await startLedger();
    await ledger.enroll('acme', 'initech');
    store = ledger.app.get(EVENT_STORE);
  });
  afterEach(() => ledger.close());

  describe('protected customers', () => {
    it("refuses a direct deal crediting initech for acme's protected customer, without naming acme", async () => {
      await acmeProtectsGlobex();
      const head = await store.headPosition();
      const refused = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', customer: globex, partners: soleCredit('initech'), currency: 'USD' })
        .expect(409);
      expect(refused.body).toMatchObject({
        error: 'CUSTOMER_PROTECTED',
        details: { field: 'customer.domain', customerKey: 'globex.com' },
      });
      expect(JSON.stringify(refused.body)).not.toMatch(/acme|r1/);
      expect(await store.headPosition()).toBe(head);
    });

    it('protects the subdomains of the protected customer too', async () => {
      await acmeProtectsGlobex();
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          customer: { name: 'Globex Shop', domain: 'shop.globex.com' },
          partners: soleCredit('initech'),
          currency: 'USD',
        })
        .expect(409);
    });

    it('a partner user cannot open deals at all: 403 naming no other partner', async () => {
      await acmeProtectsGlobex();
      const refused = await ledger.http
        .post('/deals')
        .set(partner('initech'))
        .send({ dealId: 'd1', customer: globex, partners: soleCredit('initech'), currency: 'USD' })
        .expect(403);
      expect(JSON.stringify(refused.body)).not.toMatch(/acme|r1/);
    });

    it("opens it with a manager's override and reason: 201, an override event in the log and deal view", async () => {
      await acmeProtectsGlobex();
      const opened = await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          customer: globex,
          partners: soleCredit('initech'),
          currency: 'USD',
          protectionOverride: { reason: 'Globex asked in writing to buy through Initech' },
        })
        .expect(201);
      expect(await streamTypes('deal-d1')).toEqual(['DealOpened', 'DealProtectionOverridden']);
      const [, override] = (await store.readStream('deal-d1', { afterRevision: 0 })).events;
      expect(override!.data).toMatchObject({
        registrationId: 'r1',
        partnerId: 'acme',
        protectedUntil: '2026-05-10',
        reason: 'Globex asked in writing to buy through Initech',
        overriddenAt: '2026-02-10',
      });
      expect(override!.metadata.actor).toBe('maria');
      const view = await ledger.http.get(`/deals/d1?after=${opened.body.position}`).set(manager()).expect(200);
      expect(view.body.protectionOverride).toEqual({
        reason: 'Globex asked in writing to buy through Initech',
        overriddenAt: '2026-02-10',
      });
      const seenByInitech = await ledger.http.get('/deals/d1').set(partner('initech')).expect(200);
      expect(JSON.stringify(seenByInitech.body)).not.toMatch(/acme|r1|protectionOverride/);
    });

    it('refuses an override when nothing protects the customer, and one without a reason', async () => {
      const body = { dealId: 'd1', customer: globex, partners: soleCredit('initech'), currency: 'USD' };
      const needless = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ ...body, protectionOverride: { reason: 'just in case' } })
        .expect(400);
      expect(needless.body.details.fields).toEqual([
        expect.objectContaining({ field: 'protectionOverride', rule: 'nothingToOverride' }),
      ]);
      const blank = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ ...body, protectionOverride: { reason: ' ' } })
        .expect(400);
      expect(blank.body.message).toContain('reason must not be blank');
    });

    it("opens deals from the holder's registration as before, and more than one while it is protected", async () => {
      await acmeProtectsGlobex();
      await ledger.http.post('/deals').set(manager()).send({ dealId: 'd1', registrationId: 'r1', currency: 'USD' });
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd2',
          registrationId: 'r1',
          currency: 'USD',
          partners: [
            { partnerId: 'acme', role: 'sourcing', share: '0.7' },
            { partnerId: 'initech', role: 'influencing', share: '0.3' },
          ],
        })
        .expect(201);
      expect(await streamTypes('deal-d1')).toEqual(['DealOpened']);
    });

    it('lets a direct deal credit the holder alone, and anyone once the protection has passed', async () => {
      await acmeProtectsGlobex();
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', customer: globex, partners: soleCredit('acme'), currency: 'USD' })
        .expect(201);
      ledger.clock.set('2026-05-11T09:00:00.000Z');
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd2', customer: globex, partners: soleCredit('initech'), currency: 'USD' })
        .expect(201);
    });
  });

  describe('currencies', () => {
    it('refuses "XYZ" on a deal with 400 naming currency, changing nothing', async () => {
      const head = await store.headPosition();
      const refused = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', customer: globex, partners: soleCredit('acme'), currency: 'XYZ' })
        .expect(400);
      expect(refused.body.message).toContain(
        'currency must be an ISO 4217 currency code such as "EUR"; XYZ is not one',
      );
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a JPY amount with decimals and accepts KWD with three', async () => {
      await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
      for (const [dealId, currency] of [
        ['yen', 'JPY'],
        ['dinar', 'KWD'],
      ] as const) {
        await ledger.http
          .post('/deals')
          .set(manager())
          .send({ dealId, customer: globex, partners: soleCredit('acme'), currency })
          .expect(201);
      }
      const yen = await ledger.http
        .post('/deals/yen/win')
        .set(manager())
        .send({ lines: lines('1000.5'), fxRate: '0.0067', billing: 'one_time', wonAt: '2026-02-10' })
        .expect(400);
      expect(yen.body).toMatchObject({ error: 'AMOUNT_INVALID', details: { field: 'lines[0].amount', scale: 0 } });
      const dinar = await ledger.http
        .post('/deals/dinar/win')
        .set(manager())
        .send({ lines: lines('1000.125'), fxRate: '3.25', billing: 'one_time', wonAt: '2026-02-10' })
        .expect(200);
      const view = await ledger.http.get(`/deals/dinar?after=${dinar.body.position}`).set(manager()).expect(200);
      expect(view.body).toMatchObject({ currency: 'KWD', amountWon: '1000.125' });
    });

    it('refuses "XYZ" on a registration and on a rule set, naming currency', async () => {
      const submitted = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send({ ...registration('r1', 'acme'), currency: 'XYZ' })
        .expect(400);
      expect(submitted.body.message).toContain('XYZ is not one');
      const published = await ledger.http
        .post('/rule-sets')
        .set(ledger.auth('ops', 'olga'))
        .send({ ...ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }), currency: 'XYZ', rationale: 'x' })
        .expect(400);
      expect(published.body).toMatchObject({ error: 'RULE_SET_INVALID', details: { field: 'currency' } });
    });

    it('budgets campaigns in the rule set’s real currency: a JPY program refuses a budget with decimals', async () => {
      await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01', currency: 'JPY' }));
      const proposal = {
        campaignId: 'c1',
        partnerId: 'acme',
        name: 'Launch',
        goals: { leads: 1, pipeline: '1000' },
        milestones: [{ id: 'm1', amount: '100.50' }],
        budget: '100.50',
      };
      const refused = await ledger.http.post('/campaigns').set(partner('acme')).send(proposal).expect(400);
      expect(refused.body).toMatchObject({ error: 'AMOUNT_INVALID', details: { scale: 0 } });
      await ledger.http
        .post('/campaigns')
        .set(partner('acme'))
        .send({ ...proposal, budget: '100', milestones: [{ id: 'm1', amount: '100' }] })
        .expect(201);
    });
  });

  describe('enrollment dates', () => {
    it('records the enrollment date a migrating program sends, today when absent', async () => {
      const enrolled = await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'umbrella', name: 'Umbrella', kind: 'reseller', region: 'EMEA', enrolledAt: '2024-05-01' })
        .expect(201);
      const umbrella = await ledger.http.get(`/partners/umbrella?after=${enrolled.body.position}`).set(manager());
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'hooli', name: 'Hooli', kind: 'referral', region: 'NA' })
        .expect(201);
      await ledger.caughtUp();
      const hooli = await ledger.http.get('/partners/hooli').set(manager());
      expect([umbrella.body.enrolledAt, hooli.body.enrolledAt]).toEqual(['2024-05-01', '2026-02-10']);
    });

    it('refuses an enrollment date that is no date or lies ahead, naming enrolledAt', async () => {
      const enroll = (enrolledAt: string) =>
        ledger.http
          .post('/partners')
          .set(manager())
          .send({ partnerId: 'umbrella', name: 'Umbrella', kind: 'reseller', region: 'EMEA', enrolledAt });
      expect((await enroll('2026-02-30').expect(400)).body.message).toContain('enrolledAt');
      expect((await enroll('2026-03-01').expect(400)).body).toMatchObject({
        error: 'DATE_IN_FUTURE',
        details: { field: 'enrolledAt' },
      });
    });

    it('refuses a deal crediting a partner before it enrolled: 422 naming the partner and the dates', async () => {
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'hooli', name: 'Hooli', kind: 'referral', region: 'NA' })
        .expect(201);
      const head = await store.headPosition();
      const coSell = [
        { partnerId: 'acme', role: 'sourcing', share: '0.5' },
        { partnerId: 'hooli', role: 'influencing', share: '0.5' },
      ];
      const refused = await ledger.http
        .post('/deals')
        .set(manager())
        .send({ dealId: 'd1', customer: globex, partners: coSell, currency: 'USD', openedAt: '2026-02-09' })
        .expect(422);
      expect(refused.body).toMatchObject({
        error: 'DEAL_BEFORE_ENROLLMENT',
        message: 'Partner hooli enrolled on 2026-02-10; a deal cannot credit it from 2026-02-09',
        details: { field: 'openedAt', partnerId: 'hooli', enrolledAt: '2026-02-10', openedAt: '2026-02-09' },
      });
      expect(await store.headPosition()).toBe(head);
    });

    it('credits a migrated partner for a backdated deal after its enrollment date', async () => {
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'umbrella', name: 'Umbrella', kind: 'reseller', region: 'EMEA', enrolledAt: '2025-11-01' })
        .expect(201);
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          customer: globex,
          partners: soleCredit('umbrella'),
          currency: 'USD',
          openedAt: '2025-12-01',
        })
        .expect(201);
    });
  });

  describe('registration expiry and extension', () => {
    it('reads expired past protectedUntil, in the detail and the list, as a computed status', async () => {
      await acmeProtectsGlobex();
      await ledger.caughtUp();
      const read = () => ledger.http.get('/registrations/r1').set(partner('acme')).expect(200);
      const listed = async (status: string) =>
        (await ledger.http.get(`/registrations?status=${status}`).set(manager()).expect(200)).body.registrations.map(
          (view: { registrationId: string }) => view.registrationId,
        );
      ledger.clock.set('2026-05-10T23:59:00.000Z');
      expect((await read()).body).toMatchObject({ status: 'approved', protectedUntil: '2026-05-10' });
      ledger.clock.set('2026-05-11T00:00:00.000Z');
      expect((await read()).body).toMatchObject({ status: 'expired', protectedUntil: '2026-05-10' });
      expect([await listed('expired'), await listed('approved')]).toEqual([['r1'], []]);
      expect(await streamTypes('registration-r1')).toEqual(['DealRegistrationSubmitted', 'DealRegistrationApproved']);
    });

    it('extends a protection once with a reason, recorded as events on the registration and the lock', async () => {
      await acmeProtectsGlobex();
      const extended = await ledger.http
        .post('/registrations/r1/extend')
        .set(manager())
        .send({ reason: 'Procurement moved the signature to next quarter' })
        .expect(200);
      expect(await streamTypes('registration-r1')).toEqual([
        'DealRegistrationSubmitted',
        'DealRegistrationApproved',
        'DealRegistrationExtended',
      ]);
      expect(await streamTypes('customer-globex.com')).toEqual(['CustomerClaimed', 'CustomerClaimExtended']);
      const read = await ledger.http
        .get(`/registrations/r1?after=${extended.body.position}`)
        .set(partner('acme'))
        .expect(200);
      expect(read.body).toMatchObject({
        status: 'approved',
        protectedUntil: '2026-08-08',
        extension: {
          reason: 'Procurement moved the signature to next quarter',
          extendedAt: '2026-02-10',
          previousProtectedUntil: '2026-05-10',
        },
      });
      // The lock moved too: another partner still cannot register Globex after the first window.
      ledger.clock.set('2026-05-20T09:00:00.000Z');
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(409);

      // A second extension under its own key is the rule's refusal; without one it collides with the first's key.
      const again = await ledger.http
        .post('/registrations/r1/extend')
        .set({ ...manager(), 'Idempotency-Key': 'second-extension' })
        .send({ reason: 'More' })
        .expect(409);
      expect(again.body).toMatchObject({ error: 'REGISTRATION_ALREADY_EXTENDED' });
      const unkeyed = await ledger.http.post('/registrations/r1/extend').set(manager()).send({ reason: 'More' });
      expect([unkeyed.status, unkeyed.body.error]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    });

    it('replays a retried extension without a key, and refuses partners, expired ones and a blank reason', async () => {
      await acmeProtectsGlobex();
      const extend = { reason: 'Procurement slipped' };
      const first = await ledger.http.post('/registrations/r1/extend').set(manager()).send(extend).expect(200);
      const retry = await ledger.http.post('/registrations/r1/extend').set(manager()).send(extend).expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);

      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send({
          ...registration('r2', 'initech'),
          customer: { name: 'Initrode', domain: 'initrode.com' },
        });
      await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
      await ledger.http.post('/registrations/r2/extend').set(partner('initech')).send(extend).expect(403);
      const head = await store.headPosition();
      const blank = await ledger.http.post('/registrations/r2/extend').set(manager()).send({ reason: ' ' });
      expect(blank.status).toBe(400);
      ledger.clock.set('2026-05-11T09:00:00.000Z');
      const expired = await ledger.http.post('/registrations/r2/extend').set(manager()).send(extend).expect(422);
      expect(expired.body).toMatchObject({ error: 'REGISTRATION_EXPIRED', details: { protectedUntil: '2026-05-10' } });
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('co-sold deals', () => {
    it('shows a co-seller its own share and revenue and that the deal is co-sold; staff see everything', async () => {
      await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          customer: globex,
          currency: 'USD',
          partners: [
            { partnerId: 'acme', role: 'sourcing', share: '0.6' },
            { partnerId: 'initech', role: 'influencing', share: '0.4' },
          ],
        })
        .expect(201);
      const won = await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send({ lines: lines('1000.00'), billing: 'one_time', wonAt: '2026-02-10' })
        .expect(200);
      const seenBy = (as: Record<string, string>) =>
        ledger.http.get(`/deals/d1?after=${won.body.position}`).set(as).expect(200);

      const initech = (await seenBy(partner('initech'))).body;
      expect(initech).toMatchObject({ coSold: true, amountWon: '1000.00' });
      expect(initech.partners).toEqual([
        { partnerId: 'initech', role: 'influencing', share: '0.4', revenueAttributed: '400.00' },
      ]);
      expect(JSON.stringify(initech)).not.toMatch(/acme|600\.00|0\.6"/);

      for (const role of ['partner_manager', 'finance', 'auditor'] as const) {
        const staff = (await seenBy(ledger.auth(role))).body;
        expect(staff.partners.map((entry: { partnerId: string }) => entry.partnerId)).toEqual(['acme', 'initech']);
        expect(staff.coSold).toBe(true);
      }
    });
  });
});
