import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

describe('operations over HTTP', () => {
  let ledger: LedgerHarness;
  beforeEach(async () => {
    ledger = await startLedger();
    for (const partnerId of ['a', 'b', 'c']) {
      await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send({ partnerId, name: `Partner ${partnerId}`, kind: 'referral', region: 'NA' }).expect(201);
    }
    await ledger.http.post('/partners/b/suspend').set(ledger.auth('partner_manager')).send({ reason: 'audit' }).expect(200);
    await ledger.caughtUp();
  });
  afterEach(() => ledger.close());

  it('shows each projection with its position and lag, and rebuilds without downtime', async () => {
    const before = await ledger.http.get('/admin/projections').set(ledger.auth('ops')).expect(200);
    expect(before.body.headPosition).toBe('4');
    expect(before.body.projections).toEqual(expect.arrayContaining([{ name: 'partners', version: 1, position: '4', lag: '0', state: 'caught_up' }]));
    const started = await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('ops')).send({ projections: ['partners'] }).expect(202);
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

  it('refuses an unknown projection and non-ops roles', async () => {
    const unknown = await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('ops')).send({ projections: ['nope'] }).expect(404);
    expect(unknown.body.error).toBe('PROJECTION_UNKNOWN');
    await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('finance')).send({}).expect(403);
    await ledger.http.get('/admin/projections').set(ledger.auth('partner', 'p', 'a')).expect(403);
  });

  it('pages the raw log for auditors, globally and per stream', async () => {
    const first = await ledger.http.get('/events?limit=2').set(ledger.auth('auditor')).expect(200);
    expect(first.body.events.map((event: { position: string }) => event.position)).toEqual(['1', '2']);
    expect(first.body.next).toBe('2');
    const rest = await ledger.http.get(`/events?after=${first.body.next}&limit=10`).set(ledger.auth('auditor')).expect(200);
    expect(rest.body.events.map((event: { type: string }) => event.type)).toEqual(['PartnerEnrolled', 'PartnerSuspended']);
    expect(rest.body.next).toBeNull();
    const stream = await ledger.http.get('/events?stream=partner-b').set(ledger.auth('auditor')).expect(200);
    expect(stream.body.events).toEqual([
      expect.objectContaining({ type: 'PartnerEnrolled', revision: 1, stream: 'partner-b', metadata: expect.objectContaining({ actor: 'partner_manager-user' }) }),
      expect.objectContaining({ type: 'PartnerSuspended', revision: 2, data: { partnerId: 'b', reason: 'audit', suspendedAt: '2026-02-10' } }),
    ]);
    await ledger.http.get('/events').set(ledger.auth('finance')).expect(403);
    await ledger.http.get('/events?limit=5000').set(ledger.auth('auditor')).expect(400);
  });
});
