import { addDays, periodOf } from '../dates.js';
import { DomainError } from '../errors.js';
import { isInClosedPeriod } from '../program/program.decider.js';
import {
  amountLimit,
  Decimal,
  formatDecimal,
  fxRateMax,
  fxRateScaleMax,
  isDecimalString,
  isWithinAmountLimit,
  sumDecimals,
} from '../money.js';
import {
  amountLimitMessage,
  requireAmount,
  requireDate,
  requireDecimal,
  requireOneOf,
  requireText,
} from '../validation.js';
import { partnerRoles, type DealLine, type DealPartner } from './deal.events.js';

/**
 * Guards for shares, lines, fx rates and business dates, shared by the registration and deal deciders
 * (currency and amount guards every decider uses are in validation.ts).
 * Each refusal names the field (`lines[2].amount`, `partners[1].share`) and the rule.
 */

export const dealPartnersMax = 20;
export const dealLinesMax = 500;
export const termMonthsMax = 120;

/**
 * A business date (`YYYY-MM-DD`) of a fact being recorded: at most one day after today, because a
 * client's calendar may be a time zone ahead of UTC but a fact cannot come from further in the future;
 * and outside every closed period, because closed periods are frozen (corrections go to the open one).
 * Closing a quarter freezes it and every quarter before it (`isInClosedPeriod`), so a date in a quarter
 * older than the first close is refused too. `closedPeriods` lists the closes in the order they happened.
 */
export function requireBusinessDate(
  value: unknown,
  field: string,
  today: string,
  closedPeriods: readonly string[],
): string {
  const date = requireDate(value, field);
  const latest = addDays(today, 1);
  if (date > latest) throw new DomainError('DATE_IN_FUTURE', `${field} must not be after ${latest}`, { field, latest });
  if (isInClosedPeriod(closedPeriods, date) || closedPeriods.includes(periodOf(date))) {
    const period = periodOf(date);
    const closedThrough = closedPeriods.reduce((latest, closed) => (closed > latest ? closed : latest));
    throw new DomainError(
      'PERIOD_CLOSED',
      `${field} ${date} is in ${period}, and periods are closed through ${closedThrough}; record it in the open period`,
      {
        field,
        period,
        closedThrough,
      },
    );
  }
  return date;
}

/**
 * The co-sell split: 1 to 20 distinct partners, each with a role and a share written as a decimal
 * string in (0, 1], the shares summing to exactly 1. A share sent as a JSON number is refused: binary
 * floating point cannot carry 0.1 exactly, and the ledger never guesses at money-like figures.
 * Shares are stored in their shortest form ("0.60" becomes "0.6").
 */
export function requireDealPartners(value: unknown): DealPartner[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DomainError('DEAL_PARTNERS_INVALID', 'partners must list at least one partner', {
      field: 'partners',
      rule: 'required',
    });
  }
  if (value.length > dealPartnersMax) {
    throw new DomainError('DEAL_PARTNERS_INVALID', `partners must list at most ${dealPartnersMax} partners`, {
      field: 'partners',
      rule: 'maxItems',
      max: dealPartnersMax,
    });
  }
  const partners = value.map((item: unknown, index): DealPartner => {
    const field = `partners[${index}]`;
    if (typeof item !== 'object' || item === null) {
      throw new DomainError('DEAL_PARTNERS_INVALID', `${field} must be an object with partnerId, role and share`, {
        field,
        rule: 'object',
      });
    }
    const { partnerId, role, share } = item as Record<string, unknown>;
    return {
      partnerId: requireText(partnerId, `${field}.partnerId`, 100),
      role: requireOneOf(role, partnerRoles, `${field}.role`),
      share: formatDecimal(requireShare(share, `${field}.share`)),
    };
  });
  const seen = new Set<string>();
  partners.forEach((partner, index) => {
    if (seen.has(partner.partnerId)) {
      throw new DomainError('DEAL_PARTNERS_INVALID', `partners lists ${partner.partnerId} twice`, {
        field: `partners[${index}].partnerId`,
        rule: 'unique',
        partnerId: partner.partnerId,
      });
    }
    seen.add(partner.partnerId);
  });
  const total = sumDecimals(partners.map((partner) => new Decimal(partner.share)));
  if (!total.eq(1)) {
    throw new DomainError(
      'DEAL_SHARES_INVALID',
      `partners' shares must sum to exactly 1, not ${formatDecimal(total)}`,
      { field: 'partners', rule: 'sum', sum: formatDecimal(total) },
    );
  }
  return partners;
}

function requireShare(value: unknown, field: string): Decimal {
  if (!isDecimalString(value)) {
    throw new DomainError('DEAL_SHARES_INVALID', `${field} must be a decimal string such as "0.6", not a number`, {
      field,
      rule: 'decimalString',
    });
  }
  const share = new Decimal(value);
  if (share.lte(0) || share.gt(1)) {
    throw new DomainError('DEAL_SHARES_INVALID', `${field} must be greater than 0 and at most 1`, {
      field,
      rule: 'range',
    });
  }
  return share;
}

