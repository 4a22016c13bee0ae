import { Decimal as DecimalJs } from 'decimal.js';

/**
 * A private Decimal with 34 significant digits (IEEE 754 decimal128), so intermediate products of
 * amounts, rates and multipliers never lose a digit. Rounding to a currency's minor unit is always
 * explicit (`roundMoney`), and happens once per line.
 */
export const Decimal = DecimalJs.clone({ precision: 34, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export type RoundingMode = 'HALF_EVEN' | 'HALF_UP' | 'HALF_DOWN' | 'UP' | 'DOWN' | 'CEIL' | 'FLOOR';
export const roundingModes: readonly RoundingMode[] = ['HALF_EVEN', 'HALF_UP', 'HALF_DOWN', 'UP', 'DOWN', 'CEIL', 'FLOOR'];

const decimalRounding: Record<RoundingMode, DecimalJs.Rounding> = {
  HALF_EVEN: DecimalJs.ROUND_HALF_EVEN,
  HALF_UP: DecimalJs.ROUND_HALF_UP,
  HALF_DOWN: DecimalJs.ROUND_HALF_DOWN,
  UP: DecimalJs.ROUND_UP,
  DOWN: DecimalJs.ROUND_DOWN,
  CEIL: DecimalJs.ROUND_CEIL,
  FLOOR: DecimalJs.ROUND_FLOOR,
};

/** A plain decimal string: optional minus, digits, optional fraction. No exponent, no spaces, no `+`. */
export const decimalPattern = /^-?(0|[1-9]\d{0,20})(\.\d{1,20})?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && decimalPattern.test(value);
}

/** ISO 4217 minor units for the currencies that do not use two decimals. */
const minorUnitExceptions: Readonly<Record<string, number>> = {
  BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0, KWD: 3, LYD: 3,
  OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

export const currencyPattern = /^[A-Z]{3}$/;

export function minorUnits(currency: string): number {
  return minorUnitExceptions[currency] ?? 2;
}

export function roundMoney(amount: Decimal, currency: string, mode: RoundingMode): Decimal {
  return amount.toDecimalPlaces(minorUnits(currency), decimalRounding[mode]);
}

/**
 * Formats an amount that is already rounded to the currency's minor unit. Formatting never rounds:
 * an amount with more digits is a bug in the caller, so it fails loudly instead of hiding a cent.
 */
export function formatMoney(amount: Decimal, currency: string): string {
  const scale = minorUnits(currency);
  if (amount.decimalPlaces() > scale) throw new Error(`Invariant violated: ${amount.toString()} is not rounded to ${scale} places`);
  return amount.toFixed(scale);
}

/** Formats a full-precision figure (rates, multipliers, unrounded components) without losing digits. */
export function formatDecimal(value: Decimal): string {
  return value.toFixed();
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}
