import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { roles, type Role } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { freePort } from '../support/service-process.js';

/**
 * Who may call what, from DESIGN §9 and docs/decisions.md, written out here independently of the
 * controllers' decorators: the test compares the two. `admin` may do everything. Routes marked
 * `public` need no token. Every route in the OpenAPI document must appear here.
 */
const all: readonly Role[] = roles;
const matrix: Record<string, readonly Role[] | 'public'> = {
  'GET /health/live': 'public',
  'GET /health': 'public',
  'GET /auth/config': 'public',
  'GET /metrics': ['ops', 'auditor'],
  'GET /partners': all,
  'POST /partners': ['partner_manager'],
  'POST /partners/{id}/suspend': ['partner_manager'],
  'POST /partners/{id}/reinstate': ['partner_manager'],
  'POST /partners/{id}/offboard': ['partner_manager'],
  'POST /partners/{id}/tier-override': ['partner_manager'],
  'GET /partners/{id}': all,
  'GET /admin/projections': ['ops', 'auditor'],
  'GET /admin/verification': ['ops', 'auditor'],
  'POST /admin/projections/rebuild': ['ops'],
  'GET /events': ['auditor'],
  'POST /rule-sets/simulate': ['ops'],
  'GET /registrations': all,
  'POST /registrations': ['partner', 'partner_manager'],
  'POST /registrations/{id}/approve': ['partner_manager'],
  'POST /registrations/{id}/reject': ['partner_manager'],
  'POST /registrations/{id}/extend': ['partner_manager'],
  'GET /registrations/{id}': all,
  'POST /customers/{domain}/divisions': ['partner_manager'],
  'POST /deals': ['partner_manager'],
  'POST /deals/{id}/stage': ['partner_manager'],
  'POST /deals/{id}/win': ['partner_manager'],
  'POST /deals/{id}/lose': ['partner_manager'],
  'POST /deals/{id}/renew': ['partner_manager'],
  'POST /deals/{id}/expand': ['partner_manager'],
  'POST /deals/{id}/refund': ['partner_manager'],
  'POST /deals/{id}/churn': ['partner_manager'],
  'GET /deals': all,
  'GET /deals/{id}': all,
  'GET /partners/{id}/pipeline': all,
  'GET /partners/{id}/scorecard': ['finance', 'auditor', 'partner_manager', 'ops', 'partner'],
  'GET /rule-sets': ['ops', 'finance', 'auditor', 'partner_manager'],
  'POST /rule-sets': ['ops'],
  'GET /rule-sets/{version}': ['ops', 'finance', 'auditor', 'partner_manager'],
  'POST /periods/{period}/close': ['finance'],
  'GET /periods': ['finance', 'auditor', 'ops', 'partner_manager'],
  'GET /partners/{id}/commission-lines': ['finance', 'auditor', 'partner'],
  'GET /commission-lines/{lineId}': ['finance', 'auditor', 'partner'],
  'GET /partners/{id}/balance': ['finance', 'auditor', 'partner'],
  'GET /partners/{id}/tier': ['finance', 'auditor', 'partner_manager', 'partner'],
  'GET /partners/{id}/mdf-accruals': ['finance', 'auditor', 'partner'],
  'GET /partners/{id}/mdf': ['finance', 'auditor', 'partner_manager', 'partner'],
  'GET /campaigns': all,
  'POST /campaigns': ['partner', 'partner_manager'],
  'POST /campaigns/{id}/approve': ['partner_manager'],
  'POST /campaigns/{id}/milestones/{milestoneId}/complete': ['partner_manager'],
  'POST /campaigns/{id}/leads': ['partner_manager'],
  'POST /campaigns/{id}/close': ['partner_manager'],
  'POST /campaigns/{id}/claims': ['partner', 'partner_manager'],
  'POST /campaigns/{id}/claims/{claimId}/approve': ['partner_manager'],
  'POST /campaigns/{id}/claims/{claimId}/reject': ['partner_manager'],
  'GET /campaigns/{id}': all,
  'GET /statements': ['finance', 'auditor', 'partner'],
  'POST /statements': ['finance'],
  'GET /statements/{id}': ['finance', 'auditor', 'partner'],
  'POST /statements/{id}/approve': ['finance'],
  'POST /statements/{id}/pay': ['finance'],
  'POST /statements/{id}/lines/{lineId}/dispute': ['partner'],
  'POST /statements/{id}/lines/{lineId}/resolve': ['finance'],
  'POST /imports': ['partner_manager'],
  'GET /imports/{id}': ['partner_manager'],
};

