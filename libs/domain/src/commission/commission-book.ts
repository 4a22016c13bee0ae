import { addDays, daysBetween, periodOf } from '../dates.js';
import { minorUnits, type Decimal, type RoundingMode } from '../money.js';
import type { RuleSet } from '../program/rule-set.schema.js';
import type { BookContext, BookInput, CommissionBook, LineRecord } from './commission.state.js';
import type {
  AppliedTier,
  AcceleratorSlice,
  CapCalculation,
  ComputedCommissionLine,
  LineAcceleration,
  LineComponents,
  NoticeCode,
  ProductLineCalculation,
  RoundingApplied,
  SourceReference,
} from './commission.types.js';
import { PersistentMap } from '../persistent-map.js';
import { Recurring } from './recurring.js';
import {
  exactCompare,
  exactMax,
  exactMin,
  exactMinus,
  exactMoney,
  exactNegated,
  exactOf,
  exactOne,
  exactPlus,
  exactSum,
  exactText,
  exactTimes,
  exactZero,
  recurringExact,
  roundMinor,
  type ExactDecimal,
} from './exact-decimal.js';

/**
 * A partner's commission book: the arithmetic of DESIGN §5 for one partner, one input at a time.
 * Every figure is computed at full precision (34 significant digits, exact-decimal.ts) and each line is
 * rounded once, at the end, to the minor unit of the program currency with the rule set's rounding mode.
 */
/**
 * The book of a partner that has earned nothing yet, one for all of them (the state is immutable, its maps are read
 * only): a partner enrolled and still without a deal holds no maps of its own, which a snapshot would write out
 * again for each of them.
 */
const bookEmpty: CommissionBook = {
  quarterRevenue: new Map(),
  quarterGranted: new Map(),
  dealGranted: PersistentMap.empty(),
  lines: PersistentMap.empty(),
  dealLines: PersistentMap.empty(),
};

export function emptyBook(): CommissionBook {
  return bookEmpty;
}

export interface BookNotice {
  readonly code: NoticeCode;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number | null>>;
}

export interface BookResult {
  readonly book: CommissionBook;
  readonly lines: readonly ComputedCommissionLine[];
  readonly notices: readonly BookNotice[];
  /** Lines an offboarding with `accelerate` vested at once (settle inputs only). */
  readonly accelerations?: readonly LineAcceleration[];
}

const zero = exactZero;
const one = exactOne;

/** A full-precision figure as a plain string, never "-0". */
export function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * The text of a figure that recurs on line after line: a rule set's figures (rates, multipliers,
 * thresholds; a rule set is compiled once and its figures never change) and the shares, discounts and
 * fx rates of recurringExact. Each is printed once, not on every line.
 */
const recurringFigureTexts = new WeakMap<ExactDecimal, string>();
function recurringFigure(value: ExactDecimal): string {
  let text = recurringFigureTexts.get(value);
  if (text === undefined) {
    text = exactText(value);
    recurringFigureTexts.set(value, text);
  }
  return text;
}

/**
 * addDays for the vesting and clawback dates of every line: business dates cluster and holdback and
 * clawback days are few, so most are a lookup instead of date arithmetic.
 */
const shiftedDates = new Recurring<string>();
function shiftedDate(date: string, days: number): string {
  return shiftedDates.of(`${date}+${days}`, () => addDays(date, days));
}

/** The business date a kept line records, one string per date: each event's copy otherwise stays with its line. */
const recordedDates = new Recurring<string>();
const itself = (date: string): string => date;
function recordedDate(date: string): string {
  return recordedDates.of(date, itself);
}

function money(value: ExactDecimal, currency: string): string {
  return exactMoney(value, currency);
}

/** The map with `key` set, as a copy: the state is immutable. forEach copies about twice as fast as new Map(map). */
export function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  const copy = new Map<string, V>();
  map.forEach((entryValue, entryKey) => copy.set(entryKey, entryValue));
  copy.set(key, value);
  return copy;
}

export function earnedLineId(sourceEventId: string, partnerId: string): string {
  return `${sourceEventId}:${partnerId}`;
}

