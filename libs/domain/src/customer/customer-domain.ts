import { DomainError } from '../errors.js';
import type { Customer } from '../registration/registration.events.js';
import { requireText } from '../validation.js';

/**
 * Turns the customer domain a client wrote into the customer key: the identity the channel-conflict
 * lock (`customer-<customerKey>`) is taken on. Two partners who mean the same company must land on the
 * same key, so writing style is removed; anything that is not clearly a domain name is refused rather
 * than guessed at, because a wrong guess would silently split (or merge) customers.
 *
 * The rule, in order:
 * 1. Surrounding whitespace is removed (`"  globex.com "` is `globex.com`).
 * 2. Letters are lower-cased (`GLOBEX.COM` is `globex.com`): DNS names are case-insensitive.
 * 3. One trailing dot, the fully-qualified form, is removed (`globex.com.` is `globex.com`).
 * 4. One leading `www.` is removed when at least two labels remain (`www.globex.com` is `globex.com`,
 *    but `www.com` stays `www.com`). Other subdomains are kept: `eu.globex.com` is a different key,
 *    since large customers register divisions separately.
 * 5. What remains must be a host name: 2 to 127 labels separated by dots, each label 1 to 63 characters
 *    of `a-z`, `0-9` and `-`, not starting or ending with `-`; at most 253 characters; a top-level label
 *    that is not all digits (so IP addresses are refused). A scheme, path, port, user, space inside or
 *    non-ASCII letter is refused: internationalized names are accepted in their ASCII (`xn--`) form.
 *
 * So `globex.com`, `WWW.GLOBEX.COM.` and ` www.Globex.com ` all become `globex.com`, and the key only
 * ever contains `a-z 0-9 . -`, which makes it safe inside a stream name.
 *
 * Refusals are `CUSTOMER_DOMAIN_INVALID` with `details.field` and `details.rule`.
 */
export function normalizeCustomerDomain(domain: unknown, field = 'customer.domain'): string {
  if (typeof domain !== 'string') throw invalid(field, 'string', `${field} must be a string such as "globex.com"`);
  let key = domain.trim().toLowerCase();
  if (key.endsWith('.')) key = key.slice(0, -1);
  if (key.startsWith('www.') && key.split('.').length > 2) key = key.slice('www.'.length);

  if (key.length === 0) throw invalid(field, 'nonEmpty', `${field} must be a domain name such as "globex.com"`);
  if (key.length > 253) throw invalid(field, 'maxLength', `${field} must be at most 253 characters`);
  if (!/^[a-z0-9.-]+$/.test(key)) {
    throw invalid(field, 'characters', `${field} must be a bare domain name such as "globex.com": no scheme, path, port, spaces or non-ASCII letters (use the xn-- form)`);
  }
  const labels = key.split('.');
  if (labels.length < 2) throw invalid(field, 'labels', `${field} must have at least two labels, such as "globex.com"`);
  for (const label of labels) {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      throw invalid(field, 'label', `${field} has an invalid label "${label}": 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen`);
    }
  }
  if (/^\d+$/.test(labels.at(-1)!)) throw invalid(field, 'topLevel', `${field} must be a domain name, not an IP address`);
  return key;
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
    throw new DomainError('VALIDATION_FAILED', `${field} must be an object with name and domain`, { field, rule: 'object' });
  }
  const { name, domain } = value as Record<string, unknown>;
  const customerName = requireText(name, `${field}.name`).trim();
  const customerKey = normalizeCustomerDomain(domain, `${field}.domain`);
  return { customer: { name: customerName, domain: (domain as string).trim() }, customerKey };
}
