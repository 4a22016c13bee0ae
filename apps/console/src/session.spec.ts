import { describe, expect, it, jest } from '@jest/globals';
import { adoptSession, claimNamesKey, forgetToken, keepToken, sessionKey, sessionOf } from './session';
import { isSignInReturn } from './oidc';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenOf = (claims: object) => `${encode({ alg: 'HS256' })}.${encode(claims)}.signature`;
const alice = tokenOf({ sub: 'alice', role: 'finance', exp: 2_000, iat: 1_000 });

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('console sign-in', () => {
  it('reads role, subject, partner and expiry from the token', () => {
    expect(sessionOf(tokenOf({ sub: 'pat', role: 'partner', partnerId: 'p1', exp: 5 }))).toEqual({
      token: tokenOf({ sub: 'pat', role: 'partner', partnerId: 'p1', exp: 5 }),
      role: 'partner',
      sub: 'pat',
      partnerId: 'p1',
      expiresAt: 5,
    });
    expect(sessionOf('not-a-token')).toBeUndefined();
    expect(sessionOf(`a.${encode({ sub: 'x' })}.c`)).toBeUndefined();
  });

  it('moves the token of a sign-in link to session storage and drops it from the URL', () => {
    const storage = memoryStorage();
    const replaceState = jest.fn();
    const session = adoptSession(
      { hash: `#token=${alice}`, pathname: '/console/', search: '?period=2026-Q1' },
      storage,
      { replaceState },
      1_500,
    );
    expect(session?.sub).toBe('alice');
    expect(storage.items.get(sessionKey)).toBe(alice);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/console/?period=2026-Q1');
  });

  it('keeps the session of this tab without a link, and forgets an expired one', () => {
    const storage = memoryStorage({ [sessionKey]: alice });
    const history = { replaceState: jest.fn() };
    const location = { hash: '', pathname: '/console/statements', search: '' };
    expect(adoptSession(location, storage, history, 1_999)?.role).toBe('finance');
    expect(history.replaceState).not.toHaveBeenCalled();
    expect(adoptSession(location, storage, history, 2_000)).toBeUndefined();
    expect(storage.items.has(sessionKey)).toBe(false);
  });

  it("reads a provider's token by the claim names the ledger is configured with, a list of roles included", () => {
    const names = { role: 'https://ledger.example.com/roles', partner: 'partner_id' };
    const token = tokenOf({
      sub: 'u',
      exp: 9,
      'https://ledger.example.com/roles': ['offline_access', 'partner'],
      partner_id: 'p1',
    });
    expect(sessionOf(token, names)).toMatchObject({ role: 'partner', partnerId: 'p1', sub: 'u' });
    expect(
      sessionOf(tokenOf({ sub: 'u', exp: 9, roles: ['finance', 'ops'] }), { ...names, role: 'roles' }),
    ).toBeUndefined();
  });

  it("keeps a provider's claim names beside its token across a reload, and forgets both on sign-out", () => {
    const names = { role: 'ledger_role', partner: 'partner_id' };
    const storage = memoryStorage();
    keepToken(storage, tokenOf({ sub: 'olga', ledger_role: 'ops', exp: 2_000 }), names);
    const location = { hash: '', pathname: '/console/', search: '' };
    expect(adoptSession(location, storage, { replaceState: jest.fn() }, 1_000)?.role).toBe('ops');
    forgetToken(storage);
    expect([...storage.items.keys()]).toEqual([]);
    // A local link afterwards reads the ledger's own claim names again.
    keepToken(storage, alice, names);
    keepToken(storage, alice);
    expect(storage.items.has(claimNamesKey)).toBe(false);
  });

  it("recognizes the provider's return (a code or an error, with the state), and nothing else", () => {
    expect(isSignInReturn('?code=abc&state=xyz&iss=http%3A%2F%2Fidp')).toBe(true);
    expect(isSignInReturn('?error=access_denied&state=xyz')).toBe(true);
    expect(isSignInReturn('?code=abc')).toBe(false);
    expect(isSignInReturn('?period=2026-Q1&status=issued')).toBe(false);
  });
});
