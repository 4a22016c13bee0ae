import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import {
  amountIntegerDigitsMax,
  amountLimit,
  amountLimitMessage,
  amountMaxText,
  currencyMessage,
  Decimal,
  formatDecimal,
  sumDecimals,
  fxRateMax,
  fxRateScaleMax,
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
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar date YYYY-MM-DD, from 1970-01-01 on`,
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

/** The bounds of one kind of decimal field, and an example a message can show. */
export interface DecimalField {
  readonly example: string;
  readonly negative?: 'allowed';
  /** Zero is refused (an fxRate, a share). */
  readonly positive?: true;
  /** The largest value, as a decimal string ("1"). */
  readonly max?: string;
  readonly amountLimit?: true;
  readonly scaleMax?: number;
  /**
   * Strings certainly within these bounds, told at once. Everything else goes through the full check below,
   * which parses the value with decimal.js: that parse was most of a valid deal's validation.
   */
  readonly certain: RegExp;
}

/**
 * What is wrong with a value sent for a decimal field, in one sentence naming the field, or undefined
 * when it is fine. A string says what is wrong with the string (its form, its sign, its size); only a
 * JSON number is told it is a number.
 */
export function decimalFieldProblem(value: unknown, field: string, kind: DecimalField): string | undefined {
  if (typeof value === 'number') return `${field} must be a decimal string such as "${kind.example}", not a number`;
  if (typeof value !== 'string') return `${field} must be a decimal string such as "${kind.example}"`;
  if (kind.certain.test(value)) return undefined;
  if (!isDecimalString(value)) return longDecimalProblem(value, field, kind) ?? decimalFormProblem(field, kind);
  const decimal = new Decimal(value);
  if (decimal.isNegative() && !decimal.isZero() && kind.negative !== 'allowed') return `${field} must not be negative`;
  if (kind.positive && decimal.lte(0)) return `${field} must be greater than 0`;
  if (kind.max !== undefined && decimal.gt(kind.max)) return `${field} must be at most ${kind.max}`;
  if (kind.amountLimit && !isWithinAmountLimit(decimal)) return amountLimitMessage(field);
  if (kind.scaleMax !== undefined && decimal.decimalPlaces() > kind.scaleMax)
    return `${field} must have at most ${kind.scaleMax} decimal places`;
  return undefined;
}

/** The most decimals any decimal string may have (decimalPattern). */
const decimalPlacesMax = 20;

const decimalFormProblem = (field: string, kind: DecimalField) =>
  `${field} must be written as digits with an optional decimal point, such as "${kind.example}"`;

/** Digits in the right form, too many for any decimal field: told what is too long rather than "not digits". */
function longDecimalProblem(value: string, field: string, kind: DecimalField): string | undefined {
  const match = /^-?(0|[1-9]\d*)(?:\.(\d+))?$/.exec(value);
  if (!match) return undefined;
  if ((match[2]?.length ?? 0) > decimalPlacesMax)
    return `${field} must have at most ${kind.scaleMax ?? decimalPlacesMax} decimal places`;
  if (kind.amountLimit) return amountLimitMessage(field);
  return kind.max === undefined ? `${field} has too many digits` : `${field} must be at most ${kind.max}`;
}

/** The kinds of decimal field; each `certain` pattern is a subset of what the full check accepts (spec). */
export const amountField: DecimalField = {
  example: '1250.00',
  amountLimit: true,
  certain: /^(?:0|[1-9]\d{0,11})(?:\.\d{1,20})?$/,
};
export const signedAmountField: DecimalField = {
  example: '-40.00',
  negative: 'allowed',
  amountLimit: true,
  certain: /^-?(?:0|[1-9]\d{0,11})(?:\.\d{1,20})?$/,
};
export const rateField: DecimalField = {
  example: '1.1',
  positive: true,
  max: fxRateMax,
  scaleMax: fxRateScaleMax,
  // 1 to 999999.9999999999, or below 1 with a digit other than zero among at most ten decimals.
  certain: /^(?:[1-9]\d{0,5}(?:\.\d{1,10})?|0\.(?=\d{0,9}[1-9])\d{1,10})$/,
};
export const fractionField: DecimalField = {
  example: '0.1',
  max: '1',
  certain: /^(?:0(?:\.\d{1,20})?|1(?:\.0{1,20})?)$/,
};
export const shareField: DecimalField = {
  example: '0.6',
  positive: true,
  max: '1',
  certain: /^(?:0\.(?=\d{0,19}[1-9])\d{1,20}|1(?:\.0{1,20})?)$/,
};

function decimalValidator(name: string, kind: DecimalField, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown, args) => decimalFieldProblem(value, args?.property ?? 'value', kind) === undefined,
        defaultMessage: (args) => decimalFieldProblem(args?.value, args?.property ?? 'value', kind) ?? '',
      },
    },
    options,
  );
}

/**
 * A non-negative amount written as a decimal string ("1250.00"), below the amount bound. A JSON number
 * is refused: binary floating point cannot carry most cents exactly, and the ledger never guesses at money.
 */
export function IsAmountString(options?: ValidationOptions): PropertyDecorator {
  return decimalValidator('amountString', amountField, options);
}

/** A signed amount written as a decimal string ("-120.50"), below the amount bound in magnitude. */
export function IsSignedAmountString(options?: ValidationOptions): PropertyDecorator {
  return decimalValidator('signedAmountString', signedAmountField, options);
}

/** A positive rate written as a decimal string ("1.1"): an fxRate, at most 1,000,000 with at most 10 decimals. */
export function IsRateString(options?: ValidationOptions): PropertyDecorator {
  return decimalValidator('rateString', rateField, options);
}

/** A fraction in [0, 1] written as a decimal string: a line's discount. */
export function IsFractionString(options?: ValidationOptions): PropertyDecorator {
  return decimalValidator('fractionString', fractionField, options);
}

/** A co-sell share in (0, 1] written as a decimal string ("0.6"). */
export function IsShareString(options?: ValidationOptions): PropertyDecorator {
  return decimalValidator('shareString', shareField, options);
}

type SplitEntry = { share?: unknown } | null | undefined;

/** The first `key` that two items of a list share, in the decider's words (`partners lists acme twice`). */
export function listedTwice(value: unknown, key: string, list: string): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const ids = (value as (Record<string, unknown> | null | undefined)[]).map((item) => item?.[key]);
  const twice = ids.find((id, index) => typeof id === 'string' && ids.indexOf(id) !== index);
  return typeof twice === 'string' ? `${list} lists ${twice} twice` : undefined;
}

function sharesNotWhole(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const shares = (value as SplitEntry[]).map((partner) => partner?.share);
  // A share that is not one (negative, above 1, not a decimal string) is told so by IsShareString.
  if (!shares.every((share) => decimalFieldProblem(share, 'share', shareField) === undefined)) return undefined;
  const total = sumDecimals(shares.map((share) => new Decimal(share as string)));
  return total.eq(1) ? undefined : `partners' shares must sum to exactly 1, not ${formatDecimal(total)}`;
}

