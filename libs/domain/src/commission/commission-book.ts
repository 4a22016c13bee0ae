import { addDays, daysBetween, periodOf } from '../dates.js';
import { Decimal, formatMoney, minorUnits, roundMoney, sumDecimals } from '../money.js';
import type { RuleSet } from '../program/rule-set.schema.js';
import type { BookContext, BookInput, CommissionBook, LineRecord } from './commission.state.js';
import type {
  AcceleratorSlice,
  AppliedTier,
  CapCalculation,
  CommissionLine,
  LineComponents,
  NoticeCode,
  ProductLineCalculation,
  SourceReference,
} from './commission.types.js';
import { PersistentMap } from './persistent-map.js';

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
  readonly lines: readonly CommissionLine[];
  readonly notices: readonly BookNotice[];
}

const zero = new Decimal(0);
const one = new Decimal(1);

/** A full-precision figure as a plain string, never "-0". */
export function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
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

export function clawbackLineId(sourceEventId: string, partnerId: string, reversedSourceEventId: string): string {
  return `${sourceEventId}:${partnerId}:${reversedSourceEventId}`;
}

function describeTier(tier: AppliedTier): string {
  const basis =
    tier.basis === 'earned' ? `earned, in effect since ${tier.since}` : tier.basis === 'override' ? `set by an override in effect since ${tier.since}` : 'the entry tier';
  return `${tier.name} (${basis}${tier.note ? `; ${tier.note}` : ''})`;
}

function describeSource(source: SourceReference, dealId: string, date: string): string {
  return `${source.type} ${source.eventId} (position ${source.position} in stream ${source.stream}) on deal ${dealId}, business date ${date} (${periodOf(date)}).`;
}

/**
 * Cuts the revenue range [from, to] at the accelerator thresholds, like tax brackets: the part above
 * a threshold earns that bracket's multiplier, the part below every threshold earns 1.
 */
function slicesOf(from: Decimal, to: Decimal, ruleSet: RuleSet): { revenue: Decimal; slice: AcceleratorSlice }[] {
  const bounds: { lower: Decimal; upper: Decimal | null; threshold: Decimal | null; multiplier: Decimal }[] = [];
  const brackets = ruleSet.accelerators;
  bounds.push({ lower: zero, upper: brackets[0]?.quarterlyRevenueAbove ?? null, threshold: null, multiplier: one });
  brackets.forEach((bracket, index) => {
    bounds.push({ lower: bracket.quarterlyRevenueAbove, upper: brackets[index + 1]?.quarterlyRevenueAbove ?? null, threshold: bracket.quarterlyRevenueAbove, multiplier: bracket.multiplier });
  });
  const slices: { revenue: Decimal; slice: AcceleratorSlice }[] = [];
  for (const bound of bounds) {
    const start = Decimal.max(from, bound.lower);
    const end = bound.upper === null ? to : Decimal.min(to, bound.upper);
    if (end.lte(start)) continue;
    slices.push({
      revenue: end.minus(start),
      slice: {
        revenueFrom: plain(start),
        revenueTo: plain(end),
        threshold: bound.threshold === null ? null : plain(bound.threshold),
        multiplier: plain(bound.multiplier),
      },
    });
  }
  return slices;
}

