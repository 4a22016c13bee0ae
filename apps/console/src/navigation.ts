import { hrefOf } from './router';

/** Client-side navigation: a new history entry and a notice to the app, which re-reads the location. */
export function navigate(href: string): void {
  history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The `after` position of the current URL: the page must show at least what was written up to it. */
export function afterOfLocation(): string | undefined {
  return new URLSearchParams(location.search).get('after') ?? undefined;
}

/** After a command, the statement page reloads at the position it answered, so it shows its own write. */
export function reloadAt(statementId: string, written: { readonly position: string }): void {
  navigate(hrefOf({ page: 'statement', statementId }, written.position));
}