/** A forfeiture line: the offboarding event, the partner and the source event of the line it forfeits. */
export const forfeitureLineId = (sourceEventId: string, partnerId: string, forfeitedSourceEventId: string): string =>
  `${sourceEventId}:${partnerId}:${forfeitedSourceEventId}`;

export function clawbackLineId(sourceEventId: string, partnerId: string, reversedSourceEventId: string): string {
  return `${sourceEventId}:${partnerId}:${reversedSourceEventId}`;
}

/** A figure of a compiled rule set (its Decimals never change), converted once. */
const ruleFigures = new WeakMap<Decimal, ExactDecimal>();
export function ruleFigure(value: Decimal): ExactDecimal {
  let figure = ruleFigures.get(value);
  if (figure === undefined) {
    figure = exactOf(value);
    ruleFigures.set(value, figure);
  }
  return figure;
}

/** The { version, effectiveFrom } a line names its rule set by: one object per rule set, not per line. */
const ruleSetReferences = new WeakMap<RuleSet, LineRecord['ruleSet']>();
function ruleSetReference(ruleSet: RuleSet): LineRecord['ruleSet'] {
  let reference = ruleSetReferences.get(ruleSet);
  if (reference === undefined) {
    reference = { version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom };
    ruleSetReferences.set(ruleSet, reference);
  }
  return reference;
}

/**
 * The tier a kept line records, shared by every line that applied the same one: a handful of tiers
 * and dates, while the book keeps thousands of lines.
 */
const recordedTiers = new Recurring<AppliedTier>();
function recordedTier(tier: AppliedTier): AppliedTier {
  const key = `${tier.name}\u0000${tier.basis}\u0000${tier.since ?? ''}\u0000${tier.note ?? '\u0001'}`;
  return recordedTiers.of(key, () => tier);
}

const ruleFigureOrNull = (value: Decimal | null): ExactDecimal | null => (value === null ? null : ruleFigure(value));

interface Bracket {
  readonly lower: ExactDecimal;
  readonly upper: ExactDecimal | null;
  readonly threshold: string | null;
  readonly multiplierText: string;
  /** multiplier − 1: what the part of the base inside the bracket earns on top of the standard rate. */
  readonly extra: ExactDecimal;
}

const bracketsOfRuleSet = new WeakMap<RuleSet, readonly Bracket[]>();

/** The accelerator brackets of a rule set, below every threshold first, computed once per rule set. */
function bracketsOf(ruleSet: RuleSet): readonly Bracket[] {
  const cached = bracketsOfRuleSet.get(ruleSet);
  if (cached) return cached;
  const accelerators = ruleSet.accelerators;
  const bracket = (
    lower: ExactDecimal,
    upper: Decimal | null,
    threshold: Decimal | null,
    multiplier: ExactDecimal,
  ): Bracket => ({
    lower,
    upper: ruleFigureOrNull(upper),
    threshold: threshold === null ? null : plain(threshold),
    multiplierText: exactText(multiplier),
    extra: exactMinus(multiplier, one),
  });
  const brackets = [bracket(zero, accelerators[0]?.quarterlyRevenueAbove ?? null, null, one)];
  accelerators.forEach((accelerator, index) => {
    const upper = accelerators[index + 1]?.quarterlyRevenueAbove ?? null;
    const { quarterlyRevenueAbove: threshold, multiplier } = accelerator;
    brackets.push(bracket(ruleFigure(threshold), upper, threshold, ruleFigure(multiplier)));
  });
  bracketsOfRuleSet.set(ruleSet, brackets);
  return brackets;
}

/**
 * Cuts the revenue range [from, to] at the accelerator thresholds, like tax brackets: the part above
 * a threshold earns that bracket's multiplier, the part below every threshold earns 1.
 */
