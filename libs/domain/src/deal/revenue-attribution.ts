import { invariant } from '../errors.js';
import { Decimal, formatMoney, minorUnits, roundMoney, type RoundingMode } from '../money.js';
import type { DealPartner } from './deal.events.js';

/**
 * Attribution needs more than the 34 digits of the ledger's Decimal: the patterns accept amounts and
 * rates of up to 41 significant digits, and "the parts sum exactly to the total" must hold for every
 * input they accept, not only for realistic ones. 200 digits hold the product of any three of them.
 */
const ExactDecimal = Decimal.clone({ precision: 200 });

export interface RevenueAttributionInput {
  /** Amounts in the deal currency, as on DealWon, DealRenewed or DealExpanded (negative for a refund). */
  readonly lines: readonly { readonly amount: string }[];
  /** Deal currency to program currency; absent means 1 (the deal is in the program currency). */
  readonly fxRate?: string;
  /** The deal's split; the shares sum to exactly 1. */
  readonly partners: readonly DealPartner[];
  /** The program currency, whose minor unit the attributed amounts are rounded to. */
  readonly currency: string;
  /** The rule set's rounding mode; HALF_EVEN (banker's rounding) when absent. */
  readonly rounding?: RoundingMode;
}

export interface AttributedPart {
  readonly partnerId: string;
  readonly role: DealPartner['role'];
  readonly share: string;
  /** In the program currency, at its minor unit. */
  readonly amount: string;
}

export interface AttributedLine {
  /** amount × fxRate, rounded once to the program currency's minor unit. */
  readonly amount: string;
  /** One part per partner, in the deal's partner order; they sum exactly to the line's amount. */
  readonly parts: readonly AttributedPart[];
}

export interface RevenueAttribution {
  readonly currency: string;
  /** The sum of the lines' amounts. */
  readonly total: string;
  readonly lines: readonly AttributedLine[];
  /** Each partner's parts summed over the lines, in the deal's partner order; they sum exactly to the total. */
  readonly partners: readonly AttributedPart[];
}

/**
 * Splits a deal event's revenue among its partners in the program currency: the attributed revenue the
 * scorecards and read models show. Every figure is exact and adds up, which a per-partner rounding of
 * amount × fxRate × share cannot promise (three partners at 1/3 of 1.00 would round to 0.99).
 *
 * Per line: the line's amount × fxRate is rounded once to the program currency's minor unit; that
 * rounded amount is then split by largest remainder on minor units. Each partner first gets the
 * whole minor units of its exact share (rounded toward zero); the units left over (fewer than the
 * number of partners) go one each to the partners with the largest discarded fractions. Ties (equal
 * fractions, as in a 0.5 / 0.5 split of an odd number of cents) go in partner order starting with the
 * first partner on the first line, the second partner on the second line, and so on, so that no
 * partner collects every tied cent of a many-line deal.
 *
 * So each part is within one minor unit of line amount × share, the parts sum exactly to the line
 * amount, a partner's total is the sum of its parts, and the partners' totals sum exactly to the
 * total. Negative amounts (refunds) are split by their magnitude, so a full refund attributes exactly
 * the negated parts.
 *
 * Example: 1000.00 EUR at fxRate 1.1 split 0.6 / 0.4 attributes 660.00 and 440.00 USD.
 */
export function attributeRevenue(input: RevenueAttributionInput): RevenueAttribution {
  const { currency, partners } = input;
  const rounding = input.rounding ?? 'HALF_EVEN';
  invariant(partners.length > 0, 'a deal has at least one partner');
  const shares = partners.map((partner) => new ExactDecimal(partner.share));
  invariant(
    shares.reduce((sum, share) => sum.plus(share), new ExactDecimal(0)).eq(1),
    'the shares of a deal sum to exactly 1',
  );
  const fxRate = new ExactDecimal(input.fxRate ?? '1');
  const unit = new ExactDecimal(10).pow(minorUnits(currency));

  const partnerUnits = partners.map(() => new ExactDecimal(0));
  let totalUnits = new ExactDecimal(0);
  const lines = input.lines.map((line, lineIndex): AttributedLine => {
    const converted = roundMoney(new ExactDecimal(line.amount).times(fxRate), currency, rounding);
    const lineUnits = new ExactDecimal(converted).times(unit);
    const split = splitUnits(lineUnits.abs(), shares, lineIndex % partners.length).map((units) =>
      lineUnits.isNegative() ? units.negated() : units,
    );
    totalUnits = totalUnits.plus(lineUnits);
    split.forEach((units, index) => (partnerUnits[index] = partnerUnits[index]!.plus(units)));
    return {
      amount: toMoney(lineUnits, unit, currency),
      parts: partners.map((partner, index) => part(partner, toMoney(split[index]!, unit, currency))),
    };
  });
  return {
    currency,
    total: toMoney(totalUnits, unit, currency),
    lines,
    partners: partners.map((partner, index) => part(partner, toMoney(partnerUnits[index]!, unit, currency))),
  };
}

/**
 * Largest remainder: whole units of each exact share, then the leftover units by largest fraction;
 * equal fractions are ordered by partner position counted from `tieFirst`.
 */
function splitUnits(units: Decimal, shares: readonly Decimal[], tieFirst: number): Decimal[] {
  const exact = shares.map((share) => units.times(share));
  const whole = exact.map((value) => value.floor());
  const tieRank = (index: number) => (index - tieFirst + shares.length) % shares.length;
  let leftover = units.minus(whole.reduce((sum, value) => sum.plus(value), new ExactDecimal(0)));
  invariant(
    leftover.isInteger() && leftover.gte(0) && leftover.lt(shares.length),
    'largest remainder leaves fewer units than partners',
  );
  const order = exact
    .map((value, index) => ({ index, fraction: value.minus(whole[index]!) }))
    .sort((left, right) => right.fraction.comparedTo(left.fraction) || tieRank(left.index) - tieRank(right.index));
  for (const { index } of order) {
    if (leftover.isZero()) break;
    whole[index] = whole[index]!.plus(1);
    leftover = leftover.minus(1);
  }
  return whole;
}

function toMoney(units: Decimal, unit: Decimal, currency: string): string {
  return formatMoney(units.dividedBy(unit), currency);
}

function part(partner: DealPartner, amount: string): AttributedPart {
  return { partnerId: partner.partnerId, role: partner.role, share: partner.share, amount };
}
