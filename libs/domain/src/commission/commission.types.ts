import type { PartnerRole } from '../deal/deal.events.js';
import type { RoundingMode } from '../money.js';
import type { Motion } from '../program/rule-set.schema.js';

/**
 * What the engine reads: one event of the global log with its place in it. The store's StoredEvent
 * has this shape (and more), so the projector hands events over as they come.
 */
export interface LedgerEvent {
  readonly eventId: string;
  readonly stream: string;
  /** The global log position; the engine ignores an event at or before the last one it applied. */
  readonly position: bigint;
  readonly type: string;
  readonly data: unknown;
}

/** A pointer back into the log. Positions are decimal strings, as everywhere on the wire. */
export interface SourceReference {
  readonly eventId: string;
  readonly position: string;
  readonly stream: string;
  readonly type: string;
}

export type TierBasis = 'earned' | 'override' | 'entry';

export interface AppliedTier {
  readonly name: string;
  /** Earned at a period close, set by an override in force, or the entry tier of a partner never promoted. */
  readonly basis: TierBasis;
  /** The date the earned tier or the override took effect (null for the entry tier). */
  readonly since: string | null;
  /** Why the tier differs from what the partner holds, when it does (a tier the rule set does not define). */
  readonly note: string | null;
}

export interface AcceleratorSlice {
  /** Quarter-to-date attributed revenue at the start and end of this slice of the base. */
  readonly revenueFrom: string;
  readonly revenueTo: string;
  /** The bracket's threshold (null: below every threshold) and its multiplier ("1" below every threshold). */
  readonly threshold: string | null;
  readonly multiplier: string;
}

/** One product line of the source event, seen from one partner. All figures at full precision. */
export interface ProductLineCalculation {
  readonly sku: string;
  readonly family: string;
  /** In the deal currency, as recorded. */
  readonly amount: string;
  readonly fxRate: string;
  readonly share: string;
  /** amount × fxRate × share, in the program currency. */
  readonly base: string;
  readonly rate: string;
  /** The rule-set clause the rate comes from, such as `commission.familyRates.services.gold`. */
  readonly rateClause: string;
  readonly roleMultiplier: string;
  readonly motionMultiplier: string;
  readonly discount: string;
  readonly discountMultiplier: string;
  /** The rule set's policy maximum the discount was compared with (above it, the discount multiplier applies). */
  readonly maxDiscount: string;
  /** rate × role × motion × discount multiplier: what each unit of base earns before accelerators. */
  readonly factor: string;
  /** base × factor: the commission before accelerators. */
  readonly standard: string;
  readonly slices: readonly AcceleratorSlice[];
  /** Σ slice revenue × rate × role × motion × discount multiplier × (bracket multiplier − 1). */
  readonly accelerated: string;
}

export interface CapCalculation {
  readonly limit: string;
  /** Commission already granted against this cap before the line. */
  readonly usedBefore: string;
  readonly room: string;
  /** How much of this line the cap held back (non-negative; the component is its negative). */
  readonly capped: string;
}

/**
 * The signed parts of a line: `amount` is exactly their sum. Caps and reversals are negative, and
 * `rounding` is the one rounding adjustment of the line.
 */
export interface LineComponents {
  readonly standard: string;
  readonly accelerated: string;
  readonly cappedPerDeal: string;
  readonly cappedPerQuarter: string;
  readonly reversal: string;
  readonly rounding: string;
}

export interface RoundingApplied {
  readonly mode: RoundingMode;
  readonly decimalPlaces: number;
  readonly unrounded: string;
  readonly rounded: string;
  /** rounded − unrounded. */
  readonly adjustment: string;
}

export interface EarnedCalculation {
  readonly motion: Motion;
  readonly role: PartnerRole;
  readonly share: string;
  readonly dealCurrency: string;
  /** Σ base of the product lines: the revenue attributed to the partner by this event. */
  readonly base: string;
  readonly productLines: readonly ProductLineCalculation[];
  readonly quarter: string;
  readonly quarterRevenueBefore: string;
  readonly quarterRevenueAfter: string;
  readonly perDealCap: CapCalculation | null;
  readonly perQuarterCap: CapCalculation | null;
}

export interface ReversalCalculation {
  /** A forfeiture reverses what remains of a line not vested when its partner was offboarded (forfeit_unvested). */
  readonly reason: 'refund' | 'churn' | 'forfeiture';
  readonly reversedLineId: string;
  readonly reversedAmount: string;
  readonly reversedBusinessDate: string;
  /** Days from the reversed line's business date to the refund or churn, and the window it fell inside. */
  readonly daysAfter: number;
  readonly clawbackDays: number;
  /** Refunds: the deal currency the refund and deal amounts are in (null for churns). */
  readonly dealCurrency: string | null;
  /**
   * Refunds: refund amount / deal amount (both in the deal currency), and the line's refunded share before and
   * after.
   */
  readonly refundAmount: string | null;
  readonly dealAmount: string | null;
  readonly ratio: string | null;
  readonly refundedBefore: string | null;
  readonly refundedAfter: string | null;
  /** What remained of the reversed line before this reversal (its amount less earlier clawbacks). */
  readonly remainingBefore: string;
}

/**
 * A commission line as the engine computes and the read model stores it: figures only. Its
 * explanation is rendered from them when it is read (explainLine).
 */
