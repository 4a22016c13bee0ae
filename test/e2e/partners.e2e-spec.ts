import { JwtService } from '@nestjs/jwt';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import type { EventStore } from '#event-store';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

const acme = { partnerId: 'acme', name: 'Acme Resellers', kind: 'reseller', region: 'EMEA' };

describe('partners over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
  });
  afterEach(() => ledger.close());

  it('enrolls a partner and reads it back after the returned position', async () => {
    const created = await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(acme).expect(201);
    expect(created.body).toEqual({ partnerId: 'acme', position: expect.stringMatching(/^\d+$/) });
    const read = await ledger.http
      .get(`/partners/acme?after=${created.body.position}`)
      .set(ledger.auth('auditor'))
      .expect(200);
    expect(read.body).toMatchObject({
      partnerId: 'acme',
      name: 'Acme Resellers',
      kind: 'reseller',
      region: 'EMEA',
      status: 'active',
      enrolledAt: '2026-02-10',
    });
  });

  it('answers a retry with the same Idempotency-Key and body with the first answer, appending nothing', async () => {
    const headers = { ...ledger.auth('partner_manager'), 'Idempotency-Key': 'enroll-acme-1' };
    const first = await ledger.http.post('/partners').set(headers).send(acme).expect(201);
    const head = await store.headPosition();
    const retry = await ledger.http.post('/partners').set(headers).send(acme).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a different body under the same key with 409, changing nothing', async () => {
    const headers = { ...ledger.auth('partner_manager'), 'Idempotency-Key': 'enroll-acme-1' };
    await ledger.http.post('/partners').set(headers).send(acme).expect(201);
    const head = await store.headPosition();
    const reused = await ledger.http
      .post('/partners')
      .set(headers)
      .send({ ...acme, name: 'Another name' })
      .expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await store.headPosition()).toBe(head);
  });

  it('takes the partner id as the key when no header is sent', async () => {
    await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(acme).expect(201);
    const head = await store.headPosition();
    await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(acme).expect(201);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses an unknown field and an empty name with 400 naming each field, changing nothing', async () => {
    const response = await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .send({ ...acme, name: '', tier: 'gold' })
      .expect(400);
    expect(response.body.error).toBe('VALIDATION_FAILED');
    const fields = (response.body.details.fields as Array<{ field: string }>).map((field) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'tier']));
    expect(await store.headPosition()).toBe(0n);
  });

  it('refuses malformed JSON and an oversized body as client errors', async () => {
    await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .set('Content-Type', 'application/json')
      .send('{"partnerId":')
      .expect(400);
    const huge = { ...acme, name: 'x'.repeat(2_000_000) };
    const response = await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(huge);
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('PAYLOAD_TOO_LARGE');
  });

  it('requires a valid token: none, a wrong signature, an expired one and alg none are 401', async () => {
    await ledger.http.get('/partners').expect(401);
    const forged = new JwtService({ secret: 'another-secret-that-is-long-enough-to-sign' }).sign({
      sub: 'x',
      role: 'admin',
    });
    await ledger.http.get('/partners').set('Authorization', `Bearer ${forged}`).expect(401);
    const expired = ledger.app
      .get(JwtService)
      .sign({ sub: 'x', role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 });
    await ledger.http.get('/partners').set('Authorization', `Bearer ${expired}`).expect(401);
    const base64url = (json: string) => Buffer.from(json).toString('base64url');
    const unsigned = `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url('{"sub":"x","role":"admin"}')}.`;
    await ledger.http.get('/partners').set('Authorization', `Bearer ${unsigned}`).expect(401);
  });

  it('lets only partner managers (and admins) change partners', async () => {
    await ledger.http.post('/partners').set(ledger.auth('auditor')).send(acme).expect(403);
    await ledger.http.post('/partners').set(ledger.auth('finance')).send(acme).expect(403);
    await ledger.http.post('/partners').set(ledger.auth('admin')).send(acme).expect(201);
    expect(await store.headPosition()).toBe(1n);
  });

  it('scopes partner users to their own partner', async () => {
    await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(acme).expect(201);
    await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .send({ ...acme, partnerId: 'globex', name: 'Globex' })
      .expect(201);
    await ledger.caughtUp();
    const own = await ledger.http
      .get('/partners/acme')
      .set(ledger.auth('partner', 'ann', 'acme'))
      .expect(200);
    expect(own.body.partnerId).toBe('acme');
    const other = await ledger.http
      .get('/partners/globex')
      .set(ledger.auth('partner', 'ann', 'acme'))
      .expect(404);
    expect(JSON.stringify(other.body)).not.toContain('Globex');
    const list = await ledger.http
      .get('/partners')
      .set(ledger.auth('partner', 'ann', 'acme'))
      .expect(200);
    expect(list.body.partners.map((partner: { partnerId: string }) => partner.partnerId)).toEqual(['acme']);
    await ledger.http
      .post('/partners/acme/suspend')
      .set(ledger.auth('partner', 'ann', 'acme'))
      .send({ reason: 'x' })
      .expect(403);
  });

  it('suspends, reinstates and offboards, enforcing the lifecycle with 422', async () => {
    const manager = ledger.auth('partner_manager');
    await ledger.http.post('/partners').set(manager).send(acme).expect(201);
    await ledger.http.post('/partners/acme/reinstate').set(manager).send({ reason: 'no' }).expect(422);
    const suspended = await ledger.http
      .post('/partners/acme/suspend')
      .set(manager)
      .send({ reason: 'Compliance review' })
      .expect(200);
    const listed = await ledger.http
      .get(`/partners?status=suspended&after=${suspended.body.position}`)
      .set(manager)
      .expect(200);
    expect(listed.body.partners).toEqual([
      expect.objectContaining({ partnerId: 'acme', status: 'suspended', statusReason: 'Compliance review' }),
    ]);
    await ledger.http.post('/partners/acme/reinstate').set(manager).send({ reason: 'Cleared' }).expect(200);
    const offboarded = await ledger.http
      .post('/partners/acme/offboard')
      .set(manager)
      .send({ settlement: 'accelerate' })
      .expect(200);
    const read = await ledger.http.get(`/partners/acme?after=${offboarded.body.position}`).set(manager).expect(200);
    expect(read.body.status).toBe('offboarded');
    const late = await ledger.http.post('/partners/acme/suspend').set(manager).send({ reason: 'late' }).expect(422);
    expect(late.body.error).toBe('PARTNER_OFFBOARDED');
    await ledger.http.post('/partners/nobody/suspend').set(manager).send({ reason: 'x' }).expect(404);
  });

  it('records the actor, correlation and causation on every event', async () => {
    await ledger.http
      .post('/partners')
      .set({ ...ledger.auth('partner_manager', 'maria'), 'X-Correlation-Id': 'onboarding-42' })
      .send(acme)
      .expect(201);
    const [event] = await store.readAll({ after: 0n, limit: 10 });
    expect(event?.metadata).toMatchObject({
      actor: 'maria',
      actorRole: 'partner_manager',
      correlationId: 'onboarding-42',
      causationId: expect.any(String),
      recordedAt: '2026-02-10T12:00:00.000Z',
    });
  });

  it('serves health without a token and OpenAPI at /docs, with security headers', async () => {
    const health = await ledger.http.get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
    await ledger.http.get('/docs').expect(200);
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED once a client exceeds its limit, changing nothing', async () => {
    const ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let request = 0; request < 3; request += 1)
        await ledger.http.get('/partners').set(ledger.auth('auditor')).expect(200);
      const limited = await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(acme).expect(429);
      expect(limited.body).toMatchObject({
        error: 'RATE_LIMITED',
        message: expect.stringContaining('at most 3 a minute'),
      });
      await ledger.http.get('/health/live').expect(200);
      expect(await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(0n);
    } finally {
      await ledger.close();
    }
  });
});