function cap(limit: Decimal | null, usedBefore: Decimal, amount: Decimal): { calculation: CapCalculation | null; after: Decimal; capped: Decimal } {
  if (limit === null) return { calculation: null, after: amount, capped: zero };
  const room = Decimal.max(zero, limit.minus(usedBefore));
  const after = Decimal.min(amount, room);
  const capped = amount.minus(after);
  return { calculation: { limit: plain(limit), usedBefore: plain(usedBefore), room: plain(room), capped: plain(capped) }, after, capped };
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
 * Forgets the earned lines no refund or churn can reach any more: their clawback window ended before
 * `firstOpenDate`, the first day a new fact may carry once a period is closed. Caps keep counting
 * them (dealGranted and quarterGranted are untouched); only the per-line detail goes.
 */
export function forgetSettledLines(book: CommissionBook, firstOpenDate: string): CommissionBook {
  const settled = (record: LineRecord) => addDays(record.businessDate, record.clawbackDays) < firstOpenDate;
  let anySettled = false;
  for (const record of book.lines.values()) {
    if (settled(record)) {
      anySettled = true;
      break;
    }
  }
  if (!anySettled) return book;
  const lines = PersistentMap.from([...book.lines.entries()].filter(([, record]) => !settled(record)));
  const dealLines = PersistentMap.from(
    [...book.dealLines.entries()].map(([dealId, ids]) => [dealId, ids.filter((id) => lines.has(id))] as const).filter(([, ids]) => ids.length > 0),
  );
  return { ...book, lines, dealLines };
}

/**
 * Why a deal event's amounts cannot be paid under a rule set, if they cannot: the event's fxRate
 * converts into the program currency recorded on the event, which must be the rule set's currency (a
 * retroactive set in another currency would otherwise pay euros as dollars), and a deal in another
 * currency needs an fxRate at all. Events recorded before `programCurrency` existed convert into the
 * currency of the set in force.
 */
export function conversionProblem(
  input: { readonly dealId: string; readonly dealCurrency: string; readonly fxRate: string | undefined; readonly programCurrency: string | undefined },
  ruleSet: RuleSet,
): BookNotice | null {
  const target = input.programCurrency ?? ruleSet.currency;
  if (target !== ruleSet.currency) {
    return {
      code: 'CURRENCY_MISMATCH',
      message: `Deal ${input.dealId} was recorded with amounts converted into ${target}, but rule set ${ruleSet.version} pays in ${ruleSet.currency}`,
      details: { dealId: input.dealId, convertedInto: target, programCurrency: ruleSet.currency },
    };
  }
  if (input.dealCurrency !== target && input.fxRate === undefined) {
    return {
      code: 'FX_RATE_MISSING',
      message: `Deal ${input.dealId} is in ${input.dealCurrency}, rule set ${ruleSet.version} pays in ${ruleSet.currency}, and the event has no fxRate`,
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
      return reverse(book, input, context.partnerId);
  }
}

function earn(book: CommissionBook, input: Extract<BookInput, { kind: 'earn' }>, context: BookContext): BookResult {
  const { partner, businessDate: date, source, dealId } = input;
  const fxRate = new Decimal(input.fxRate ?? '1');
  const share = new Decimal(partner.share);
  const quarter = periodOf(date);
  const bases = input.productLines.map((line) => new Decimal(line.amount).times(fxRate).times(share));
  const base = sumDecimals(bases);
  const revenueBefore = book.quarterRevenue.get(quarter) ?? zero;
  const revenueAfter = revenueBefore.plus(base);
  // Quarter-to-date revenue measures the partner's selling, whatever the rules: it moves even when
  // no line can be computed, so a later line's accelerators see the same revenue either way.
  const bookWithRevenue: CommissionBook = { ...book, quarterRevenue: withEntry(book.quarterRevenue, quarter, revenueAfter) };

  const ruleSet = context.ruleSetOn(date);
  if (!ruleSet) {
    return {
      book: bookWithRevenue,
      lines: [],
      notices: [{ code: 'NO_RULE_SET_IN_FORCE', message: `No rule set is in force on ${date}: no commission line for partner ${partner.partnerId} on deal ${dealId}`, details: { date, partnerId: partner.partnerId, dealId } }],
    };
  }
  const problem = conversionProblem(input, ruleSet);
  if (problem) {
    return {
      book: bookWithRevenue,
      lines: [],
      notices: [{ ...problem, message: `${problem.message}: no commission line for partner ${partner.partnerId}`, details: { ...problem.details, partnerId: partner.partnerId } }],
    };
  }

  const { currency } = ruleSet;
  const tier = context.tierOn(ruleSet, date);
  const roleMultiplier = ruleSet.roleMultipliers.get(partner.role)!;
  const motionMultiplier = ruleSet.motionMultipliers.get(input.motion)!;
  const explanation: string[] = [
    describeSource(source, dealId, date) + ` Motion: ${input.motion}.`,
    `Rule set ${ruleSet.version} (effective from ${ruleSet.effectiveFrom}) is in force on ${date}; commission is paid in ${currency}.`,
    `Partner ${partner.partnerId} is the ${partner.role} partner with a share of ${share.toFixed()}; tier ${describeTier(tier)}.`,
  ];

  let running = revenueBefore;
  const productLines: ProductLineCalculation[] = [];
  let standardTotal = zero;
  let acceleratedTotal = zero;
  input.productLines.forEach((line, index) => {
    const lineBase = bases[index]!;
    const familyRates = ruleSet.familyRates.get(line.family);
    const familyRate = familyRates?.get(tier.name);
    const rate = familyRate ?? ruleSet.rates.get(tier.name)!;
    const rateClause = familyRate !== undefined ? `commission.familyRates.${line.family}.${tier.name}` : `commission.rates.${tier.name}`;
    const discount = new Decimal(line.discount);
    const aboveMaximum = discount.gt(ruleSet.maxDiscount);
    const discountMultiplier = aboveMaximum ? ruleSet.multiplierAbove : one;
    const factor = rate.times(roleMultiplier).times(motionMultiplier).times(discountMultiplier);
    const standard = lineBase.times(factor);
    const slices = slicesOf(running, running.plus(lineBase), ruleSet);
    const accelerated = sumDecimals(slices.map(({ revenue, slice }) => revenue.times(factor).times(new Decimal(slice.multiplier).minus(one))));
    running = running.plus(lineBase);
    standardTotal = standardTotal.plus(standard);
    acceleratedTotal = acceleratedTotal.plus(accelerated);
    productLines.push({
      sku: line.sku,
      family: line.family,
      amount: line.amount,
      fxRate: fxRate.toFixed(),
      share: share.toFixed(),
      base: plain(lineBase),
      rate: rate.toFixed(),
      rateClause,
      roleMultiplier: roleMultiplier.toFixed(),
      motionMultiplier: motionMultiplier.toFixed(),
      discount: discount.toFixed(),
      discountMultiplier: discountMultiplier.toFixed(),
      maxDiscount: ruleSet.maxDiscount.toFixed(),
      factor: plain(factor),
      standard: plain(standard),
      slices: slices.map(({ slice }) => slice),
      accelerated: plain(accelerated),
    });
    explanation.push(
      `Product line ${index + 1} (${line.sku}, family ${line.family}): base = ${line.amount} ${input.dealCurrency} × fx ${fxRate.toFixed()} × share ${share.toFixed()} = ${plain(lineBase)} ${currency}.`,
      `Product line ${index + 1}: rate ${rate.toFixed()} (${rateClause}) × role multiplier ${roleMultiplier.toFixed()} (${partner.role}) × motion multiplier ${motionMultiplier.toFixed()} (${input.motion}) × discount multiplier ${discountMultiplier.toFixed()} (discount ${discount.toFixed()} ${aboveMaximum ? 'is above' : 'is within'} the policy maximum ${ruleSet.maxDiscount.toFixed()}) = ${plain(factor)}; standard commission = ${plain(lineBase)} × ${plain(factor)} = ${plain(standard)}.`,
    );
    for (const { revenue, slice } of slices) {
      if (slice.threshold === null) continue;
      explanation.push(
        `Product line ${index + 1}: ${plain(revenue)} of its base takes quarter-to-date revenue from ${slice.revenueFrom} to ${slice.revenueTo}, above the threshold ${slice.threshold}, and earns × ${slice.multiplier}: accelerated part = ${plain(revenue)} × ${plain(factor)} × (${slice.multiplier} − 1) = ${plain(revenue.times(factor).times(new Decimal(slice.multiplier).minus(one)))}.`,
      );
    }
  });
  explanation.push(
    `Quarter-to-date attributed revenue of partner ${partner.partnerId} in ${quarter}: ${plain(revenueBefore)} before this event, ${plain(revenueAfter)} after.` +
      (acceleratedTotal.isZero() ? ' No accelerated part.' : ''),
  );
  const earned = standardTotal.plus(acceleratedTotal);
  explanation.push(`Earned before caps = standard ${plain(standardTotal)} + accelerated ${plain(acceleratedTotal)} = ${plain(earned)}.`);

  const perDeal = cap(ruleSet.capPerDeal, book.dealGranted.get(dealId) ?? zero, earned);
  const perQuarter = cap(ruleSet.capPerQuarter, book.quarterGranted.get(quarter) ?? zero, perDeal.after);
  explanation.push(
    perDeal.calculation
      ? `Per-deal cap ${perDeal.calculation.limit} (commission.caps.perDeal): ${perDeal.calculation.usedBefore} already granted on deal ${dealId}, room ${perDeal.calculation.room}; held back ${perDeal.calculation.capped}.`
      : 'No per-deal cap.',
    perQuarter.calculation
      ? `Per-quarter cap ${perQuarter.calculation.limit} (commission.caps.perQuarter): ${perQuarter.calculation.usedBefore} already granted in ${quarter}, room ${perQuarter.calculation.room}; held back ${perQuarter.calculation.capped}.`
      : 'No per-quarter cap.',
  );
  const unrounded = perQuarter.after;
  const amount = roundMoney(unrounded, currency, ruleSet.rounding);
  const adjustment = amount.minus(unrounded);
  const places = minorUnits(currency);
  const vestsOn = addDays(date, ruleSet.holdbackDays);
  const parts = components({
    standard: standardTotal,
    accelerated: acceleratedTotal,
    cappedPerDeal: perDeal.capped.negated(),
    cappedPerQuarter: perQuarter.capped.negated(),
    rounding: adjustment,
  });
  explanation.push(
    `Rounded once, ${ruleSet.rounding} to ${places} decimal places: ${plain(unrounded)} becomes ${money(amount, currency)} (adjustment ${plain(adjustment)}).`,
    `Line amount ${money(amount, currency)} ${currency} = standard ${parts.standard} + accelerated ${parts.accelerated} + capped per deal ${parts.cappedPerDeal} + capped per quarter ${parts.cappedPerQuarter} + rounding ${parts.rounding}.`,
    `Vests on ${vestsOn}, ${ruleSet.holdbackDays} days (commission.holdbackDays) after the business date.`,
  );

  const lineId = earnedLineId(source.eventId, partner.partnerId);
  const line: CommissionLine = {
    lineId,
    kind: 'earned',
    revision: 1,
    revisedBy: null,
    partnerId: partner.partnerId,
    dealId,
    source,
    businessDate: date,
    period: quarter,
    vestsOn,
    currency,
    amount: money(amount, currency),
    ruleSet: { version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom },
    tier,
    components: parts,
    rounding: { mode: ruleSet.rounding, decimalPlaces: places, unrounded: plain(unrounded), rounded: money(amount, currency), adjustment: plain(adjustment) },
    earned: {
      motion: input.motion,
      role: partner.role,
      share: share.toFixed(),
      dealCurrency: input.dealCurrency,
      base: plain(base),
      productLines,
      quarter,
      quarterRevenueBefore: plain(revenueBefore),
      quarterRevenueAfter: plain(revenueAfter),
      perDealCap: perDeal.calculation,
      perQuarterCap: perQuarter.calculation,
    },
    reversal: null,
    explanation,
  };
  const record: LineRecord = {
    lineId,
    sourceEventId: source.eventId,
    amount,
    businessDate: date,
    currency,
    rounding: ruleSet.rounding,
    clawbackDays: ruleSet.clawbackDays,
    ruleSet: line.ruleSet,
    tier,
    refundedRatio: zero,
    clawed: zero,
    reversed: false,
  };
  return {
    book: {
      ...bookWithRevenue,
      dealGranted: book.dealGranted.set(dealId, (book.dealGranted.get(dealId) ?? zero).plus(amount)),
      quarterGranted: withEntry(book.quarterGranted, quarter, (book.quarterGranted.get(quarter) ?? zero).plus(amount)),
      lines: book.lines.set(lineId, record),
      dealLines: book.dealLines.set(dealId, [...(book.dealLines.get(dealId) ?? []), lineId]),
    },
    lines: [line],
    notices: [],
  };
}

/**
 * Refunds claw back each earned line of the deal inside its clawback window in proportion to
 * refund / deal amount; a churn reverses what is left of each earned line inside the window. Both
 * use the rules the reversed line was computed under (window, currency, rounding), not the rules in
 * force on the refund date: the partner earned the line on those terms. Caps are not re-opened.
 */
function reverse(book: CommissionBook, input: Extract<BookInput, { kind: 'refund' | 'churn' }>, partnerId: string): BookResult {
  const { source, dealId, businessDate: date } = input;
  let lines = book.lines;
  const produced: CommissionLine[] = [];
  for (const reversedId of book.dealLines.get(dealId) ?? []) {
    const record = lines.get(reversedId)!;
    const originalAmount = money(record.amount, record.currency);
    const daysAfter = daysBetween(record.businessDate, date);
    if (daysAfter < 0 || daysAfter > record.clawbackDays) continue;
    if (record.reversed) continue;
    const remaining = record.amount.minus(record.clawed);
    const { currency } = record;
    const places = minorUnits(currency);
    let exact: Decimal;
    let clawed: Decimal;
    let refundedAfter = record.refundedRatio;
    const explanation: string[] = [describeSource(source, dealId, date)];
    if (input.kind === 'refund') {
      if (record.refundedRatio.gte(one)) continue;
      refundedAfter = Decimal.min(one, record.refundedRatio.plus(input.ratio));
      exact = record.amount.times(refundedAfter.minus(record.refundedRatio));
      // Each clawback is rounded once; when the refunds reach the whole deal the rest of the line is
      // taken exactly, so partial refunds never claw back a cent more (or less) than the line paid.
      clawed = refundedAfter.eq(one) ? remaining : Decimal.min(roundMoney(exact, currency, record.rounding), remaining);
      explanation.push(
        `Refund of ${input.refundAmount} ${input.dealCurrency} on a deal amount of ${input.dealAmount} ${input.dealCurrency} gives back ${plain(input.ratio)} of the deal; the ratio is taken in the deal currency, so exchange-rate moves since the sale do not change it.`,
        `Claws back line ${record.lineId} (${originalAmount} ${currency}, business date ${record.businessDate}, rule set ${record.ruleSet.version}): ${daysAfter} days later, inside its clawback window of ${record.clawbackDays} days.`,
        refundedAfter.eq(one)
          ? `The refunds now cover the whole deal, so what remains of the line is clawed back exactly: ${money(remaining, currency)}.`
          : `Clawback = ${originalAmount} × ${plain(refundedAfter.minus(record.refundedRatio))} = ${plain(exact)}, rounded once ${record.rounding} to ${places} decimal places: ${money(clawed, currency)}.`,
      );
    } else {
      exact = remaining;
      clawed = remaining;
      explanation.push(
        `The deal churned ${daysAfter} days after line ${record.lineId} (${originalAmount} ${currency}, business date ${record.businessDate}, rule set ${record.ruleSet.version}), inside its clawback window of ${record.clawbackDays} days: what remains of the line is reversed, ${money(remaining, currency)}.`,
      );
    }
    const amount = clawed.negated();
    const adjustment = amount.minus(exact.negated());
    const parts = components({ reversal: exact.negated(), rounding: adjustment });
    explanation.push(
      `Line amount ${money(amount, currency)} ${currency} = reversal ${parts.reversal} + rounding ${parts.rounding}.`,
      `A clawback vests at once, on ${date}.`,
    );
    const lineId = clawbackLineId(source.eventId, partnerId, record.sourceEventId);
    const line: CommissionLine = {
      lineId,
      kind: 'clawback',
      revision: 1,
      revisedBy: null,
      partnerId,
      dealId,
      source,
      businessDate: date,
      period: periodOf(date),
      vestsOn: date,
      currency,
      amount: money(amount, currency),
      ruleSet: record.ruleSet,
      tier: record.tier,
      components: parts,
      rounding: { mode: record.rounding, decimalPlaces: places, unrounded: plain(exact.negated()), rounded: money(amount, currency), adjustment: plain(adjustment) },
      earned: null,
      reversal: {
        reason: input.kind,
        reversedLineId: record.lineId,
        reversedAmount: originalAmount,
        reversedBusinessDate: record.businessDate,
        daysAfter,
        clawbackDays: record.clawbackDays,
        dealCurrency: input.kind === 'refund' ? input.dealCurrency : null,
        refundAmount: input.kind === 'refund' ? input.refundAmount : null,
        dealAmount: input.kind === 'refund' ? input.dealAmount : null,
        ratio: input.kind === 'refund' ? plain(input.ratio) : null,
        refundedBefore: input.kind === 'refund' ? plain(record.refundedRatio) : null,
        refundedAfter: input.kind === 'refund' ? plain(refundedAfter) : null,
        remainingBefore: money(remaining, currency),
      },
      explanation,
    };
    produced.push(line);
    lines = lines.set(reversedId, {
      ...record,
      refundedRatio: refundedAfter,
      clawed: record.clawed.plus(clawed),
      reversed: input.kind === 'churn',
    });
  }
  return { book: { ...book, lines }, lines: produced, notices: [] };
}