/** A rule over a property's whole value, with the object it is in: its name, and the problem it finds (its message). */
export function bodyRule(
  name: string,
  problem: (value: unknown, object: Record<string, unknown>) => string | undefined,
): PropertyDecorator {
  const objectOf = (args: { object: object } | undefined) => (args?.object ?? {}) as Record<string, unknown>;
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args) => problem(value, objectOf(args)) === undefined,
      defaultMessage: (args) => problem(args?.value, objectOf(args)) ?? '',
    },
  });
}

/**
 * The co-sell split as a whole: each partner once (rule `unique`), the shares summing to exactly 1
 * (rule `sum`). The decider checks the same in the same words; checked here too, they come back with
 * every other field error of the request.
 */
export function IsCoSellSplit(): PropertyDecorator {
  return (target, key) => {
    bodyRule('unique', (value) => listedTwice(value, 'partnerId', 'partners'))(target, key);
    bodyRule('sum', sharesNotWhole)(target, key);
  };
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
/** Text without C0 control characters (text-rules.ts refuses them in bodies): what a search may hold. */
const noControlCharacters = /^[^\u0000-\u001f]*$/;

/**
 * A list's `q`: a part of a name or an id, 1 to 100 characters, no control character (a NUL ended the pattern SQLite
 * matches with: `%00` matched every row). Optional: no `q`, no search.
 */
export function IsSearchText(): PropertyDecorator {
  const rules = [
    IsOptional(),
    IsString(),
    IsNotEmpty({ message: 'q must not be empty' }),
    MaxLength(100),
    Matches(noControlCharacters, { message: 'q must not hold control characters' }),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}

export const notBlank = /\S/;