export type ComputedCommissionLine = Omit<CommissionLine, 'explanation'>;

/** A commission line as GET /commission-lines/:lineId and statements show it: the figures and their explanation. */
export interface CommissionLine {
  /** `<source event id>:<partnerId>` for earned lines, `…:<reversed line's source event id>` for clawbacks. */
  readonly lineId: string;
  /** A forfeiture line has the id shape of a clawback; its source is the PartnerOffboarded event. */
  readonly kind: 'earned' | 'clawback' | 'forfeiture';
  /**
   * Always 1: a line is computed once, with its final figures (a retroactive rule set or a late period close
   * is recomputed, and a statement already issued gets the difference as an adjustment).
   */
  readonly revision: number;
  readonly partnerId: string;
  readonly dealId: string;
  readonly source: SourceReference;
  readonly businessDate: string;
  readonly period: string;
  readonly vestsOn: string;
  /** The program currency of the rule set the line was computed under. */
  readonly currency: string;
  /** Rounded to the currency's minor unit; negative for clawbacks. */
  readonly amount: string;
  readonly ruleSet: { readonly version: string; readonly effectiveFrom: string };
  readonly tier: AppliedTier;
  readonly components: LineComponents;
  readonly rounding: RoundingApplied;
  readonly earned: EarnedCalculation | null;
  readonly reversal: ReversalCalculation | null;
  /**
   * Set when an offboarding with `accelerate` vested the line early: `vestsOn` is then the offboarding date and
   * this records the date the line would have vested on. Absent otherwise.
   */
  readonly accelerated?: LineAccelerationDetail;
  /** The calculation step by step, in words and numbers, for `GET /commission-lines/:lineId` (explainLine). */
  readonly explanation: readonly string[];
}

export interface RequirementGap {
  readonly requirement: 'trailingRevenue' | 'wonDeals' | 'winRate';
  readonly required: string;
  readonly actual: string;
  readonly shortBy: string;
}

export type TierChange = 'promoted' | 'demoted' | 'unchanged' | 'held' | 'requalified';

export interface TierEvaluation {
  readonly evaluationId: string;
  readonly partnerId: string;
  readonly period: string;
  readonly source: SourceReference;
  readonly ruleSetVersion: string;
  /** The trailing quarters evaluated, oldest first. */
  readonly quarters: readonly string[];
  readonly figures: {
    /** Attributed revenue (amount × fxRate × share) net of refunds, program currency, full precision. */
    readonly attributedRevenue: string;
    readonly wonDeals: number;
    readonly lostDeals: number;
    /** won / (won + lost), to 4 places for reading; null when no deal was won or lost. Compared exactly. */
    readonly winRate: string | null;
  };
  readonly previousTier: string;
  readonly qualifiedTier: string;
  readonly tier: string;
  readonly change: TierChange;
  /** Consecutive evaluations below the held tier, after this one. */
  readonly shortfallCount: number;
  readonly demotionGraceQuarters: number;
  /** The day after the period ends: when a promotion or demotion takes effect. */
  readonly effectiveFrom: string;
  readonly nextTier: { readonly name: string; readonly missing: readonly RequirementGap[] } | null;
  readonly explanation: readonly string[];
}

export interface MdfAccrual {
  readonly accrualId: string;
  readonly partnerId: string;
  readonly dealId: string;
  readonly source: SourceReference;
  readonly businessDate: string;
  readonly period: string;
  readonly ruleSetVersion: string;
  readonly tier: string;
  readonly currency: string;
  readonly base: string;
  readonly rate: string;
  readonly unrounded: string;
  readonly amount: string;
  readonly explanation: readonly string[];
}

export type NoticeCode =
  | 'NO_RULE_SET_IN_FORCE'
  | 'RULE_SET_RETROACTIVE'
  | 'RULE_SET_UNREADABLE'
  | 'DEAL_UNKNOWN'
  | 'FX_RATE_MISSING'
  | 'CURRENCY_MISMATCH'
  | 'REFUND_EXCEEDS_DEAL'
  | 'REFUND_ON_EMPTY_DEAL';

/** Something the engine could not apply as a finance reader would expect; projected so ops sees it. */
export interface EngineNotice {
  readonly code: NoticeCode;
  readonly message: string;
  readonly source: SourceReference;
  readonly details: Readonly<Record<string, string | number | null>>;
}

export interface LineAccelerationDetail {
  /** The PartnerOffboarded event. */
  readonly source: SourceReference;
  readonly offboardedAt: string;
  readonly originalVestsOn: string;
}

/** An earned line an offboarding with `accelerate` vests at once: the line itself is unchanged but for its date. */
export interface LineAcceleration extends LineAccelerationDetail {
  readonly lineId: string;
  readonly partnerId: string;
  /** The new vesting date: the offboarding date. */
  readonly vestsOn: string;
}

/** What one applied event produced. Lines are upserted by lineId (a revision replaces the earlier figures). */
export interface EngineOutput {
  readonly lines: readonly ComputedCommissionLine[];
  readonly tierEvaluations: readonly TierEvaluation[];
  readonly mdfAccruals: readonly MdfAccrual[];
  readonly notices: readonly EngineNotice[];
  /** Lines whose vesting an offboarding brought forward, applied after `lines` (see LineAcceleration). */
  readonly accelerations: readonly LineAcceleration[];
}
