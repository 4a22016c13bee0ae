import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { consoleClientId, signingKey, startTestProvider, type TestProvider } from './oidc-test-provider.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The API accepting the tokens of a real OpenID Connect provider (oidc-provider, in this process, on a random
 * port): discovery, JWKS, issuer, audience, claims and key rotation, beside the locally signed tokens.
 */
describe('OpenID Connect tokens', () => {
  let provider: TestProvider;
  let ledger: LedgerHarness;
  const oidcEnv = (overrides: Record<string, string> = {}) => ({
    LEDGER_OIDC_ISSUER: provider.issuer,
    LEDGER_OIDC_AUDIENCE: provider.audience,
    LEDGER_OIDC_CONSOLE_CLIENT_ID: consoleClientId,
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...overrides,
  });

  beforeAll(async () => {
    provider = await startTestProvider();
    ledger = await startLedger(oidcEnv());
    await ledger.enroll('p1', 'p2');
    await ledger.caughtUp();
  });
  afterAll(async () => {
    await ledger.close();
    await provider.close();
  });

  it('tells the console, without a token, which provider and client to sign in with', async () => {
    const response = await ledger.http.get('/auth/config').expect(200);
    expect(response.body).toEqual({
      oidc: {
        issuer: provider.issuer,
        clientId: consoleClientId,
        scope: 'openid',
        roleClaim: 'role',
        partnerClaim: 'partner_id',
      },
    });
  });

  it("accepts the provider's RS256 client-credentials token with the role of its claim", async () => {
    const token = await provider.clientCredentialsToken('ledger-finance');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    await ledger.http.get('/periods').set(bearer(token)).expect(200);
    // The role is finance, not more: the operations routes refuse it.
    const refused = await ledger.http.get('/admin/projections').set(bearer(token)).expect(403);
    expect(refused.body.message).toBe('The finance role may not do this');
  });

  it('accepts an ES256 token the same way', async () => {
    const token = await provider.clientCredentialsToken('ledger-ops-es');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
    await ledger.http.get('/admin/projections').set(bearer(token)).expect(200);
  });

  it('scopes a partner token to the partner of its partner_id claim', async () => {
    const token = await provider.clientCredentialsToken('ledger-partner-p1');
    const own = await ledger.http.get('/partners/p1').set(bearer(token)).expect(200);
    expect(own.body).toMatchObject({ partnerId: 'p1' });
    await ledger.http.get('/partners/p2').set(bearer(token)).expect(404);
  });

  it('refuses a token whose role claim is not a ledger role', async () => {
    const token = await provider.clientCredentialsToken('ledger-stranger');
    const response = await ledger.http.get('/periods').set(bearer(token)).expect(401);
    expect(response.body.message).toMatch(/known role/);
  });

  it('keeps accepting the tokens this server signs', async () => {
    await ledger.http.get('/periods').set(ledger.auth('finance')).expect(200);
  });

  it('refuses an expired token, and one signed by a key the provider does not publish (unknown kid)', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await provider.craft({ iat: past - 600, exp: past });
    expect((await ledger.http.get('/periods').set(bearer(expired)).expect(401)).body.message).toMatch(/expired/);
    const stranger = await signingKey('RS256', 'rsa-unknown');
    const unknownKid = await provider.craft({}, { key: stranger });
    const response = await ledger.http.get('/periods').set(bearer(unknownKid)).expect(401);
    expect(response.body.message).toMatch(/No key of .* matches the token's kid/);
  });

  it('refuses a real token of the provider for another audience, or under another issuer name', async () => {
    const token = await provider.clientCredentialsToken('ledger-finance');
    const otherAudience = await startLedger(oidcEnv({ LEDGER_OIDC_AUDIENCE: 'https://another.test/api' }));
    // The same provider reached under another name: its tokens do not name that issuer.
    const otherIssuer = provider.issuer.replace('127.0.0.1', 'localhost');
    const otherIssuerLedger = await startLedger(oidcEnv({ LEDGER_OIDC_ISSUER: otherIssuer }));
    try {
      const audience = await otherAudience.http.get('/periods').set(bearer(token)).expect(401);
      expect(audience.body.message).toMatch(/aud/);
      await otherIssuerLedger.http.get('/periods').set(bearer(token)).expect(401);
    } finally {
      await otherAudience.close();
      await otherIssuerLedger.close();
    }
  });

  it('refuses with 401, not 500, while the provider cannot be reached', async () => {
    const unreachable = await startLedger(oidcEnv({ LEDGER_OIDC_ISSUER: 'http://127.0.0.1:9' }));
    try {
      const token = await provider.craft({ iss: 'http://127.0.0.1:9' });
      const response = await unreachable.http.get('/periods').set(bearer(token)).expect(401);
      expect(response.body.message).toMatch(/openid-configuration could not be read/);
    } finally {
      await unreachable.close();
    }
  });

  it('refuses the keys of a discovery document that names another issuer than the one configured', async () => {
    // The provider reached as localhost answers that it is 127.0.0.1: its keys are not this issuer's keys.
    const otherName = provider.issuer.replace('127.0.0.1', 'localhost');
    const misled = await startLedger(oidcEnv({ LEDGER_OIDC_ISSUER: otherName }));
    try {
      const token = await provider.craft({ iss: otherName });
      const response = await misled.http.get('/periods').set(bearer(token)).expect(401);
      expect(response.body.message).toContain(`names another issuer (${provider.issuer})`);
    } finally {
      await misled.close();
    }
  });

  it('follows a key rotation: a token of a new kid is accepted once the key set may be fetched again', async () => {
    const rotated = await signingKey('RS256', 'rsa-2');
    provider.rotate([rotated, ...provider.keys]);
    // The provider now signs with rsa-2, which the ledger has not fetched yet.
    const token = await provider.clientCredentialsToken('ledger-finance');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: 'rsa-2' });
    const previous = await provider.craft({}, { key: provider.keys[1]! });
    // jose fetches the key set again for an unknown kid at most every 30 s: step past that pause.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 31_000);
    try {
      await ledger.http.get('/periods').set(bearer(token)).expect(200);
      // The previous key is still published, so its tokens still pass.
      await ledger.http.get('/periods').set(bearer(previous)).expect(200);
    } finally {
      clock.mockRestore();
    }
  });
});
