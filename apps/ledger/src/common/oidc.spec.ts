import { roles } from '#domain';
import { mapOidcClaims, roleOf } from './oidc.js';

const oidc = {
  issuer: 'https://login.example.com',
  audience: 'ledger',
  roleClaim: 'https://ledger.example.com/role',
  partnerClaim: 'partner',
  consoleClientId: undefined,
  consoleScope: 'openid',
};

describe('OpenID Connect claims', () => {
  it('reads the role and partner id from the configured claim names, namespaced names included', () => {
    const payload = { sub: 'u1', exp: 2, iat: 1, 'https://ledger.example.com/role': 'partner', partner: 'p1' };
    expect(mapOidcClaims(payload, oidc, roles)).toEqual({
      sub: 'u1',
      role: 'partner',
      partnerId: 'p1',
      exp: 2,
      iat: 1,
    });
  });

  it('takes the one ledger role of a list of roles, and none when the list names two or none', () => {
    expect(roleOf(['offline_access', 'finance', 'uma_authorization'], roles)).toBe('finance');
    expect(roleOf(['finance', 'ops'], roles)).toBeUndefined();
    expect(roleOf(['offline_access'], roles)).toBeUndefined();
    expect(roleOf('auditor', roles)).toBe('auditor');
  });
});