function slicesOf(
  from: ExactDecimal,
  to: ExactDecimal,
  ruleSet: RuleSet,
): { revenue: ExactDecimal; extra: ExactDecimal; slice: AcceleratorSlice }[] {
  const slices: { revenue: ExactDecimal; extra: ExactDecimal; slice: AcceleratorSlice }[] = [];
  for (const bracket of bracketsOf(ruleSet)) {
    if (bracket.upper !== null && exactCompare(bracket.upper, from) <= 0) continue;
    const start = exactMax(from, bracket.lower);
    const end = bracket.upper === null ? to : exactMin(to, bracket.upper);
    if (exactCompare(end, start) <= 0) continue;
    slices.push({
      revenue: exactMinus(end, start),
      extra: bracket.extra,
      slice: {
        revenueFrom: exactText(start),
        revenueTo: exactText(end),
        threshold: bracket.threshold,
        multiplier: bracket.multiplierText,
      },
    });
  }
  return slices;
}

function cap(
  limit: ExactDecimal | null,
  usedBefore: ExactDecimal,
  amount: ExactDecimal,
): { calculation: CapCalculation | null; after: ExactDecimal; capped: ExactDecimal } {
  if (limit === null) return { calculation: null, after: amount, capped: zero };
  const room = exactMax(zero, exactMinus(limit, usedBefore));
  const after = exactMin(amount, room);
  const capped = exactMinus(amount, after);
  return {
    calculation: {
      limit: exactText(limit),
      usedBefore: exactText(usedBefore),
      room: exactText(room),
      capped: exactText(capped),
    },
    after,
    capped,
  };
}

function components(parts: Partial<Record<keyof LineComponents, ExactDecimal>>): LineComponents {
  return {
    standard: exactText(parts.standard ?? zero),
    accelerated: exactText(parts.accelerated ?? zero),
    cappedPerDeal: exactText(parts.cappedPerDeal ?? zero),
    cappedPerQuarter: exactText(parts.cappedPerQuarter ?? zero),
    reversal: exactText(parts.reversal ?? zero),
    rounding: exactText(parts.rounding ?? zero),
  };
}

/**
 * Forgets the earned lines no refund, churn or offboarding can reach any more: their clawback window
 * ended and they vested before `firstOpenDate`, the first day a new fact may carry once a period is
 * closed. Caps keep counting them (dealGranted and quarterGranted are untouched); only the per-line
 * detail goes.
 */
export function forgetSettledLines(book: CommissionBook, firstOpenDate: string): CommissionBook {
  let lines = book.lines;
  let dealLines = book.dealLines;
  for (const record of book.lines.values()) {
    if (record.windowEndsOn >= firstOpenDate || record.vestsOn >= firstOpenDate) continue;
    lines = lines.delete(record.sourceEventId);
    const rest = (dealLines.get(record.dealId) ?? []).filter((id) => id !== record.sourceEventId);
    dealLines = rest.length > 0 ? dealLines.set(record.dealId, rest) : dealLines.delete(record.dealId);
  }
  return lines === book.lines ? book : { ...book, lines, dealLines };
}

/**
 * Why a deal event's amounts cannot be paid under a rule set, if they cannot: the event's fxRate
 * converts into the program currency recorded on the event, which must be the rule set's currency (a
 * retroactive set in another currency would otherwise pay euros as dollars), and a deal in another
 * currency needs an fxRate at all. Events recorded before `programCurrency` existed convert into the
 * currency of the set in force.
 */
export function conversionProblem(
  input: {
    readonly dealId: string;
    readonly dealCurrency: string;
    readonly fxRate: string | undefined;
    readonly programCurrency: string | undefined;
  },
  ruleSet: RuleSet,
): BookNotice | null {
  const target = input.programCurrency ?? ruleSet.currency;
  if (target !== ruleSet.currency) {
    return {
      code: 'CURRENCY_MISMATCH',
      message:
        `Deal ${input.dealId} was recorded with amounts converted into ${target}, ` +
        `but rule set ${ruleSet.version} pays in ${ruleSet.currency}`,
      details: { dealId: input.dealId, convertedInto: target, programCurrency: ruleSet.currency },
    };
  }
  if (input.dealCurrency !== target && input.fxRate === undefined) {
    return {
      code: 'FX_RATE_MISSING',
      message:
        `Deal ${input.dealId} is in ${input.dealCurrency}, rule set ${ruleSet.version} pays in ${ruleSet.currency}, ` +
        'and the event has no fxRate',
      details: { dealId: input.dealId, dealCurrency: input.dealCurrency, programCurrency: ruleSet.currency },
    };
  }
  return null;
}

