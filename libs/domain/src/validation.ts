import { isBusinessDate } from './dates.js';
import { DomainError } from './errors.js';
import { Decimal, isDecimalString } from './money.js';

/**
 * Guards the deciders use on command data. HTTP DTOs validate first; these keep the domain safe for
 * every other caller (CLI, seed, simulation) and name the field and the rule in the same words.
 */
export function requireText(value: unknown, field: string, maxLength = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be a non-empty string`, { field, rule: 'nonEmpty' });
  }
  if (value.length > maxLength) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be at most ${maxLength} characters`, { field, rule: 'maxLength', maxLength });
  }
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be one of ${allowed.join(', ')}`, { field, rule: 'oneOf', allowed });
  }
  return value as T;
}

export function requireDecimal(value: unknown, field: string, options: { min?: string; max?: string; minExclusive?: boolean } = {}): Decimal {
  if (!isDecimalString(value)) {
    throw new DomainError('AMOUNT_INVALID', `${field} must be a decimal string such as "1250.00"`, { field, rule: 'decimalString' });
  }
  const amount = new Decimal(value);
  if (options.min !== undefined) {
    const below = options.minExclusive ? amount.lte(options.min) : amount.lt(options.min);
    if (below) {
      const bound = options.minExclusive ? `greater than ${options.min}` : `at least ${options.min}`;
      throw new DomainError('AMOUNT_INVALID', `${field} must be ${bound}`, { field, rule: 'min', min: options.min });
    }
  }
  if (options.max !== undefined && amount.gt(options.max)) {
    throw new DomainError('AMOUNT_INVALID', `${field} must be at most ${options.max}`, { field, rule: 'max', max: options.max });
  }
  return amount;
}

export function requireDate(value: unknown, field: string): string {
  if (!isBusinessDate(value)) {
    throw new DomainError('DATE_INVALID', `${field} must be a calendar date YYYY-MM-DD`, { field, rule: 'date' });
  }
  return value;
}
