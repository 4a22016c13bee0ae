import { getDomain } from 'tldts';

/**
 * The registrable domain (eTLD+1) of a normalized host, from the ICANN section of the Public Suffix
 * List: `shop.globex.com` is `globex.com`, `eu.globex.co.uk` is `globex.co.uk`. The private section
 * (`github.io`, `herokuapp.com`...) is ignored on purpose: it can only make keys longer, so ignoring it
 * merges customers rather than splitting them, and a subdomain can never slip out of a protection;
 * two real customers on one hosting domain are separated by declaring divisions. Null when the host is
 * itself a public suffix (`co.uk`). The domain library stays free of the list (it depends on decimal.js
 * only), so the application layer looks it up and passes the answer in the command's context.
 */
export function registrableDomainOf(host: string): string | null {
  return getDomain(host, { allowPrivateDomains: false, extractHostname: false, validateHostname: false });
}
