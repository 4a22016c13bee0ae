import * as oauth from 'oauth4webapi';
import createClient from 'openapi-fetch';
import type { components, paths } from './api/schema';
import type { ClaimNames } from './session';

/** What GET /auth/config says about the provider (null there: this ledger signs its own tokens only). */
export type OidcSettings = components['schemas']['OidcSignInView'];

/** The sign-in in flight, between the redirect to the provider and its return: one per tab. */
export const pendingSignInKey = 'ledger.console.oidc-pending';

interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  /** The console page to open once signed in. */
  readonly returnTo: string;
}

interface LocationLike {
  readonly origin: string;
  readonly pathname: string;
  readonly search: string;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The provider's sign-in, read from the ledger before anyone is signed in (no token, so not createApi). */
export async function oidcSettings(origin: string): Promise<OidcSettings | undefined> {
  const { data, response } = await createClient<paths>({ baseUrl: origin }).GET('/auth/config');
  if (!data) throw new Error(`The ledger answered ${response.status} to GET /auth/config`);
  return data.oidc ?? undefined;
}

export function claimNamesOf(settings: OidcSettings): ClaimNames {
  return { role: settings.roleClaim, partner: settings.partnerClaim };
}

/** Every return from the provider lands on the console's root; the pending sign-in remembers the page. */
export function redirectUriOf(location: Pick<LocationLike, 'origin'>): string {
  return `${location.origin}/console/`;
}

/** http is for a provider on this machine only: the ledger's configuration refuses any other http issuer. */
function insecureAllowed(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  return issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecureAllowed(issuer) });
  return oauth.processDiscoveryResponse(issuer, response);
}

/** The provider's sign-in page for this console: authorization code with PKCE (S256) and a state. */
export async function authorizationUrl(
  settings: OidcSettings,
  location: LocationLike,
  storage: Storage,
): Promise<string> {
  const server = await discover(settings);
  if (!server.authorization_endpoint) throw new Error(`${settings.issuer} names no authorization endpoint`);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pending: PendingSignIn = { state, codeVerifier, returnTo: `${location.pathname}${location.search}` };
  storage.setItem(pendingSignInKey, JSON.stringify(pending));
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: redirectUriOf(location),
    response_type: 'code',
    scope: settings.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/** Whether this page is the provider's answer to a sign-in (a code or an error, with the state). */
export function isSignInReturn(search: string): boolean {
  const parameters = new URLSearchParams(search);
  return parameters.has('state') && (parameters.has('code') || parameters.has('error'));
}

function takePending(storage: Storage): PendingSignIn | undefined {
  const text = storage.getItem(pendingSignInKey);
  storage.removeItem(pendingSignInKey);
  try {
    const pending = JSON.parse(text ?? 'null') as Partial<PendingSignIn> | null;
    return typeof pending?.state === 'string' && typeof pending.codeVerifier === 'string'
      ? { state: pending.state, codeVerifier: pending.codeVerifier, returnTo: pending.returnTo ?? '/console/' }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Completes the sign-in on the provider's return: checks the state, exchanges the code with the PKCE verifier,
 * and answers the access token (a JWT for the ledger's audience) and the page to go back to. The code is
 * single-use and the pending sign-in is dropped whatever happens, so a reload cannot replay it.
 */
export async function completeSignIn(
  settings: OidcSettings,
  location: LocationLike,
  storage: Storage,
): Promise<{ accessToken: string; returnTo: string }> {
  const pending = takePending(storage);
  if (!pending) throw new Error('This sign-in was not started in this tab: sign in again');
  const server = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const current = new URL(`${location.origin}${location.pathname}${location.search}`);
  const parameters = oauth.validateAuthResponse(server, client, current, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    parameters,
    redirectUriOf(location),
    pending.codeVerifier,
    insecureAllowed(new URL(settings.issuer)),
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  return { accessToken: result.access_token, returnTo: pending.returnTo };
}
