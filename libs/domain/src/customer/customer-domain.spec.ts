import fc from 'fast-check';
import { DomainError } from '../errors.js';
import {
  customerKeyOf,
  isCustomerKey,
  isWithinDomain,
  normalizeCustomerDomain,
  requireCustomer,
  requireCustomerKey,
} from './customer-domain.js';

function refusal(domain: unknown): DomainError {
  try {
    normalizeCustomerDomain(domain);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${String(domain)} was accepted`);
}

describe('normalizeCustomerDomain', () => {
  it.each([
    ['globex.com', 'globex.com'],
    ['GLOBEX.COM', 'globex.com'],
    ['WWW.GLOBEX.COM.', 'globex.com'],
    ['  www.Globex.com \t', 'globex.com'],
    ['globex.com.', 'globex.com'],
    ['eu.globex.com', 'eu.globex.com'],
    ['www.eu.globex.co.uk', 'eu.globex.co.uk'],
    ['www.com', 'www.com'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['3m.com', '3m.com'],
    ['my-company.io', 'my-company.io'],
  ])('normalizes %j to %j', (domain, key) => expect(normalizeCustomerDomain(domain)).toBe(key));

  it('gives both spellings of the acceptance scenario the same key', () =>
    expect(normalizeCustomerDomain('WWW.GLOBEX.COM.')).toBe(normalizeCustomerDomain('globex.com')));

  // Issue 11: one stripped www left `www.globex.com`, a key no later step accepted.
  it.each([
    ['www.www.globex.com', 'globex.com'],
    ['WWW.www.WWW.Globex.com.', 'globex.com'],
    ['www.www.com', 'www.com'],
    ['eu.www.globex.com', 'eu.www.globex.com'],
  ])('removes every leading www: %j is %j', (domain, key) => expect(normalizeCustomerDomain(domain)).toBe(key));

  it.each([
    [42, 'string'],
    [null, 'string'],
    ['', 'nonEmpty'],
    ['   ', 'nonEmpty'],
    ['.', 'nonEmpty'],
    ['https://globex.com', 'characters'],
    ['globex.com/about', 'characters'],
    ['globex.com:443', 'characters'],
    ['sales@globex.com', 'characters'],
    ['glo bex.com', 'characters'],
    ['bücher.de', 'characters'],
    ['globex', 'labels'],
    ['globex..com', 'label'],
    ['-globex.com', 'label'],
    ['globex-.com', 'label'],
    [`${'a'.repeat(64)}.com`, 'label'],
    [`${'a.'.repeat(127)}com`, 'maxLength'],
    ['10.0.0.1', 'topLevel'],
    ['globex.com..', 'label'],
  ])('refuses %j (rule %s)', (domain, rule) => {
    const error = refusal(domain);
    expect(error.code).toBe('CUSTOMER_DOMAIN_INVALID');
    expect(error.details).toEqual({ field: 'customer.domain', rule });
  });

  it('names the field it was given', () => {
    expect(() => normalizeCustomerDomain('nope', 'customerKey')).toThrow(
      expect.objectContaining({ details: { field: 'customerKey', rule: 'labels' } }),
    );
  });

  it('is idempotent and only ever produces stream-safe keys', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
    const domain = fc
      .tuple(
        // Any number of leading www labels (issue 11: `www.www.` was normalized only once), and www inside.
        fc.array(fc.constantFrom('www.', 'WWW.', 'wWw.'), { maxLength: 4 }).map((prefixes) => prefixes.join('')),
        fc.array(fc.oneof(label, fc.constant('www')), { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[a-zA-Z]{2,6}$/),
        fc.constantFrom('', '.'),
        fc.constantFrom('', ' ', '\t'),
      )
      .map(
        ([prefix, labels, topLevel, dot, space]) => `${space}${prefix}${labels.join('.')}.${topLevel}${dot}${space}`,
      );
    fc.assert(
      fc.property(domain, (written) => {
        const key = normalizeCustomerDomain(written);
        expect(key).toMatch(/^[a-z0-9.-]+$/);
        expect(normalizeCustomerDomain(key)).toBe(key);
        expect(isCustomerKey(key)).toBe(true);
        expect(requireCustomerKey(key)).toBe(key);
        expect(normalizeCustomerDomain(written.toUpperCase())).toBe(key);
      }),
    );
  });

  it('is idempotent on any string it accepts: normalize(normalize(x)) is normalize(x)', () => {
    const written = fc.oneof(fc.string(), fc.stringMatching(/^\s?((www|WWW|w)\.){0,4}[a-zA-Z0-9.-]{1,20}\.?\s?$/));
    fc.assert(
      fc.property(written, (domain) => {
        let once: string;
        try {
          once = normalizeCustomerDomain(domain);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        expect(normalizeCustomerDomain(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts as a lock key a host recorded before every www was removed, and nothing unnormalized', () => {
    expect(requireCustomerKey('www.globex.com')).toBe('www.globex.com');
    const notNormalized = expect.objectContaining({
      code: 'VALIDATION_FAILED',
      details: { field: 'customerKey', rule: 'normalized' },
    });
    expect(() => requireCustomerKey('WWW.globex.com')).toThrow(notNormalized);
    expect(() => requireCustomerKey('globex.com.')).toThrow(notNormalized);
    const notDomain = expect.objectContaining({
      code: 'CUSTOMER_DOMAIN_INVALID',
      details: { field: 'customerKey', rule: 'labels' },
    });
    expect(() => requireCustomerKey('globex')).toThrow(notDomain);
  });

  it('tells a normalized key from a written domain', () => {
    expect(isCustomerKey('globex.com')).toBe(true);
    expect(isCustomerKey('www.globex.com')).toBe(false);
    expect(isCustomerKey('Globex.com')).toBe(false);
    expect(isCustomerKey(7)).toBe(false);
  });
});

describe('customerKeyOf', () => {
  it.each([
    ['globex.com', 'globex.com', [], 'globex.com'],
    ['shop.globex.com', 'globex.com', [], 'globex.com'],
    ['a.b.globex.co.uk', 'globex.co.uk', [], 'globex.co.uk'],
    ['eu.globex.com', 'globex.com', ['eu.globex.com'], 'eu.globex.com'],
    ['shop.eu.globex.com', 'globex.com', ['eu.globex.com', 'shop.eu.globex.com'], 'shop.eu.globex.com'],
    ['shop.eu.globex.com', 'globex.com', ['eu.globex.com'], 'eu.globex.com'],
    ['us.globex.com', 'globex.com', ['eu.globex.com'], 'globex.com'],
    ['globex.com', 'globex.com', ['eu.globex.com'], 'globex.com'],
    // Only divisions of this registrable domain count, and only on a label boundary.
    ['shop.globex.com', 'globex.com', ['p.globex.com', 'globex.net'], 'globex.com'],
  ] as const)('locks %j (registrable %j, divisions %j) as %j', (host, registrable, divisions, key) =>
    expect(customerKeyOf(host, registrable, divisions)).toBe(key),
  );

  it('refuses a host without a registrable domain, naming the field', () =>
    expect(() => customerKeyOf('co.uk', null, [])).toThrow(
      expect.objectContaining({
        code: 'CUSTOMER_DOMAIN_INVALID',
        details: { field: 'customer.domain', rule: 'registrableDomain' },
      }),
    ));

  it('treats a registrable domain that does not contain the host as a bug of the caller', () =>
    expect(() => customerKeyOf('globex.com', 'initech.com', [])).toThrow(/Invariant violated/));

  it('tells whether a host is within a domain on label boundaries', () => {
    expect(isWithinDomain('shop.globex.com', 'globex.com')).toBe(true);
    expect(isWithinDomain('globex.com', 'globex.com')).toBe(true);
    expect(isWithinDomain('myglobex.com', 'globex.com')).toBe(false);
  });
});

describe('requireCustomer', () => {
  it('keeps the domain as written next to its key', () =>
    expect(requireCustomer({ name: ' Globex ', domain: ' WWW.Globex.com ' })).toEqual({
      customer: { name: 'Globex', domain: 'WWW.Globex.com' },
      customerKey: 'globex.com',
    }));

  it('refuses a customer that is not an object', () =>
    expect(() => requireCustomer('globex.com')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'customer', rule: 'object' } }),
    ));

  it('refuses a customer without a name', () =>
    expect(() => requireCustomer({ domain: 'globex.com' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ field: 'customer.name' }),
      }),
    ));
});