/** The partner whose data must never reach anyone else: every identifier of it contains "hidden". */
const hidden = {
  partnerId: 'hidden-partner',
  dealId: 'hidden-deal',
  registrationId: 'hidden-registration',
  campaignId: 'hidden-campaign',
  domain: 'hidden-customer.example',
  statementId: 'hidden-partner-2026-Q1',
};
const prober = {
  partnerId: 'prober',
  dealId: 'prober-deal',
  registrationId: 'prober-registration',
  campaignId: 'prober-campaign',
  domain: 'prober-customer.example',
  statementId: 'prober-2026-Q1',
};
/**
 * A deal the prober co-sells with the hidden partner, opened from the hidden partner's registration: the prober
 * may read the deal, but only its own share and revenue, never the hidden partner or its registration.
 */
const coSold = {
  dealId: 'prober-cosold-deal',
  registrationId: 'hidden-cosold-registration',
  domain: 'cosold-customer.example',
};

describe('security', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  let routes: string[];

  beforeAll(async () => {
    ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '100000000' });
    store = ledger.app.get(EVENT_STORE);
    const document = SwaggerModule.createDocument(ledger.app, new DocumentBuilder().build());
    routes = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const).filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // A small program with two partners, each with its own registration, deal, campaign and statement.
    const as = (role: Role, sub = `${role}-user`) => ledger.auth(role, sub);
    const on = (date: string) => ledger.clock.set(`${date}T12:00:00.000Z`);
    on('2026-01-05');
    await ledger.http
      .post('/rule-sets')
      .set(as('ops'))
      .send({
        ...ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01', commission: { holdbackDays: 0 } }),
        rationale: 'launch',
      })
      .expect(201);
    for (const party of [hidden, prober]) {
      await ledger.http
        .post('/partners')
        .set(as('partner_manager'))
        .send({ partnerId: party.partnerId, name: `Name of ${party.partnerId}`, kind: 'reseller', region: 'EMEA' })
        .expect(201);
      await ledger.http
        .post('/registrations')
        .set(as('partner_manager'))
        .send({
          registrationId: party.registrationId,
          partnerId: party.partnerId,
          customer: { name: `Customer ${party.domain}`, domain: party.domain },
          productFamily: 'software',
          estimatedValue: '50000.00',
          expectedCloseDate: '2026-03-01',
        })
        .expect(201);
      await ledger.http.post(`/registrations/${party.registrationId}/approve`).set(as('partner_manager')).expect(200);
      await ledger.http
        .post('/deals')
        .set(as('partner_manager'))
        .send({ dealId: party.dealId, registrationId: party.registrationId, currency: 'USD' })
        .expect(201);
      await ledger.http
        .post(`/deals/${party.dealId}/win`)
        .set(as('partner_manager'))
        .send({
          lines: [{ sku: 'S', family: 'software', amount: '20000.00' }],
          billing: 'one_time',
          wonAt: '2026-01-05',
        })
        .expect(200);
      await ledger.http
        .post('/campaigns')
        .set(as('partner_manager'))
        .send({
          campaignId: party.campaignId,
          partnerId: party.partnerId,
          name: `Campaign of ${party.partnerId}`,
          budget: '100.00',
          goals: { leads: 1, pipeline: '1000.00' },
          milestones: [{ id: 'm1', amount: '100.00' }],
        })
        .expect(201);
    }
    await ledger.http
      .post('/registrations')
      .set(as('partner_manager'))
      .send({
        registrationId: coSold.registrationId,
        partnerId: hidden.partnerId,
        customer: { name: 'Co-sold customer', domain: coSold.domain },
        productFamily: 'software',
        estimatedValue: '50000.00',
        expectedCloseDate: '2026-03-01',
      })
      .expect(201);
    await ledger.http.post(`/registrations/${coSold.registrationId}/approve`).set(as('partner_manager')).expect(200);
    await ledger.http
      .post('/deals')
      .set(as('partner_manager'))
      .send({
        dealId: coSold.dealId,
        registrationId: coSold.registrationId,
        currency: 'USD',
        partners: [
          { partnerId: hidden.partnerId, role: 'sourcing', share: '0.7' },
          { partnerId: prober.partnerId, role: 'influencing', share: '0.3' },
        ],
      })
      .expect(201);
    await ledger.http
      .post(`/deals/${coSold.dealId}/win`)
      .set(as('partner_manager'))
      .send({ lines: [{ sku: 'S', family: 'software', amount: '10000.00' }], billing: 'one_time', wonAt: '2026-01-05' })
      .expect(200);
    on('2026-04-02');
    await ledger.http.post('/periods/2026-Q1/close').set(as('finance', 'fiona')).expect(200);
    for (const party of [hidden, prober])
      await ledger.http
        .post('/statements')
        .set(as('finance', 'fiona'))
        .send({ partnerId: party.partnerId, period: '2026-Q1' })
        .expect(201);
    await ledger.caughtUp();
  });
  afterAll(() => ledger.close());

  it('lists every route of the API in the matrix, and nothing that is not a route', () => {
    expect([...routes].sort()).toEqual(Object.keys(matrix).sort());
  });

  it('allows each role exactly what the matrix says, on every route', async () => {
    const fastify = ledger.app.getHttpAdapter().getInstance();
    const mismatches: string[] = [];
    for (const route of routes) {
      const [method, template] = route.split(' ') as ['GET' | 'POST', string];
      // The prober's own identifiers, so partner-scoped routes test the role, not the scope.
      const url = template
        .replace(
          '{id}',
          template.startsWith('/partners')
            ? prober.partnerId
            : template.startsWith('/deals')
              ? prober.dealId
              : template.startsWith('/registrations')
                ? prober.registrationId
                : template.startsWith('/campaigns')
                  ? prober.campaignId
                  : prober.statementId,
        )
        .replace(/\{[^}]+\}/g, 'x');
      const allowed = matrix[route];
      for (const role of ['none', ...roles] as const) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (role !== 'none')
          headers['authorization'] =
            `Bearer ${ledger.token(role, `${role}-matrix`, role === 'partner' ? prober.partnerId : undefined)}`;
        const before = await store.headPosition();
        const response = await fastify.inject({
          method,
          url,
          headers,
          ...(method === 'POST' ? { payload: '{"probe":true}' } : {}),
        });
        const expected =
          allowed === 'public'
            ? 'allowed'
            : role === 'none'
              ? 'unauthenticated'
              : role === 'admin' || allowed?.includes(role)
                ? 'allowed'
                : 'forbidden';
        const actual =
          response.statusCode === 401
            ? 'unauthenticated'
            : response.statusCode === 403 &&
                JSON.parse(response.body).error === 'FORBIDDEN' &&
                response.body.includes('role')
              ? 'forbidden'
              : 'allowed';
        if (actual !== expected)
          mismatches.push(
            `${route} as ${role}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`,
          );
        if (response.statusCode >= 500) mismatches.push(`${route} as ${role}: ${response.statusCode}`);
        if (response.statusCode >= 400 && (await store.headPosition()) !== before)
          mismatches.push(`${route} as ${role}: refused but wrote`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('never shows a partner another partner’s data: every route, with both partners’ identifiers', async () => {
    const fastify = ledger.app.getHttpAdapter().getInstance();
    const probe = `Bearer ${ledger.token('partner', 'prober-user', prober.partnerId)}`;
    const identifiers = [
      ...Object.values(hidden),
      ...Object.values(prober),
      ...Object.values(coSold),
      `${hidden.dealId}:${hidden.partnerId}`,
    ];
    const lineIds = (await store.readAll({ after: 0n, limit: 1000 }))
      .filter((event) => event.type === 'DealWon')
      .map(
        (event) => `${event.eventId}:${event.stream === `deal-${hidden.dealId}` ? hidden.partnerId : prober.partnerId}`,
      );
    const leaks: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const [method, template] = route.split(' ') as ['GET' | 'POST', string];
      const candidates = template.includes('{') ? [...identifiers, ...lineIds] : [''];
      for (const id of candidates) {
        for (const query of [
          '',
          `?partnerId=${hidden.partnerId}`,
          `?partnerId=${hidden.partnerId}&format=csv`,
          '?format=csv&period=2026-Q1',
        ]) {
          const url = template.replace(/\{[^}]+\}/g, encodeURIComponent(id)) + query;
          const response = await fastify.inject({
            method,
            url,
            headers: { authorization: probe, 'content-type': 'application/json' },
            ...(method === 'POST'
              ? {
                  payload: JSON.stringify({
                    partnerId: hidden.partnerId,
                    reason: 'probe',
                    amount: '1.00',
                    evidence: 'x',
                  }),
                }
              : {}),
          });
          requests += 1;
          // What the prober sent may come back in an error; anything else about the hidden partner is a leak.
          const sent = [
            id,
            encodeURIComponent(id),
            ...(query.includes('partnerId') || method === 'POST' ? [hidden.partnerId] : []),
          ].filter((text) => text.length > 0);
          const answer = sent.reduce((body, text) => body.split(text).join(''), response.body);
          if (/hidden/i.test(answer))
            leaks.push(`${method} ${url} → ${response.statusCode}: ${response.body.slice(0, 200)}`);
          // Acting on the hidden partner's resources, or for it in the body, must be refused.
          const actsForHidden =
            id.includes('hidden') || ['/registrations', '/campaigns', '/statements'].includes(template);
          if (method === 'POST' && response.statusCode < 400 && actsForHidden)
            leaks.push(`${method} ${url} was accepted: ${response.statusCode}`);
        }
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
    // Thousands of in-process requests: the sweep's time grows with every identifier, and a busy machine slows it.
  }, 180_000);

  it('shows a co-seller its own share and revenue of a co-sold deal, and only that it is co-sold', async () => {
    const asProber = ledger.auth('partner', 'prober-user', prober.partnerId);
    const deal = await ledger.http.get(`/deals/${coSold.dealId}`).set(asProber).expect(200);
    expect(deal.body).toMatchObject({ coSold: true, registrationId: null, amountWon: '10000.00' });
    expect(deal.body.partners).toEqual([
      { partnerId: prober.partnerId, role: 'influencing', share: '0.3', revenueAttributed: '3000.00' },
    ]);
    expect(JSON.stringify(deal.body)).not.toMatch(/hidden|7000\.00|"0\.7"/);
    const pipeline = await ledger.http.get(`/partners/${prober.partnerId}/pipeline`).set(asProber).expect(200);
    expect(JSON.stringify(pipeline.body)).not.toMatch(/hidden/);
    const staff = await ledger.http.get(`/deals/${coSold.dealId}`).set(ledger.auth('auditor')).expect(200);
    expect(staff.body).toMatchObject({ registrationId: coSold.registrationId });
    expect(staff.body.partners.map((entry: { partnerId: string }) => entry.partnerId)).toEqual([
      hidden.partnerId,
      prober.partnerId,
    ]);
  });

  it('shows a partner no staff identity on its statements: who issued, approved, paid or resolved', async () => {
    const finance = (sub: string) => ledger.auth('finance', sub);
    const partner = ledger.auth('partner', 'prober-user', prober.partnerId);
    const post = async (path: string, as: Record<string, string>, body: object = {}) =>
      (await ledger.http.post(path).set(as).send(body).expect(200)).body.position as string;
    const issued = (await ledger.http.get(`/statements/${prober.statementId}`).set(finance('fiona')).expect(200)).body;
    const lineId = issued.lines[0].lineId as string;
    ledger.clock.set('2026-04-03T12:00:00.000Z');
    await post(`/statements/${prober.statementId}/lines/${lineId}/dispute`, partner, { reason: 'Rate?' });
    await post(`/statements/${prober.statementId}/lines/${lineId}/resolve`, finance('rita-resolver'), {
      outcome: 'adjusted',
      adjustment: '5.00',
    });
    await post(`/statements/${prober.statementId}/approve`, finance('alan-approver'));
    await post(`/statements/${prober.statementId}/pay`, finance('paula-payer'), { paymentReference: 'SEPA-1' });
    ledger.clock.set('2026-07-02T12:00:00.000Z');
    await post('/periods/2026-Q2/close', finance('fiona'));
    const last = (
      await ledger.http
        .post('/statements')
        .set(finance('fiona'))
        .send({ partnerId: prober.partnerId, period: '2026-Q2' })
        .expect(201)
    ).body.position as string;
    const staff = /fiona|rita-resolver|alan-approver|paula-payer|issuedBy|approvedBy|paidBy|resolvedBy|disputedBy/;
    for (const path of [
      `/statements/${prober.statementId}`,
      `/statements/prober-2026-Q2`,
      '/statements',
      '/statements?format=csv',
    ]) {
      const response = await ledger.http
        .get(`${path}${path.includes('?') ? '&' : '?'}after=${last}`)
        .set(partner)
        .expect(200);
      expect({ path, leaks: response.text.match(staff)?.[0] ?? null }).toEqual({ path, leaks: null });
    }
    // The statement still reads whole to finance.
    const q1 = (await ledger.http.get(`/statements/${prober.statementId}`).set(finance('fiona')).expect(200)).body;
    expect(q1).toMatchObject({
      issuedBy: 'fiona',
      approval: { approvedBy: 'alan-approver' },
      payment: { paidBy: 'paula-payer' },
      disputes: [{ resolvedBy: 'rita-resolver' }],
    });
    const q2 = (await ledger.http.get('/statements/prober-2026-Q2').set(finance('fiona')).expect(200)).body;
    expect(q2.lines).toMatchObject([{ kind: 'adjustment', adjustment: { dispute: { resolvedBy: 'rita-resolver' } } }]);
  });

  it('refuses expired, wrongly signed, alg:none and malformed tokens', async () => {
    const jwt = ledger.app.get(JwtService);
    const base64url = (json: string) => Buffer.from(json).toString('base64url');
    const bad = {
      // Expired beyond the 30 s of clock skew allowed (LEDGER_JWT_CLOCK_SKEW_SECONDS).
      expired: jwt.sign({ sub: 'x', role: 'admin', exp: Math.floor(Date.now() / 1000) - 31 }),
      wronglySigned: new JwtService({ secret: 'an-entirely-different-secret-of-enough-length' }).sign({
        sub: 'x',
        role: 'admin',
      }),
      algNone: `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url('{"sub":"x","role":"admin"}')}.`,
      hs512: new JwtService({ secret: 'e2e-secret-that-is-at-least-32-characters' }).sign(
        { sub: 'x', role: 'admin' },
        { algorithm: 'HS512' },
      ),
      unknownRole: jwt.sign({ sub: 'x', role: 'superuser' }),
      partnerWithoutPartnerId: jwt.sign({ sub: 'x', role: 'partner' }),
      noSubject: jwt.sign({ role: 'admin' }),
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(bad)) {
      const response = await ledger.http.get('/partners').set('Authorization', `Bearer ${token}`);
      expect({ name, status: response.status, error: response.body.error }).toEqual({
        name,
        status: 401,
        error: 'UNAUTHENTICATED',
      });
    }
    await ledger.http
      .get('/partners')
      .set('Authorization', `Basic ${Buffer.from('admin:admin').toString('base64')}`)
      .expect(401);
  });

  it('refuses tokens without exp or iat, too long-lived, issued ahead, or with control characters in sub', async () => {
    const jwt = ledger.app.get(JwtService);
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      noExpiry: jwt.sign({ sub: 'x', role: 'admin' }),
      noIssueTime: jwt.sign({ sub: 'x', role: 'admin' }, { expiresIn: '1h', noTimestamp: true }),
      expiresInYear11968: jwt.sign({ sub: 'x', role: 'admin', exp: Math.floor(Date.UTC(11968, 0, 1) / 1000) }),
      // The default limit is 720 h (LEDGER_JWT_LIFETIME_MAX_HOURS).
      livesThirtyOneDays: jwt.sign({ sub: 'x', role: 'admin' }, { expiresIn: '31d' }),
      issuedInAnHour: jwt.sign({ sub: 'x', role: 'admin', iat: now + 3600 }, { expiresIn: '1h' }),
      issuedTwoMinutesAhead: jwt.sign({ sub: 'x', role: 'admin', iat: now + 120 }, { expiresIn: '1h' }),
      subjectWithNewline: jwt.sign({ sub: 'mallory\nrole=admin', role: 'admin' }, { expiresIn: '1h' }),
      subjectWithEscape: jwt.sign({ sub: 'mallory\u001b[2J', role: 'admin' }, { expiresIn: '1h' }),
      subjectWithNul: jwt.sign({ sub: 'mallory\u0000', role: 'admin' }, { expiresIn: '1h' }),
    };
    for (const [name, token] of Object.entries(bad)) {
      const response = await ledger.http.get('/partners').set('Authorization', `Bearer ${token}`);
      const refused = { name, status: 401, error: 'UNAUTHENTICATED' };
      expect({ name, status: response.status, error: response.body.error }).toEqual(refused);
    }
    // Within the limits: a month-long token, and an issuer whose clock runs 10 s ahead (skew 30 s).
    const good = {
      livesThirtyDays: jwt.sign({ sub: 'x', role: 'admin' }, { expiresIn: '30d' }),
      issuedTenSecondsAhead: jwt.sign({ sub: 'x', role: 'admin', iat: now + 10 }, { expiresIn: '1h' }),
      subjectInUnicode: jwt.sign({ sub: 'Zoë Ångström', role: 'admin' }, { expiresIn: '1h' }),
    };
    for (const [name, token] of Object.entries(good)) {
      const response = await ledger.http.get('/partners').set('Authorization', `Bearer ${token}`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
    }
    // The scheme's name is case-insensitive (RFC 9110 §11.1): some client libraries send it in lower case.
    for (const scheme of ['bearer', 'BEARER']) {
      const response = await ledger.http.get('/partners').set('Authorization', `${scheme} ${good.livesThirtyDays}`);
      expect({ scheme, status: response.status }).toEqual({ scheme, status: 200 });
    }
  });

  it('accepts a token within the clock skew past its expiry, verifying it once while it is accepted', async () => {
    const jwt = ledger.app.get(JwtService);
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ sub: 'x', role: 'admin', iat: now - 60, exp: now - 10 });
    const verifications = jest.spyOn(jwt, 'verifyAsync');
    try {
      for (let index = 0; index < 3; index += 1) {
        await ledger.http.get('/partners').set('Authorization', `Bearer ${token}`).expect(200);
      }
      expect(verifications).toHaveBeenCalledTimes(1);
    } finally {
      verifications.mockRestore();
    }
  });

  it('refuses a JSON body nested deeper than 32 levels with 400 before validation, writing nothing', async () => {
    const before = await store.headPosition();
    // An enrollment whose extra field nests so that the whole body is `depth` levels deep.
    const enrollment = (depth: number) =>
      ledger.http
        .post('/partners')
        .set(ledger.auth('partner_manager'))
        .set('Content-Type', 'application/json')
        .send(`{"partnerId":"deep","name":"Deep","extra":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth)}`);
    for (const depth of [33, 6000]) {
      const response = await enrollment(depth);
      expect({ depth, status: response.status, body: response.body }).toEqual({
        depth,
        status: 400,
        body: {
          error: 'MALFORMED_REQUEST',
          message: expect.stringContaining('deeper than 32 levels'),
          details: { rule: 'jsonDepthMax', limit: 32 },
        },
      });
    }
    // At the limit, the body reaches validation, which names the unknown field.
    const validated = await enrollment(32);
    const validationFailed = { status: 400, error: 'VALIDATION_FAILED' };
    expect({ status: validated.status, error: validated.body.error }).toEqual(validationFailed);
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a JSON body of more than 4,000 values with 400 before validation, writing nothing', async () => {
    const before = await store.headPosition();
    // An enrollment with `extra` members no field takes: each would cost validation an error of its own.
    const enrollment = (extra: number) => {
      const body: Record<string, unknown> = { partnerId: 'wide', name: 'Wide', kind: 'reseller', region: 'EMEA' };
      for (let index = 0; index < extra; index += 1) body[`extra${index}`] = index;
      return ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(body);
    };
    for (const extra of [3997, 50_000]) {
      const response = await enrollment(extra);
      expect({ extra, status: response.status, body: response.body }).toEqual({
        extra,
        status: 400,
        body: {
          error: 'MALFORMED_REQUEST',
          message: 'The JSON body holds more than 4000 values (object members and array items)',
          details: { rule: 'jsonValuesMax', limit: 4000 },
        },
      });
    }
    // At the limit, the body reaches validation, which names the unknown fields.
    const validated = await enrollment(3996);
    expect({ status: validated.status, error: validated.body.error }).toEqual({
      status: 400,
      error: 'VALIDATION_FAILED',
    });
    // It lists the first 100 and counts them all: every one listed was an answer of 527 KB for 4,000.
    expect(validated.body.details.fields).toHaveLength(100);
    expect(validated.body.details.fields[0]).toEqual({
      field: 'extra0',
      rule: 'whitelistValidation',
      message: 'property extra0 should not exist',
    });
    expect(validated.body.details.fieldsTotal).toBe(3996);
    expect(validated.body.message).toMatch(/^property extra0 should not exist; .*; and 3896 more$/);
    expect(await store.headPosition()).toBe(before);
  });

  it('answers what Fastify refuses before any route in the one error shape, with the security headers', async () => {
    const headers = { 'x-frame-options': 'SAMEORIGIN', 'content-type': 'application/json; charset=utf-8' };
    const badEscape = await ledger.http.get('/partners/%E0%A4%A').set(ledger.auth('auditor'));
    expect({ status: badEscape.status, body: badEscape.body }).toEqual({
      status: 400,
      body: { error: 'MALFORMED_REQUEST', message: "'/partners/%E0%A4%A' is not a valid url component", details: {} },
    });
    expect(badEscape.headers).toMatchObject(headers);
    // A path parameter longer than Fastify's 100 characters: refused by its router, not by the route.
    const long = await ledger.http.get(`/imports/${'x'.repeat(101)}`).set(ledger.auth('auditor'));
    expect({ status: long.status, error: long.body.error }).toEqual({ status: 400, error: 'MALFORMED_REQUEST' });
    expect(long.headers).toMatchObject(headers);
  });

  it('refuses a query parameter given twice once, naming it, instead of once per rule a list fails', async () => {
    const repeated = await ledger.http.get('/deals?limit=1&limit=2&q=a&q=b&status=won').set(ledger.auth('finance'));
    expect({ status: repeated.status, body: repeated.body }).toEqual({
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: 'limit must be given once; q must be given once',
        details: {
          fields: [
            { field: 'limit', rule: 'once', message: 'limit must be given once' },
            { field: 'q', rule: 'once', message: 'q must be given once' },
          ],
        },
      },
    });
    // Before a command's body is read or anything appended.
    const before = await store.headPosition();
    const command = await ledger.http
      .post('/imports?dryRun=true&dryRun=false')
      .set(ledger.auth('partner_manager'))
      .set('Content-Type', 'application/x-ndjson')
      .send('{}\n');
    expect({ status: command.status, fields: command.body.details.fields }).toEqual({
      status: 400,
      fields: [{ field: 'dryRun', rule: 'once', message: 'dryRun must be given once' }],
    });
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a compressed body with 415 instead of parsing its bytes, writing nothing', async () => {
    const before = await store.headPosition();
    const enrollment = { partnerId: 'zipped', name: 'Zipped', kind: 'reseller', region: 'EMEA' };
    for (const [encoding, body] of [
      ['gzip', gzipSync(JSON.stringify(enrollment))],
      ['gzip', JSON.stringify(enrollment)],
      ['br, gzip', JSON.stringify(enrollment)],
    ] as const) {
      const response = await ledger.http
        .post('/partners')
        .set(ledger.auth('partner_manager'))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(body);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 415,
        body: {
          error: 'UNSUPPORTED_MEDIA_TYPE',
          message: `Content-Encoding ${encoding} is not supported: send the body uncompressed`,
          details: { rule: 'contentEncoding', header: 'Content-Encoding' },
        },
      });
    }
    expect(await store.headPosition()).toBe(before);
    const identity = await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .set('Content-Encoding', 'identity')
      .send(enrollment);
    expect(identity.status).toBe(201);
  });

  it('refuses text no field may hold, and bytes that are not UTF-8, with 400 and without writing', async () => {
    const before = await store.headPosition();
    const post = (body: string | Buffer) =>
      ledger.http
        .post('/partners')
        .set(ledger.auth('partner_manager'))
        .set('Content-Type', 'application/json')
        .serialize((bytes: string | Buffer) => bytes as string) // the bytes as given, not a Buffer's JSON
        .send(body);
    const enrollment = (name: string) => `{"partnerId":"odd","name":"${name}","kind":"reseller","region":"EMEA"}`;
    for (const [name, character] of [
      ['A\\u0000B', 'U+0000'],
      ['A\\u001bB', 'U+001B'],
      ['A\\uD800', 'U+D800'],
      ['\\udc00B', 'U+DC00'],
    ]) {
      const refused = await post(enrollment(name!));
      expect({ status: refused.status, error: refused.body.error, fields: refused.body.details.fields }).toEqual({
        status: 400,
        error: 'VALIDATION_FAILED',
        fields: [{ field: 'name', rule: 'text', message: expect.stringContaining(`it holds ${character}`) }],
      });
    }
    const latin1 = await post(Buffer.from(enrollment('M\u00fcller'), 'latin1'));
    expect({ status: latin1.status, body: latin1.body }).toEqual({
      status: 400,
      body: {
        error: 'MALFORMED_REQUEST',
        message: 'The body is not valid UTF-8: send the text encoded as UTF-8',
        details: { rule: 'utf8' },
      },
    });
    expect(await store.headPosition()).toBe(before);
    // Tabs, line breaks and characters outside the BMP are text.
    expect((await post(enrollment('M\u00fcller\\tGmbH \\ud83d\\ude00'))).status).toBe(201);
    const stored = await ledger.http.get('/partners/odd').set(ledger.auth('auditor')).expect(200);
    expect(stored.body.name).toBe('Müller\tGmbH 😀');
  });

  it('sends security headers and limits the request rate per client', async () => {
    const response = await ledger.http.get('/health/live').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age'),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    const limited = await startLedger({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let request = 0; request < 7; request += 1)
        statuses.push((await limited.http.get('/partners').set(limited.auth('auditor'))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('keeps secrets and bodies out of the logs', async () => {
    // The compiled service, as deployed: pino writes JSON lines straight to its stdout.
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
    const port = await freePort();
    const secret = 'log-test-secret-that-is-at-least-32-characters';
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../dist/apps/ledger/src/main.js')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        LEDGER_DATA_DIR: dataDir,
        LEDGER_JWT_SECRET: secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      for (let attempt = 0; attempt < 200 && !output.includes('successfully started'); attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const token = new JwtService({ secret }).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: '1h' });
      const response = await fetch(`http://127.0.0.1:${port}/partners`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': 'secret-key-123',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ partnerId: 'logged', name: 'Confidential Name', kind: 'reseller', region: 'EMEA' }),
      });
      expect(response.status).toBe(201);
      for (let attempt = 0; attempt < 100 && !output.includes('request completed'); attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(output).toContain('request completed');
    expect(output).toContain('/partners');
    expect(output).not.toContain('Confidential Name');
    expect(output).not.toContain('secret-key-123');
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    expect(output).not.toContain(secret);
  });
});

/** A raw connection to the listening service, recording what it answers and when it is closed. */
interface RawConnection {
  readonly socket: Socket;
  received(): string;
  /** Resolves with the milliseconds from connect to close. */
  readonly closed: Promise<number>;
}

async function rawConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const openedAt = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - openedAt)));
  return { socket, received: () => received, closed };
}

