import { Decimal as DecimalJs } from 'decimal.js';
import { isLedgerCurrency, iso4217MinorUnits } from './currencies.js';

/**
 * A private Decimal with 34 significant digits (IEEE 754 decimal128), so intermediate products of
 * amounts, rates and multipliers never lose a digit. Rounding to a currency's minor unit is always
 * explicit (`roundMoney`), and happens once per line.
 */
export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export type RoundingMode = 'HALF_EVEN' | 'HALF_UP' | 'HALF_DOWN' | 'UP' | 'DOWN' | 'CEIL' | 'FLOOR';
export const roundingModes: readonly RoundingMode[] = [
  'HALF_EVEN',
  'HALF_UP',
  'HALF_DOWN',
  'UP',
  'DOWN',
  'CEIL',
  'FLOOR',
];

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

/**
 * The ledger's money bounds (docs/decisions.md, "Money bounds"). Every amount a command carries stays
 * below 10^12 in magnitude (at most 12 digits before the point), an fxRate is at most 1,000,000 with
 * at most 10 decimals, and a multiplier of a rule set is at most 10. With them, every figure the ledger
 * derives (converted revenue, commission, MDF accrual, statement totals) fits a 64-bit integer of minor
 * units with room for thousands of maximal lines in one sum.
 */
export const amountIntegerDigitsMax = 12;
/** The exclusive upper bound of an amount's magnitude: 1000000000000. */
export const amountLimit = '1000000000000';
/** The largest amount at two decimals, as the OpenAPI document shows it. */
export const amountMaxText = '999999999999.99';
/** A decimal string that meets the amount bound: at most 12 integer digits. */
export const boundedAmountPattern = /^-?(0|[1-9]\d{0,11})(\.\d{1,20})?$/;
export const fxRateMax = '1000000';
export const fxRateScaleMax = 10;
export const multiplierMax = '10';

// The bounds parsed once: a bound given as text is parsed again by every comparison, on every command.
const amountLimitDecimal = new Decimal(amountLimit);
const fxRateMaxDecimal = new Decimal(fxRateMax);
const decimalZero = new Decimal(0);

/** True when an amount is below the ledger's bound (`amountLimit`) in magnitude. */
export function isWithinAmountLimit(value: Decimal): boolean {
  return value.abs().lt(amountLimitDecimal);
}

/** A positive fxRate within the ledger's bounds: at most `fxRateMax`, at most `fxRateScaleMax` decimals. */
export function isBoundedFxRate(value: Decimal): boolean {
  return value.gt(decimalZero) && value.lte(fxRateMaxDecimal) && value.decimalPlaces() <= fxRateScaleMax;
}

export const currencyPattern = /^[A-Z]{3}$/;

/**
 * The minor unit of a currency, from the ISO 4217 table (currencies.ts). Commands accept only the ledger's
 * currencies (requireCurrency); any other code can only come from an event stored before that rule, when
 * every such code was held at two decimals, so it keeps them.
 */
export function minorUnits(currency: string): number {
  return isLedgerCurrency(currency) ? iso4217MinorUnits[currency]! : legacyMinorUnits;
}

const legacyMinorUnits = 2;

export function roundMoney(amount: Decimal, currency: string, mode: RoundingMode): Decimal {
  return amount.toDecimalPlaces(minorUnits(currency), decimalRounding[mode]);
}

/**
 * Formats an amount that is already rounded to the currency's minor unit. Formatting never rounds:
 * an amount with more digits is a bug in the caller, so it fails loudly instead of hiding a cent.
 */
export function formatMoney(amount: Decimal, currency: string): string {
  const scale = minorUnits(currency);
  if (amount.decimalPlaces() > scale)
    throw new Error(`Invariant violated: ${amount.toString()} is not rounded to ${scale} places`);
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