export function applyToBook(book: CommissionBook, input: BookInput, context: BookContext): BookResult {
  switch (input.kind) {
    case 'earn':
      return earn(book, input, context);
    case 'refund':
    case 'churn':
      return reverse(book, input, context);
    case 'settle':
      return settle(book, input, context.partnerId);
  }
}

type EarnInput = Extract<BookInput, { kind: 'earn' }>;

/** Why no line can be computed for an earn input, if none can: no rules in force, or amounts it cannot pay. */
function refusalOf(input: EarnInput, ruleSet: RuleSet | undefined): BookNotice | null {
  const { partner, businessDate: date, dealId } = input;
  if (!ruleSet) {
    return {
      code: 'NO_RULE_SET_IN_FORCE',
      message:
        `No rule set is in force on ${date}: ` +
        `no commission line for partner ${partner.partnerId} on deal ${dealId}`,
      details: { date, partnerId: partner.partnerId, dealId },
    };
  }
  const problem = conversionProblem(input, ruleSet);
  if (!problem) return null;
  return {
    ...problem,
    message: `${problem.message}: no commission line for partner ${partner.partnerId}`,
    details: { ...problem.details, partnerId: partner.partnerId },
  };
}

function earn(book: CommissionBook, input: EarnInput, context: BookContext): BookResult {
  const date = input.businessDate;
  const fxRate = input.fxRate === undefined ? one : recurringExact(input.fxRate);
  const share = recurringExact(input.partner.share);
  const quarter = periodOf(date);
  const { bases } = input;
  const base = exactSum(bases);
  const revenueBefore = book.quarterRevenue.get(quarter) ?? zero;
  const revenueAfter = exactPlus(revenueBefore, base);
  // Quarter-to-date revenue measures the partner's selling, whatever the rules: it moves even when
  // no line can be computed, so a later line's accelerators see the same revenue either way.
  const bookWithRevenue: CommissionBook = {
    ...book,
    quarterRevenue: withEntry(book.quarterRevenue, quarter, revenueAfter),
  };
  const ruleSet = context.ruleSetOn(date);
  const refusal = refusalOf(input, ruleSet);
  if (refusal || !ruleSet) return { book: bookWithRevenue, lines: [], notices: refusal ? [refusal] : [] };

  const tier = context.tierOn(ruleSet, date);
  const products = productCalculations(input, ruleSet, tier.name, {
    fxRateText: recurringFigure(fxRate),
    shareText: recurringFigure(share),
    bases,
    revenueBefore,
  });
  const earned = exactPlus(products.standard, products.accelerated);
  const dealGranted = book.dealGranted.get(input.dealId) ?? zero;
  const perDeal = cap(ruleFigureOrNull(ruleSet.capPerDeal), dealGranted, earned);
  const quarterGranted = book.quarterGranted.get(quarter) ?? zero;
  const perQuarter = cap(ruleFigureOrNull(ruleSet.capPerQuarter), quarterGranted, perDeal.after);
  const rounded = rounding(perQuarter.after, ruleSet.currency, ruleSet.rounding);
  const line: ComputedCommissionLine = {
    ...lineHeader(input.source, context.partnerId, input.dealId, date),
    lineId: earnedLineId(input.source.eventId, context.partnerId),
    kind: 'earned',
    vestsOn: shiftedDate(date, ruleSet.holdbackDays),
    currency: ruleSet.currency,
    amount: rounded.applied.rounded,
    ruleSet: ruleSetReference(ruleSet),
    tier,
    components: components({
      standard: products.standard,
      accelerated: products.accelerated,
      cappedPerDeal: exactNegated(perDeal.capped),
      cappedPerQuarter: exactNegated(perQuarter.capped),
      rounding: rounded.adjustment,
    }),
    rounding: rounded.applied,
    earned: {
      motion: input.motion,
      role: input.partner.role,
      share: recurringFigure(share),
      dealCurrency: input.dealCurrency,
      base: exactText(base),
      productLines: products.lines,
      quarter,
      quarterRevenueBefore: exactText(revenueBefore),
      quarterRevenueAfter: exactText(revenueAfter),
      perDealCap: perDeal.calculation,
      perQuarterCap: perQuarter.calculation,
    },
    reversal: null,
  };
  const grants = { amount: rounded.amount, dealBefore: dealGranted, quarterBefore: quarterGranted };
  return { book: granted(bookWithRevenue, line, grants, ruleSet), lines: [line], notices: [] };
}

