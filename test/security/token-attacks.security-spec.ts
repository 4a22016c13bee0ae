import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { consoleClientId, signingKey, startTestProvider, type TestProvider } from './oidc-test-provider.js';

/** Plausible values for the OpenAPI document's path parameters: the attack must not fail on the path instead. */
const pathValues: Record<string, string> = {
  id: 'p1',
  domain: 'example.com',
  version: '2026.1',
  period: '2026-Q1',
  lineId: 'p1-2026-Q1-1',
  claimId: 'claim-1',
  milestoneId: 'm1',
};

type Attack = readonly [name: string, token: string];

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decoded = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

/** The same token with its payload rewritten and the original signature kept. */
function tampered(token: string, change: JWTPayload): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return [header, segment({ ...decoded(payload), ...change }), signature].join('.');
}

/**
 * Tokens crafted with jose (panva's JOSE library, independent of the ledger's verification code), each claiming
 * the admin role, so any of them accepted would open every route.
 */
async function attacks(provider: TestProvider, ledger: LedgerHarness): Promise<Attack[]> {
  const now = Math.floor(Date.now() / 1000);
  const admin = { role: 'admin', sub: 'mallory' };
  const [rsa] = provider.keys;
  const publicPem = new TextEncoder().encode(await exportSPKI(rsa!.publicKey));
  const attacker = await signingKey('RS256', 'attacker');
  const hmacWithPublicKey = (claims: JWTPayload) =>
    new SignJWT({ iat: now, exp: now + 600, ...admin, ...claims })
      .setProtectedHeader({ alg: 'HS256', kid: rsa!.kid })
      .sign(publicPem);
  const withHeader = (header: Record<string, unknown>) =>
    new SignJWT({ iss: provider.issuer, aud: provider.audience, iat: now, exp: now + 600, ...admin })
      .setProtectedHeader({ alg: 'RS256', ...header })
      .sign(attacker.privateKey);
  const unsecured = (claims: JWTPayload) =>
    new UnsecuredJWT({ iat: now, exp: now + 600, ...admin, ...claims }).encode();
  return [
    ['alg none, claiming the provider', unsecured({ iss: provider.issuer, aud: provider.audience })],
    ['alg none, as a local token', unsecured({})],
    ['alg "None" with the signature of a real token', noneWithSignature(await provider.craft(admin))],
    [
      'HS256 keyed with the provider public key',
      await hmacWithPublicKey({ iss: provider.issuer, aud: provider.audience }),
    ],
    ['HS256 keyed with the provider public key, as a local token', await hmacWithPublicKey({})],
    ['wrong issuer', await provider.craft({ ...admin, iss: 'https://evil.example' })],
    ['wrong audience', await provider.craft({ ...admin, aud: 'https://another.example/api' })],
    ['nbf in the future', await provider.craft({ ...admin, nbf: now + 3600 })],
    ['expired', await provider.craft({ ...admin, iat: now - 7200, exp: now - 3600 })],
    ['provider token, tampered payload', tampered(await provider.craft({ role: 'finance' }), admin)],
    ['local token, tampered payload', tampered(ledger.token('finance'), admin)],
    ['kid with a path', await provider.craft(admin, { kid: '../../etc/passwd' })],
    ['attacker key named by jku', await withHeader({ kid: 'attacker', jku: 'http://127.0.0.1:9/jwks.json' })],
    ['attacker key embedded as jwk', await withHeader({ jwk: attacker.publicJwk })],
    ['oversized (64 KB)', await provider.craft({ ...admin, padding: 'x'.repeat(64 * 1024) })],
  ];
}

/** `alg: None` (capitalized, as some libraries compared it) over a genuinely signed token of the provider. */
function noneWithSignature(token: string): string {
  const [, payload, signature] = token.split('.') as [string, string, string];
  return [segment({ alg: 'None', typ: 'JWT' }), payload, signature].join('.');
}

/**
 * Issue 19: every route of the served OpenAPI document, every crafted token: 401 UNAUTHENTICATED, never a 2xx
 * (accepted) nor a 5xx (a crash), and nothing appended to the log. In process (Fastify's inject), no socket.
 */
describe('token attacks on every route of the OpenAPI document', () => {
  let provider: TestProvider;
  let ledger: LedgerHarness;
  let operations: Array<{ method: 'GET' | 'POST'; url: string; route: string }>;

  beforeAll(async () => {
    provider = await startTestProvider();
    ledger = await startLedger({
      LEDGER_OIDC_ISSUER: provider.issuer,
      LEDGER_OIDC_AUDIENCE: provider.audience,
      LEDGER_OIDC_CONSOLE_CLIENT_ID: consoleClientId,
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
    const document = (await ledger.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        // Routes that declare no security (health probes, sign-in configuration) answer without a token.
        .filter(([method, operation]) => ['get', 'post'].includes(method) && operation.security?.length !== 0)
        .map(([method, operation]) => ({
          method: method.toUpperCase() as 'GET' | 'POST',
          url: path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name] ?? 'x1'),
          route: `${method.toUpperCase()} ${path}`,
          operation,
        })),
    );
  });
  afterAll(async () => {
    await ledger.close();
    await provider.close();
  });

  it('finds the protected routes in the served document', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.map((operation) => operation.route)).toEqual(
      expect.arrayContaining(['GET /partners', 'POST /statements', 'POST /periods/{period}/close']),
    );
  });

  it('lets a well-formed admin token of the provider through, so the refusals below are the attacks', async () => {
    const token = await provider.craft({ role: 'admin', sub: 'control' });
    await ledger.http.get('/partners').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it("refuses a 64 KB token over the network at Node's header limit (431), before the application", async () => {
    const token = await provider.craft({ role: 'admin', padding: 'x'.repeat(64 * 1024) });
    // Node's HTTP parser answers this before any route exists, so it is outside the OpenAPI document's
    // contract: sent without the contract-checking agent.
    const unchecked = request(ledger.app.getHttpServer());
    await unchecked.get('/partners').set('Authorization', `Bearer ${token}`).expect(431);
  });

  it('answers 401 UNAUTHENTICATED to every crafted token on every route, and appends nothing', async () => {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const fastify = ledger.app.getHttpAdapter().getInstance();
    const headBefore = await store.headPosition();
    const crafted = await attacks(provider, ledger);
    const unexpected: string[] = [];
    let requests = 0;
    for (const [name, token] of crafted) {
      const answers = await Promise.all(
        operations.map(({ method, url }) =>
          fastify.inject({
            method,
            url,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            ...(method === 'POST' ? { payload: '{}' } : {}),
          }),
        ),
      );
      requests += answers.length;
      answers.forEach((answer, index) => {
        const json = String(answer.headers['content-type']).startsWith('application/json');
        const code = json ? answer.json<{ error?: string }>().error : answer.headers['content-type'];
        if (answer.statusCode !== 401 || code !== 'UNAUTHENTICATED')
          unexpected.push(`${name}: ${operations[index]!.route} answered ${answer.statusCode} ${code}`);
      });
    }
    expect(unexpected).toEqual([]);
    expect(requests).toBe(crafted.length * operations.length);
    expect(await store.headPosition()).toBe(headBefore);
  });
});
