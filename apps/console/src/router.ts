/** The console's pages, parsed from the path under /console/ (a reloaded or typed URL opens the same page). */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'statements'; readonly period: string; readonly status: string }
  | { readonly page: 'statement'; readonly statementId: string }
  | { readonly page: 'line'; readonly lineId: string }
  | { readonly page: 'partners'; readonly status: string; readonly kind: string; readonly region: string }
  | { readonly page: 'partner'; readonly partnerId: string }
  | { readonly page: 'projections' }
  | { readonly page: 'simulate' }
  | { readonly page: 'not-found'; readonly path: string };

export const basePath = '/console';

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  const [first, second] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'statements' && parts.length === 1)
    return { page: 'statements', period: query.get('period') ?? '', status: query.get('status') ?? '' };
  if (first === 'statements' && second && parts.length === 2) return { page: 'statement', statementId: second };
  if (first === 'lines' && second && parts.length === 2) return { page: 'line', lineId: second };
  if (first === 'partners' && parts.length === 1) {
    const filter = (name: string) => query.get(name) ?? '';
    return { page: 'partners', status: filter('status'), kind: filter('kind'), region: filter('region') };
  }
  if (first === 'partners' && second && parts.length === 2) return { page: 'partner', partnerId: second };
  if (first === 'ops' && second === 'projections' && parts.length === 2) return { page: 'projections' };
  if (first === 'ops' && second === 'simulate' && parts.length === 2) return { page: 'simulate' };
  return { page: 'not-found', path: pathname };
}

/** The URL of a page (with `after` when the page must show a write that was just made). */
export function hrefOf(route: Route, after?: string): string {
  const query = new URLSearchParams();
  let path: string;
  switch (route.page) {
    case 'statements':
      if (route.period) query.set('period', route.period);
      if (route.status) query.set('status', route.status);
      path = '/statements';
      break;
    case 'statement':
      path = `/statements/${encodeURIComponent(route.statementId)}`;
      break;
    case 'partners':
      for (const name of ['status', 'kind', 'region'] as const) if (route[name]) query.set(name, route[name]);
      path = '/partners';
      break;
    case 'partner':
      path = `/partners/${encodeURIComponent(route.partnerId)}`;
      break;
    case 'line':
      path = `/lines/${encodeURIComponent(route.lineId)}`;
      break;
    case 'projections':
      path = '/ops/projections';
      break;
    case 'simulate':
      path = '/ops/simulate';
      break;
    default:
      path = '/';
  }
  if (after) query.set('after', after);
  const search = query.toString();
  return `${basePath}${path}${search ? `?${search}` : ''}`;
}
