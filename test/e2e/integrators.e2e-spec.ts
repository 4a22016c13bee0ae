import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { runCli } from '../support/cli.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * The API as an integrator automates against it (issue 15): one rule-set document that round-trips
 * between reading, publishing and simulating (HTTP and the CLI), and errors that say what happened.
 * The harness clock starts on 2026-02-10.
 */
const secret = 'e2e-secret-that-is-at-least-32-characters';

/** A rule-set view without the keys that describe its publication (read-only, ignored on input). */
function withoutPublication(view: Record<string, unknown>): Record<string, unknown> {
  const readOnly = new Set(['publishedAt', 'publishedBy', 'retroactive', 'governs', 'position']);
  return Object.fromEntries(Object.entries(view).filter(([key]) => !readOnly.has(key)));
}

describe('one rule-set document: read, edit the version, publish or simulate', () => {
  let ledger: LedgerHarness;
  let dataDir: string;
  const ops = () => ledger.auth('ops', 'olga');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-integrators-'));
    ledger = await startLedger({}, dataDir);
    await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
  });
  afterAll(async () => {
    await ledger.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function read(version: string): Promise<Record<string, unknown>> {
    return (await ledger.http.get(`/rule-sets/${version}`).set(ops()).expect(200)).body as Record<string, unknown>;
  }

  it('accepts what GET /rule-sets/:version answers, only its version changed, in POST /rule-sets', async () => {
    const document = { ...(await read('2026.1')), version: '2026.2' };
    const published = await ledger.http.post('/rule-sets').set(ops()).send(document).expect(201);
    expect(published.body).toMatchObject({ version: '2026.2', effectiveFrom: '2026-01-01' });
    const again = await ledger.http.get(`/rule-sets/2026.2?after=${published.body.position}`).set(ops()).expect(200);
    // What was published is the document read, with its version; the read-only keys describe the new publication.
    expect(withoutPublication(again.body)).toEqual(withoutPublication(document));
    expect(again.body).toMatchObject({ publishedBy: 'olga', retroactive: true, position: published.body.position });
  });

  it('simulates the same document over HTTP, its rationale accepted, its version optional', async () => {
    const read2026 = await read('2026.1');
    const edited = await ledger.http
      .post('/rule-sets/simulate')
      .set(ops())
      .send({ ...read2026, version: '2026.3' })
      .expect(200);
    expect(edited.body.candidate).toEqual({ version: '2026.3', effectiveFrom: '2026-01-01' });
    const { version: _version, ...unnamed } = read2026;
    const candidate = await ledger.http.post('/rule-sets/simulate').set(ops()).send(unnamed).expect(200);
    expect(candidate.body.candidate).toEqual({ version: 'candidate', effectiveFrom: '2026-01-01' });
    const badRationale = await ledger.http
      .post('/rule-sets/simulate')
      .set(ops())
      .send({ ...unnamed, rationale: '' })
      .expect(400);
    expect(badRationale.body.details.fields).toEqual([
      { field: 'rationale', rule: 'nonEmpty', message: 'rationale must be a non-empty string' },
    ]);
  });

  it('prints the same documents with `rule-sets` and simulates one with `ledger simulate`', async () => {
    const fromHttp = await read('2026.1');
    await ledger.app.close();
    const listed = runCli(dataDir, secret, 'rule-sets');
    expect(listed.status).toBe(0);
    const printed = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(printed[0]).toEqual(fromHttp);
    const file = join(dataDir, 'candidate.json');
    writeFileSync(file, JSON.stringify({ ...printed[0], version: '2026.9' }));
    const simulated = runCli(dataDir, secret, 'simulate', file, '--json');
    expect(simulated.stderr).not.toContain('Error');
    expect(simulated.status).toBe(0);
    expect(JSON.parse(simulated.stdout).candidate).toEqual({ version: '2026.9', effectiveFrom: '2026-01-01' });
    ledger = await startLedger({}, dataDir);
  });
});

