import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A key the provider signs with (published in its JWKS), kept here too so tests can sign what they craft. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
}

export async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk, privateJwk };
}

interface Principal {
  readonly role: string;
  readonly partnerId?: string;
}

/** Machine clients (client credentials) and people (authorization code), each with a ledger role. */
export const robots: Record<string, Principal & { readonly alg: 'RS256' | 'ES256' }> = {
  'ledger-finance': { role: 'finance', alg: 'RS256' },
  'ledger-ops-es': { role: 'ops', alg: 'ES256' },
  'ledger-partner-p1': { role: 'partner', partnerId: 'p1', alg: 'RS256' },
  'ledger-stranger': { role: 'janitor', alg: 'RS256' },
};
export const people: Record<string, Principal> = {
  alice: { role: 'finance' },
  paula: { role: 'partner', partnerId: 'p1' },
};
export const robotSecret = 'a-client-secret-for-the-test-provider-only';
export const consoleClientId = 'ledger-console';

export interface TestProvider {
  readonly issuer: string;
  readonly audience: string;
  /** The keys it signs with, newest first. */
  readonly keys: readonly SigningKey[];
  /** An access token (JWT) of a machine client, by the client credentials grant. */
  clientCredentialsToken(clientId: keyof typeof robots): Promise<string>;
  /** A token signed with one of its keys (or another), with the claims given over sensible defaults. */
  craft(claims: JWTPayload, options?: { key?: SigningKey; kid?: string }): Promise<string>;
  /** Restarts it on the same address with these keys: the JWKS changes as in a key rotation. */
  rotate(keys: readonly SigningKey[]): void;
  close(): Promise<void>;
}

function configuration(keys: readonly SigningKey[], audience: string, redirectUris: string[]): Configuration {
  const principal = (token: { accountId?: string; clientId?: string }) =>
    token.accountId ? people[token.accountId] : robots[token.clientId ?? ''];
  return {
    jwks: { keys: keys.map((key) => key.privateJwk) },
    clients: [
      ...Object.keys(robots).map((clientId) => ({
        client_id: clientId,
        client_secret: robotSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      })),
      {
        client_id: consoleClientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
    ],
    pkce: { required: () => true },
    // Short, explicit lifetimes (the defaults are meant to be chosen, and say so on every use).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: (_context, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
    // The people consent ahead: the browser test signs in without a consent page.
    loadExistingGrant: async (context: KoaContextWithOIDC) => {
      const { client, session } = context.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new context.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      grant.addResourceScope(audience, 'ledger');
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_context, token) => {
      const who = principal(token);
      return who ? { role: who.role, ...(who.partnerId ? { partner_id: who.partnerId } : {}) } : {};
    },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context, _resource, client) => ({
          scope: 'ledger',
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
          jwt: { sign: { alg: robots[client.clientId]?.alg ?? 'RS256' } },
        }),
      },
    },
  };
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, certified) on 127.0.0.1 at a free port, in the test
 * process: discovery, JWKS, client credentials and authorization code with PKCE, JWT access tokens for the
 * ledger's audience carrying `role` and `partner_id`.
 */
export async function startTestProvider(
  options: { audience?: string; redirectUris?: string[] } = {},
): Promise<TestProvider> {
  const audience = options.audience ?? 'https://ledger.test/api';
  let keys: readonly SigningKey[] = [await signingKey('RS256', 'rsa-1'), await signingKey('ES256', 'ec-1')];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mount = () => {
    // Its warnings say the in-memory store and the built-in login pages are for development: that is this use.
    const warn = console.warn;
    console.warn = () => undefined;
    let provider: Provider;
    try {
      provider = new Provider(issuer, configuration(keys, audience, options.redirectUris ?? []));
    } finally {
      console.warn = warn;
    }
    const callback = provider.callback();
    server.removeAllListeners('request');
    server.on('request', (request, response) => void callback(request, response));
  };
  mount();
  return {
    issuer,
    audience,
    get keys() {
      return keys;
    },
    async clientCredentialsToken(clientId) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${robotSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'ledger' }),
      });
      const body = (await response.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`No token for ${clientId}: ${body.error_description}`);
      return body.access_token;
    },
    async craft(claims, { key = keys[0]!, kid = key.kid } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: issuer, aud: audience, sub: 'crafted', iat: now, exp: now + 600, role: 'finance' };
      return new SignJWT({ ...payload, ...claims })
        .setProtectedHeader({ alg: key.alg, kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    },
    rotate(next) {
      keys = next;
      mount();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
