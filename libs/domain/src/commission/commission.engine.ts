import { nextPeriod, periodEnd, periodOf, periodStart } from '../dates.js';
import type { DealEvent, DealLine, DealPartner } from '../deal/deal.events.js';
import { DomainError } from '../errors.js';
import { Decimal, minorUnits } from '../money.js';
import type { PartnerEvent } from '../partner/partner.events.js';
import type { ProgramEvent } from '../program/program.events.js';
import { compileRuleSet, ruleSetInForce, type Motion, type RuleSet } from '../program/rule-set.schema.js';
import {
  applyToBook,
  conversionProblem,
  emptyBook,
  forgetSettledLines,
  ruleFigure,
  withEntry,
  type BookNotice,
} from './commission-book.js';
import {
  exactCompare,
  exactMin,
  exactMinus,
  exactMoney,
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
import { Recurring } from './recurring.js';
import type {
  BookContext,
  BookInput,
  CommissionState,
  DealRecord,
  KnownRuleSet,
  PartnerRecord,
  QuarterStats,
  TierOutcome,
} from './commission.state.js';
import type {
  AppliedTier,
  ComputedCommissionLine,
  EngineNotice,
  EngineOutput,
  LedgerEvent,
  LineAcceleration,
  MdfAccrual,
  SourceReference,
  TierEvaluation,
} from './commission.types.js';
import { PersistentMap } from '../persistent-map.js';
import { evaluatePartner, tierOn } from './tier-evaluation.js';

/**
 * The commission engine: a pure, incremental fold over the global log (DESIGN §5).
 *
 *   let state = initialState(options);
 *   for (const event of batch) ({ state, output } = apply(state, event));
 *
 * `apply` never mutates: the projector keeps the state of its last committed batch, and a rebuild is
 * the same fold from `initialState()`. An event at or before `state.position` changes nothing, so
 * replaying a batch is harmless. Every line comes out once, with its final figures: the tier changes of
 * period closes later in the log are known ahead (`tiersAhead`), and a close that comes late for lines
 * already computed without it is recomputed by the caller (`tierChangesReachingBack`).
 */
export interface RuleSetPublication {
  /** The rule-set document, as in `RuleSetPublished.rules`. */
  readonly rules: unknown;
  /** Where it was published; null for a candidate under simulation, which counts as published last. */
  readonly position: bigint | null;
}

export interface EngineOptions {
  /**
   * Rule sets known before the fold starts. A rebuild passes every published set, so a set that takes
   * effect in the past reaches the lines dated on or after its `effectiveFrom`; a simulation adds a
   * candidate. Without it, each set is known from the event that publishes it.
   */
  readonly ruleSets?: readonly RuleSetPublication[];
  /**
   * False keeps everything the engine would forget (docs/decisions.md): for the test that proves
   * forgetting changes nothing.
   */
  readonly forgets?: boolean;
  /**
   * The tier changes of the closes in the log (`tierOutcomes`), known from the start like the rule sets: a
   * line dated after a close's effect is computed with the tier that close gives, wherever the close is.
   */
  readonly tiersAhead?: readonly TierOutcome[];
  /** Folds only what tier evaluations read, for `tierOutcomes`. */
  readonly tiersOnly?: boolean;
}

const emptyOutput: EngineOutput = { lines: [], tierEvaluations: [], mdfAccruals: [], notices: [], accelerations: [] };
const zero = exactZero;
const one = exactOne;

/** Keeps known sets in publication order, candidates (no position) last. */
function insertKnown(list: readonly KnownRuleSet[], known: KnownRuleSet): KnownRuleSet[] {
  const key = known.position;
  const index = key === null ? -1 : list.findIndex((other) => other.position === null || other.position > key);
  return index === -1 ? [...list, known] : [...list.slice(0, index), known, ...list.slice(index)];
}

export function initialState(options: EngineOptions = {}): CommissionState {
  let ruleSets: KnownRuleSet[] = [];
  for (const publication of options.ruleSets ?? []) {
    const ruleSet = compileRuleSet(publication.rules);
    const same = ruleSets.find((known) => known.ruleSet.version === ruleSet.version);
    if (same && same.position === publication.position) continue;
    // A candidate under the version of a published set would be refused on publish; simulating it
    // anyway would quietly simulate the published set instead.
    if (same)
      throw new DomainError(
        'RULE_SET_VERSION_EXISTS',
        `Rule set version ${ruleSet.version} is already published; give the candidate a new version`,
        { version: ruleSet.version },
      );
    ruleSets = insertKnown(ruleSets, { ruleSet, position: publication.position });
  }
  return {
    position: 0n,
    ruleSets,
    closedPeriods: [],
    latestBusinessDate: null,
    partners: PersistentMap.empty(),
    deals: PersistentMap.empty(),
    forgets: options.forgets ?? true,
    tiersAhead: tiersByPartner(options.tiersAhead ?? [], 0n),
    tiersOnly: options.tiersOnly ?? false,
  };
}

/** The outcomes of closes after `after`, per partner, oldest first. */
function tiersByPartner(outcomes: readonly TierOutcome[], after: bigint): ReadonlyMap<string, readonly TierOutcome[]> {
  const byPartner = new Map<string, TierOutcome[]>();
  for (const outcome of outcomes) {
    if (outcome.position <= after) continue;
    const list = byPartner.get(outcome.partnerId);
    if (list) list.push(outcome);
    else byPartner.set(outcome.partnerId, [outcome]);
  }
  for (const list of byPartner.values()) list.sort((left, right) => (left.position < right.position ? -1 : 1));
  return byPartner;
}

/** The state knowing the tier changes of the closes after it (those before it are its own). */
export function knowingTiers(state: CommissionState, outcomes: readonly TierOutcome[]): CommissionState {
  return { ...state, tiersAhead: tiersByPartner(outcomes, state.position) };
}

/** The tier changes among a close's evaluations, as `tiersAhead` takes them. */
export function outcomesOf(evaluations: readonly TierEvaluation[]): TierOutcome[] {
  return evaluations
    .filter((evaluation) => evaluation.tier !== evaluation.previousTier)
    .map((evaluation) => ({
      partnerId: evaluation.partnerId,
      tier: evaluation.tier,
      effectiveFrom: evaluation.effectiveFrom,
      period: evaluation.period,
      position: BigInt(evaluation.source.position),
    }));
}

/**
 * The first pass of a fold that knows its closes ahead: fed a history in order, it gathers the tier changes
 * of every close. Tier evaluations read only quarter figures, statuses and earlier tiers, never commission
 * amounts, so it folds without books, lines or MDF (a fraction of the full fold's work).
 */
export class TierLookahead {
  private state: CommissionState;
  readonly outcomes: TierOutcome[] = [];

  /**
   * From the start, or going on from `from`, a full fold's state: what tier evaluations read of it (quarter figures,
   * statuses, earned tiers, deals) is what a lookahead from the start holds there, so the outcomes are those of the
   * closes after it, as the lookahead from the start finds them.
   */
  constructor(options: EngineOptions = {}, from?: CommissionState) {
    this.state = from
      ? { ...from, tiersAhead: new Map(), tiersOnly: true }
      : initialState({ ...options, tiersAhead: [], tiersOnly: true });
  }

  apply(event: LedgerEvent): void {
    const result = apply(this.state, event);
    this.state = result.state;
    if (result.output.tierEvaluations.length > 0) this.outcomes.push(...outcomesOf(result.output.tierEvaluations));
  }
}

/** The tier changes of every close of a history (`TierLookahead` over all of it). */
export function tierOutcomes(history: Iterable<LedgerEvent>, options: EngineOptions = {}): TierOutcome[] {
  const lookahead = new TierLookahead(options);
  for (const event of history) lookahead.apply(event);
  return lookahead.outcomes;
}

/**
 * The tier changes of a close that its state did not know ahead (or knew otherwise), for partners with
 * lines already computed on or after the day the change takes effect: those lines were computed with the
 * wrong tier, and the fold must be run again knowing the close (a recomputation). Empty for any other event.
 */
export function tierChangesReachingBack(before: CommissionState, output: EngineOutput): TierOutcome[] {
  if (output.tierEvaluations.length === 0) return [];
  const actual = outcomesOf(output.tierEvaluations);
  const position = actual[0]?.position ?? BigInt(output.tierEvaluations[0]!.source.position);
  const same = (left: TierOutcome, right: TierOutcome) =>
    left.partnerId === right.partnerId && left.tier === right.tier && left.effectiveFrom === right.effectiveFrom;
  const expected = [...before.tiersAhead.values()].flat().filter((outcome) => outcome.position === position);
  const differing = [
    ...actual.filter((outcome) => !expected.some((other) => same(outcome, other))),
    ...expected.filter((outcome) => !actual.some((other) => same(outcome, other))),
  ];
  return differing.filter((outcome) => reachesBackBefore(before, outcome));
}

/**
 * Whether a tier change takes effect on or before the business date of a line the state has computed for
 * the partner (a quarter with earned revenue on or after it: changes take effect on a quarter's first day).
 */
export function reachesBackBefore(state: CommissionState, outcome: TierOutcome): boolean {
  const partner = state.partners.get(outcome.partnerId);
  const from = periodOf(outcome.effectiveFrom);
  return partner !== undefined && [...partner.book.quarterRevenue.keys()].some((quarter) => quarter >= from);
}

/** The rule-set publications of a history, for a rebuild that knows every set from the start. */
export function ruleSetPublications(history: Iterable<LedgerEvent>): RuleSetPublication[] {
  const publications: RuleSetPublication[] = [];
  for (const event of history) {
    if (event.type === 'RuleSetPublished')
      publications.push({ rules: (event.data as { rules: unknown }).rules, position: event.position });
  }
  return publications;
}

/** The set in force on a business date among those the state knows. */
export function ruleSetOn(state: CommissionState, date: string): RuleSet | undefined {
  return ruleSetInForce(compiledOf(state.ruleSets), date);
}

/** The compiled sets of a list of known sets; the list changes only when a set is published, so once per list. */
const compiledRuleSets = new WeakMap<readonly KnownRuleSet[], readonly RuleSet[]>();
function compiledOf(known: readonly KnownRuleSet[]): readonly RuleSet[] {
  let compiled = compiledRuleSets.get(known);
  if (!compiled) {
    compiled = known.map((entry) => entry.ruleSet);
    compiledRuleSets.set(known, compiled);
  }
  return compiled;
}

/** The sets published before `position`, and a candidate under simulation (no position), which is known throughout. */
function knownBefore(known: readonly KnownRuleSet[], position: bigint): readonly RuleSet[] {
  const before = (entry: KnownRuleSet) => entry.position === null || entry.position < position;
  return known.every(before) ? compiledOf(known) : known.filter(before).map((entry) => entry.ruleSet);
}

/** The tier a partner is paid at on a date (under the set in force then), or null without rules. */
export function tierOf(state: CommissionState, partnerId: string, date: string): AppliedTier | null {
  const ruleSet = ruleSetOn(state, date);
  return ruleSet ? tierOn(state.partners.get(partnerId), ruleSet, date) : null;
}

/**
 * The state with only what `tierOf` reads: the rule sets, and each partner's earned tiers and overrides. What a
 * finished fold keeps when tiers are all that is left to ask of it (a simulation's side), at a small part of its
 * memory. Not a state to fold on from: its books, statistics and deals are empty.
 */
export function tierView(state: CommissionState): CommissionState {
  let partners = PersistentMap.empty<PartnerRecord>();
  for (const partner of state.partners.values()) {
    partners = partners.set(partner.partnerId, { ...partner, stats: statsEmpty, book: emptyBook() });
  }
  return { ...state, partners, deals: PersistentMap.empty(), tiersAhead: new Map() };
}

class Collector {
  readonly lines: ComputedCommissionLine[] = [];
  readonly tierEvaluations: TierEvaluation[] = [];
  readonly mdfAccruals: MdfAccrual[] = [];
  readonly notices: EngineNotice[] = [];
  readonly accelerations: LineAcceleration[] = [];

  constructor(readonly source: SourceReference) {}

  notice(notice: BookNotice): void {
    this.notices.push({ ...notice, source: this.source });
  }

  output(): EngineOutput {
    return {
      lines: this.lines,
      tierEvaluations: this.tierEvaluations,
      mdfAccruals: this.mdfAccruals,
      notices: this.notices,
      accelerations: this.accelerations,
    };
  }
}

/** The quarter statistics of a partner without any, one map for all of them (read only, as the whole state). */
const statsEmpty: ReadonlyMap<string, QuarterStats> = new Map();

function newPartner(partnerId: string): PartnerRecord {
  return {
    partnerId,
    status: 'unknown',
    earnedTiers: [],
    shortfallCount: 0,
    overrides: [],
    stats: statsEmpty,
    book: emptyBook(),
  };
}

function withStats(
  partner: PartnerRecord,
  quarter: string,
  change: (stats: QuarterStats) => QuarterStats,
): PartnerRecord {
  const stats = withEntry(
    partner.stats,
    quarter,
    change(partner.stats.get(quarter) ?? { revenue: zero, won: 0, lost: 0 }),
  );
  return { ...partner, stats };
}

/** The partner with the tier changes of the closes still ahead of the state, as lines see it. */
function withTiersAhead(state: CommissionState, partner: PartnerRecord): PartnerRecord {
  const ahead = state.tiersAhead.get(partner.partnerId)?.filter((outcome) => outcome.position > state.position);
  if (!ahead || ahead.length === 0) return partner;
  const earnedTiers = [
    ...partner.earnedTiers,
    ...ahead.map(({ tier, effectiveFrom, period }) => ({ tier, effectiveFrom, period })),
  ];
  return { ...partner, earnedTiers };
}

function bookContext(state: CommissionState, partner: PartnerRecord): BookContext {
  // Built when a line first asks for a tier: most inputs of a partner with closes ahead ask once, some never.
  let seen: PartnerRecord | undefined;
  return {
    partnerId: partner.partnerId,
    forgets: state.forgets,
    ruleSetOn: (date) => ruleSetOn(state, date),
    tierOn: (ruleSet, date) => tierOn((seen ??= withTiersAhead(state, partner)), ruleSet, date),
  };
}

/** Runs one input through a partner's book (not in a fold of tiers only, which keeps no book). */
function run(state: CommissionState, partner: PartnerRecord, input: BookInput, out: Collector): PartnerRecord {
  if (state.tiersOnly) return partner;
  const result = applyToBook(partner.book, input, bookContext(state, partner));
  out.lines.push(...result.lines);
  out.accelerations.push(...(result.accelerations ?? []));
  result.notices.forEach((notice) => out.notice(notice));
  return { ...partner, book: result.book };
}

interface Conversion {
  readonly fxRate: string | undefined;
  readonly programCurrency: string | undefined;
}

function mdfAccrual(
  state: CommissionState,
  partner: PartnerRecord,
  event: LedgerEvent,
  source: SourceReference,
  dealId: string,
  date: string,
  base: ExactDecimal,
  dealCurrency: string,
  conversion: Conversion,
): MdfAccrual | null {
  // MDF accrues under the rules known when the deal was recorded: a set published later, even one
  // reaching back, does not re-accrue it (the fund has already been granted on those terms).
  const ruleSet = ruleSetInForce(knownBefore(state.ruleSets, event.position), date);
  if (!ruleSet || conversionProblem({ dealId, dealCurrency, ...conversion }, ruleSet)) return null;
  const tier = tierOn(partner, ruleSet, date);
  const rate = ruleFigure(ruleSet.mdfAccrualRates.get(tier.name)!);
  if (rate.units === 0n) return null;
  const unrounded = exactTimes(base, rate);
  const amount = roundMinor(unrounded, ruleSet.currency, ruleSet.rounding);
  const baseText = exactText(base);
  const rateText = exactText(rate);
  const unroundedText = exactText(unrounded);
  const amountText = exactMoney(amount, ruleSet.currency);
  return {
    accrualId: `${event.eventId}:${partner.partnerId}`,
    partnerId: partner.partnerId,
    dealId,
    source,
    businessDate: date,
    period: periodOf(date),
    ruleSetVersion: ruleSet.version,
    tier: tier.name,
    currency: ruleSet.currency,
    base: baseText,
    rate: rateText,
    unrounded: unroundedText,
    amount: amountText,
    explanation: [
      `${source.type} ${source.eventId} on deal ${dealId}, business date ${date}: revenue attributed to partner ` +
        `${partner.partnerId} ${baseText} ${ruleSet.currency}.`,
      `Tier ${tier.name} accrues MDF at ${rateText} (mdf.accrualRates.${tier.name}) ` +
        `under rule set ${ruleSet.version}: ` +
        `${baseText} × ${rateText} = ${unroundedText}, ` +
        `rounded ${ruleSet.rounding} to ${minorUnits(ruleSet.currency)} places: ${amountText}.`,
    ],
  };
}

type DealData<T extends DealEvent['type']> = Extract<DealEvent, { type: T }>['data'];
type PartnerData<T extends PartnerEvent['type']> = Extract<PartnerEvent, { type: T }>['data'];
type ProgramData<T extends ProgramEvent['type']> = Extract<ProgramEvent, { type: T }>['data'];

function unknownDeal(out: Collector, dealId: string): void {
  out.notice({
    code: 'DEAL_UNKNOWN',
    message: `Deal ${dealId} was never opened: the event is ignored`,
    details: { dealId },
  });
}

/** DealWon (motion new), DealExpanded and DealRenewed: one line per partner on the deal. */
function dealRevenue(
  state: CommissionState,
  event: LedgerEvent,
  out: Collector,
  motion: Motion,
  dealId: string,
  lines: readonly DealLine[],
  conversion: Conversion,
  date: string,
): CommissionState {
  const deal = state.deals.get(dealId);
  if (!deal) {
    unknownDeal(out, dealId);
    return state;
  }
  const fx = conversion.fxRate === undefined ? one : recurringExact(conversion.fxRate);
  const quarter = periodOf(date);
  const amounts = lines.map((line) => exactOf(line.amount));
  let partners = state.partners;
  const partnerBases: ExactDecimal[] = [];
  deal.partners.forEach((dealPartner) => {
    const share = recurringExact(dealPartner.share);
    const bases = amounts.map((amount) => exactTimes(exactTimes(amount, fx), share));
    const base = exactSum(bases);
    let partner = withStats(
      partners.get(dealPartner.partnerId) ?? newPartner(dealPartner.partnerId),
      quarter,
      (stats) => ({
        ...stats,
        revenue: exactPlus(stats.revenue, base),
        won: stats.won + (motion === 'new' ? 1 : 0),
      }),
    );
    partnerBases.push(base);
    const accrual =
      !state.tiersOnly && mdfAccrual(state, partner, event, out.source, dealId, date, base, deal.currency, conversion);
    if (accrual) out.mdfAccruals.push(accrual);
    const input: BookInput = {
      kind: 'earn',
      source: out.source,
      dealId,
      dealCurrency: deal.currency,
      partner: dealPartner,
      motion,
      productLines: lines,
      bases,
      ...conversion,
      businessDate: date,
    };
    partner = run(state, partner, input, out);
    partners = partners.set(dealPartner.partnerId, partner);
  });
  const amount = exactPlus(deal.amount, exactSum(amounts));
  // Mapped, not pushed: an array of exactly the partners' length, kept by every deal the state holds.
  const attributed = partnerBases.map((base, index) => exactPlus(deal.attributed[index] ?? zero, base));
  return {
    ...state,
    partners,
    deals: state.deals.set(dealId, { ...deal, amount, attributed }),
    latestBusinessDate:
      state.latestBusinessDate === null || date > state.latestBusinessDate ? date : state.latestBusinessDate,
  };
}

function refund(state: CommissionState, out: Collector, data: DealData<'DealRefunded'>): CommissionState {
  const deal = state.deals.get(data.dealId);
  if (!deal) {
    unknownDeal(out, data.dealId);
    return state;
  }
  if (deal.amount.units === 0n) {
    out.notice({
      code: 'REFUND_ON_EMPTY_DEAL',
      message: `Deal ${data.dealId} has no won amount to refund: nothing is clawed back`,
      details: { dealId: data.dealId, amount: data.amount },
    });
    return state;
  }
  const requested = exactOf(data.amount);
  const left = exactMinus(deal.amount, deal.refunded);
  const refunded = exactMin(requested, left);
  if (exactCompare(requested, left) > 0) {
    out.notice({
      code: 'REFUND_EXCEEDS_DEAL',
      message:
        `Refund ${data.amount} on deal ${data.dealId} exceeds the ${exactText(left)} not yet refunded: ` +
        'only that much is clawed back',
      details: { dealId: data.dealId, amount: data.amount, refundable: exactText(left) },
    });
  }
  // The one division of the engine, at Decimal's 34 digits; everything after it multiplies exactly.
  const ratio = exactOf(new Decimal(exactText(refunded)).dividedBy(exactText(deal.amount)));
  const quarter = periodOf(data.refundedAt);
  let partners = state.partners;
  deal.partners.forEach((dealPartner, index) => {
    // Revenue net of refunds gives back the same part of what the deal attributed, so the refund is
    // valued at the rates the revenue was booked at.
    const attributed = deal.attributed[index] ?? zero;
    let partner = withStats(
      partners.get(dealPartner.partnerId) ?? newPartner(dealPartner.partnerId),
      quarter,
      (stats) => ({
        ...stats,
        revenue: exactMinus(stats.revenue, exactTimes(attributed, ratio)),
      }),
    );
    partner = run(
      state,
      partner,
      {
        kind: 'refund',
        source: out.source,
        dealId: data.dealId,
        businessDate: data.refundedAt,
        dealCurrency: deal.currency,
        refundAmount: data.amount,
        dealAmount: exactMoney(deal.amount, deal.currency),
        ratio,
      },
      out,
    );
    partners = partners.set(dealPartner.partnerId, partner);
  });
  return {
    ...state,
    partners,
    deals: state.deals.set(data.dealId, { ...deal, refunded: exactPlus(deal.refunded, refunded) }),
  };
}

/**
 * Each partner of the deal, replaced by `update` of it (a partner not yet seen starts empty); undefined, after a
 * DEAL_UNKNOWN notice, when the deal was never opened.
 */
function updateDealPartners(
  state: CommissionState,
  out: Collector,
  dealId: string,
  update: (partner: PartnerRecord) => PartnerRecord,
): PersistentMap<PartnerRecord> | undefined {
  const deal = state.deals.get(dealId);
  if (!deal) {
    unknownDeal(out, dealId);
    return undefined;
  }
  let partners = state.partners;
  for (const dealPartner of deal.partners) {
    const partner = update(partners.get(dealPartner.partnerId) ?? newPartner(dealPartner.partnerId));
    partners = partners.set(dealPartner.partnerId, partner);
  }
  return partners;
}

function churn(state: CommissionState, out: Collector, data: DealData<'DealChurned'>): CommissionState {
  const partners = updateDealPartners(state, out, data.dealId, (partner) =>
    run(
      state,
      partner,
      {
        kind: 'churn',
        source: out.source,
        dealId: data.dealId,
        businessDate: data.churnedAt,
      },
      out,
    ),
  );
  return partners ? { ...state, partners } : state;
}

function lost(state: CommissionState, out: Collector, data: DealData<'DealLost'>): CommissionState {
  const partners = updateDealPartners(state, out, data.dealId, (partner) =>
    withStats(partner, periodOf(data.lostAt), (stats) => ({ ...stats, lost: stats.lost + 1 })),
  );
  if (!partners) return state;
  // A lost deal is over: the deal decider takes no later event for it (no win, refund, expansion,
  // renewal or churn), so nothing the engine keeps of it could be read again.
  return { ...state, partners, deals: state.forgets ? state.deals.delete(data.dealId) : state.deals };
}

function publish(state: CommissionState, event: LedgerEvent, out: Collector): CommissionState {
  const data = event.data as ProgramData<'RuleSetPublished'>;
  // Already known: a rebuild or simulation loaded it up front.
  if (state.ruleSets.some((known) => known.ruleSet.version === data.version)) return state;
  let ruleSet: RuleSet;
  try {
    ruleSet = compileRuleSet(data.rules);
  } catch (error) {
    out.notice({
      code: 'RULE_SET_UNREADABLE',
      message: `Rule set ${data.version} cannot be read and is ignored: ${(error as Error).message}`,
      details: { version: data.version },
    });
    return state;
  }
  if (state.latestBusinessDate !== null && ruleSet.effectiveFrom <= state.latestBusinessDate) {
    out.notice({
      code: 'RULE_SET_RETROACTIVE',
      message:
        `Rule set ${ruleSet.version} takes effect on ${ruleSet.effectiveFrom}, ` +
        `before deal events already computed (latest ${state.latestBusinessDate}): ` +
        `a rebuild recomputes the lines dated on or after ${ruleSet.effectiveFrom}`,
      details: {
        version: ruleSet.version,
        effectiveFrom: ruleSet.effectiveFrom,
        latestBusinessDate: state.latestBusinessDate,
      },
    });
  }
  return { ...state, ruleSets: insertKnown(state.ruleSets, { ruleSet, position: event.position }) };
}

/**
 * A period close evaluates every active partner, and may change tiers from the day after the period. Lines
 * already computed for those days used the tier known ahead, if the fold knew the close (`tiersAhead`);
 * otherwise `tierChangesReachingBack` names them for a recomputation. Afterwards, book lines no refund,
 * churn or offboarding can reach any more are forgotten.
 */
function closePeriod(state: CommissionState, out: Collector, data: ProgramData<'PeriodClosed'>): CommissionState {
  const { period } = data;
  let partners = state.partners;
  const ruleSet = ruleSetOn(state, periodEnd(period));
  if (!ruleSet) {
    out.notice({
      code: 'NO_RULE_SET_IN_FORCE',
      message: `No rule set is in force at the end of ${period}: tiers are not evaluated`,
      details: { period },
    });
  } else {
    const active = [...partners.values()]
      .filter((partner) => partner.status === 'active')
      .sort((left, right) => (left.partnerId < right.partnerId ? -1 : 1));
    for (const partner of active) {
      const result = evaluatePartner(partner, ruleSet, period, out.source);
      out.tierEvaluations.push(result.evaluation);
      partners = partners.set(partner.partnerId, result.partner);
    }
  }
  const firstOpenDate = periodStart(nextPeriod(period));
  if (!state.tiersOnly) {
    for (const partner of [...partners.values()]) {
      const book = forgetSettledLines(partner.book, firstOpenDate);
      if (book !== partner.book) partners = partners.set(partner.partnerId, { ...partner, book });
    }
  }
  const tiersAhead =
    state.tiersAhead.size === 0
      ? state.tiersAhead
      : tiersByPartner([...state.tiersAhead.values()].flat(), state.position);
  return { ...state, partners, closedPeriods: [...state.closedPeriods, period], tiersAhead };
}

function partnerEvent(state: CommissionState, event: LedgerEvent, out: Collector): CommissionState {
  const partnerId = (event.data as { partnerId: string }).partnerId;
  const partner = state.partners.get(partnerId) ?? newPartner(partnerId);
  let updated: PartnerRecord;
  switch (event.type as PartnerEvent['type']) {
    case 'PartnerEnrolled':
    case 'PartnerReinstated':
      updated = { ...partner, status: 'active' };
      break;
    case 'PartnerSuspended':
      updated = { ...partner, status: 'suspended' };
      break;
    case 'PartnerOffboarded': {
      const data = event.data as PartnerData<'PartnerOffboarded'>;
      const input: BookInput = {
        kind: 'settle',
        source: out.source,
        businessDate: data.offboardedAt,
        settlement: data.settlement,
      };
      updated = run(state, { ...partner, status: 'offboarded' }, input, out);
      break;
    }
    case 'TierOverridden': {
      const data = event.data as PartnerData<'TierOverridden'>;
      updated = {
        ...partner,
        overrides: [
          ...partner.overrides,
          { tier: data.tier, from: data.overriddenAt, until: data.until, reason: data.reason, eventId: event.eventId },
        ],
      };
      break;
    }
  }
  return { ...state, partners: state.partners.set(partnerId, updated) };
}

export function sourceOf(event: LedgerEvent): SourceReference {
  return { eventId: event.eventId, position: event.position.toString(), stream: event.stream, type: event.type };
}

/** The event types that can move commission; the engine only steps past the rest (and so may its callers). */
export const engineInputTypes: ReadonlySet<string> = new Set([
  'RuleSetPublished',
  'PeriodClosed',
  'PartnerEnrolled',
  'PartnerSuspended',
  'PartnerReinstated',
  'PartnerOffboarded',
  'TierOverridden',
  'DealOpened',
  'DealWon',
  'DealExpanded',
  'DealRenewed',
  'DealLost',
  'DealRefunded',
  'DealChurned',
]);

/**
 * A deal's partners as the state keeps them: only what the engine reads of each (id, role, share), one
 * array for every deal with the same partners, and one object for every deal that names the same partner
 * with the same role and share (at a million seeded events, 159,000 deal partners are 22,000 different
 * ones), since the state keeps every won deal.
 */
const keptPartnerLists = new Recurring<readonly DealPartner[]>();
const keptPartners = new Recurring<DealPartner>(65_536);
function partnersKept(partners: readonly DealPartner[]): readonly DealPartner[] {
  const keys = partners.map(({ partnerId, role, share }) => `${partnerId}\u0000${role}\u0000${share}`);
  return keptPartnerLists.of(keys.join('\u0001'), () =>
    partners.map(({ partnerId, role, share }, index) =>
      keptPartners.of(keys[index]!, () => ({ partnerId, role, share })),
    ),
  );
}

function opened(state: CommissionState, data: DealData<'DealOpened'>): CommissionState {
  const { dealId, currency } = data;
  const partners = partnersKept(data.partners);
  const deal: DealRecord = { dealId, currency, partners, amount: zero, refunded: zero, attributed: [] };
  return { ...state, deals: state.deals.set(data.dealId, deal) };
}

/** DealWon, DealExpanded and DealRenewed: revenue of the deal under the event's motion, on the event's date. */
function revenueEvent(state: CommissionState, event: LedgerEvent, out: Collector): CommissionState {
  const revenue = (
    motion: Motion,
    data: DealData<'DealWon' | 'DealExpanded' | 'DealRenewed'>,
    date: string,
  ): CommissionState =>
    dealRevenue(
      state,
      event,
      out,
      motion,
      data.dealId,
      data.lines,
      { fxRate: data.fxRate, programCurrency: data.programCurrency },
      date,
    );
  switch (event.type) {
    case 'DealWon': {
      const data = event.data as DealData<'DealWon'>;
      return revenue('new', data, data.wonAt);
    }
    case 'DealExpanded': {
      const data = event.data as DealData<'DealExpanded'>;
      return revenue('expansion', data, data.expandedAt);
    }
    default: {
      const data = event.data as DealData<'DealRenewed'>;
      return revenue('renewal', data, data.renewedAt);
    }
  }
}

export function apply(state: CommissionState, event: LedgerEvent): { state: CommissionState; output: EngineOutput } {
  if (event.position <= state.position) return { state, output: emptyOutput };
  // Most of the log (registrations, campaigns, MDF, statements) does not move commission.
  if (!engineInputTypes.has(event.type)) return { state: { ...state, position: event.position }, output: emptyOutput };
  const out = new Collector(sourceOf(event));
  const advanced: CommissionState = { ...state, position: event.position };
  let next = advanced;
  switch (event.type) {
    case 'RuleSetPublished':
      next = publish(advanced, event, out);
      break;
    case 'PeriodClosed':
      next = closePeriod(advanced, out, event.data as ProgramData<'PeriodClosed'>);
      break;
    case 'PartnerEnrolled':
    case 'PartnerSuspended':
    case 'PartnerReinstated':
    case 'PartnerOffboarded':
    case 'TierOverridden':
      next = partnerEvent(advanced, event, out);
      break;
    case 'DealOpened':
      next = opened(advanced, event.data as DealData<'DealOpened'>);
      break;
    case 'DealWon':
    case 'DealExpanded':
    case 'DealRenewed':
      next = revenueEvent(advanced, event, out);
      break;
    case 'DealLost':
      next = lost(advanced, out, event.data as DealData<'DealLost'>);
      break;
    case 'DealRefunded':
      next = refund(advanced, out, event.data as DealData<'DealRefunded'>);
      break;
    case 'DealChurned':
      next = churn(advanced, out, event.data as DealData<'DealChurned'>);
      break;
    default:
      break;
  }
  return { state: next, output: out.output() };
}

/** Applies a batch in order; the outputs of its events, concatenated. */
export function applyAll(
  state: CommissionState,
  events: Iterable<LedgerEvent>,
): { state: CommissionState; output: EngineOutput } {
  const lines: ComputedCommissionLine[] = [];
  const tierEvaluations: TierEvaluation[] = [];
  const mdfAccruals: MdfAccrual[] = [];
  const notices: EngineNotice[] = [];
  const accelerations: LineAcceleration[] = [];
  let current = state;
  for (const event of events) {
    const result = apply(current, event);
    current = result.state;
    lines.push(...result.output.lines);
    tierEvaluations.push(...result.output.tierEvaluations);
    mdfAccruals.push(...result.output.mdfAccruals);
    notices.push(...result.output.notices);
    accelerations.push(...result.output.accelerations);
  }
  return { state: current, output: { lines, tierEvaluations, mdfAccruals, notices, accelerations } };
}

export interface CommissionResult {
  readonly state: CommissionState;
  /** Every line (as accelerations left it), in the order lines were produced. */
  readonly lines: readonly ComputedCommissionLine[];
  readonly tierEvaluations: readonly TierEvaluation[];
  readonly mdfAccruals: readonly MdfAccrual[];
  readonly notices: readonly EngineNotice[];
}

/**
 * Folds a whole history from zero, knowing ahead the tier changes of its closes (found by a first pass of
 * `tierOutcomes` unless given): every line comes out once, with its final tier.
 */
export function computeAll(history: readonly LedgerEvent[], options: EngineOptions = {}): CommissionResult {
  const lines = new Map<string, ComputedCommissionLine>();
  let state = initialState({ ...options, tiersAhead: options.tiersAhead ?? tierOutcomes(history, options) });
  const tierEvaluations: TierEvaluation[] = [];
  const mdfAccruals: MdfAccrual[] = [];
  const notices: EngineNotice[] = [];
  for (const event of history) {
    const result = apply(state, event);
    state = result.state;
    const { output } = result;
    for (const line of output.lines) lines.set(line.lineId, line);
    for (const acceleration of output.accelerations) {
      const line = lines.get(acceleration.lineId);
      if (line) lines.set(line.lineId, acceleratedLine(line, acceleration));
    }
    tierEvaluations.push(...output.tierEvaluations);
    mdfAccruals.push(...output.mdfAccruals);
    notices.push(...output.notices);
  }
  return { state, lines: [...lines.values()], tierEvaluations, mdfAccruals, notices };
}

/**
 * A line as an acceleration leaves it: vesting on the offboarding date, with the date it would have vested on. The
 * read model applies the same change to its row (the same keys, in the same order).
 */
export function acceleratedLine(line: ComputedCommissionLine, acceleration: LineAcceleration): ComputedCommissionLine {
  const { source, offboardedAt, originalVestsOn } = acceleration;
  return { ...line, vestsOn: acceleration.vestsOn, accelerated: { source, offboardedAt, originalVestsOn } };
}