describe('errors that say what happened', () => {
  let ledger: LedgerHarness;
  const manager = () => ledger.auth('partner_manager', 'maria');
  const acme = { partnerId: 'acme', name: 'Acme', kind: 'reseller', region: 'EMEA' };

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it("answers the domain's own refusal when an entity id is re-used without an Idempotency-Key", async () => {
    await ledger.http.post('/partners').set(manager()).send(acme).expect(201);
    const replay = await ledger.http.post('/partners').set(manager()).send(acme).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const renamed = await ledger.http
      .post('/partners')
      .set(manager())
      .send({ ...acme, name: 'Acme Holdings' })
      .expect(409);
    expect(renamed.body).toMatchObject({ error: 'PARTNER_ALREADY_ENROLLED', details: { partnerId: 'acme' } });
    const keyed = { ...manager(), 'Idempotency-Key': 'enroll-beta' };
    await ledger.http
      .post('/partners')
      .set(keyed)
      .send({ ...acme, partnerId: 'beta' })
      .expect(201);
    const reused = await ledger.http
      .post('/partners')
      .set(keyed)
      .send({ ...acme, partnerId: 'beta', name: 'Beta' })
      .expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  /** Opens a deal with these partners; answers the field errors of a 400. */
  async function refusedDeal(partners: unknown[], extra: Record<string, unknown> = {}) {
    const body = { dealId: 'd-bad', customer: { name: 'Globex', domain: 'globex.example' }, partners, currency: 'USD' };
    const response = await ledger.http
      .post('/deals')
      .set(manager())
      .send({ ...body, ...extra })
      .expect(400);
    expect(response.body.error).toBe('VALIDATION_FAILED');
    return response.body.details.fields as { field: string; rule: string; message: string }[];
  }

  it('tells every rule the body alone can break in one answer, in one shape', async () => {
    const fieldsOf = async (path: string, body: object, as = manager()) => {
      const response = await ledger.http.post(path).set(as).send(body).expect(400);
      expect(response.body.error).toBe('VALIDATION_FAILED');
      return (response.body.details.fields as { field: string; rule: string }[]).map(({ field, rule }) => [
        field,
        rule,
      ]);
    };
    // A split that does not sum to 1 and no customer (the deal is not opened from a registration): both at once.
    expect(await refusedDeal([{ partnerId: 'acme', role: 'sourcing', share: '0.5' }], { customer: undefined })).toEqual(
      [
        { field: 'customer', rule: 'required', message: 'customer is required' },
        { field: 'partners', rule: 'sum', message: "partners' shares must sum to exactly 1, not 0.5" },
      ],
    );
    expect((await refusedDeal([[]])).map(({ field, rule }) => [field, rule])).toEqual([['partners', 'isObject']]);
    // A term on a one-time win and a bad discount, before the deal is even looked for.
    const line = { sku: 'S', family: 'software', amount: '10.00', discount: '2' };
    expect(
      await fieldsOf('/deals/nowhere/win', { lines: [line], billing: 'one_time', termMonths: 12, wonAt: '2026-01-20' }),
    ).toEqual([
      ['lines.0.discount', 'fractionString'],
      ['termMonths', 'billing'],
    ]);
    // Milestones off the budget beside an unknown field.
    const campaign = {
      ...{ campaignId: 'c-bad', partnerId: 'acme', name: 'Spring', budget: '100.00' },
      ...{ goals: { leads: 1, pipeline: '1.00' }, milestones: [{ id: 'm1', amount: '50.00' }], bogus: 1 },
    };
    expect(await fieldsOf('/campaigns', campaign)).toEqual([
      ['bogus', 'whitelistValidation'],
      ['milestones', 'sum'],
    ]);
    const finance = ledger.auth('finance', 'fiona');
    const resolve = '/statements/acme-2026-Q1/lines/e1:acme/resolve';
    expect(await fieldsOf(resolve, { outcome: 'upheld', adjustment: '1.00' }, finance)).toEqual([
      ['adjustment', 'unexpected'],
    ]);
    expect(await fieldsOf(resolve, { outcome: 'adjusted' }, finance)).toEqual([['adjustment', 'required']]);
  });

  it('says what is wrong with a decimal string, and tells a JSON number it is one', async () => {
    const share = (value: unknown) => refusedDeal([{ partnerId: 'acme', role: 'sourcing', share: value }]);
    const messages = async (value: unknown) => (await share(value)).map((field) => field.message);
    expect(await messages('-5.00')).toEqual(['share must not be negative']);
    expect(await messages('1e5')).toEqual([
      'share must be written as digits with an optional decimal point, such as "0.6"',
    ]);
    expect(await messages('1.5')).toEqual(['share must be at most 1']);
    expect(await messages('0')).toEqual(['share must be greater than 0']);
    expect(await messages(0.5)).toEqual(['share must be a decimal string such as "0.6", not a number']);
    await ledger.http
      .post('/deals')
      .set(manager())
      .send({
        dealId: 'd-ok',
        customer: { name: 'Globex', domain: 'globex.example' },
        partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
        currency: 'USD',
      });
    const discount = await ledger.http
      .post('/deals/d-ok/win')
      .set(manager())
      .send({ lines: [{ sku: 'A', family: 'software', amount: '-5.00', discount: '1.5' }], billing: 'one_time' })
      .expect(400);
    expect(discount.body.details.fields).toEqual(
      expect.arrayContaining([
        { field: 'lines.0.amount', rule: 'amountString', message: 'amount must not be negative' },
        { field: 'lines.0.discount', rule: 'fractionString', message: 'discount must be at most 1' },
      ]),
    );
  });

  it('tells a missing field once that it is required, and every field error of the request together', async () => {
    const response = await ledger.http.post('/partners').set(manager()).send({ partnerId: 'x y', kind: 'nope' });
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: 'partnerId', rule: 'matches', message: expect.stringContaining('partnerId must be') },
      { field: 'name', rule: 'required', message: 'name is required' },
      { field: 'kind', rule: 'isIn', message: expect.stringContaining('kind must be one of') },
      { field: 'region', rule: 'required', message: 'region is required' },
    ]);
    expect(response.body.message).toContain('name is required; kind must be one of');
    const split = [
      { partnerId: 'acme', role: 'sourcing', share: '0.6' },
      { partnerId: 'beta', role: 'influencing', share: '0.3' },
    ];
    // The split's sum is the decider's rule too; known before deciding, it comes back with the others.
    expect(await refusedDeal(split, { currency: 'euro' })).toEqual([
      { field: 'partners', rule: 'sum', message: "partners' shares must sum to exactly 1, not 0.9" },
      { field: 'currency', rule: 'currencyCode', message: 'currency must be an ISO 4217 code such as "EUR"' },
    ]);
  });

  it('answers 415 for a body that is not JSON, and takes an empty JSON body on an action that needs none', async () => {
    const text = await ledger.http
      .post('/partners')
      .set({ ...manager(), 'Content-Type': 'text/plain' })
      .send('partnerId=acme');
    expect(text.status).toBe(415);
    expect(text.body).toEqual({
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The body must be JSON, sent with Content-Type: application/json',
      details: {},
    });
    // A form (what `curl -d` sends unless told otherwise) neither enrolls anyone nor reads as a broken JSON body.
    const form = await ledger.http
      .post('/partners')
      .set({ ...manager(), 'Content-Type': 'application/x-www-form-urlencoded' })
      .send('partnerId=formed&name=Formed&kind=reseller&region=EMEA');
    expect(form.status).toBe(415);
    expect(form.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
    await ledger.http.get('/partners/formed').set(manager()).expect(404);
    await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
    ledger.clock.set('2026-04-02T12:00:00.000Z');
    const close = await ledger.http
      .post('/periods/2026-Q1/close')
      .set({ ...ledger.auth('finance'), 'Content-Type': 'application/json' })
      .send('');
    expect(close.status).toBe(200);
    expect(close.body.position).toEqual(expect.any(String));
    // Reinstating needs no reason: an empty JSON body reinstates, and the event carries none.
    await ledger.enroll('quiet');
    await ledger.http.post('/partners/quiet/suspend').set(manager()).send({ reason: 'audit' }).expect(200);
    const reinstated = await ledger.http
      .post('/partners/quiet/reinstate')
      .set({ ...manager(), 'Content-Type': 'application/json' })
      .send('');
    expect(reinstated.status).toBe(200);
    const partner = await ledger.http.get(`/partners/quiet?after=${reinstated.body.position}`).set(manager());
    expect(partner.body).toMatchObject({ status: 'active', statusReason: null });
    const empty = await ledger.http
      .post('/partners')
      .set({ ...manager(), 'Content-Type': 'application/json' })
      .send('');
    expect(empty.status).toBe(400);
    expect(empty.body.details.fields.map((field: { field: string }) => field.field)).toEqual([
      'partnerId',
      'name',
      'kind',
      'region',
    ]);
  });
});

