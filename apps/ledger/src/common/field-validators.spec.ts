import fc from 'fast-check';
import {
  amountField,
  decimalFieldProblem,
  fractionField,
  rateField,
  shareField,
  signedAmountField,
  type DecimalField,
} from './field-validators.js';

const kinds: Record<string, DecimalField> = {
  amount: amountField,
  signedAmount: signedAmountField,
  rate: rateField,
  fraction: fractionField,
  share: shareField,
};

/** The same kind without its shortcut: every value goes through the full check, decimal.js and all. */
const fullCheckOnly = (kind: DecimalField): DecimalField => ({ ...kind, certain: /(?!)/ });

/** Strings near the fields' bounds: signs, leading zeros, long integer parts and fractions, zeros and nines. */
const digits = (lengthMax: number) =>
  fc.array(fc.constantFrom('0', '0', '1', '9', '9', '5'), { maxLength: lengthMax }).map((chars) => chars.join(''));
const decimalLike = fc
  .tuple(fc.constantFrom('', '', '-', '+'), digits(23), fc.option(digits(23)), fc.constantFrom('', '', 'e1', ' '))
  .map(([sign, whole, fraction, suffix]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}${suffix}`);
const edges = fc.constantFrom(
  '0',
  '-0',
  '1',
  '1.00000000000000000000',
  '1.000000000000000000001',
  '0.00000000000000000001',
  '0.0000000000',
  '0.0000000001',
  '0.00000000001',
  '999999.9999999999',
  '1000000',
  '1000000.0000000001',
  '999999999999.99',
  '1000000000000',
  '-999999999999.99',
  '00.5',
  '.5',
  '5.',
);

describe('decimal fields: the shortcut for values certainly within bounds', () => {
  it.each(Object.entries(kinds))('%s: answers every value as the full check does', (_name, kind) => {
    const full = fullCheckOnly(kind);
    let certain = 0;
    fc.assert(
      fc.property(fc.oneof(decimalLike, edges, fc.string()), (value) => {
        if (kind.certain.test(value)) certain += 1;
        expect(decimalFieldProblem(value, 'field', kind)).toBe(decimalFieldProblem(value, 'field', full));
      }),
      { numRuns: 3000 },
    );
    // The shortcut must be taken often for the check to mean anything.
    expect(certain).toBeGreaterThan(100);
  });

  it('takes the shortcut for the values a deal usually carries', () => {
    expect(amountField.certain.test('46571.65')).toBe(true);
    expect(signedAmountField.certain.test('-40.00')).toBe(true);
    expect(rateField.certain.test('0.665641')).toBe(true);
    expect(fractionField.certain.test('0.15')).toBe(true);
    expect(shareField.certain.test('0.6')).toBe(true);
    expect(shareField.certain.test('1')).toBe(true);
  });
});

describe('decimal fields: what a refused value is told', () => {
  it('tells digits that are too many what is too long, not that they are not digits', () => {
    expect(decimalFieldProblem('1000000000000000000000', 'amount', amountField)).toBe(
      decimalFieldProblem('100000000000000', 'amount', amountField),
    );
    expect(decimalFieldProblem('1000000000000000000000', 'amount', amountField)).toContain('at most 12 digits');
    expect(decimalFieldProblem('1.123456789012345678901', 'amount', amountField)).toBe(
      'amount must have at most 20 decimal places',
    );
    expect(decimalFieldProblem('1.123456789012345678901', 'fxRate', rateField)).toBe(
      'fxRate must have at most 10 decimal places',
    );
    expect(decimalFieldProblem('99999999999999999999999', 'share', shareField)).toBe('share must be at most 1');
    // Not digits at all, or digits in another form, are told the form.
    for (const value of ['1e3', '00.5', '+1', '1 000'])
      expect(decimalFieldProblem(value, 'amount', amountField)).toContain('must be written as digits');
  });
});