/** Resolves with the time the connection took to close, or 'open' if it is still open at the deadline. */
function closedWithin(connection: RawConnection, deadlineMs: number): Promise<number | 'open'> {
  const deadline = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), deadlineMs).unref());
  return Promise.race([connection.closed, deadline]);
}

async function untilAnswered(connection: RawConnection): Promise<void> {
  for (let attempt = 0; attempt < 100 && !connection.received().includes('\r\n\r\n'); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('slow clients, connection limits and files', () => {
  it('answers 408 and closes a connection whose body trickles in past the request timeout', async () => {
    const ledger = await startLedger({ HTTP_REQUEST_TIMEOUT_MS: '1000' });
    const connections: Socket[] = [];
    try {
      await ledger.app.listen(0, '127.0.0.1');
      const port = (ledger.app.getHttpServer().address() as { port: number }).port;
      const slow = await rawConnection(port);
      connections.push(slow.socket);
      // Unauthenticated, as in the review: headers promise 100,000 bytes, then one byte at a time.
      const headers = ['POST /partners HTTP/1.1', 'Host: ledger', 'Content-Type: application/json'];
      headers.push('Content-Length: 100000');
      slow.socket.write(`${headers.join('\r\n')}\r\n\r\n{`);
      const trickle = setInterval(() => slow.socket.writable && slow.socket.write(' '), 200);
      // Nor may a connection that never sends its headers stay open.
      const silent = await rawConnection(port);
      connections.push(silent.socket);
      const [slowClosedMs, silentClosedMs] = await Promise.all([closedWithin(slow, 5000), closedWithin(silent, 5000)]);
      clearInterval(trickle);
      // The timeout is checked once a second: closed between 1 and about 2 s, well before the 5 s deadline.
      expect(slowClosedMs).not.toBe('open');
      expect(silentClosedMs).not.toBe('open');
      expect(slowClosedMs).toBeGreaterThanOrEqual(900);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      connections.forEach((socket) => socket.destroy());
      await ledger.close();
    }
  });

  it('closes connections beyond HTTP_CONNECTIONS_MAX as soon as they are accepted', async () => {
    const ledger = await startLedger({ HTTP_CONNECTIONS_MAX: '2' });
    const connections: Socket[] = [];
    try {
      await ledger.app.listen(0, '127.0.0.1');
      const port = (ledger.app.getHttpServer().address() as { port: number }).port;
      const within = [await rawConnection(port), await rawConnection(port)];
      const beyond = await rawConnection(port);
      connections.push(...within.map((connection) => connection.socket), beyond.socket);
      expect(await closedWithin(beyond, 2000)).not.toBe('open');
      // The two within the limit still work.
      within[0]!.socket.write('GET /health/live HTTP/1.1\r\nHost: ledger\r\n\r\n');
      await untilAnswered(within[0]!);
      expect(within[0]!.received()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      connections.forEach((socket) => socket.destroy());
      await ledger.close();
    }
  });

  it('creates the data folder 0700 and the databases with their WAL files 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
    const dataDir = join(parent, 'data');
    const ledger = await startLedger({}, dataDir);
    try {
      const enrollment = { partnerId: 'p', name: 'P', kind: 'reseller', region: 'EMEA' };
      await ledger.http.post('/partners').set(ledger.auth('partner_manager')).send(enrollment).expect(201);
      await ledger.caughtUp();
      const mode = (file: string) => (statSync(join(dataDir, file)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      const files = ['events.sqlite', 'read-models.sqlite'].flatMap((file) => [file, `${file}-wal`, `${file}-shm`]);
      const modes = Object.fromEntries(files.map((file) => [file, mode(file)]));
      expect(modes).toEqual(Object.fromEntries(files.map((file) => [file, '600'])));
    } finally {
      await ledger.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses to boot with an empty JWT secret file, or a blank LEDGER_JWT_SECRET', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-weak-secret-'));
    // The compiled service, with LEDGER_JWT_SECRET set as given or not at all (then the file is read).
    const boot = (secret: string | undefined) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
        env['LEDGER_DATA_DIR'] = dataDir;
        if (secret === undefined) delete env['LEDGER_JWT_SECRET'];
        else env['LEDGER_JWT_SECRET'] = secret;
        const mainPath = join(import.meta.dirname, '../../dist/apps/ledger/src/main.js');
        const child = spawn(process.execPath, [mainPath], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
    try {
      // Each boot costs seconds: the other weak contents are covered by jwt-secret.spec.ts.
      writeFileSync(join(dataDir, 'jwt-secret'), '');
      const empty = await boot(undefined);
      expect(empty).toEqual({ code: 1, stderr: expect.stringContaining('jwt-secret must be at least 32 characters') });
      const blank = await boot(' '.repeat(40));
      expect(blank).toEqual({ code: 1, stderr: expect.stringContaining('LEDGER_JWT_SECRET must be at least 32') });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