describe('GET /events: after is a global position, fromRevision pages a stream', () => {
  let ledger: LedgerHarness;
  const auditor = () => ledger.auth('auditor');

  beforeAll(async () => {
    ledger = await startLedger();
    await ledger.enroll('a', 'b');
    const manager = ledger.auth('partner_manager', 'maria');
    await ledger.http.post('/partners/b/suspend').set(manager).send({ reason: 'audit' }).expect(200);
    await ledger.http.post('/partners/b/reinstate').set(manager).send({ reason: 'cleared' }).expect(200);
  });
  afterAll(() => ledger.close());

  const positions = (body: { events: { position: string }[] }) => body.events.map((event) => event.position);

  it('reads after a global position, within one stream too', async () => {
    expect(positions((await ledger.http.get('/events?after=2').set(auditor()).expect(200)).body)).toEqual(['3', '4']);
    // partner-b holds positions 2, 3 and 4: after=2 is a position, not its second revision.
    const stream = await ledger.http.get('/events?stream=partner-b&after=2').set(auditor()).expect(200);
    expect(stream.body.events.map((event: { revision: number }) => event.revision)).toEqual([2, 3]);
    expect(positions(stream.body)).toEqual(['3', '4']);
  });

  it('pages one stream from a revision, then by its next cursor', async () => {
    const first = await ledger.http.get('/events?stream=partner-b&fromRevision=2&limit=1').set(auditor()).expect(200);
    expect(first.body.events.map((event: { revision: number }) => event.revision)).toEqual([2]);
    const second = await ledger.http
      .get(`/events?stream=partner-b&limit=1&cursor=${first.body.next}`)
      .set(auditor())
      .expect(200);
    expect({
      revisions: second.body.events.map((e: { revision: number }) => e.revision),
      next: second.body.next,
    }).toEqual({ revisions: [3], next: null });
    const otherStream = await ledger.http
      .get(`/events?stream=partner-a&cursor=${first.body.next}`)
      .set(auditor())
      .expect(400);
    expect(otherStream.body.details.fields[0].field).toBe('cursor');
    for (const forged of [['abc'], ['partner-b', 'x'], ['partner-b', -1]]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const stream = forged.length === 2 ? '&stream=partner-b' : '';
      const refused = await ledger.http.get(`/events?cursor=${cursor}${stream}`).set(auditor()).expect(400);
      expect(refused.body.details.fields[0].field).toBe('cursor');
    }
    const noStream = await ledger.http.get('/events?fromRevision=2').set(auditor()).expect(400);
    expect(noStream.body.message).toBe('fromRevision needs a stream');
  });
});

