import { addDays, daysBetween, periodOf } from '../dates.js';
import { Decimal, formatMoney, minorUnits, roundMoney, sumDecimals, type RoundingMode } from '../money.js';
import type { RuleSet } from '../program/rule-set.schema.js';
import type { BookContext, BookInput, CommissionBook, LineRecord } from './commission.state.js';
import type {
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

/**
 * A partner's commission book: the arithmetic of DESIGN §5 for one partner, one input at a time.
 * Every figure is computed at full precision (34 significant digits) and each line is rounded once,
 * at the end, to the minor unit of the program currency with the rule set's rounding mode.
 */
export function emptyBook(): CommissionBook {
  return {
    quarterRevenue: new Map(),
    quarterGranted: new Map(),
    dealGranted: PersistentMap.empty(),
    lines: PersistentMap.empty(),
    dealLines: PersistentMap.empty(),
  };
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

const zero = new Decimal(0);
const one = new Decimal(1);

/** A full-precision figure as a plain string, never "-0". */
export function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * The text of a Decimal that recurs on line after line: a rule set's figures (rates, multipliers,
 * thresholds; a rule set is compiled once and its Decimals never change) and the shared Decimals of
 * recurringDecimal below. Each is printed once, not on every line.
 */
const recurringFigureTexts = new WeakMap<Decimal, string>();
function recurringFigure(value: Decimal): string {
  let text = recurringFigureTexts.get(value);
  if (text === undefined) {
    text = value.toFixed();
    recurringFigureTexts.set(value, text);
  }
  return text;
}

/**
 * Decimals parsed from the few strings that recur on nearly every event (shares, discounts, fx rates):
 * a Decimal is immutable, so one instance per text is shared. Bounded, so odd inputs cannot grow it.
 */
const recurringDecimals = new Map<string, Decimal>();
const recurringDecimalsMax = 4096;
export function recurringDecimal(text: string): Decimal {
  let value = recurringDecimals.get(text);
  if (value === undefined) {
    value = new Decimal(text);
    if (recurringDecimals.size >= recurringDecimalsMax) recurringDecimals.clear();
    recurringDecimals.set(text, value);
  }
  return value;
}

/**
 * addDays for the vesting and clawback dates of every line: business dates cluster and holdback and
 * clawback days are few, so most are a lookup instead of date arithmetic. Bounded like the above.
 */
const shiftedDates = new Map<string, string>();
function shiftedDate(date: string, days: number): string {
  const key = `${date}+${days}`;
  let shifted = shiftedDates.get(key);
  if (shifted === undefined) {
    shifted = addDays(date, days);
    if (shiftedDates.size >= recurringDecimalsMax) shiftedDates.clear();
    shiftedDates.set(key, shifted);
  }
  return shifted;
}

function money(value: Decimal, currency: string): string {
  return formatMoney(value.isZero() ? zero : value, currency);
}

function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  const copy = new Map(map);
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

interface Bracket {
  readonly lower: Decimal;
  readonly upper: Decimal | null;
  readonly threshold: string | null;
  readonly multiplier: Decimal;
  readonly multiplierText: string;
  /** multiplier − 1: what the part of the base inside the bracket earns on top of the standard rate. */
  readonly extra: Decimal;
}

const bracketsOfRuleSet = new WeakMap<RuleSet, readonly Bracket[]>();

/** The accelerator brackets of a rule set, below every threshold first, computed once per rule set. */
function bracketsOf(ruleSet: RuleSet): readonly Bracket[] {
  const cached = bracketsOfRuleSet.get(ruleSet);
  if (cached) return cached;
  const accelerators = ruleSet.accelerators;
  const bracket = (lower: Decimal, upper: Decimal | null, threshold: Decimal | null, multiplier: Decimal): Bracket => ({
    lower,
    upper,
    threshold: threshold === null ? null : plain(threshold),
    multiplier,
    multiplierText: plain(multiplier),
    extra: multiplier.minus(one),
  });
  const brackets = [bracket(zero, accelerators[0]?.quarterlyRevenueAbove ?? null, null, one)];
  accelerators.forEach((accelerator, index) => {
    const upper = accelerators[index + 1]?.quarterlyRevenueAbove ?? null;
    brackets.push(
      bracket(accelerator.quarterlyRevenueAbove, upper, accelerator.quarterlyRevenueAbove, accelerator.multiplier),
    );
  });
  bracketsOfRuleSet.set(ruleSet, brackets);
  return brackets;
}

/**
 * Cuts the revenue range [from, to] at the accelerator thresholds, like tax brackets: the part above
 * a threshold earns that bracket's multiplier, the part below every threshold earns 1.
 */
function slicesOf(
  from: Decimal,
  to: Decimal,
  ruleSet: RuleSet,
): { revenue: Decimal; extra: Decimal; slice: AcceleratorSlice }[] {
  const slices: { revenue: Decimal; extra: Decimal; slice: AcceleratorSlice }[] = [];
  for (const bracket of bracketsOf(ruleSet)) {
    if (bracket.upper !== null && bracket.upper.lte(from)) continue;
    const start = from.gt(bracket.lower) ? from : bracket.lower;
    const end = bracket.upper === null || to.lt(bracket.upper) ? to : bracket.upper;
    if (end.lte(start)) continue;
    slices.push({
      revenue: end.minus(start),
      extra: bracket.extra,
      slice: {
        revenueFrom: plain(start),
        revenueTo: plain(end),
        threshold: bracket.threshold,
        multiplier: bracket.multiplierText,
      },
    });
  }
  return slices;
}

function cap(
  limit: Decimal | null,
  usedBefore: Decimal,
  amount: Decimal,
): { calculation: CapCalculation | null; after: Decimal; capped: Decimal } {
  if (limit === null) return { calculation: null, after: amount, capped: zero };
  const room = Decimal.max(zero, limit.minus(usedBefore));
  const after = Decimal.min(amount, room);
  const capped = amount.minus(after);
  return {
    calculation: { limit: plain(limit), usedBefore: plain(usedBefore), room: plain(room), capped: plain(capped) },
    after,
    capped,
  };
}

function components(parts: Partial<Record<keyof LineComponents, Decimal>>): LineComponents {
  return {
    standard: plain(parts.standard ?? zero),
    accelerated: plain(parts.accelerated ?? zero),
    cappedPerDeal: plain(parts.cappedPerDeal ?? zero),
    cappedPerQuarter: plain(parts.cappedPerQuarter ?? zero),
    reversal: plain(parts.reversal ?? zero),
    rounding: plain(parts.rounding ?? zero),
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
    lines = lines.delete(record.lineId);
    const rest = (dealLines.get(record.dealId) ?? []).filter((id) => id !== record.lineId);
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
  const fxRate = input.fxRate === undefined ? one : recurringDecimal(input.fxRate);
  const share = recurringDecimal(input.partner.share);
  const quarter = periodOf(date);
  const { bases } = input;
  const base = sumDecimals(bases);
  const revenueBefore = book.quarterRevenue.get(quarter) ?? zero;
  const revenueAfter = revenueBefore.plus(base);
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
  const earned = products.standard.plus(products.accelerated);
  const perDeal = cap(ruleSet.capPerDeal, book.dealGranted.get(input.dealId) ?? zero, earned);
  const perQuarter = cap(ruleSet.capPerQuarter, book.quarterGranted.get(quarter) ?? zero, perDeal.after);
  const rounded = rounding(perQuarter.after, ruleSet.currency, ruleSet.rounding);
  const line: ComputedCommissionLine = {
    ...lineHeader(input.source, context.partnerId, input.dealId, date),
    lineId: earnedLineId(input.source.eventId, context.partnerId),
    kind: 'earned',
    vestsOn: shiftedDate(date, ruleSet.holdbackDays),
    currency: ruleSet.currency,
    amount: rounded.applied.rounded,
    ruleSet: { version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom },
    tier,
    components: components({
      standard: products.standard,
      accelerated: products.accelerated,
      cappedPerDeal: perDeal.capped.negated(),
      cappedPerQuarter: perQuarter.capped.negated(),
      rounding: rounded.adjustment,
    }),
    rounding: rounded.applied,
    earned: {
      motion: input.motion,
      role: input.partner.role,
      share: recurringFigure(share),
      dealCurrency: input.dealCurrency,
      base: plain(base),
      productLines: products.lines,
      quarter,
      quarterRevenueBefore: plain(revenueBefore),
      quarterRevenueAfter: plain(revenueAfter),
      perDealCap: perDeal.calculation,
      perQuarterCap: perQuarter.calculation,
    },
    reversal: null,
  };
  return { book: granted(bookWithRevenue, line, rounded.amount, ruleSet), lines: [line], notices: [] };
}

/** What every line of an input shares: where it comes from and when it counts. */
function lineHeader(source: SourceReference, partnerId: string, dealId: string, date: string) {
  return { revision: 1, revisedBy: null, partnerId, dealId, source, businessDate: date, period: periodOf(date) };
}

/** The one rounding of a line, to the currency's minor unit. */
function rounding(
  unrounded: Decimal,
  currency: string,
  mode: RoundingMode,
): { amount: Decimal; adjustment: Decimal; applied: RoundingApplied } {
  const amount = roundMoney(unrounded, currency, mode);
  const adjustment = amount.minus(unrounded);
  const rounded = money(amount, currency);
  return {
    amount,
    adjustment,
    applied: {
      mode,
      decimalPlaces: minorUnits(currency),
      unrounded: plain(unrounded),
      rounded,
      adjustment: plain(adjustment),
    },
  };
}

/** The book after an earned line: it counts against both caps, and refunds and churns can reach it. */
function granted(
  book: CommissionBook,
  line: ComputedCommissionLine,
  amount: Decimal,
  ruleSet: RuleSet,
): CommissionBook {
  const { dealId, period: quarter, lineId } = line;
  const record: LineRecord = {
    lineId,
    dealId,
    sourceEventId: line.source.eventId,
    amount,
    businessDate: line.businessDate,
    vestsOn: line.vestsOn,
    currency: line.currency,
    rounding: ruleSet.rounding,
    clawbackDays: ruleSet.clawbackDays,
    windowEndsOn: shiftedDate(line.businessDate, ruleSet.clawbackDays),
    ruleSet: line.ruleSet,
    tier: line.tier,
    refundedRatio: zero,
    clawed: zero,
    reversed: false,
  };
  return {
    ...book,
    dealGranted: book.dealGranted.set(dealId, (book.dealGranted.get(dealId) ?? zero).plus(amount)),
    quarterGranted: withEntry(book.quarterGranted, quarter, (book.quarterGranted.get(quarter) ?? zero).plus(amount)),
    lines: book.lines.set(lineId, record),
    dealLines: book.dealLines.set(dealId, [...(book.dealLines.get(dealId) ?? []), lineId]),
  };
}

interface Pricing {
  readonly rate: Decimal;
  readonly rateText: string;
  readonly rateClause: string;
  readonly discountMultiplier: Decimal;
  /** rate × role × motion × discount multiplier. */
  readonly factor: Decimal;
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
    const rate = familyRate ?? ruleSet.rates.get(tierName)!;
    const discountMultiplier = aboveMaximum ? ruleSet.multiplierAbove : one;
    const factor = rate
      .times(ruleSet.roleMultipliers.get(input.partner.role)!)
      .times(ruleSet.motionMultipliers.get(input.motion)!)
      .times(discountMultiplier);
    pricing = {
      rate,
      rateText: recurringFigure(rate),
      rateClause:
        familyRate !== undefined ? `commission.familyRates.${family}.${tierName}` : `commission.rates.${tierName}`,
      discountMultiplier,
      factor,
      factorText: plain(factor),
    };
    pricings.set(key, pricing);
  }
  return pricing;
}

interface ProductInputs {
  readonly fxRateText: string;
  readonly shareText: string;
  /** amount × fxRate × share of each product line. */
  readonly bases: readonly Decimal[];
  /** Quarter-to-date revenue before the first product line. */
  readonly revenueBefore: Decimal;
}

/**
 * Each product line's standard commission (base × rate × role × motion × discount multiplier) and its
 * accelerated part: the slices of the base above accelerator thresholds, as quarter-to-date revenue
 * runs on from one product line to the next.
 */
function productCalculations(input: EarnInput, ruleSet: RuleSet, tierName: string, inputs: ProductInputs) {
  const roleMultiplier = ruleSet.roleMultipliers.get(input.partner.role)!;
  const motionMultiplier = ruleSet.motionMultipliers.get(input.motion)!;
  const lines: ProductLineCalculation[] = [];
  let running = inputs.revenueBefore;
  let standardTotal = zero;
  let acceleratedTotal = zero;
  input.productLines.forEach((line, index) => {
    const lineBase = inputs.bases[index]!;
    const discount = recurringDecimal(line.discount);
    const { factor, ...pricing } = pricingOf(ruleSet, tierName, line.family, input, discount.gt(ruleSet.maxDiscount));
    const standard = lineBase.times(factor);
    const slices = slicesOf(running, running.plus(lineBase), ruleSet);
    let accelerated = zero;
    for (const { revenue, extra } of slices)
      if (!extra.isZero()) accelerated = accelerated.plus(revenue.times(factor).times(extra));
    running = running.plus(lineBase);
    standardTotal = standardTotal.plus(standard);
    acceleratedTotal = acceleratedTotal.plus(accelerated);
    lines.push({
      sku: line.sku,
      family: line.family,
      amount: line.amount,
      fxRate: inputs.fxRateText,
      share: inputs.shareText,
      base: plain(lineBase),
      rate: pricing.rateText,
      rateClause: pricing.rateClause,
      roleMultiplier: recurringFigure(roleMultiplier),
      motionMultiplier: recurringFigure(motionMultiplier),
      discount: recurringFigure(discount),
      discountMultiplier: recurringFigure(pricing.discountMultiplier),
      maxDiscount: recurringFigure(ruleSet.maxDiscount),
      factor: pricing.factorText,
      standard: plain(standard),
      slices: slices.map(({ slice }) => slice),
      accelerated: plain(accelerated),
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
  for (const reversedId of book.dealLines.get(input.dealId) ?? []) {
    const record = lines.get(reversedId)!;
    const daysAfter = daysBetween(record.businessDate, input.businessDate);
    if (daysAfter < 0 || daysAfter > record.clawbackDays || record.reversed) continue;
    if (input.kind === 'refund' && record.refundedRatio.gte(one)) continue;
    const clawback = clawbackOf(record, input);
    produced.push(clawbackLine(record, input, partnerId, daysAfter, clawback));
    lines = lines.set(reversedId, {
      ...record,
      refundedRatio: clawback.refundedAfter,
      clawed: record.clawed.plus(clawback.clawed),
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
  readonly remaining: Decimal;
  /** The exact part of the line this reversal gives back, and the rounded amount taken. */
  readonly exact: Decimal;
  readonly clawed: Decimal;
  readonly refundedAfter: Decimal;
}

function clawbackOf(record: LineRecord, input: ReverseInput): Clawback {
  const remaining = record.amount.minus(record.clawed);
  if (input.kind === 'churn')
    return { remaining, exact: remaining, clawed: remaining, refundedAfter: record.refundedRatio };
  const refundedAfter = Decimal.min(one, record.refundedRatio.plus(input.ratio));
  const exact = record.amount.times(refundedAfter.minus(record.refundedRatio));
  // Each clawback is rounded once; when the refunds reach the whole deal the rest of the line is
  // taken exactly, so partial refunds never claw back a cent more (or less) than the line paid.
  const clawed = refundedAfter.eq(one)
    ? remaining
    : Decimal.min(roundMoney(exact, record.currency, record.rounding), remaining);
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
  const amount = clawback.clawed.negated();
  const unrounded = clawback.exact.negated();
  const adjustment = amount.minus(unrounded);
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
      unrounded: plain(unrounded),
      rounded: money(amount, currency),
      adjustment: plain(adjustment),
    },
    earned: null,
    reversal: {
      reason: input.kind,
      reversedLineId: record.lineId,
      reversedAmount: money(record.amount, currency),
      reversedBusinessDate: record.businessDate,
      daysAfter,
      clawbackDays: record.clawbackDays,
      dealCurrency: refund ? refund.dealCurrency : null,
      refundAmount: refund ? refund.refundAmount : null,
      dealAmount: refund ? refund.dealAmount : null,
      ratio: refund ? plain(refund.ratio) : null,
      refundedBefore: refund ? plain(record.refundedRatio) : null,
      refundedAfter: refund ? plain(clawback.refundedAfter) : null,
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
      (left, right) => compareText(left.businessDate, right.businessDate) || compareText(left.lineId, right.lineId),
    );
  let lines = book.lines;
  if (input.settlement === 'accelerate') {
    const accelerations = unvested.map((record): LineAcceleration => {
      lines = lines.set(record.lineId, { ...record, vestsOn: date });
      const { source } = input;
      return {
        lineId: record.lineId,
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
    const remaining = record.amount.minus(record.clawed);
    if (record.reversed || remaining.isZero()) continue;
    produced.push(forfeitureLine(record, input, partnerId, remaining));
    lines = lines.set(record.lineId, { ...record, clawed: record.amount, reversed: true });
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
  remaining: Decimal,
): ComputedCommissionLine {
  const { currency } = record;
  const amount = remaining.negated();
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
      unrounded: plain(amount),
      rounded: money(amount, currency),
      adjustment: '0',
    },
    earned: null,
    reversal: {
      reason: 'forfeiture',
      reversedLineId: record.lineId,
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
