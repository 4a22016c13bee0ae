import { exactMoney, exactOf, exactRounded, quotientRounded, type ExactDecimal } from '../commission/exact-decimal.js';
import { invariant } from '../errors.js';
import { minorUnits, type RoundingMode } from '../money.js';
import type { DealPartner } from './deal.events.js';

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
  // Unbounded integers (scaled, as ExactDecimal), rounded only where the rules round: the patterns accept amounts
  // and rates of up to 41 significant digits, and "the parts sum exactly to the total" must hold for every input
  // they accept, not only for realistic ones.
  const { currency, partners } = input;
  const rounding = input.rounding ?? 'HALF_EVEN';
  invariant(partners.length > 0, 'a deal has at least one partner');
  const shares = sharesOf(partners);
  const fxRate = exactOf(input.fxRate ?? '1');
  const places = minorUnits(currency);
  const money = (units: bigint) => exactMoney({ units, scale: places }, currency);

  const partnerUnits = partners.map(() => 0n);
  let totalUnits = 0n;
  const lines = input.lines.map((line, lineIndex): AttributedLine => {
    const lineUnits = convertedUnits(line.amount, fxRate, places, rounding);
    const negative = lineUnits < 0n;
    const split = splitUnits(negative ? -lineUnits : lineUnits, shares, lineIndex % partners.length).map((units) =>
      negative ? -units : units,
    );
    totalUnits += lineUnits;
    split.forEach((units, index) => (partnerUnits[index] = partnerUnits[index]! + units));
    return { amount: money(lineUnits), parts: partners.map((partner, index) => part(partner, money(split[index]!))) };
  });
  return {
    currency,
    total: money(totalUnits),
    lines,
    partners: partners.map((partner, index) => part(partner, money(partnerUnits[index]!))),
  };
}

export interface RefundAttributionInput {
  /** The refund, in the deal currency. */
  readonly amount: string;
  /** Everything the deal won, renewed and expanded before the refund, in the deal currency. */
  readonly amountWon: string;
  /** Everything refunded on the deal before it, in the deal currency. */
  readonly amountRefunded: string;
  /**
   * Each partner's revenue on the deal so far, in the program currency and the deal's partner order: what its
   * wins, renewals and expansions attributed, and what earlier refunds took back (a magnitude).
   */
  readonly partners: readonly { readonly partnerId: string; readonly attributed: string; readonly refunded: string }[];
  /** The program currency. */
  readonly currency: string;
}

/**
 * What a refund takes back of each partner's attributed revenue, in the program currency (negative amounts):
 * the refunded part of the deal (refund / amount won, both in the deal currency) of what the deal attributed to
 * the partner, so at the rates that revenue was booked at, as the tier engine counts it (docs/commission-examples.md,
 * "FX on refunds"); the refund's own `fxRate` is a fact, not a valuation. Each part is rounded once (HALF_EVEN),
 * never takes back more than is left, and the refund that completes the deal takes exactly what is left, so a fully
 * refunded deal nets to zero for every partner. A refund beyond what is left of the deal counts up to that.
 *
 * Example: 1000.00 EUR won at fxRate 1.1 attributes 1100.00 USD; a refund of 600.00 EUR at fxRate 2.0 takes
 * back 660.00 USD, not 1200.00.
 */
export function attributeRefund(input: RefundAttributionInput): readonly { partnerId: string; amount: string }[] {
  const places = minorUnits(input.currency);
  const [won, before, requested] = commonScale([input.amountWon, input.amountRefunded, input.amount]);
  const left = won > before ? won - before : 0n;
  const refunded = requested < left ? requested : left;
  invariant(refunded >= 0n, 'a refund is not negative');
  return input.partners.map(({ partnerId, attributed, refunded: takenBefore }) => {
    const attributedUnits = unitsAt(attributed, places);
    const remaining = attributedUnits - unitsAt(takenBefore, places);
    let taken = 0n;
    if (refunded > 0n && refunded === left) taken = remaining;
    else if (refunded > 0n) taken = quotientRounded(attributedUnits * refunded, won, 'HALF_EVEN');
    if (taken * remaining < 0n || abs(taken) > abs(remaining)) taken = remaining;
    return { partnerId, amount: exactMoney({ units: -taken, scale: places }, input.currency) };
  });
}

/** Decimal strings as integers at one scale, so they compare and divide exactly. */
function commonScale(values: readonly [string, string, string]): [bigint, bigint, bigint] {
  const exact = values.map((value) => exactOf(value));
  const scale = Math.max(...exact.map((value) => value.scale));
  const [first, second, third] = exact.map((value) => value.units * 10n ** BigInt(scale - value.scale));
  return [first!, second!, third!];
}

/** A program-currency amount (at most `places` decimals) in minor units. */
function unitsAt(amount: string, places: number): bigint {
  const exact = exactOf(amount);
  invariant(exact.scale <= places, "a revenue amount is rounded to its currency's minor unit");
  return exact.units * 10n ** BigInt(places - exact.scale);
}

const abs = (value: bigint) => (value < 0n ? -value : value);

/** A deal's shares: each share × 10^scale, every one at the same scale, so their fractions compare as integers. */
interface Shares {
  readonly scaled: readonly bigint[];
  readonly one: bigint;
}

function sharesOf(partners: readonly DealPartner[]): Shares {
  const exact = partners.map((partner) => exactOf(partner.share));
  const scale = Math.max(...exact.map((share) => share.scale));
  const scaled = exact.map((share) => share.units * 10n ** BigInt(scale - share.scale));
  const one = 10n ** BigInt(scale);
  invariant(scaled.reduce((sum, share) => sum + share, 0n) === one, 'the shares of a deal sum to exactly 1');
  return { scaled, one };
}

/** amount × fxRate, rounded once to the currency's minor unit with the rule set's mode: in minor units. */
function convertedUnits(amount: string, fxRate: ExactDecimal, places: number, rounding: RoundingMode): bigint {
  const line = exactOf(amount);
  const product = { units: line.units * fxRate.units, scale: line.scale + fxRate.scale };
  const rounded = exactRounded(product, places, rounding);
  return rounded.units * 10n ** BigInt(places - rounded.scale);
}

/**
 * Largest remainder: whole units of each exact share, then the leftover units by largest fraction;
 * equal fractions are ordered by partner position counted from `tieFirst`.
 */
function splitUnits(units: bigint, shares: Shares, tieFirst: number): bigint[] {
  const count = shares.scaled.length;
  const exact = shares.scaled.map((share) => units * share);
  const whole = exact.map((value) => value / shares.one);
  const tieRank = (index: number) => (index - tieFirst + count) % count;
  let leftover = units - whole.reduce((sum, value) => sum + value, 0n);
  invariant(leftover >= 0n && leftover < BigInt(count), 'largest remainder leaves fewer units than partners');
  const order = exact
    .map((value, index) => ({ index, fraction: value % shares.one }))
    .sort(
      (left, right) => compareDescending(left.fraction, right.fraction) || tieRank(left.index) - tieRank(right.index),
    );
  for (const { index } of order) {
    if (leftover === 0n) break;
    whole[index] = whole[index]! + 1n;
    leftover -= 1n;
  }
  return whole;
}

function compareDescending(left: bigint, right: bigint): number {
  return left > right ? -1 : left < right ? 1 : 0;
}

function part(partner: DealPartner, amount: string): AttributedPart {
  return { partnerId: partner.partnerId, role: partner.role, share: partner.share, amount };
}
