import { ValidateBy, type ValidationOptions } from 'class-validator';
import {
  amountIntegerDigitsMax,
  amountLimit,
  amountLimitMessage,
  amountMaxText,
  currencyMessage,
  Decimal,
  fxRateMax,
  fxRateScaleMax,
  isBoundedFxRate,
  isBusinessDate,
  isDecimalString,
  isLedgerCurrency,
  isWithinAmountLimit,
  minorUnitsMax,
} from '#domain';

/**
 * Property validators for the money, share and date fields of registrations and deals. They check the
 * shape a client must send, so each mistake is a 400 naming the field (`partners.0.share`); the
 * deciders still check every rule, in the same words, for callers other than HTTP.
 */

/** A quarter such as 2026-Q1 (years 1970 to 9999, like business dates). */
export const periodPattern = /^(19[7-9]\d|[2-9]\d{3})-Q[1-4]$/;

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
 * The money bounds of docs/decisions.md ("Money bounds") as the OpenAPI document states them. The
 * validators below enforce them, and the deciders again in the same words (`requireDecimal`).
 */
export const amountBoundText =
  `At most ${amountIntegerDigitsMax} digits before the decimal point ` +
  `(below ${amountLimit}, so at most ${amountMaxText} in a two-decimal currency).`;
export const amountPatternText = '^(0|[1-9]\\d{0,11})(\\.\\d{1,20})?$';
export const signedAmountPatternText = '^-?(0|[1-9]\\d{0,11})(\\.\\d{1,20})?$';
export const fxRateBoundText = `Greater than 0 and at most ${fxRateMax}, with at most ${fxRateScaleMax} decimals.`;
export const fxRatePatternText = `^(0|[1-9]\\d{0,6})(\\.\\d{1,${fxRateScaleMax}})?$`;

/** Why a decimal string breaks the amount bound, or undefined when it keeps it (or is no decimal string at all). */
function amountLimitProblem(value: unknown, field: string): string | undefined {
  return isDecimalString(value) && !isWithinAmountLimit(new Decimal(value)) ? amountLimitMessage(field) : undefined;
}

/**
 * A non-negative amount written as a decimal string ("1250.00"), below the amount bound. A JSON number
 * is refused: binary floating point cannot carry most cents exactly, and the ledger never guesses at money.
 */
export function IsAmountString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'amountString',
      validator: {
        validate: (value: unknown) =>
          isDecimalString(value) && !new Decimal(value).isNegative() && isWithinAmountLimit(new Decimal(value)),
        defaultMessage: (args) => {
          const field = args?.property ?? 'amount';
          return (
            amountLimitProblem(args?.value, field) ??
            `${field} must be a non-negative decimal string such as "1250.00", not a number`
          );
        },
      },
    },
    options,
  );
}

/** A signed amount written as a decimal string ("-120.50"), below the amount bound in magnitude. */
export function IsSignedAmountString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'signedAmountString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && isWithinAmountLimit(new Decimal(value)),
        defaultMessage: (args) => {
          const field = args?.property ?? 'amount';
          return (
            amountLimitProblem(args?.value, field) ??
            `${field} must be a signed decimal string such as "120.50" or "-40.00", not a number`
          );
        },
      },
    },
    options,
  );
}

/** A positive rate written as a decimal string ("1.1"): an fxRate, at most 1,000,000 with at most 10 decimals. */
export function IsRateString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'rateString',
      validator: {
        validate: (value: unknown) => isDecimalString(value) && isBoundedFxRate(new Decimal(value)),
        defaultMessage: (args) => {
          const field = args?.property ?? 'rate';
          if (isDecimalString(args?.value) && new Decimal(args.value).gt(0)) {
            return `${field} must be at most ${fxRateMax} with at most ${fxRateScaleMax} decimal places`;
          }
          return `${field} must be a positive decimal string such as "1.1", not a number`;
        },
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
        defaultMessage: (args) =>
          `${args?.property ?? 'fraction'} must be a decimal string from "0" to "1", not a number`,
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
        defaultMessage: (args) =>
          `${args?.property ?? 'share'} must be a decimal string greater than 0 and at most 1, ` +
          'such as "0.6", not a number',
      },
    },
    options,
  );
}

/** An ISO 4217 code: three capital letters. */
export const currencyCodePattern = /^[A-Z]{3}$/;

/** The OpenAPI description of every currency field: which codes and why. */
export const currencyText =
  `ISO 4217 (list one), with at most ${minorUnitsMax} decimals: amounts in it carry its minor unit ` +
  '(JPY 0, USD 2, KWD 3).';

/** A currency the ledger accepts (`isLedgerCurrency`), refused in the decider's words (`currencyMessage`). */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'currencyCode',
      validator: {
        validate: (value: unknown) => isLedgerCurrency(value),
        defaultMessage: (args) => {
          const field = args?.property ?? 'currency';
          const value: unknown = args?.value;
          return typeof value === 'string' && currencyCodePattern.test(value)
            ? currencyMessage(field, value)
            : `${field} must be an ISO 4217 code such as "EUR"`;
        },
      },
    },
    options,
  );
}
export const notBlank = /\S/;
