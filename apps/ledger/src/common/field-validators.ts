import { ValidateBy, type ValidationOptions } from 'class-validator';
import { Decimal, isBusinessDate, isDecimalString } from '#domain';

/**
 * Property validators for the money, share and date fields of registrations and deals. They check the
 * shape a client must send, so each mistake is a 400 naming the field (`partners.0.share`); the
 * deciders still check every rule, in the same words, for callers other than HTTP.
 */

/** A calendar date `YYYY-MM-DD` (UTC) that exists: `2026-02-30` is refused. */
export function IsBusinessDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'businessDate',
      validator: {
        validate: (value: unknown) => isBusinessDate(value),
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}

/**
 * A non-negative amount written as a decimal string ("1250.00"). A JSON number is refused: binary
 * floating point cannot carry most cents exactly, and the ledger never guesses at money.
 */
export function IsAmountString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'amountString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && !new Decimal(value).isNegative(),
        defaultMessage: (args) => `${args?.property ?? 'amount'} must be a non-negative decimal string such as "1250.00", not a number`,
      },
    },
    options,
  );
}

/** A positive rate written as a decimal string ("1.1"): an fxRate. */
export function IsRateString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'rateString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && new Decimal(value).gt(0),
        defaultMessage: (args) => `${args?.property ?? 'rate'} must be a positive decimal string such as "1.1", not a number`,
      },
    },
    options,
  );
}

/** A fraction in [0, 1] written as a decimal string: a line's discount. */
export function IsFractionString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'fractionString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && new Decimal(value).gte(0) && new Decimal(value).lte(1),
        defaultMessage: (args) => `${args?.property ?? 'fraction'} must be a decimal string from "0" to "1", not a number`,
      },
    },
    options,
  );
}

/** A co-sell share in (0, 1] written as a decimal string ("0.6"). */
export function IsShareString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'shareString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && new Decimal(value).gt(0) && new Decimal(value).lte(1),
        defaultMessage: (args) => `${args?.property ?? 'share'} must be a decimal string greater than 0 and at most 1, such as "0.6", not a number`,
      },
    },
    options,
  );
}

/** An ISO 4217 code: three capital letters. */
export const currencyCodePattern = /^[A-Z]{3}$/;
export const notBlank = /\S/;