/** What every line of an input shares: where it comes from and when it counts. */
function lineHeader(source: SourceReference, partnerId: string, dealId: string, date: string) {
  return { revision: 1, partnerId, dealId, source, businessDate: date, period: periodOf(date) };
}

/** The one rounding of a line, to the currency's minor unit. */
function rounding(
  unrounded: ExactDecimal,
  currency: string,
  mode: RoundingMode,
): { amount: ExactDecimal; adjustment: ExactDecimal; applied: RoundingApplied } {
  const amount = roundMinor(unrounded, currency, mode);
  const adjustment = exactMinus(amount, unrounded);
  const rounded = money(amount, currency);
  return {
    amount,
    adjustment,
    applied: {
      mode,
      decimalPlaces: minorUnits(currency),
      unrounded: exactText(unrounded),
      rounded,
      adjustment: exactText(adjustment),
    },
  };
}

/**
 * `list` and `item` in an array of exactly that length: a spread or a push leaves room for 16 more,
 * which every deal's line list would keep for as long as the book holds it.
 */
function appended<T>(list: readonly T[] | undefined, item: T): readonly T[] {
  return list === undefined ? [item] : list.concat([item]);
}

/** The book after an earned line: it counts against both caps, and refunds and churns can reach it. */
function granted(
  book: CommissionBook,
  line: ComputedCommissionLine,
  grants: { readonly amount: ExactDecimal; readonly dealBefore: ExactDecimal; readonly quarterBefore: ExactDecimal },
  ruleSet: RuleSet,
): CommissionBook {
  const { amount } = grants;
  const { dealId, period: quarter } = line;
  const sourceEventId = line.source.eventId;
  const record: LineRecord = {
    dealId,
    sourceEventId,
    amount,
    businessDate: recordedDate(line.businessDate),
    vestsOn: line.vestsOn,
    currency: line.currency,
    rounding: ruleSet.rounding,
    clawbackDays: ruleSet.clawbackDays,
    windowEndsOn: shiftedDate(line.businessDate, ruleSet.clawbackDays),
    ruleSet: line.ruleSet,
    tier: recordedTier(line.tier),
    refundedRatio: zero,
    clawed: zero,
    reversed: false,
  };
  return {
    ...book,
    dealGranted: book.dealGranted.set(dealId, exactPlus(grants.dealBefore, amount)),
    quarterGranted: withEntry(book.quarterGranted, quarter, exactPlus(grants.quarterBefore, amount)),
    lines: book.lines.set(sourceEventId, record),
    dealLines: book.dealLines.set(dealId, appended(book.dealLines.get(dealId), sourceEventId)),
  };
}

interface Pricing {
  readonly rateText: string;
  readonly rateClause: string;
  readonly discountMultiplierText: string;
  /** rate × role × motion × discount multiplier. */
  readonly factor: ExactDecimal;
  readonly factorText: string;
}

const pricingsOfRuleSet = new WeakMap<RuleSet, Map<string, Pricing>>();

/**
 * What a unit of base earns for one tier, family, role, motion and side of the discount policy: a
 * handful of combinations per rule set, so each factor is multiplied out and printed once.
 */
