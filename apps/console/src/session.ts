/** Who the console is signed in as: read from the token for display; the API decides what is allowed. */
export interface Session {
  readonly token: string;
  readonly role: string;
  readonly sub: string;
  readonly partnerId?: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export const sessionKey = 'ledger.console.token';

function base64UrlDecode(segment: string): string {
  const padded = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  return new TextDecoder().decode(Uint8Array.from(atob(padded), (character) => character.charCodeAt(0)));
}

/** Which claims hold the role and the partner id: the ledger's own tokens, or as the OIDC provider names them. */
export interface ClaimNames {
  readonly role: string;
  readonly partner: string;
}

export const localClaims: ClaimNames = { role: 'role', partner: 'partnerId' };
/** Where the claim names of a provider's token are kept beside it, for a reload of the tab. */
export const claimNamesKey = 'ledger.console.claims';

const ledgerRoles = ['admin', 'finance', 'partner_manager', 'ops', 'auditor', 'partner'];

/** A role claim may be a list (Keycloak, Entra ID): the one ledger role in it, as the API reads it. */
function roleOf(claim: unknown): string | undefined {
  if (typeof claim === 'string') return claim;
  if (!Array.isArray(claim)) return undefined;
  const known = claim.filter((value): value is string => typeof value === 'string' && ledgerRoles.includes(value));
  return known.length === 1 ? known[0] : undefined;
}

/** The claims of a JWT, or undefined when it is not one this console can use. */
export function sessionOf(token: string, names: ClaimNames = localClaims): Session | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    const role = roleOf(claims[names.role]);
    if (role === undefined || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    const partner = claims[names.partner];
    const partnerId = typeof partner === 'string' ? partner : undefined;
    return { token, role, sub: claims.sub, expiresAt: claims.exp, ...(partnerId ? { partnerId } : {}) };
  } catch {
    return undefined;
  }
}

type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Keeps a token for this tab, with the names of its claims when it is not one of the ledger's own. */
export function keepToken(storage: SessionStorageLike, token: string, names: ClaimNames = localClaims): void {
  storage.setItem(sessionKey, token);
  if (names === localClaims) storage.removeItem(claimNamesKey);
  else storage.setItem(claimNamesKey, JSON.stringify(names));
}

export function forgetToken(storage: SessionStorageLike): void {
  storage.removeItem(sessionKey);
  storage.removeItem(claimNamesKey);
}

function storedClaimNames(storage: SessionStorageLike): ClaimNames {
  try {
    const names = JSON.parse(storage.getItem(claimNamesKey) ?? 'null') as Partial<ClaimNames> | null;
    return typeof names?.role === 'string' && typeof names.partner === 'string'
      ? { role: names.role, partner: names.partner }
      : localClaims;
  } catch {
    return localClaims;
  }
}

interface LocationLike {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

interface HistoryLike {
  replaceState(data: unknown, unused: string, url: string): void;
}

/**
 * Signs in from a `#token=...` link (`ledger token --console`): the token moves to session storage and the
 * fragment is replaced in the history entry, so it is neither in the address bar nor behind the back button.
 * Without a link, the session stored earlier in this tab is used, while it has not expired.
 */
export function adoptSession(
  location: LocationLike,
  storage: SessionStorageLike,
  history: HistoryLike,
  nowSeconds: number,
): Session | undefined {
  const linked = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (linked !== null) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (sessionOf(linked)) keepToken(storage, linked);
  }
  const stored = storage.getItem(sessionKey);
  const session = stored === null ? undefined : sessionOf(stored, storedClaimNames(storage));
  if (session && session.expiresAt > nowSeconds) return session;
  forgetToken(storage);
  return undefined;
}
