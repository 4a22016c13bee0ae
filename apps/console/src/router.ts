/** The console's pages, parsed from the path under /console/ (a reloaded or typed URL opens the same page). */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'statements'; readonly period: string; readonly status: string }
  | { readonly page: 'statement'; readonly statementId: string }
  | { readonly page: 'line'; readonly lineId: string }
  | { readonly page: 'disputes' }
  | { readonly page: 'balances'; readonly partnerId: string; readonly asOf: string }
  | { readonly page: 'periods' }
  | {
      readonly page: 'partners';
      readonly q: string;
      readonly status: string;
      readonly kind: string;
      readonly region: string;
      readonly tier: string;
    }
  | { readonly page: 'partner'; readonly partnerId: string }
  | { readonly page: 'registrations'; readonly status: string; readonly partnerId: string }
  | {
      readonly page: 'deals';
      readonly q: string;
      readonly partnerId: string;
      readonly status: string;
      readonly period: string;
    }
  | { readonly page: 'campaigns'; readonly partnerId: string; readonly status: string }
  | { readonly page: 'campaign'; readonly campaignId: string }
  | { readonly page: 'projections' }
  | { readonly page: 'simulate' }
  | { readonly page: 'rule-sets' }
  | { readonly page: 'events'; readonly stream: string; readonly from: string }
  | { readonly page: 'not-found'; readonly path: string };

export const basePath = '/console';

type Page = Route['page'];

/** The fixed path of each list page and the query filters it keeps in the URL. */
const listPages: ReadonlyArray<{ page: Page; path: string; filters: readonly string[] }> = [
  { page: 'statements', path: '/statements', filters: ['period', 'status'] },
  { page: 'disputes', path: '/disputes', filters: [] },
  { page: 'balances', path: '/balances', filters: ['partnerId', 'asOf'] },
  { page: 'periods', path: '/periods', filters: [] },
  { page: 'partners', path: '/partners', filters: ['q', 'status', 'kind', 'region', 'tier'] },
  { page: 'deals', path: '/deals', filters: ['q', 'partnerId', 'status', 'period'] },
  { page: 'campaigns', path: '/campaigns', filters: ['partnerId', 'status'] },
  { page: 'registrations', path: '/registrations', filters: ['status', 'partnerId'] },
  { page: 'projections', path: '/ops/projections', filters: [] },
  { page: 'simulate', path: '/ops/simulate', filters: [] },
  { page: 'rule-sets', path: '/ops/rule-sets', filters: [] },
  { page: 'events', path: '/audit/events', filters: ['stream', 'from'] },
];

/** The pages of one item: a path prefix and the route field its last segment fills. */
const itemPages: ReadonlyArray<{ page: Page; prefix: string; field: string }> = [
  { page: 'statement', prefix: 'statements', field: 'statementId' },
  { page: 'line', prefix: 'lines', field: 'lineId' },
  { page: 'partner', prefix: 'partners', field: 'partnerId' },
  { page: 'campaign', prefix: 'campaigns', field: 'campaignId' },
];

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts.length === 0) return { page: 'home' };
  const joined = `/${parts.join('/')}`;
  const list = listPages.find((candidate) => candidate.path === joined);
  if (list)
    return Object.fromEntries([
      ['page', list.page],
      ...list.filters.map((name) => [name, query.get(name) ?? '']),
    ]) as Route;
  const item = itemPages.find((candidate) => candidate.prefix === parts[0]);
  if (item && parts.length === 2) return { page: item.page, [item.field]: parts[1] } as Route;
  return { page: 'not-found', path: pathname };
}

/** The URL of a page (with `after` when the page must show a write that was just made). */
export function hrefOf(route: Route, after?: string): string {
  const query = new URLSearchParams();
  const fields = route as unknown as Record<string, string>;
  let path = '/';
  const list = listPages.find((candidate) => candidate.page === route.page);
  const item = itemPages.find((candidate) => candidate.page === route.page);
  if (list) {
    path = list.path;
    for (const name of list.filters) if (fields[name]) query.set(name, fields[name]);
  } else if (item) {
    path = `/${item.prefix}/${encodeURIComponent(fields[item.field] ?? '')}`;
  }
  if (after) query.set('after', after);
  const search = query.toString();
  return `${basePath}${path}${search ? `?${search}` : ''}`;
}

/**
 * The pages of other roles' work, by the roles whose work they are (admin opens every one). Another role is told so,
 * rather than shown a page whose reads and actions the API refuses it (a partner saw finance's dispute inbox).
 */
export const pageRoles: Partial<Record<Route['page'], readonly string[]>> = {
  disputes: ['finance'],
  periods: ['finance'],
  projections: ['ops', 'auditor'],
  events: ['auditor'],
  'rule-sets': ['ops'],
  simulate: ['ops'],
};

/** Whether the session's role may open the route's page. */
export function opensPage(role: string, page: Route['page']): boolean {
  const roles = pageRoles[page];
  return role === 'admin' || roles === undefined || roles.includes(role);
}