function pricingOf(
  ruleSet: RuleSet,
  tierName: string,
  family: string,
  input: EarnInput,
  aboveMaximum: boolean,
): Pricing {
  let pricings = pricingsOfRuleSet.get(ruleSet);
  if (!pricings) {
    pricings = new Map();
    pricingsOfRuleSet.set(ruleSet, pricings);
  }
  const key = `${tierName}\u0000${family}\u0000${input.partner.role}\u0000${input.motion}\u0000${aboveMaximum ? 1 : 0}`;
  let pricing = pricings.get(key);
  if (!pricing) {
    const familyRate = ruleSet.familyRates.get(family)?.get(tierName);
    const rate = ruleFigure(familyRate ?? ruleSet.rates.get(tierName)!);
    const discountMultiplier = aboveMaximum ? ruleFigure(ruleSet.multiplierAbove) : one;
    const factor = exactTimes(
      exactTimes(
        exactTimes(rate, ruleFigure(ruleSet.roleMultipliers.get(input.partner.role)!)),
        ruleFigure(ruleSet.motionMultipliers.get(input.motion)!),
      ),
      discountMultiplier,
    );
    pricing = {
      rateText: recurringFigure(rate),
      rateClause:
        familyRate !== undefined ? `commission.familyRates.${family}.${tierName}` : `commission.rates.${tierName}`,
      discountMultiplierText: recurringFigure(discountMultiplier),
      factor,
      factorText: exactText(factor),
    };
    pricings.set(key, pricing);
  }
  return pricing;
}

interface ProductInputs {
  readonly fxRateText: string;
  readonly shareText: string;
  /** amount × fxRate × share of each product line. */
  readonly bases: readonly ExactDecimal[];
  /** Quarter-to-date revenue before the first product line. */
  readonly revenueBefore: ExactDecimal;
}

/**
 * Each product line's standard commission (base × rate × role × motion × discount multiplier) and its
 * accelerated part: the slices of the base above accelerator thresholds, as quarter-to-date revenue
 * runs on from one product line to the next.
 */
function productCalculations(input: EarnInput, ruleSet: RuleSet, tierName: string, inputs: ProductInputs) {
  const roleMultiplier = ruleFigure(ruleSet.roleMultipliers.get(input.partner.role)!);
  const motionMultiplier = ruleFigure(ruleSet.motionMultipliers.get(input.motion)!);
  const maxDiscount = ruleFigure(ruleSet.maxDiscount);
  const lines: ProductLineCalculation[] = [];
  let running = inputs.revenueBefore;
  let standardTotal = zero;
  let acceleratedTotal = zero;
  input.productLines.forEach((line, index) => {
    const lineBase = inputs.bases[index]!;
    const discount = recurringExact(line.discount);
    const aboveMaximum = exactCompare(discount, maxDiscount) > 0;
    const { factor, ...pricing } = pricingOf(ruleSet, tierName, line.family, input, aboveMaximum);
    const standard = exactTimes(lineBase, factor);
    const runningAfter = exactPlus(running, lineBase);
    const slices = slicesOf(running, runningAfter, ruleSet);
    let accelerated = zero;
    for (const { revenue, extra } of slices)
      if (extra.units !== 0n) accelerated = exactPlus(accelerated, exactTimes(exactTimes(revenue, factor), extra));
    running = runningAfter;
    standardTotal = exactPlus(standardTotal, standard);
    acceleratedTotal = exactPlus(acceleratedTotal, accelerated);
    lines.push({
      sku: line.sku,
      family: line.family,
      amount: line.amount,
      fxRate: inputs.fxRateText,
      share: inputs.shareText,
      base: exactText(lineBase),
      rate: pricing.rateText,
      rateClause: pricing.rateClause,
      roleMultiplier: recurringFigure(roleMultiplier),
      motionMultiplier: recurringFigure(motionMultiplier),
      discount: recurringFigure(discount),
      discountMultiplier: pricing.discountMultiplierText,
      maxDiscount: recurringFigure(maxDiscount),
      factor: pricing.factorText,
      standard: exactText(standard),
      slices: slices.map(({ slice }) => slice),
      accelerated: exactText(accelerated),
    });
  });
  return { lines, standard: standardTotal, accelerated: acceleratedTotal };
}

