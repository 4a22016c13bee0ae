import fc from 'fast-check';
import { Decimal, roundingModes, roundMoney } from '../money.js';
import {
  exactCompare,
  exactMinus,
  exactMoney,
  exactOf,
  exactPlus,
  exactText,
  exactTimes,
  roundMinor,
} from './exact-decimal.js';

/** Decimal strings from tiny fractions to figures far past 34 significant digits, of either sign. */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 24 }))
  .map(([negative, units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative && units !== 0n ? `-${text}` : text;
  });

describe('exact decimal arithmetic', () => {
  it('adds, subtracts and multiplies to the figure Decimal (34 digits, half-even) prints', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (left, right) => {
        const [exactLeft, exactRight] = [exactOf(left), exactOf(right)];
        const [decimalLeft, decimalRight] = [new Decimal(left), new Decimal(right)];
        expect(exactText(exactPlus(exactLeft, exactRight))).toBe(decimalLeft.plus(decimalRight).toFixed());
        expect(exactText(exactMinus(exactLeft, exactRight))).toBe(decimalLeft.minus(decimalRight).toFixed());
        expect(exactText(exactTimes(exactLeft, exactRight))).toBe(decimalLeft.times(decimalRight).toFixed());
        expect(exactCompare(exactLeft, exactRight)).toBe(decimalLeft.comparedTo(decimalRight));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds to a currency minor unit in every rounding mode as roundMoney does, to the cent', () => {
    fc.assert(
      fc.property(
        decimalText,
        fc.constantFrom(...roundingModes),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (text, mode, currency) => {
          const expected = roundMoney(new Decimal(text), currency, mode).toFixed(
            currency === 'EUR' ? 2 : currency === 'JPY' ? 0 : 3,
          );
          expect(exactMoney(roundMinor(exactOf(text), currency, mode), currency)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses to format an amount that is not rounded to the minor unit', () => {
    expect(() => exactMoney(exactOf('1.005'), 'EUR')).toThrow('not rounded to 2 places');
    expect(exactMoney(exactOf('-0.50000'), 'EUR')).toBe('-0.50');
  });

  it('prints a figure as Decimal.toFixed() does: no trailing zeros, no exponent, never "-0"', () => {
    expect(exactText(exactOf('-0.000'))).toBe('0');
    expect(exactText(exactOf('1200.0500'))).toBe('1200.05');
    expect(exactText(exactTimes(exactOf('0.0001'), exactOf('0.00001')))).toBe('0.000000001');
    expect(exactText(exactOf(new Decimal('1e+5')))).toBe('100000');
  });
});
