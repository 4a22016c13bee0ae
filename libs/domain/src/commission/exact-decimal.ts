import { Decimal, minorUnits, type RoundingMode } from '../money.js';
import { Recurring } from './recurring.js';

/**
 * The commission engine's arithmetic: an exact decimal as scaled integers (units × 10^-scale), so the
 * hot loop adds and multiplies bigints instead of decimal.js digit arrays (docs/decisions.md, "Commission
 * engine arithmetic"). Every result is the one the project's Decimal gives (34 significant digits,
 * half-even): the exact result is kept whenever it fits 34 digits (always, within the money bounds of
 * money.ts) and rounded the way decimal.js rounds it otherwise. Rounding to a currency's minor unit stays
 * explicit (`roundMinor`), once per line. A plain immutable record, so snapshots carry it as they are.
 */
export interface ExactDecimal {
  readonly units: bigint;
  readonly scale: number;
}

const significantDigitsMax = 34;
const precisionLimit = 10n ** BigInt(significantDigitsMax);
const powersOfTen: bigint[] = [];
for (let power = 0n; power <= 80n; power += 1n) powersOfTen.push(10n ** power);

function powerOfTen(exponent: number): bigint {
  return powersOfTen[exponent] ?? 10n ** BigInt(exponent);
}

export const exactZero: ExactDecimal = { units: 0n, scale: 0 };
export const exactOne: ExactDecimal = { units: 1n, scale: 0 };

/** Drops `digits` trailing digits of `units`, rounding half to even (decimal.js's rounding at its precision). */
function droppedHalfEven(units: bigint, digits: number): bigint {
  const divisor = powerOfTen(digits);
  const quotient = units / divisor;
  const twiceRest = (units % divisor) * 2n;
  const magnitude = twiceRest < 0n ? -twiceRest : twiceRest;
  if (magnitude < divisor || (magnitude === divisor && quotient % 2n === 0n)) return quotient;
  return units < 0n ? quotient - 1n : quotient + 1n;
}

function digitCount(units: bigint): number {
  return (units < 0n ? -units : units).toString().length;
}

/** The value with at most 34 significant digits, as every decimal.js result is. */
function made(units: bigint, scale: number): ExactDecimal {
  // One zero for every result that is zero: the state keeps tens of thousands of them (a deal's commission so far).
  if (units === 0n) return exactZero;
  if (units < precisionLimit && units > -precisionLimit) return { units, scale };
  const excess = digitCount(units) - significantDigitsMax;
  return { units: droppedHalfEven(units, excess), scale: scale - excess };
}

