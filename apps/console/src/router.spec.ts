import { describe, expect, it } from '@jest/globals';
import { hrefOf, opensPage, parseRoute } from './router';

describe('console routes', () => {
  it('parses each page from its URL and back', () => {
    const routes = [
      { page: 'statements', period: '2026-Q1', status: 'issued' },
      { page: 'statement', statementId: 'p 1-2026-Q1' },
      { page: 'line', lineId: 'e1:p1' },
      { page: 'partners', q: 'acme', status: 'active', kind: '', region: 'NA', tier: 'gold' },
      { page: 'deals', q: 'globex', partnerId: 's1-p0001', status: 'won', period: '2025-Q3' },
      { page: 'campaigns', partnerId: 's1-p0001', status: 'approved' },
      { page: 'campaign', campaignId: 'camp-1' },
      { page: 'partner', partnerId: 's1-p0001' },
      { page: 'projections' },
      { page: 'simulate' },
      { page: 'disputes' },
      { page: 'balances', partnerId: 's1-p0001', asOf: '2026-03-31' },
      { page: 'periods' },
      { page: 'registrations', status: 'submitted', partnerId: 's1-p0002' },
      { page: 'rule-sets' },
      { page: 'events', stream: 'partner-p1', from: '40' },
    ] as const;
    for (const route of routes) {
      const url = new URL(hrefOf(route), 'http://localhost');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
    expect(parseRoute('/console/', '')).toEqual({ page: 'home' });
    expect(parseRoute('/console/nowhere/else', '')).toEqual({ page: 'not-found', path: '/console/nowhere/else' });
    expect(parseRoute('/console/statements/a/b', '')).toEqual({ page: 'not-found', path: '/console/statements/a/b' });
    // A filter the URL leaves out is empty, never undefined.
    expect(parseRoute('/console/balances', '')).toEqual({ page: 'balances', partnerId: '', asOf: '' });
  });

  it('adds the position to read back after a write', () => {
    expect(hrefOf({ page: 'statement', statementId: 'p1-2026-Q1' }, '42')).toBe(
      '/console/statements/p1-2026-Q1?after=42',
    );
  });

  it("opens another role's work pages only to that role and admin, and every other page to anyone", () => {
    expect(['finance', 'admin', 'partner', 'auditor'].map((role) => opensPage(role, 'disputes'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(['ops', 'auditor', 'partner'].map((role) => opensPage(role, 'projections'))).toEqual([true, true, false]);
    expect(opensPage('partner', 'periods')).toBe(false);
    expect(opensPage('partner', 'events')).toBe(false);
    expect(opensPage('partner', 'statement')).toBe(true);
    expect(opensPage('partner_manager', 'rule-sets')).toBe(false);
    expect(opensPage('partner_manager', 'deals')).toBe(true);
  });
});
