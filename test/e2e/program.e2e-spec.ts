import type { EventStore } from '#event-store';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Program rules and periods over HTTP: publishing rule sets (validation naming each path, duplicate
 * versions, effective dating as the GET routes show it), closing quarters (order, gaps, not ended,
 * malformed, and the freeze of every earlier quarter for deal facts), and tier overrides. The harness
 * clock starts on 2026-02-10.
 */
type Overrides = Parameters<typeof ruleSet>[0];

/**
 * DESIGN §5's document with some fields changed (objects merge) and some replaced whole or removed
 * (`replace`, by dotted path; undefined removes), since a merge cannot take a tier out of a table.
 */
function document(overrides: Overrides = {}, replace: Record<string, unknown> = {}): Record<string, unknown> {
  const result = structuredClone(ruleSet(overrides)) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(replace)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const target = keys.reduce((parent, key) => parent[key] as Record<string, unknown>, result);
    if (value === undefined) Reflect.deleteProperty(target, last);
    else target[last] = value;
  }
  return result;
}

/** The same document without the gold tier. */
const twoTiers = (version: string, effectiveFrom: string) =>
  document(
    {
      version,
      effectiveFrom,
      tiers: [
        { name: 'registered', requirements: {} },
        { name: 'silver', requirements: { trailingRevenue: '100000', wonDeals: 3 } },
      ],
    },
    {
      'commission.rates': { registered: '0.05', silver: '0.10' },
      'commission.familyRates': undefined,
      'mdf.accrualRates': { registered: '0', silver: '0.01' },
    },
  );

