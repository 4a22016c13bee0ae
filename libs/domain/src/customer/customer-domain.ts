import { DomainError, invariant } from '../errors.js';
import type { Customer } from '../registration/registration.events.js';
import { requireText } from '../validation.js';

/**
 * Turns the customer domain a client wrote into its normalized host name. Two partners who mean the
 * same company must land on the same customer, so writing style is removed; anything that is not
 * clearly a domain name is refused rather than guessed at, because a wrong guess would silently split
 * (or merge) customers. The lock key is derived from this host by `customerKeyOf`.
 *
 * The rule, in order:
 * 1. Surrounding whitespace is removed (`"  globex.com "` is `globex.com`).
 * 2. Letters are lower-cased (`GLOBEX.COM` is `globex.com`): DNS names are case-insensitive.
 * 3. One trailing dot, the fully-qualified form, is removed (`globex.com.` is `globex.com`).
 * 4. What remains must be a host name: 2 to 127 labels separated by dots, each label 1 to 63 characters
 *    of `a-z`, `0-9` and `-`, not starting or ending with `-`; at most 253 characters; a top-level label
 *    that is not all digits (so IP addresses are refused). A scheme, path, port, user, space inside or
 *    non-ASCII letter is refused: internationalized names are accepted in their ASCII (`xn--`) form.
 * 5. Every leading `www.` label is removed while at least two labels remain (`www.www.globex.com` is
 *    `globex.com`, but `www.com` stays `www.com`). Removing them all, not one, makes the function
 *    idempotent: normalizing a normalized domain changes nothing.
 *
 * So `globex.com`, `WWW.GLOBEX.COM.` and ` www.www.Globex.com ` all become `globex.com`, and the result
 * only ever contains `a-z 0-9 . -`, which makes it safe inside a stream name.
 *
 * Refusals are `CUSTOMER_DOMAIN_INVALID` with `details.field` and `details.rule`.
 */
export function normalizeCustomerDomain(domain: unknown, field = 'customer.domain'): string {
  let host = normalizeHostName(domain, field);
  while (host.startsWith('www.') && host.split('.').length > 2) host = host.slice('www.'.length);
  return host;
}

/** Steps 1 to 4 of `normalizeCustomerDomain`: a valid host name with style removed, `www.` kept. */
function normalizeHostName(domain: unknown, field: string): string {
  if (typeof domain !== 'string') throw invalid(field, 'string', `${field} must be a string such as "globex.com"`);
  let host = domain.trim().toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);

  if (host.length === 0) throw invalid(field, 'nonEmpty', `${field} must be a domain name such as "globex.com"`);
  if (host.length > 253) throw invalid(field, 'maxLength', `${field} must be at most 253 characters`);
  if (!/^[a-z0-9.-]+$/.test(host)) {
    throw invalid(
      field,
      'characters',
      `${field} must be a bare domain name such as "globex.com": ` +
        'no scheme, path, port, spaces or non-ASCII letters (use the xn-- form)',
    );
  }
  const labels = host.split('.');
  if (labels.length < 2) throw invalid(field, 'labels', `${field} must have at least two labels, such as "globex.com"`);
  for (const label of labels) {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      throw invalid(
        field,
        'label',
        `${field} has an invalid label "${label}": ` +
          '1 to 63 letters, digits or hyphens, not starting or ending with a hyphen',
      );
    }
  }
  if (/^\d+$/.test(labels.at(-1)!))
    throw invalid(field, 'topLevel', `${field} must be a domain name, not an IP address`);
  return host;
}

/**
 * Checks a lock key a command carries: a host name already in canonical form (lower case, no trailing
 * dot). A leading `www.` is allowed: registrations submitted before normalization removed every `www.`
 * recorded keys such as `www.globex.com`, and their lock stream must stay reachable.
 */
export function requireCustomerKey(value: unknown, field = 'customerKey'): string {
  const key = normalizeHostName(value, field);
  if (key !== value) {
    // The application layer must send the key as recorded, or the lock would live in another stream.
    const details = { field, rule: 'normalized' };
    throw new DomainError('VALIDATION_FAILED', `${field} must be a normalized host name`, details);
  }
  return key;
}

/** True when `host` is `domain` itself or one of its subdomains (`shop.globex.com` is within `globex.com`). */
export function isWithinDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The lock key of a customer host: the longest declared division the host is within, else the host's
 * registrable domain (its ICANN eTLD+1, which the application layer looks up in the Public Suffix List).
 * So `shop.globex.com` is locked as `globex.com` unless `shop.globex.com` (or a division containing it)
 * was declared a separate customer. Refuses a host without a registrable domain (a bare public suffix
 * such as `co.uk`) with `CUSTOMER_DOMAIN_INVALID` naming `field`.
 */
export function customerKeyOf(
  host: string,
  registrableDomain: string | null,
  divisions: readonly string[],
  field = 'customer.domain',
): string {
  if (registrableDomain === null) {
    const message =
      `${field} "${host}" is a public suffix, not a customer's domain: ` +
      'write the domain the customer registered, such as "globex.co.uk"';
    throw invalid(field, 'registrableDomain', message);
  }
  invariant(
    isCustomerKey(registrableDomain) && isWithinDomain(host, registrableDomain),
    `${registrableDomain} is not the registrable domain of ${host}`,
  );
  const containing = divisions.filter(
    (division) => isWithinDomain(host, division) && isWithinDomain(division, registrableDomain),
  );
  return containing.reduce(
    (longest, division) => (division.length > longest.length ? division : longest),
    registrableDomain,
  );
}

/** True for a string that is already a customer key (what `normalizeCustomerDomain` returns). */
export function isCustomerKey(value: unknown): value is string {
  try {
    return typeof value === 'string' && normalizeCustomerDomain(value) === value;
  } catch {
    return false;
  }
}

function invalid(field: string, rule: string, message: string): DomainError {
  return new DomainError('CUSTOMER_DOMAIN_INVALID', message, { field, rule });
}

/**
 * A customer as a command carries it: a non-empty name and a domain. The domain is kept as written
 * (trimmed) for display and audit, next to the customer key derived from it.
 */
export function requireCustomer(value: unknown, field = 'customer'): { customer: Customer; customerKey: string } {
  if (typeof value !== 'object' || value === null) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be an object with name and domain`, {
      field,
      rule: 'object',
    });
  }
  const { name, domain } = value as Record<string, unknown>;
  const customerName = requireText(name, `${field}.name`).trim();
  const customerKey = normalizeCustomerDomain(domain, `${field}.domain`);
  return { customer: { name: customerName, domain: (domain as string).trim() }, customerKey };
}