/** A decimal string ("-12.50", "0.1") or a Decimal, exactly. */
export function exactOf(value: string | Decimal): ExactDecimal {
  const text = typeof value === 'string' ? value : value.toFixed();
  const point = text.indexOf('.');
  // Not rounded: a Decimal built from a string keeps every digit too; operations round.
  if (point === -1) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

const recurringTexts = new Recurring<ExactDecimal>();

/**
 * exactOf for the few strings that recur on nearly every event (shares, discounts, fx rates): parsed
 * once, and one shared value per text.
 */
export function recurringExact(text: string): ExactDecimal {
  return recurringTexts.of(text, exactOf);
}

export function decimalOf(value: ExactDecimal): Decimal {
  return new Decimal(exactText(value));
}

function aligned(value: ExactDecimal, scale: number): bigint {
  return scale === value.scale ? value.units : value.units * powerOfTen(scale - value.scale);
}

export function exactPlus(left: ExactDecimal, right: ExactDecimal): ExactDecimal {
  if (right.units === 0n) return made(left.units, left.scale);
  if (left.units === 0n) return made(right.units, right.scale);
  const scale = Math.max(left.scale, right.scale);
  return made(aligned(left, scale) + aligned(right, scale), scale);
}

export function exactMinus(left: ExactDecimal, right: ExactDecimal): ExactDecimal {
  return exactPlus(left, exactNegated(right));
}

export function exactTimes(left: ExactDecimal, right: ExactDecimal): ExactDecimal {
  if (left.units === 0n || right.units === 0n) return exactZero;
  return made(left.units * right.units, left.scale + right.scale);
}

export function exactNegated(value: ExactDecimal): ExactDecimal {
  return value.units === 0n ? value : { units: -value.units, scale: value.scale };
}

export function exactSum(values: readonly ExactDecimal[]): ExactDecimal {
  let total = exactZero;
  for (const value of values) total = exactPlus(total, value);
  return total;
}

/** -1, 0 or 1 as left is below, equal to or above right. */
export function exactCompare(left: ExactDecimal, right: ExactDecimal): number {
  const scale = Math.max(left.scale, right.scale);
  const difference = aligned(left, scale) - aligned(right, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

export const exactMin = (left: ExactDecimal, right: ExactDecimal): ExactDecimal =>
  exactCompare(left, right) <= 0 ? left : right;
export const exactMax = (left: ExactDecimal, right: ExactDecimal): ExactDecimal =>
  exactCompare(left, right) >= 0 ? left : right;

/** Whether the dropped part (rest / divisor, same sign as the value) moves the truncated quotient away from 0. */
function awayFromZero(mode: RoundingMode, quotient: bigint, rest: bigint, divisor: bigint): boolean {
  if (rest === 0n) return false;
  const negative = rest < 0n;
  const twice = (negative ? -rest : rest) * 2n;
  switch (mode) {
    case 'DOWN':
      return false;
    case 'UP':
      return true;
    case 'CEIL':
      return !negative;
    case 'FLOOR':
      return negative;
    case 'HALF_UP':
      return twice >= divisor;
    case 'HALF_DOWN':
      return twice > divisor;
    case 'HALF_EVEN':
      return twice > divisor || (twice === divisor && quotient % 2n !== 0n);
  }
}

/** The value rounded to `places` decimals with `mode`: decimal.js's toDecimalPlaces. */
export function exactRounded(value: ExactDecimal, places: number, mode: RoundingMode): ExactDecimal {
  if (value.scale <= places) return value;
  return { units: quotientRounded(value.units, powerOfTen(value.scale - places), mode), scale: places };
}

/** `numerator / divisor` (a positive divisor) rounded to a whole number with `mode`. */
export function quotientRounded(numerator: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / divisor;
  const rest = numerator % divisor;
  if (!awayFromZero(mode, quotient, rest, divisor)) return quotient;
  return rest < 0n ? quotient - 1n : quotient + 1n;
}

/** Rounded to the currency's minor unit with the rule set's mode: the one rounding of a line. */
export function roundMinor(value: ExactDecimal, currency: string, mode: RoundingMode): ExactDecimal {
  return exactRounded(value, minorUnits(currency), mode);
}

/** Digits of |units| with `scale` of them after the point, as text ("-0.05", "12", "0"). */
function fixedDigits(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-scale);
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const point = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The full-precision figure as Decimal.toFixed() prints it: no trailing zeros, no exponent, never "-0". */
export function exactText(value: ExactDecimal): string {
  if (value.units === 0n) return '0';
  const text = fixedDigits(value.units, value.scale);
  if (value.scale <= 0) return text;
  // Trailing zeros of the fraction go on the text: cheaper than dividing the bigint by ten for each.
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end -= 1;
  if (text.charCodeAt(end - 1) === 46) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** A money amount already rounded to the currency's minor unit, with exactly that many decimals (formatMoney). */
export function exactMoney(value: ExactDecimal, currency: string): string {
  const places = minorUnits(currency);
  let { units, scale } = value;
  if (scale > places) {
    const divisor = powerOfTen(scale - places);
    // Formatting never rounds: an amount with more digits is a bug in the caller, so it fails loudly.
    if (units % divisor !== 0n)
      throw new Error(`Invariant violated: ${exactText(value)} is not rounded to ${places} places`);
    units /= divisor;
    scale = places;
  }
  return fixedDigits(units * powerOfTen(places - scale), places);
}