type ReverseInput = Extract<BookInput, { kind: 'refund' | 'churn' }>;

/**
 * Refunds claw back each earned line of the deal inside its clawback window in proportion to
 * refund / deal amount; a churn reverses what is left of each earned line inside the window. Both
 * use the rules the reversed line was computed under (window, currency, rounding), not the rules in
 * force on the refund date: the partner earned the line on those terms. Caps are not re-opened.
 */
function reverse(book: CommissionBook, input: ReverseInput, context: BookContext): BookResult {
  const { partnerId } = context;
  let lines = book.lines;
  const produced: ComputedCommissionLine[] = [];
  for (const reversedSourceEventId of book.dealLines.get(input.dealId) ?? []) {
    const record = lines.get(reversedSourceEventId)!;
    const daysAfter = daysBetween(record.businessDate, input.businessDate);
    if (daysAfter < 0 || daysAfter > record.clawbackDays || record.reversed) continue;
    if (input.kind === 'refund' && exactCompare(record.refundedRatio, one) >= 0) continue;
    const clawback = clawbackOf(record, input);
    produced.push(clawbackLine(record, input, partnerId, daysAfter, clawback));
    lines = lines.set(reversedSourceEventId, {
      ...record,
      refundedRatio: clawback.refundedAfter,
      clawed: exactPlus(record.clawed, clawback.clawed),
      reversed: input.kind === 'churn',
    });
  }
  // After a churn the deal earns nothing more (the decider refuses expansions and renewals of a
  // churned deal), so the per-deal cap has nothing left to count on it.
  const dealGranted =
    input.kind === 'churn' && context.forgets ? book.dealGranted.delete(input.dealId) : book.dealGranted;
  return { book: { ...book, lines, dealGranted }, lines: produced, notices: [] };
}

interface Clawback {
  /** What remained of the line before this reversal. */
  readonly remaining: ExactDecimal;
  /** The exact part of the line this reversal gives back, and the rounded amount taken. */
  readonly exact: ExactDecimal;
  readonly clawed: ExactDecimal;
  readonly refundedAfter: ExactDecimal;
}

function clawbackOf(record: LineRecord, input: ReverseInput): Clawback {
  const remaining = exactMinus(record.amount, record.clawed);
  if (input.kind === 'churn')
    return { remaining, exact: remaining, clawed: remaining, refundedAfter: record.refundedRatio };
  const refundedAfter = exactMin(one, exactPlus(record.refundedRatio, input.ratio));
  const exact = exactTimes(record.amount, exactMinus(refundedAfter, record.refundedRatio));
  // Each clawback is rounded once; when the refunds reach the whole deal the rest of the line is
  // taken exactly, so partial refunds never claw back a cent more (or less) than the line paid.
  const clawed =
    exactCompare(refundedAfter, one) === 0
      ? remaining
      : exactMin(roundMinor(exact, record.currency, record.rounding), remaining);
  return { remaining, exact, clawed, refundedAfter };
}

function clawbackLine(
  record: LineRecord,
  input: ReverseInput,
  partnerId: string,
  daysAfter: number,
  clawback: Clawback,
): ComputedCommissionLine {
  const { currency } = record;
  const amount = exactNegated(clawback.clawed);
  const unrounded = exactNegated(clawback.exact);
  const adjustment = exactMinus(amount, unrounded);
  const refund = input.kind === 'refund' ? input : null;
  return {
    ...lineHeader(input.source, partnerId, input.dealId, input.businessDate),
    lineId: clawbackLineId(input.source.eventId, partnerId, record.sourceEventId),
    kind: 'clawback',
    vestsOn: input.businessDate,
    currency,
    amount: money(amount, currency),
    ruleSet: record.ruleSet,
    tier: record.tier,
    components: components({ reversal: unrounded, rounding: adjustment }),
    rounding: {
      mode: record.rounding,
      decimalPlaces: minorUnits(currency),
      unrounded: exactText(unrounded),
      rounded: money(amount, currency),
      adjustment: exactText(adjustment),
    },
    earned: null,
    reversal: {
      reason: input.kind,
      reversedLineId: earnedLineId(record.sourceEventId, partnerId),
      reversedAmount: money(record.amount, currency),
      reversedBusinessDate: record.businessDate,
      daysAfter,
      clawbackDays: record.clawbackDays,
      dealCurrency: refund ? refund.dealCurrency : null,
      refundAmount: refund ? refund.refundAmount : null,
      dealAmount: refund ? refund.dealAmount : null,
      ratio: refund ? exactText(refund.ratio) : null,
      refundedBefore: refund ? exactText(record.refundedRatio) : null,
      refundedAfter: refund ? exactText(clawback.refundedAfter) : null,
      remainingBefore: money(clawback.remaining, currency),
    },
  };
}

