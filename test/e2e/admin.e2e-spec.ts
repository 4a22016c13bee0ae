import { randomUUID } from 'node:crypto';
import type { EventStore } from '#event-store';
import { writeLastVerify } from '../../apps/ledger/src/common/last-verify.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

describe('operations over HTTP', () => {
  let ledger: LedgerHarness;
  beforeEach(async () => {
    ledger = await startLedger();
    for (const partnerId of ['a', 'b', 'c']) {
      await ledger.http
        .post('/partners')
        .set(ledger.auth('partner_manager'))
        .send({ partnerId, name: `Partner ${partnerId}`, kind: 'referral', region: 'NA' })
        .expect(201);
    }
    await ledger.http
      .post('/partners/b/suspend')
      .set(ledger.auth('partner_manager'))
      .send({ reason: 'audit' })
      .expect(200);
    await ledger.caughtUp();
  });
  afterEach(() => ledger.close());

  it('shows each projection with its position and lag, and rebuilds without downtime', async () => {
    const before = await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200);
    expect(before.body.headPosition).toBe('4');
    expect(before.body.projections).toEqual(
      expect.arrayContaining([{ name: 'partners', version: 1, position: '4', lag: '0', state: 'caught_up' }]),
    );
    const started = await ledger.http
      .post('/admin/projections/rebuild')
      .set(ledger.auth('ops'))
      .send({ projections: ['partners'] })
      .expect(202);
    expect(started.body.rebuild).toMatchObject({ projections: ['partners'] });
    // Reads keep answering while the rebuild runs.
    await ledger.http.get('/partners/b').set(ledger.auth('auditor')).expect(200);
    for (let polls = 0; polls < 200; polls += 1) {
      const status = await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200);
      if (status.body.rebuild?.state === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const after = await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200);
    expect(after.body.rebuild).toMatchObject({ state: 'done', done: '4', total: '4' });
    const partner = await ledger.http.get('/partners/b').set(ledger.auth('auditor')).expect(200);
    expect(partner.body.status).toBe('suspended');
  });

  it('shows the newest verify run on the data folder, and null before any', async () => {
    const never = await ledger.http.get('/admin/verification').set(ledger.auth('auditor')).expect(200);
    expect(never.body).toEqual({ verification: null });
    const outcome = {
      finishedAt: '2026-12-02T06:00:00.000Z',
      ok: false,
      checks: ['log chain: ok, 4 events', 'partners: DIFFERS in partners at position 3'],
      failure: ' at position 3',
    };
    writeLastVerify(ledger.dataDir, outcome);
    const read = await ledger.http.get('/admin/verification').set(ledger.auth('ops')).expect(200);
    expect(read.body).toEqual({ verification: outcome });
    await ledger.http.get('/admin/verification').set(ledger.auth('finance')).expect(403);
  });

  it('refuses an unknown projection and non-ops roles', async () => {
    const unknown = await ledger.http
      .post('/admin/projections/rebuild')
      .set(ledger.auth('ops'))
      .send({ projections: ['nope'] })
      .expect(404);
    expect(unknown.body.error).toBe('PROJECTION_UNKNOWN');
    await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('finance')).send({}).expect(403);
    await ledger.http
      .get('/admin/projections')
      .set(ledger.auth('partner', 'p', 'a'))
      .expect(403);
  });

  it('lets auditors read the projections (they read everything)', async () => {
    const status = await ledger.http.get('/admin/projections').set(ledger.auth('auditor')).expect(200);
    expect(status.body.projections).toHaveLength(7);
  });

  it('a poison event fails its projection alone, shown everywhere; its rebuild refuses without a 500', async () => {
    // An enrollment without a name, appended past the deciders: the partners table cannot take it.
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const recordedAt = '2026-02-10T12:00:00.000Z';
    const metadata = {
      actor: 'intruder',
      actorRole: 'admin',
      correlationId: 'x',
      causationId: 'x',
      recordedAt,
      idempotencyKey: 'x',
      commandHash: 'x',
    };
    const data = { partnerId: 'poison', kind: 'referral', region: 'NA', enrolledAt: '2026-02-10' };
    const poison = { eventId: randomUUID(), type: 'PartnerEnrolled', data, metadata };
    const { position } = await store.appendToStream('partner-poison', [poison], { expectedVersion: 0 });
    const later = { partnerId: 'z', name: 'Partner z', kind: 'referral', region: 'NA' };
    await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(later).expect(201);
    await ledger.caughtUp();

    const status = await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200);
    const byName = new Map<string, { state: string; failure?: { position: string; error: string } }>(
      status.body.projections.map((projection: { name: string }) => [projection.name, projection]),
    );
    expect(byName.get('partners')).toMatchObject({
      state: 'failed',
      failure: { position: position.toString(), error: expect.stringContaining('NOT NULL') },
    });
    expect(byName.get('deals')).toMatchObject({ state: 'caught_up' });

    const read = await ledger.http.get(`/partners/a?after=${position}`).set(ledger.auth('auditor')).expect(503);
    const failure = { projection: 'partners', position: position.toString() };
    expect(read.body).toMatchObject({ error: 'PROJECTION_FAILED', details: failure });
    await ledger.http.get(`/registrations?after=${position}`).set(ledger.auth('auditor')).expect(200);
    // A request is authenticated before it waits for the read models: no token is 401, not the projection's failure.
    expect((await ledger.http.get(`/partners/a?after=${position}`).expect(401)).body.error).toBe('UNAUTHENTICATED');
    await ledger.http.get('/partners/a').set(ledger.auth('auditor')).expect(200);

    const health = await ledger.http.get('/health').expect(503);
    expect(JSON.stringify(health.body)).toContain('"failed":[{"name":"partners"');
    const metrics = await ledger.http.get('/metrics').set(ledger.auth('ops')).expect(200);
    expect(metrics.text).toContain('ledger_projection_state{projection="partners",state="failed"} 1');
    expect(metrics.text).toContain('ledger_projection_state{projection="deals",state="caught_up"} 1');
    expect(metrics.text).toContain(`ledger_projection_failed_position{projection="partners"} ${position}`);

    // A short log fails the scratch build before the answer (422); a long one after it (202, then failed).
    const rebuildPartners = { projections: ['partners'] };
    const started = await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('ops')).send(rebuildPartners);
    expect([202, 422]).toContain(started.status);
    if (started.status === 422) {
      expect(started.body).toMatchObject({ error: 'PROJECTION_REBUILD_FAILED', details: failure });
    }
    let rebuild: { state: string; code?: string; error?: string } | null = null;
    for (let polls = 0; polls < 200 && rebuild?.state !== 'failed'; polls += 1) {
      rebuild = (await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200)).body.rebuild;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const error = expect.stringContaining(`position ${position}`);
    expect(rebuild).toMatchObject({ state: 'failed', code: 'PROJECTION_REBUILD_FAILED', error });
  });

  it('pages the raw log for auditors, globally and per stream', async () => {
    const first = await ledger.http.get('/events?limit=2').set(ledger.auth('auditor')).expect(200);
    expect(first.body.events.map((event: { position: string }) => event.position)).toEqual(['1', '2']);
    expect(first.body.next).toEqual(expect.any(String));
    const rest = await ledger.http
      .get(`/events?cursor=${first.body.next}&limit=10`)
      .set(ledger.auth('auditor'))
      .expect(200);
    expect(rest.body.events.map((event: { type: string }) => event.type)).toEqual([
      'PartnerEnrolled',
      'PartnerSuspended',
    ]);
    expect(rest.body.next).toBeNull();
    const stream = await ledger.http.get('/events?stream=partner-b').set(ledger.auth('auditor')).expect(200);
    expect(stream.body.events).toEqual([
      expect.objectContaining({
        type: 'PartnerEnrolled',
        revision: 1,
        stream: 'partner-b',
        metadata: expect.objectContaining({ actor: 'partner_manager-user' }),
      }),
      expect.objectContaining({
        type: 'PartnerSuspended',
        revision: 2,
        data: { partnerId: 'b', reason: 'audit', suspendedAt: '2026-02-10' },
      }),
    ]);
    await ledger.http.get('/events').set(ledger.auth('finance')).expect(403);
    await ledger.http.get('/events?limit=5000').set(ledger.auth('auditor')).expect(400);
    // A position past any the log can hold (beyond 64 bits, which SQLite cannot bind): an empty page, not a 500.
    for (const after of ['9223372036854775807', '9223372036854775808', '99999999999999999999']) {
      const beyond = await ledger.http.get(`/events?after=${after}`).set(ledger.auth('auditor')).expect(200);
      expect(beyond.body).toEqual({ events: [], next: null });
    }
  });
});
