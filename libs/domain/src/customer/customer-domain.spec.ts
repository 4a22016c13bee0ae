import fc from 'fast-check';
import { DomainError } from '../errors.js';
import { isCustomerKey, normalizeCustomerDomain, requireCustomer } from './customer-domain.js';

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

  it('removes only one leading www', () => expect(normalizeCustomerDomain('www.www.globex.com')).toBe('www.globex.com'));

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
    expect(() => normalizeCustomerDomain('nope', 'customerKey')).toThrow(expect.objectContaining({ details: { field: 'customerKey', rule: 'labels' } }));
  });

  it('is idempotent and only ever produces stream-safe keys', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
    const domain = fc
      .tuple(fc.constantFrom('', 'www.', 'WWW.'), fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-zA-Z]{2,6}$/), fc.constantFrom('', '.'), fc.constantFrom('', ' ', '\t'))
      .map(([prefix, labels, topLevel, dot, space]) => `${space}${prefix}${labels.join('.')}.${topLevel}${dot}${space}`);
    fc.assert(
      fc.property(domain, (written) => {
        const key = normalizeCustomerDomain(written);
        expect(key).toMatch(/^[a-z0-9.-]+$/);
        expect(normalizeCustomerDomain(key)).toBe(key);
        expect(isCustomerKey(key)).toBe(true);
        expect(normalizeCustomerDomain(written.toUpperCase())).toBe(key);
      }),
    );
  });

  it('tells a normalized key from a written domain', () => {
    expect(isCustomerKey('globex.com')).toBe(true);
    expect(isCustomerKey('www.globex.com')).toBe(false);
    expect(isCustomerKey('Globex.com')).toBe(false);
    expect(isCustomerKey(7)).toBe(false);
  });
});

describe('requireCustomer', () => {
  it('keeps the domain as written next to its key', () =>
    expect(requireCustomer({ name: ' Globex ', domain: ' WWW.Globex.com ' })).toEqual({ customer: { name: 'Globex', domain: 'WWW.Globex.com' }, customerKey: 'globex.com' }));

  it('refuses a customer that is not an object', () =>
    expect(() => requireCustomer('globex.com')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'customer', rule: 'object' } })));

  it('refuses a customer without a name', () =>
    expect(() => requireCustomer({ domain: 'globex.com' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field: 'customer.name' }) })));
});
