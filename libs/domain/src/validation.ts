import { isLedgerCurrency, iso4217MinorUnits, minorUnitsMax } from './currencies.js';
import { isBusinessDate } from './dates.js';
import { DomainError } from './errors.js';
import {
  amountIntegerDigitsMax,
  amountLimit,
  currencyPattern,
  Decimal,
  formatMoney,
  isDecimalString,
  isWithinAmountLimit,
  minorUnits,
} from './money.js';

/**
 * Guards the deciders use on command data. HTTP DTOs validate first; these keep the domain safe for
 * every other caller (CLI, seed, simulation) and name the field and the rule in the same words.
 */
export function requireText(value: unknown, field: string, maxLength = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be a non-empty string`, { field, rule: 'nonEmpty' });
  }
  if (value.length > maxLength) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be at most ${maxLength} characters`, {
      field,
      rule: 'maxLength',
      maxLength,
    });
  }
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be one of ${allowed.join(', ')}`, {
      field,
      rule: 'oneOf',
      allowed,
    });
  }
  return value as T;
}

export interface DecimalBounds {
  readonly min?: string;
  readonly max?: string;
  readonly minExclusive?: boolean;
  /** The most decimal places allowed (an fxRate's 10, say); the currency's scale is checked elsewhere. */
  readonly scaleMax?: number;
}

/**
 * A decimal string within bounds. Whatever the bounds, its magnitude stays below `amountLimit`: the
 * read models keep money as 64-bit integers of minor units, and a larger figure could not be stored
 * exactly (docs/decisions.md, "Money bounds"). This is the one place every decider's decimal passes.
 */
export function requireDecimal(value: unknown, field: string, options: DecimalBounds = {}): Decimal {
  if (!isDecimalString(value)) {
    throw new DomainError('AMOUNT_INVALID', `${field} must be a decimal string such as "1250.00"`, {
      field,
      rule: 'decimalString',
    });
  }
  const amount = new Decimal(value);
  if (!isWithinAmountLimit(amount)) {
    const details = { field, rule: 'magnitude', limit: amountLimit };
    throw new DomainError('AMOUNT_INVALID', amountLimitMessage(field), details);
  }
  if (options.min !== undefined) {
    const below = options.minExclusive ? amount.lte(options.min) : amount.lt(options.min);
    if (below) {
      const bound = options.minExclusive ? `greater than ${options.min}` : `at least ${options.min}`;
      throw new DomainError('AMOUNT_INVALID', `${field} must be ${bound}`, { field, rule: 'min', min: options.min });
    }
  }
  if (options.max !== undefined && amount.gt(options.max)) {
    throw new DomainError('AMOUNT_INVALID', `${field} must be at most ${options.max}`, {
      field,
      rule: 'max',
      max: options.max,
    });
  }
  if (options.scaleMax !== undefined && amount.decimalPlaces() > options.scaleMax) {
    const scale = options.scaleMax;
    const message = `${field} must have at most ${scale} decimal places`;
    throw new DomainError('AMOUNT_INVALID', message, { field, rule: 'scale', scale });
  }
  return amount;
}

/** The sentence every refusal of an over-large amount uses, in the domain and over HTTP alike. */
export function amountLimitMessage(field: string): string {
  const digits = `at most ${amountIntegerDigitsMax} digits before the decimal point`;
  return `${field} must be below ${amountLimit} in magnitude (${digits})`;
}

export function requireDate(value: unknown, field: string): string {
  if (!isBusinessDate(value)) {
    throw new DomainError('DATE_INVALID', `${field} must be a calendar date YYYY-MM-DD, from 1970-01-01 on`, {
      field,
      rule: 'date',
    });
  }
  return value;
}

export function requireCurrency(value: unknown, field: string): string {
  if (typeof value !== 'string' || !currencyPattern.test(value)) {
    const message = `${field} must be an ISO 4217 code such as "EUR"`;
    throw new DomainError('VALIDATION_FAILED', message, { field, rule: 'currency' });
  }
  if (!isLedgerCurrency(value))
    throw new DomainError('VALIDATION_FAILED', currencyMessage(field, value), {
      field,
      rule: 'currency',
    });
  return value;
}

/** Why a three-letter code is refused, in the domain and over HTTP alike. */
export function currencyMessage(field: string, code: string): string {
  if (Object.hasOwn(iso4217MinorUnits, code)) {
    const scale = iso4217MinorUnits[code]!;
    return `${field} ${code} has ${scale} decimals; the ledger holds currencies of at most ${minorUnitsMax}`;
  }
  return `${field} must be an ISO 4217 currency code such as "EUR"; ${code} is not one`;
}

/**
 * A non-negative amount with no more digits than the currency's minor unit, returned at exactly that
 * scale ("1000" becomes "1000.00") so every stored amount of a currency reads the same way.
 */
export function requireAmount(
  value: unknown,
  field: string,
  currency: string,
  options: { positive?: boolean } = {},
): string {
  const amount = requireDecimal(value, field, { min: '0', minExclusive: options.positive ?? false });
  const scale = minorUnits(currency);
  if (amount.decimalPlaces() > scale) {
    const message = `${field} must have at most ${scale} decimal places in ${currency}`;
    throw new DomainError('AMOUNT_INVALID', message, { field, rule: 'scale', scale });
  }
  return formatMoney(amount, currency);
}