/** True when the shares of a split sum to exactly 1 (the invariant every DealOpened holds). */
export function sharesSumToOne(partners: readonly Pick<DealPartner, 'share'>[]): boolean {
  return sumDecimals(partners.map((partner) => new Decimal(partner.share))).eq(1);
}

/**
 * Product lines in the deal currency: 1 to 500 of them, each with a SKU, a product family, a
 * non-negative `amount` (net of the discount, at the currency's minor unit) and a `discount` fraction
 * in [0, 1] ("0" when absent), which only the commission engine's discount policy reads.
 */
export function requireLines(value: unknown, currency: string): DealLine[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DomainError('DEAL_LINES_INVALID', 'lines must list at least one product line', {
      field: 'lines',
      rule: 'required',
    });
  }
  if (value.length > dealLinesMax) {
    throw new DomainError('DEAL_LINES_INVALID', `lines must list at most ${dealLinesMax} product lines`, {
      field: 'lines',
      rule: 'maxItems',
      max: dealLinesMax,
    });
  }
  return value.map((item: unknown, index): DealLine => {
    const field = `lines[${index}]`;
    if (typeof item !== 'object' || item === null) {
      throw new DomainError('DEAL_LINES_INVALID', `${field} must be an object with sku, family, amount and discount`, {
        field,
        rule: 'object',
      });
    }
    const { sku, family, amount, discount } = item as Record<string, unknown>;
    return {
      sku: requireText(sku, `${field}.sku`, 100).trim(),
      family: requireText(family, `${field}.family`, 100).trim(),
      amount: requireAmount(amount, `${field}.amount`, currency),
      discount: formatDecimal(requireDecimal(discount ?? '0', `${field}.discount`, { min: '0', max: '1' })),
    };
  });
}

/**
 * The rate from the deal currency to the program currency: required (and positive) when they differ;
 * when they are the same it must be absent or "1", and the event leaves it out (absent means 1).
 */
export function requireFxRate(value: unknown, dealCurrency: string, programCurrency: string): string | undefined {
  if (dealCurrency === programCurrency) {
    if (value === undefined || value === null) return undefined;
    const rate = requireDecimal(value, 'fxRate', fxRateBounds);
    if (!rate.eq(1)) {
      throw new DomainError(
        'DEAL_FX_RATE_UNEXPECTED',
        `fxRate must be absent or 1: the deal is in the program currency ${programCurrency}`,
        { field: 'fxRate', currency: dealCurrency },
      );
    }
    return undefined;
  }
  if (value === undefined || value === null) {
    throw new DomainError(
      'DEAL_FX_RATE_REQUIRED',
      `fxRate is required: the deal is in ${dealCurrency} and the program currency is ${programCurrency}`,
      {
        field: 'fxRate',
        currency: dealCurrency,
        programCurrency,
      },
    );
  }
  return formatDecimal(requireDecimal(value, 'fxRate', fxRateBounds));
}

const fxRateBounds = { min: '0', minExclusive: true, max: fxRateMax, scaleMax: fxRateScaleMax } as const;

/**
 * The amounts of one deal event (its lines, or a refund), summed and converted into the program
 * currency, stay below the amount bound too: every commission and MDF figure derives from that sum,
 * and the read models must hold it exactly in 64-bit minor units (docs/decisions.md, "Money bounds").
 */
export function requireConvertibleTotal(
  amounts: readonly string[],
  fxRate: string | undefined,
  field: string,
  programCurrency: string,
): void {
  const total = sumDecimals(amounts.map((amount) => new Decimal(amount)));
  if (!isWithinAmountLimit(total)) {
    throw new DomainError('AMOUNT_INVALID', `${amountLimitMessage(field)}: they sum to ${formatDecimal(total)}`, {
      field,
      rule: 'sumMagnitude',
      limit: amountLimit,
    });
  }
  const converted = total.times(fxRate ?? '1');
  if (!isWithinAmountLimit(converted)) {
    const converts = `which is ${formatDecimal(converted)} ${programCurrency} at fxRate ${fxRate ?? '1'}`;
    const bound = `converted into the program currency it must be below ${amountLimit}`;
    const message = `${field} sum to ${formatDecimal(total)}, ${converts}; ${bound}`;
    throw new DomainError('AMOUNT_INVALID', message, {
      field,
      rule: 'convertedMagnitude',
      limit: amountLimit,
      fxRate: fxRate ?? '1',
    });
  }
}

export function requireTermMonths(value: unknown, field = 'termMonths'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > termMonthsMax) {
    throw new DomainError('DEAL_TERM_INVALID', `${field} must be a whole number of months from 1 to ${termMonthsMax}`, {
      field,
      rule: 'range',
      min: 1,
      max: termMonthsMax,
    });
  }
  return value;
}