describe('program rules and periods over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const ops = () => ledger.auth('ops', 'olga');
  const finance = () => ledger.auth('finance', 'fiona');
  const manager = () => ledger.auth('partner_manager', 'maria');
  const partner = (partnerId: string) => ledger.auth('partner', `${partnerId}-user`, partnerId);
  /** A body: DESIGN §5's document with `overrides` merged in, or a whole document, plus a rationale. */
  const publishBody = (
    overrides: Overrides | Record<string, unknown> = {},
    rationale = 'Launch of the 2026 program',
  ) => ({ ...('rounding' in overrides && 'tiers' in overrides ? overrides : ruleSet(overrides)), rationale });
  const publish = (overrides: Overrides | Record<string, unknown> = {}, rationale?: string) =>
    ledger.http.post('/rule-sets').set(ops()).send(publishBody(overrides, rationale));
  const close = (period: string) => ledger.http.post(`/periods/${period}/close`).set(finance());

  async function programEvents() {
    return (await store.readStream('program', { afterRevision: 0 })).events;
  }

  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
  });
  afterEach(() => ledger.close());

  describe('publishing rule sets', () => {
    it('publishes the DESIGN §5 document with a rationale and serves it back exactly as sent', async () => {
      const published = await publish().expect(201);
      expect(published.body).toEqual({
        version: '2026.1',
        effectiveFrom: '2026-01-01',
        position: expect.stringMatching(/^\d+$/),
      });

      const event = (await programEvents()).at(-1);
      expect(event).toMatchObject({
        type: 'RuleSetPublished',
        data: {
          version: '2026.1',
          effectiveFrom: '2026-01-01',
          rules: ruleSet(),
          rationale: 'Launch of the 2026 program',
          publishedAt: '2026-02-10',
        },
        metadata: { actor: 'olga', actorRole: 'ops' },
      });

      const one = await ledger.http
        .get(`/rule-sets/2026.1?after=${published.body.position}`)
        .set(finance())
        .expect(200);
      // The document as published, its rationale and the publication's read-only facts, side by side.
      expect(one.body).toEqual({
        ...ruleSet(),
        rationale: 'Launch of the 2026 program',
        publishedAt: '2026-02-10',
        publishedBy: 'olga',
        retroactive: true,
        governs: { from: '2026-01-01', through: null },
        position: published.body.position,
      });
      const list = await ledger.http
        .get(`/rule-sets?after=${published.body.position}`)
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(list.body).toMatchObject({
        on: '2026-02-10',
        versionInForce: '2026.1',
        ruleSets: [{ version: '2026.1', governs: { from: '2026-01-01', through: null } }],
      });
      expect(list.body.ruleSets[0]).not.toHaveProperty('rules');
    });

    it('refuses each invalid document with a 400 naming the path and rule, changing nothing', async () => {
      await publish().expect(201);
      const head = await store.headPosition();
      const invalid: Array<{ body: unknown; field: string; rule: string }> = [
        {
          body: publishBody({
            version: '2026.2',
            commission: { rates: { registered: '0.05', silver: '0.10', gold: '1.5' } },
          }),
          field: 'commission.rates.gold',
          rule: 'fractionMax',
        },
        {
          body: publishBody({
            version: '2026.2',
            commission: { rates: { registered: '0.05', silver: '-0.10', gold: '0.15' } },
          }),
          field: 'commission.rates.silver',
          rule: 'nonNegative',
        },
        {
          body: publishBody({
            version: '2026.2',
            commission: { roleMultipliers: { sourcing: '1', influencing: '-0.5' } },
          }),
          field: 'commission.roleMultipliers.influencing',
          rule: 'nonNegative',
        },
        { body: { ...publishBody({ version: '2026.2' }), bonus: '100' }, field: 'bonus', rule: 'unknownKey' },
        {
          body: publishBody({ version: '2026.2', commission: { bonusPool: '1' } as never }),
          field: 'commission.bonusPool',
          rule: 'unknownKey',
        },
        {
          body: publishBody({
            version: '2026.2',
            tiers: [
              { name: 'registered', requirements: {} },
              { name: 'silver', requirements: { trailingRevenue: '500000', wonDeals: 10 } },
              { name: 'gold', requirements: { trailingRevenue: '100000', wonDeals: 10 } },
            ],
          }),
          field: 'tiers[2].requirements.trailingRevenue',
          rule: 'tierOrder',
        },
        {
          body: publishBody(
            document({ version: '2026.2' }, { 'mdf.accrualRates': { registered: '0', silver: '0.01' } }),
          ),
          field: 'mdf.accrualRates.gold',
          rule: 'rateMissing',
        },
        {
          body: publishBody(
            document(
              { version: '2026.2' },
              {
                'commission.familyRates.services': {
                  registered: '0.02',
                  silver: '0.04',
                  gold: '0.06',
                  platinum: '0.1',
                },
              },
            ),
          ),
          field: 'commission.familyRates.services.platinum',
          rule: 'unknownTier',
        },
        {
          body: publishBody(document({ version: '2026.2' }, { registration: undefined })),
          field: 'registration',
          rule: 'required',
        },
        {
          body: publishBody({ version: '2026.2', commission: { caps: { perDeal: 25000 as never } } }),
          field: 'commission.caps.perDeal',
          rule: 'decimalString',
        },
        {
          body: publishBody({
            version: '2026.2',
            commission: { discountPolicy: { maxDiscount: 'twenty', multiplierAbove: '0.5' } },
          }),
          field: 'commission.discountPolicy.maxDiscount',
          rule: 'decimalString',
        },
        { body: publishBody({ version: '2026.2', effectiveFrom: '2026-02-30' }), field: 'effectiveFrom', rule: 'date' },
        {
          body: publishBody({ version: '2026.2', rounding: 'BANKERS' as never }),
          field: 'rounding',
          rule: 'roundingMode',
        },
        { body: ruleSet({ version: '2026.2' }), field: 'rationale', rule: 'required' },
        { body: publishBody({ version: '2026.2' }, '   '), field: 'rationale', rule: 'nonEmpty' },
        { body: [publishBody({ version: '2026.2' })], field: '', rule: 'object' },
      ];
      for (const { body, field, rule } of invalid) {
        const response = await ledger.http
          .post('/rule-sets')
          .set(ops())
          .send(body as object);
        expect({ field, status: response.status, error: response.body.error }).toEqual({
          field,
          status: 400,
          error: 'RULE_SET_INVALID',
        });
        expect({ field, fields: response.body.details.fields }).toEqual({
          field,
          fields: expect.arrayContaining([expect.objectContaining({ field, rule })]),
        });
        expect(response.body.details).toMatchObject({ field, rule });
      }
      expect(await store.headPosition()).toBe(head);
      const list = await ledger.http.get('/rule-sets').set(ops()).expect(200);
      expect(list.body.ruleSets.map((item: { version: string }) => item.version)).toEqual(['2026.1']);
    });

    it('lists every issue of a document at once', async () => {
      const response = await ledger.http
        .post('/rule-sets')
        .set(ops())
        .send({
          ...publishBody({
            commission: { rates: { registered: '0.05', silver: '0.10', gold: '1.5' }, holdbackDays: -1 },
          }),
          rationale: '',
        })
        .expect(400);
      expect(response.body.details.fields.map((field: { field: string }) => field.field)).toEqual([
        'commission.rates.gold',
        'commission.holdbackDays',
        'rationale',
      ]);
      expect(response.body.details).toMatchObject({ field: 'commission.rates.gold', rule: 'fractionMax' });
      expect(await programEvents()).toEqual([]);
    });

    it('answers 409 to a second document under a published version, and replays an identical retry', async () => {
      const first = await publish().expect(201);
      const retry = await publish().expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);

      const duplicate = await publish(
        { commission: { rates: { registered: '0.06', silver: '0.10', gold: '0.15' } } },
        'Higher entry rate',
      ).expect(409);
      expect(duplicate.body).toMatchObject({
        error: 'RULE_SET_VERSION_EXISTS',
        details: { field: 'version', version: '2026.1' },
      });
      // Under an explicit key, the same: the decider refuses the version, whatever the key.
      const keyed = await ledger.http
        .post('/rule-sets')
        .set(ops())
        .set('Idempotency-Key', 'k-1')
        .send(publishBody({ effectiveFrom: '2026-07-01' }))
        .expect(409);
      expect(keyed.body.error).toBe('RULE_SET_VERSION_EXISTS');
      expect(await programEvents()).toHaveLength(1);
    });

    it('shows the set in force on a date, ties broken by publication order, and retroactive corrections', async () => {
      await publish().expect(201);
      await publish({ version: '2026.2', effectiveFrom: '2026-04-01', currency: 'EUR' }, 'Euro program from Q2').expect(
        201,
      );
      await publish(
        { version: '2026.2b', effectiveFrom: '2026-04-01', currency: 'EUR' },
        'Correction of 2026.2 before it takes effect',
      ).expect(201);
      const last = await publish(
        { version: '2025.9', effectiveFrom: '2025-07-01' },
        'Retroactive: the 2025 program, recorded late',
      ).expect(201);

      const inForce = async (on: string) =>
        (await ledger.http.get(`/rule-sets?on=${on}&after=${last.body.position}`).set(ops()).expect(200)).body
          .versionInForce;
      expect(await inForce('2025-06-30')).toBeNull();
      expect(await inForce('2025-07-01')).toBe('2025.9');
      expect(await inForce('2025-12-31')).toBe('2025.9');
      expect(await inForce('2026-01-01')).toBe('2026.1');
      expect(await inForce('2026-03-31')).toBe('2026.1');
      expect(await inForce('2026-04-01')).toBe('2026.2b');

      const list = await ledger.http.get('/rule-sets').set(manager()).expect(200);
      expect(list.body.versionInForce).toBe('2026.1');
      expect(list.body.ruleSets).toEqual([
        expect.objectContaining({
          version: '2026.1',
          retroactive: true,
          governs: { from: '2026-01-01', through: '2026-03-31' },
        }),
        expect.objectContaining({ version: '2026.2', currency: 'EUR', retroactive: false, governs: null }),
        expect.objectContaining({
          version: '2026.2b',
          currency: 'EUR',
          retroactive: false,
          governs: { from: '2026-04-01', through: null },
        }),
        expect.objectContaining({
          version: '2025.9',
          retroactive: true,
          governs: { from: '2025-07-01', through: '2025-12-31' },
        }),
      ]);
      const replaced = await ledger.http.get('/rule-sets/2026.2').set(ledger.auth('auditor')).expect(200);
      expect(replaced.body).toMatchObject({ version: '2026.2', governs: null, rationale: 'Euro program from Q2' });

      // The rules in force on a deal's business date are the ones the GET names.
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'acme', name: 'Acme', kind: 'reseller', region: 'EMEA' })
        .expect(201);
      ledger.clock.set('2026-04-10T09:00:00.000Z');
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd1',
          customer: { name: 'Globex', domain: 'globex.com' },
          partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
          currency: 'EUR',
          openedAt: '2026-04-02',
        })
        .expect(201);
      await ledger.http
        .post('/deals/d1/win')
        .set(manager())
        .send({
          lines: [{ sku: 'PLAT', family: 'platform', amount: '100.00' }],
          billing: 'one_time',
          wonAt: '2026-04-02',
        })
        .expect(200);
      expect((await store.readStream('deal-d1')).events.at(-1)).toMatchObject({
        type: 'DealWon',
        data: { programCurrency: 'EUR' },
      });
    });

    it('refuses a retroactive currency change that would drop lines of recorded USD deals, naming them', async () => {
      await publish().expect(201);
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'acme', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-01-01' })
        .expect(201);
      ledger.clock.set('2026-03-10T09:00:00.000Z');
      const partners = [{ partnerId: 'acme', role: 'sourcing', share: '1' }];
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'usd-1',
          customer: { name: 'Globex', domain: 'globex.com' },
          partners,
          currency: 'USD',
          openedAt: '2026-02-02',
        })
        .expect(201);
      await ledger.http
        .post('/deals/usd-1/win')
        .set(manager())
        .send({
          lines: [{ sku: 'PLAT', family: 'platform', amount: '1000.00' }],
          billing: 'one_time',
          wonAt: '2026-02-20',
        })
        .expect(200);
      const events = (await programEvents()).length;

      const orphaning = await publish(
        { version: '2026.2', effectiveFrom: '2026-02-01', currency: 'EUR' },
        'Euro program, backdated',
      ).expect(422);
      expect(orphaning.body).toMatchObject({
        error: 'RULE_SET_ORPHANS_DEALS',
        message: expect.stringContaining('usd-1'),
        details: { field: 'currency', currency: 'EUR', effectiveFrom: '2026-02-01', dealIds: ['usd-1'], dealCount: 1 },
      });
      expect(await programEvents()).toHaveLength(events);

      // From a date after the deal's facts, the change orphans nothing; a same-currency correction never does.
      await publish({ version: '2026.3', effectiveFrom: '2026-02-01' }, 'Correction, same currency').expect(201);
      await publish(
        { version: '2026.4', effectiveFrom: '2026-02-21', currency: 'EUR' },
        'Euro program from after the win',
      ).expect(201);
      expect(await programEvents()).toHaveLength(events + 2);
    });

    it('answers 404 for an unknown version and 400 for a malformed one or a malformed date', async () => {
      await publish().expect(201);
      expect((await ledger.http.get('/rule-sets/2030.1').set(ops()).expect(404)).body).toMatchObject({
        error: 'RULE_SET_NOT_FOUND',
        details: { version: '2030.1' },
      });
      await ledger.http.get('/rule-sets/..%2Fx').set(ops()).expect(400);
      for (const query of ['on=2026-02-30', 'on=yesterday', 'after=-1', 'after=x', 'verbose=1']) {
        const response = await ledger.http.get(`/rule-sets?${query}`).set(ops()).expect(400);
        expect(response.body.error).toBe('VALIDATION_FAILED');
      }
      await ledger.http.get('/rule-sets/2026.1?verbose=1').set(ops()).expect(400);
    });

    it('only ops (and admins) publish; ops, finance, auditors, partner managers read; partners do not', async () => {
      for (const role of ['finance', 'partner_manager', 'auditor'] as const) {
        expect(
          (await ledger.http.post('/rule-sets').set(ledger.auth(role)).send(publishBody()).expect(403)).body.error,
        ).toBe('FORBIDDEN');
      }
      await ledger.http.post('/rule-sets').set(partner('acme')).send(publishBody()).expect(403);
      await ledger.http.post('/rule-sets').send(publishBody()).expect(401);
      expect(await programEvents()).toEqual([]);
      await ledger.http.post('/rule-sets').set(ledger.auth('admin')).send(publishBody()).expect(201);

      for (const role of ['ops', 'finance', 'auditor', 'partner_manager', 'admin'] as const) {
        await ledger.http.get('/rule-sets').set(ledger.auth(role)).expect(200);
        await ledger.http.get('/rule-sets/2026.1').set(ledger.auth(role)).expect(200);
      }
      await ledger.http.get('/rule-sets').set(partner('acme')).expect(403);
      await ledger.http.get('/rule-sets/2026.1').set(partner('acme')).expect(403);
    });

    it('answers every malformed body with a 4xx, never a 500, changing nothing', async () => {
      const bodies = [
        '[]',
        '"text"',
        '42',
        'null',
        'true',
        '{}',
        '{"tiers": null, "commission": [], "mdf": 1}',
        '{"tiers": [null, 1, "x", []], "commission": {"accelerators": [null, 1], "familyRates": {"": null}}}',
        '{"__proto__": {"admin": true}}',
        '{"constructor": {"prototype": {}}, "rationale": {"x": 1}}',
        '{"version": {"$gt": ""}, "rationale": ["a"]}',
      ];
      for (const body of bodies) {
        const response = await ledger.http
          .post('/rule-sets')
          .set(ops())
          .set('Content-Type', 'application/json')
          .send(body);
        expect({
          body,
          status: response.status >= 400 && response.status < 500,
          error: typeof response.body.error,
        }).toEqual({ body, status: true, error: 'string' });
      }
      expect(await store.headPosition()).toBe(0n);
    });
  });

  describe('closing periods', () => {
    it('closes ended quarters in order with no gaps, and only once each has ended', async () => {
      // Nothing governs 2025-Q4 yet: there are no rules to evaluate tiers with.
      expect((await close('2025-Q4').expect(422)).body).toMatchObject({
        error: 'NO_RULE_SET_IN_FORCE',
        details: { period: '2025-Q4' },
      });
      await publish({ effectiveFrom: '2025-10-01' }).expect(201);

      // Quarters close one after another from the one the first rule set takes effect in (issue 14).
      expect((await close('2026-Q1').expect(422)).body).toMatchObject({
        error: 'PERIOD_CLOSE_OUT_OF_ORDER',
        details: { period: '2026-Q1', firstOpenPeriod: '2025-Q4' },
      });
      const closed = await close('2025-Q4').expect(200);
      expect(closed.body).toEqual({ period: '2025-Q4', position: expect.stringMatching(/^\d+$/) });
      expect((await programEvents()).at(-1)).toMatchObject({
        type: 'PeriodClosed',
        data: { period: '2025-Q4', closedAt: '2026-02-10' },
        metadata: { actor: 'fiona', actorRole: 'finance' },
      });

      // A retry replays; another close of a closed quarter, or of one before it, is a conflict.
      const retry = await close('2025-Q4').expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(closed.body);
      const again = await ledger.http
        .post('/periods/2025-Q4/close')
        .set(finance())
        .set('Idempotency-Key', 'second-try')
        .expect(409);
      expect(again.body).toMatchObject({
        error: 'PERIOD_ALREADY_CLOSED',
        details: { period: '2025-Q4', closedThrough: '2025-Q4' },
      });
      expect((await close('2025-Q3').expect(409)).body).toMatchObject({
        error: 'PERIOD_ALREADY_CLOSED',
        details: { closedThrough: '2025-Q4' },
      });

      // The last day of the quarter is not enough: it must be over.
      ledger.clock.set('2026-03-31T23:59:59.999Z');
      expect((await close('2026-Q1').expect(422)).body.error).toBe('PERIOD_NOT_ENDED');
      ledger.clock.set('2026-07-02T08:00:00.000Z');
      // A gap: 2026-Q1 must close before 2026-Q2.
      expect((await close('2026-Q2').expect(422)).body).toMatchObject({
        error: 'PERIOD_CLOSE_OUT_OF_ORDER',
        details: { period: '2026-Q2', expected: '2026-Q1' },
      });
      await close('2026-Q1').expect(200);
      const last = await close('2026-Q2').expect(200);

      const periods = await ledger.http
        .get(`/periods?after=${last.body.position}`)
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(periods.body).toEqual({
        closedThrough: '2026-Q2',
        frozenThrough: '2026-06-30',
        nextToClose: '2026-Q3',
        closed: [
          { period: '2025-Q4', closedAt: '2026-02-10', closedBy: 'fiona', position: closed.body.position },
          { period: '2026-Q1', closedAt: '2026-07-02', closedBy: 'fiona', position: expect.stringMatching(/^\d+$/) },
          { period: '2026-Q2', closedAt: '2026-07-02', closedBy: 'fiona', position: last.body.position },
        ],
      });
      expect((await programEvents()).filter((event) => event.type === 'PeriodClosed')).toHaveLength(3);
    });

    it('refuses a malformed period with a 400 naming it, and a body, changing nothing', async () => {
      await publish({ effectiveFrom: '2025-10-01' }).expect(201);
      const head = await store.headPosition();
      for (const period of [
        '2026-Q5',
        '2026-Q0',
        '2026q1',
        '2026-q1',
        'Q1-2026',
        '2026-1',
        '0001-Q1',
        '1969-Q4',
        '2026-Q1x',
        'now',
      ]) {
        const response = await close(period);
        expect({ period, status: response.status, error: response.body.error }).toEqual({
          period,
          status: 400,
          error: 'VALIDATION_FAILED',
        });
        expect(response.body.details.fields).toEqual([expect.objectContaining({ field: 'period', rule: 'period' })]);
      }
      await close('2025-Q4').send({ force: true }).expect(400);
      expect(await store.headPosition()).toBe(head);
      await close('2025-Q4').send({}).expect(200);
    });

    it('lets only finance (and admins) close a period', async () => {
      await publish({ effectiveFrom: '2025-10-01' }).expect(201);
      for (const role of ['ops', 'partner_manager', 'auditor'] as const) {
        await ledger.http.post('/periods/2025-Q4/close').set(ledger.auth(role)).expect(403);
      }
      await ledger.http.post('/periods/2025-Q4/close').set(partner('acme')).expect(403);
      await ledger.http.get('/periods').set(partner('acme')).expect(403);
      expect((await programEvents()).map((event) => event.type)).toEqual(['RuleSetPublished']);
      await ledger.http.post('/periods/2025-Q4/close').set(ledger.auth('admin')).expect(200);
    });

    it('freezes the closed quarter and every earlier one: a deal win dated in either is PERIOD_CLOSED', async () => {
      await publish({ effectiveFrom: '2025-10-01' }).expect(201);
      for (const partnerId of ['acme']) {
        await ledger.http
          .post('/partners')
          .set(manager())
          .send({ partnerId, name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2025-01-01' })
          .expect(201);
      }
      const open = (dealId: string, openedAt: string) =>
        ledger.http
          .post('/deals')
          .set(manager())
          .send({
            dealId,
            customer: { name: 'Globex', domain: 'globex.com' },
            partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
            currency: 'USD',
            openedAt,
          });
      const win = (dealId: string, wonAt: string) =>
        ledger.http
          .post(`/deals/${dealId}/win`)
          .set(manager())
          .send({ lines: [{ sku: 'PLAT', family: 'platform', amount: '1000.00' }], billing: 'one_time', wonAt });
      await open('q3', '2025-08-01').expect(201);
      await open('q4', '2025-11-01').expect(201);
      await open('q1', '2026-01-15').expect(201);

      await close('2025-Q4').expect(200);
      const head = await store.headPosition();
      const inClosed = await win('q4', '2025-12-15').expect(422);
      expect(inClosed.body).toMatchObject({
        error: 'PERIOD_CLOSED',
        details: { field: 'wonAt', period: '2025-Q4', closedThrough: '2025-Q4' },
      });
      // 2025-Q3 was never closed by name; closing 2025-Q4 froze it too.
      const earlier = await win('q3', '2025-09-30').expect(422);
      expect(earlier.body).toMatchObject({
        error: 'PERIOD_CLOSED',
        details: { field: 'wonAt', period: '2025-Q3', closedThrough: '2025-Q4' },
      });
      expect((await open('old', '2024-06-30').expect(422)).body).toMatchObject({
        error: 'PERIOD_CLOSED',
        details: { field: 'openedAt', period: '2024-Q2' },
      });
      expect(await store.headPosition()).toBe(head);

      // The open quarter takes the correction; a deal opened before the close can still be won in it.
      await win('q3', '2026-01-02').expect(200);
      await win('q1', '2026-02-01').expect(200);
      await ledger.http
        .post('/deals/q4/lose')
        .set(manager())
        .send({ lostAt: '2026-01-05', reason: 'budget' })
        .expect(200);
      const refund = await ledger.http
        .post('/deals/q3/refund')
        .set(manager())
        .send({ amount: '10.00', refundedAt: '2025-12-31' })
        .expect(422);
      expect(refund.body).toMatchObject({
        error: 'PERIOD_CLOSED',
        details: { field: 'refundedAt', period: '2025-Q4' },
      });
    });
  });

  describe('tier overrides', () => {
    const override = (partnerId: string, body: Record<string, unknown>) =>
      ledger.http.post(`/partners/${partnerId}/tier-override`).set(manager()).send(body);
    const gold = { tier: 'gold', until: '2026-06-30', reason: 'Strategic launch partner' };

    beforeEach(async () => {
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId: 'acme', name: 'Acme', kind: 'reseller', region: 'EMEA' })
        .expect(201);
    });

    async function partnerEvents() {
      return (await store.readStream('partner-acme')).events;
    }

    it('needs a rule set in force today', async () => {
      expect((await override('acme', gold).expect(422)).body).toMatchObject({
        error: 'NO_RULE_SET_IN_FORCE',
        details: { field: 'tier', date: '2026-02-10' },
      });
      await publish({ effectiveFrom: '2026-03-01' }).expect(201);
      await override('acme', gold).expect(422);
      expect(await partnerEvents()).toHaveLength(1);
    });

    it('records an override to a tier of the rule set in force, from today through until', async () => {
      await publish().expect(201);
      const response = await override('acme', gold).expect(200);
      expect(response.body).toEqual({ partnerId: 'acme', position: expect.stringMatching(/^\d+$/) });
      expect((await partnerEvents()).at(-1)).toMatchObject({
        type: 'TierOverridden',
        data: {
          partnerId: 'acme',
          tier: 'gold',
          until: '2026-06-30',
          reason: 'Strategic launch partner',
          overriddenAt: '2026-02-10',
        },
        metadata: { actor: 'maria', actorRole: 'partner_manager' },
      });
      await override('acme', { ...gold, tier: 'silver', until: '2026-02-10' }).expect(200);
    });

    it('refuses a tier that the rule set in force, or one taking effect before until, does not define', async () => {
      await publish().expect(201);
      const unknown = await override('acme', { ...gold, tier: 'platinum' }).expect(422);
      expect(unknown.body).toMatchObject({
        error: 'TIER_UNKNOWN',
        details: { field: 'tier', tier: 'platinum', ruleSetVersion: '2026.1', tiers: ['registered', 'silver', 'gold'] },
      });

      await publish(twoTiers('2026.2', '2026-04-01'), 'Two tiers from Q2').expect(201);
      const dropped = await override('acme', gold).expect(422);
      expect(dropped.body).toMatchObject({
        error: 'TIER_UNKNOWN',
        details: { tier: 'gold', ruleSetVersion: '2026.2', from: '2026-04-01' },
      });
      expect(dropped.body.message).toContain('2026-04-01');
      expect((await partnerEvents()).map((event) => event.type)).toEqual(['PartnerEnrolled']);
      // Ending the override before the new rules take effect is fine.
      await override('acme', { ...gold, until: '2026-03-31' }).expect(200);
    });

    it('refuses a malformed or out-of-range request with a 4xx naming the field, changing nothing', async () => {
      await publish().expect(201);
      const head = await store.headPosition();
      const cases: Array<{ body: Record<string, unknown>; status: number; field: string }> = [
        { body: { ...gold, until: '2026-02-09' }, status: 400, field: 'until' },
        { body: { ...gold, until: '2028-02-11' }, status: 400, field: 'until' },
        { body: { ...gold, until: '2026-02-30' }, status: 400, field: 'until' },
        { body: { ...gold, until: 20260630 }, status: 400, field: 'until' },
        { body: { tier: 'gold', until: '2026-06-30' }, status: 400, field: 'reason' },
        { body: { ...gold, reason: '  ' }, status: 400, field: 'reason' },
        { body: { ...gold, tier: '' }, status: 400, field: 'tier' },
        { body: { ...gold, tier: 'Gold Plus' }, status: 400, field: 'tier' },
        { body: { ...gold, tier: ['gold'] }, status: 400, field: 'tier' },
        { body: { ...gold, from: '2026-01-01' }, status: 400, field: 'from' },
      ];
      for (const { body, status, field } of cases) {
        const response = await override('acme', body);
        expect({ body, status: response.status }).toEqual({ body, status });
        const named = response.body.details.field ?? response.body.details.fields?.[0]?.field;
        expect({ body, named }).toEqual({ body, named: field });
      }
      expect((await override('acme', { ...gold, until: '2026-02-09' })).body).toMatchObject({
        error: 'TIER_OVERRIDE_UNTIL_INVALID',
        details: { rule: 'notBeforeToday', earliest: '2026-02-10' },
      });
      expect((await override('acme', { ...gold, until: '2028-02-11' })).body).toMatchObject({
        error: 'TIER_OVERRIDE_UNTIL_INVALID',
        details: { rule: 'maxHorizon', latest: '2028-02-10' },
      });
      expect((await override('nobody', gold).expect(404)).body.error).toBe('PARTNER_NOT_FOUND');
      await ledger.http.post('/partners/bad%20id/tier-override').set(manager()).send(gold).expect(400);
      for (const body of ['[]', '"gold"', 'null', '{"__proto__": {"tier": "gold"}}']) {
        const response = await ledger.http
          .post('/partners/acme/tier-override')
          .set(manager())
          .set('Content-Type', 'application/json')
          .send(body);
        expect({ body, status: response.status >= 400 && response.status < 500 }).toEqual({ body, status: true });
      }
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses an offboarded partner and accepts a suspended one', async () => {
      await publish().expect(201);
      await ledger.http.post('/partners/acme/suspend').set(manager()).send({ reason: 'Audit' }).expect(200);
      await override('acme', gold).expect(200);
      await ledger.http.post('/partners/acme/offboard').set(manager()).send({ settlement: 'accelerate' }).expect(200);
      expect((await override('acme', gold).expect(422)).body.error).toBe('PARTNER_OFFBOARDED');
    });

    it('lets only partner managers (and admins) override a tier', async () => {
      await publish().expect(201);
      for (const role of ['finance', 'ops', 'auditor'] as const) {
        await ledger.http.post('/partners/acme/tier-override').set(ledger.auth(role)).send(gold).expect(403);
      }
      await ledger.http.post('/partners/acme/tier-override').set(partner('acme')).send(gold).expect(403);
      await ledger.http.post('/partners/acme/tier-override').send(gold).expect(401);
      expect(await partnerEvents()).toHaveLength(1);
      await ledger.http.post('/partners/acme/tier-override').set(ledger.auth('admin')).send(gold).expect(200);
    });
  });
});
