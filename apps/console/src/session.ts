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

/** The claims of a JWT, or undefined when it is not one this console can use. */
export function sessionOf(token: string): Session | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    if (typeof claims.role !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number')
      return undefined;
    const partnerId = typeof claims.partnerId === 'string' ? claims.partnerId : undefined;
    return { token, role: claims.role, sub: claims.sub, expiresAt: claims.exp, ...(partnerId ? { partnerId } : {}) };
  } catch {
    return undefined;
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
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  history: HistoryLike,
  nowSeconds: number,
): Session | undefined {
  const linked = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (linked !== null) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (sessionOf(linked)) storage.setItem(sessionKey, linked);
  }
  const stored = storage.getItem(sessionKey);
  const session = stored === null ? undefined : sessionOf(stored);
  if (session && session.expiresAt > nowSeconds) return session;
  storage.removeItem(sessionKey);
  return undefined;
}
