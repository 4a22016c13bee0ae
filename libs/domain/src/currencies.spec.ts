import { isLedgerCurrency, iso4217MinorUnits } from './currencies.js';
import { minorUnits } from './money.js';
import { requireCurrency } from './validation.js';

describe('currencies (ISO 4217 list one)', () => {
  it.each([
    ['JPY', 0],
    ['USD', 2],
    ['EUR', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['CLP', 0],
  ])('reads the minor unit of %s from the one table', (code, scale) => {
    expect(iso4217MinorUnits[code]).toBe(scale);
    expect(minorUnits(code)).toBe(scale);
  });

  it('accepts every listed code of at most three decimals, and nothing else', () => {
    const accepted = Object.keys(iso4217MinorUnits).filter(isLedgerCurrency);
    expect(accepted).toHaveLength(Object.keys(iso4217MinorUnits).length - 2);
    expect(['CLF', 'UYW', 'XYZ', 'XAU', 'XDR', 'XXX', 'usd', 'constructor', 42].filter(isLedgerCurrency)).toEqual([]);
  });

  it('keeps two decimals for a code only events stored before the rule can carry', () => {
    expect(minorUnits('XYZ')).toBe(2);
    expect(minorUnits('CLF')).toBe(2);
  });

  it('names the field and the code when refusing', () => {
    expect(() => requireCurrency('XYZ', 'currency')).toThrow(
      'currency must be an ISO 4217 currency code such as "EUR"; XYZ is not one',
    );
    expect(() => requireCurrency('UYW', 'currency')).toThrow(
      'currency UYW has 4 decimals; the ledger holds currencies of at most 3',
    );
  });
});