type SettleInput = Extract<BookInput, { kind: 'settle' }>;

/**
 * An offboarding settles every line not vested on its date (DESIGN §5). `accelerate` vests each on that
 * date (a reversed line too, so it nets with its clawbacks at once). `forfeit_unvested` adds a
 * forfeiture line for what remains of each (its amount less clawbacks so far), vesting with the line it
 * forfeits, so the pair never pays; the forfeited line counts as reversed, so no later refund or churn
 * claws it back again.
 */
function settle(book: CommissionBook, input: SettleInput, partnerId: string): BookResult {
  const date = input.businessDate;
  const unvested = [...book.lines.values()]
    .filter((record) => record.vestsOn > date)
    .sort(
      (left, right) =>
        compareText(left.businessDate, right.businessDate) ||
        compareText(earnedLineId(left.sourceEventId, partnerId), earnedLineId(right.sourceEventId, partnerId)),
    );
  let lines = book.lines;
  if (input.settlement === 'accelerate') {
    const accelerations = unvested.map((record): LineAcceleration => {
      lines = lines.set(record.sourceEventId, { ...record, vestsOn: date });
      const { source } = input;
      return {
        lineId: earnedLineId(record.sourceEventId, partnerId),
        partnerId,
        source,
        offboardedAt: date,
        vestsOn: date,
        originalVestsOn: record.vestsOn,
      };
    });
    return { book: { ...book, lines }, lines: [], notices: [], accelerations };
  }
  const produced: ComputedCommissionLine[] = [];
  for (const record of unvested) {
    const remaining = exactMinus(record.amount, record.clawed);
    if (record.reversed || remaining.units === 0n) continue;
    produced.push(forfeitureLine(record, input, partnerId, remaining));
    lines = lines.set(record.sourceEventId, { ...record, clawed: record.amount, reversed: true });
  }
  return { book: { ...book, lines }, lines: produced, notices: [] };
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function forfeitureLine(
  record: LineRecord,
  input: SettleInput,
  partnerId: string,
  remaining: ExactDecimal,
): ComputedCommissionLine {
  const { currency } = record;
  const amount = exactNegated(remaining);
  return {
    ...lineHeader(input.source, partnerId, record.dealId, input.businessDate),
    lineId: forfeitureLineId(input.source.eventId, partnerId, record.sourceEventId),
    kind: 'forfeiture',
    vestsOn: record.vestsOn,
    currency,
    amount: money(amount, currency),
    ruleSet: record.ruleSet,
    tier: record.tier,
    components: components({ reversal: amount }),
    rounding: {
      mode: record.rounding,
      decimalPlaces: minorUnits(currency),
      unrounded: exactText(amount),
      rounded: money(amount, currency),
      adjustment: '0',
    },
    earned: null,
    reversal: {
      reason: 'forfeiture',
      reversedLineId: earnedLineId(record.sourceEventId, partnerId),
      reversedAmount: money(record.amount, currency),
      reversedBusinessDate: record.businessDate,
      daysAfter: daysBetween(record.businessDate, input.businessDate),
      clawbackDays: record.clawbackDays,
      dealCurrency: null,
      refundAmount: null,
      dealAmount: null,
      ratio: null,
      refundedBefore: null,
      refundedAfter: null,
      remainingBefore: money(remaining, currency),
    },
  };
}