describe('lists: limit, an opaque next cursor, filters, and a partner sees only its own rows', () => {
  let ledger: LedgerHarness;
  let last = '0';
  const manager = () => ledger.auth('partner_manager', 'maria');
  const fiona = () => ledger.auth('finance', 'fiona');
  const on = (date: string) => ledger.clock.set(`${date}T12:00:00.000Z`);
  /** Remembers the position a command answered, so the next read waits for it (`?after=`). */
  function track(response: { body: { position?: string } }): void {
    last = response.body.position ?? last;
  }
  const get = async (path: string, as = ledger.auth('auditor')) =>
    (
      await ledger.http
        .get(`${path}${path.includes('?') ? '&' : '?'}after=${last}`)
        .set(as)
        .expect(200)
    ).body;

  async function enroll(partnerId: string, name: string): Promise<void> {
    track(
      await ledger.http.post('/partners').set(manager()).send({ partnerId, name, kind: 'reseller', region: 'EMEA' }),
    );
  }

  async function wonDeal(partnerId: string, dealId: string, customer: string, amount: string): Promise<void> {
    const deal = {
      dealId,
      customer: { name: customer, domain: `${dealId}.example` },
      partners: [{ partnerId, role: 'sourcing', share: '1' }],
      currency: 'USD',
    };
    track(await ledger.http.post('/deals').set(manager()).send(deal).expect(201));
    const win = { lines: [{ sku: 'PLATFORM', family: 'software', amount }], billing: 'one_time', wonAt: '2026-01-10' };
    track(await ledger.http.post(`/deals/${dealId}/win`).set(manager()).send(win).expect(200));
  }

  beforeAll(async () => {
    ledger = await startLedger();
    on('2026-01-05');
    track(await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' })));
    for (const [id, name] of [
      ['acme-emea', 'Acme EMEA'],
      ['acme-us', 'Acme US'],
      ['bolt', 'Bolt Systems'],
      ['cobalt', 'Cobalt (acme partner)'],
      ['delta', 'Delta'],
    ])
      await enroll(id!, name!);
    const silver = { tier: 'silver', until: '2026-12-31', reason: 'Launch partner' };
    for (const partnerId of ['acme-emea', 'bolt'])
      track(await ledger.http.post(`/partners/${partnerId}/tier-override`).set(manager()).send(silver).expect(200));
    on('2026-01-10');
    await wonDeal('acme-emea', 'd1', 'Globex Corporation', '1000.00');
    await wonDeal('bolt', 'd2', 'Initech', '2000.00');
    track(
      await ledger.http
        .post('/deals')
        .set(manager())
        .send({
          dealId: 'd3',
          customer: { name: 'Globex Retail', domain: 'globex-retail.example' },
          partners: [{ partnerId: 'bolt', role: 'sourcing', share: '1' }],
          currency: 'USD',
        }),
    );
    await ledger.caughtUp();
  });
  afterAll(() => ledger.close());

  it('pages partners two at a time, each exactly once, while enrollments are appended concurrently', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let enrolled = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const enrolling = enroll(`p-${enrolled}`, `Concurrent ${enrolled}`);
      const page = await get(`/partners?limit=2${query}`);
      await enrolling;
      enrolled += 1;
      expect(page.partners.length).toBeLessThanOrEqual(2);
      seen.push(...page.partners.map((partner: { partnerId: string }) => partner.partnerId));
      cursor = page.next as string | null;
      pages += 1;
    } while (cursor !== null && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const partnerId of ['acme-emea', 'acme-us', 'bolt', 'cobalt', 'delta'])
      expect(seen.filter((id) => id === partnerId)).toEqual([partnerId]);
  });

  it('filters partners by tier, status, kind and region, and by q on name and id', async () => {
    const ids = async (query: string) =>
      (await get(`/partners?${query}`)).partners.map((partner: { partnerId: string }) => partner.partnerId);
    expect(await ids('tier=silver')).toEqual(['acme-emea', 'bolt']);
    expect(await ids('tier=silver&q=acme')).toEqual(['acme-emea']);
    expect(await ids('q=ACME&limit=1000')).toEqual(['acme-emea', 'acme-us', 'cobalt']);
    expect(await ids('q=acme&tier=silver&limit=1')).toEqual(['acme-emea']);
    expect(await ids('q=%25')).toEqual([]);
    expect(await ids('status=active&kind=reseller&region=EMEA&q=delta')).toEqual(['delta']);
    expect(await ids('tier=registered&q=acme')).toEqual(['acme-us', 'cobalt']);
  });

  it('shows a partner user only itself, whatever it asks', async () => {
    const own = ledger.auth('partner', 'bolt-user', 'bolt');
    expect((await get('/partners', own)).partners.map((p: { partnerId: string }) => p.partnerId)).toEqual(['bolt']);
    expect((await get('/partners?q=acme', own)).partners).toEqual([]);
    expect((await get('/deals', own)).deals.map((deal: { dealId: string }) => deal.dealId)).toEqual(['d2', 'd3']);
    expect((await get('/deals?partnerId=acme-emea', own)).deals).toEqual([]);
  });

  it('lists deals by partner, status, period and q on customer name or domain', async () => {
    const ids = async (query: string) =>
      (await get(`/deals?${query}`)).deals.map((deal: { dealId: string }) => deal.dealId);
    expect(await ids('')).toEqual(['d1', 'd2', 'd3']);
    expect(await ids('partnerId=bolt')).toEqual(['d2', 'd3']);
    expect(await ids('status=won')).toEqual(['d1', 'd2']);
    expect(await ids('q=globex')).toEqual(['d1', 'd3']);
    expect(await ids('q=initech&status=won&period=2026-Q1')).toEqual(['d2']);
    expect(await ids('period=2026-Q2')).toEqual([]);
    const first = await get('/deals?limit=2');
    expect(first.deals).toHaveLength(2);
    expect(first.deals[0]).toMatchObject({ dealId: 'd1', status: 'won', stage: expect.any(String) });
    const second = await get(`/deals?limit=2&cursor=${first.next}`);
    expect({ deals: second.deals.map((deal: { dealId: string }) => deal.dealId), next: second.next }).toEqual({
      deals: ['d3'],
      next: null,
    });
  });

  it('lists statements by period, partner and status', async () => {
    on('2026-04-02');
    track(await ledger.http.post('/periods/2026-Q1/close').set(fiona()).expect(200));
    for (const partnerId of ['acme-emea', 'bolt'])
      track(await ledger.http.post('/statements').set(fiona()).send({ partnerId, period: '2026-Q1' }).expect(201));
    const bolt = await get('/statements?partnerId=bolt&period=2026-Q1', fiona());
    const line = bolt.statements[0].lines[0].lineId as string;
    track(
      await ledger.http
        .post(`/statements/bolt-2026-Q1/lines/${line}/dispute`)
        .set(ledger.auth('partner', 'bolt-user', 'bolt'))
        .send({ reason: 'The rate is wrong' })
        .expect(200),
    );
    track(await ledger.http.post('/statements/acme-emea-2026-Q1/approve').set(ledger.auth('finance', 'frank')));
    const ids = async (query: string) =>
      (await get(`/statements?${query}`, fiona())).statements.map((s: { statementId: string }) => s.statementId);
    expect(await ids('period=2026-Q1')).toEqual(['acme-emea-2026-Q1', 'bolt-2026-Q1']);
    expect(await ids('status=disputed')).toEqual(['bolt-2026-Q1']);
    expect(await ids('status=approved')).toEqual(['acme-emea-2026-Q1']);
    expect(await ids('status=issued')).toEqual([]);
    expect(await ids('status=paid&period=2026-Q1')).toEqual([]);
    const first = await get('/statements?limit=1', fiona());
    expect(first.statements.map((s: { statementId: string }) => s.statementId)).toEqual(['acme-emea-2026-Q1']);
    expect(await ids(`limit=1&cursor=${first.next}`)).toEqual(['bolt-2026-Q1']);
  });

  it('refuses a limit over 1000 and a cursor that is not a next value of the list', async () => {
    const tooMany = await ledger.http.get('/partners?limit=1001').set(ledger.auth('auditor')).expect(400);
    expect(tooMany.body.details.fields).toEqual([
      { field: 'limit', rule: 'max', message: 'limit must be a whole number from 1 to 1000' },
    ]);
    const forged = Buffer.from('{"a":1}').toString('base64url');
    const refused = await ledger.http.get(`/partners?cursor=${forged}`).set(ledger.auth('auditor')).expect(400);
    expect(refused.body.details.fields[0]).toMatchObject({ field: 'cursor', rule: 'cursor' });
    for (const written of ['0x10', '1e2', '%2016'])
      await ledger.http.get(`/partners?limit=${written}`).set(ledger.auth('auditor')).expect(400);
    // A NUL in a search would end SQLite's pattern there, and match every row.
    for (const list of ['/partners', '/deals'])
      await ledger.http.get(`${list}?q=%00`).set(ledger.auth('auditor')).expect(400);
    const first = await get('/deals?limit=1');
    await ledger.http.get(`/statements?cursor=${first.next}`).set(fiona()).expect(400);
    // A cursor of the same list under other filters, or edited: refused, not taken as a position in this list (which
    // would skip rows); so is one of another list whose keys have the same shape (cursor.spec.ts).
    const deals = (query: string) => ledger.http.get(`/deals?${query}`).set(ledger.auth('auditor'));
    await deals(`limit=1&cursor=${first.next}`).expect(200);
    await deals(`status=lost&cursor=${first.next}`).expect(400);
    const [payload, check] = (first.next as string).split('.');
    const edited = Buffer.from(JSON.stringify(['not-a-date', 5])).toString('base64url');
    expect((await deals(`cursor=${edited}.${check}`).expect(400)).body.details.fields[0]).toMatchObject({
      field: 'cursor',
      rule: 'cursor',
    });
    await deals(`cursor=${payload}`).expect(400);
  });
});
