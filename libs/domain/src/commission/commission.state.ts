import type { DealLine, DealPartner } from '../deal/deal.events.js';
import type { RoundingMode } from '../money.js';
import type { PartnerStatus, Settlement } from '../partner/partner.events.js';
import type { Motion, RuleSet } from '../program/rule-set.schema.js';
import type { AppliedTier, SourceReference } from './commission.types.js';
import type { PersistentMap } from '../persistent-map.js';
import type { ExactDecimal } from './exact-decimal.js';

/**
 * The engine's state. Everything is immutable: `apply` returns a new state that shares what did not
 * change, so a caller may keep an older state (a projector's last committed batch) and go on from it.
 */
export interface CommissionState {
  /** The position of the last event applied (0n: none). */
  readonly position: bigint;
  /** Known rule sets in publication order; a candidate under simulation sorts last. */
  readonly ruleSets: readonly KnownRuleSet[];
  readonly closedPeriods: readonly string[];
  /** The latest business date of a deal event applied, to tell when a new rule set reaches back. */
  readonly latestBusinessDate: string | null;
  readonly partners: PersistentMap<PartnerRecord>;
  readonly deals: PersistentMap<DealRecord>;
  /**
   * Whether what no later event can read is dropped (lost deals, the per-deal cap count of churned
   * deals). Always true but in the property test that proves dropping it changes no output.
   */
  readonly forgets: boolean;
  /**
   * The tier changes of period closes later in the log, known ahead per partner (oldest first): lines dated
   * after such a close's effect are computed with the tier it gives, so a close that comes late changes no
   * line already computed (docs/decisions.md, "One recompute path"). Empty for a live fold.
   */
  readonly tiersAhead: ReadonlyMap<string, readonly TierOutcome[]>;
  /** Folds only what tier evaluations read (no book, no lines, no MDF): the pass that finds `tiersAhead`. */
  readonly tiersOnly: boolean;
}

/** A tier change a period close gave a partner, and where that close is in the log. */
export interface TierOutcome extends EarnedTier {
  readonly partnerId: string;
  readonly position: bigint;
}

export interface KnownRuleSet {
  readonly ruleSet: RuleSet;
  /** Where it was published; null for a candidate under simulation (known from the start, published last). */
  readonly position: bigint | null;
}

export interface QuarterStats {
  /** Attributed revenue (amount × fxRate × share) in the program currency, net of refunds. */
  readonly revenue: ExactDecimal;
  readonly won: number;
  readonly lost: number;
}

export interface EarnedTier {
  readonly tier: string;
  readonly effectiveFrom: string;
  /** The period whose close earned it. */
  readonly period: string;
}

export interface TierOverride {
  readonly tier: string;
  readonly from: string;
  readonly until: string;
  readonly reason: string;
  readonly eventId: string;
}

export interface PartnerRecord {
  readonly partnerId: string;
  /** 'unknown' for a partner named on a deal whose enrollment the engine has not seen. */
  readonly status: PartnerStatus | 'unknown';
  /** Tier changes earned at period closes, oldest first; none means the entry tier. */
  readonly earnedTiers: readonly EarnedTier[];
  /** Consecutive evaluations below the held tier. */
  readonly shortfallCount: number;
  readonly overrides: readonly TierOverride[];
  readonly stats: ReadonlyMap<string, QuarterStats>;
  readonly book: CommissionBook;
}

/** Everything a partner's commission lines depend on besides the rule sets and tiers. */
export interface CommissionBook {
  /** Attributed revenue per quarter, gross of refunds: what accelerators measure. */
  readonly quarterRevenue: ReadonlyMap<string, ExactDecimal>;
  /** Commission granted per quarter, against the per-quarter cap. */
  readonly quarterGranted: ReadonlyMap<string, ExactDecimal>;
  /** Commission granted per deal over its lifetime, against the per-deal cap. */
  readonly dealGranted: PersistentMap<ExactDecimal>;
  /**
   * The partner's earned lines, for refunds and churns to reverse, by the id of the event that earned each: a
   * partner earns one line per event, whose id is `earnedLineId(sourceEventId, partnerId)`, made when needed.
   */
  readonly lines: PersistentMap<LineRecord>;
  /** The source event ids of the partner's earned lines per deal, in the order they were computed. */
  readonly dealLines: PersistentMap<readonly string[]>;
}

/** What a later refund or churn needs of an earned line: the figures, not the whole explanation. */
export interface LineRecord {
  readonly dealId: string;
  readonly sourceEventId: string;
  readonly amount: ExactDecimal;
  readonly businessDate: string;
  /** When the line vests: an offboarding settles the lines not vested on its date. */
  readonly vestsOn: string;
  readonly currency: string;
  readonly rounding: RoundingMode;
  readonly clawbackDays: number;
  /** businessDate + clawbackDays: the last day a refund or churn can reach the line. */
  readonly windowEndsOn: string;
  readonly ruleSet: { readonly version: string; readonly effectiveFrom: string };
  readonly tier: AppliedTier;
  /** The share of the line already clawed back for refunds, in [0, 1]. */
  readonly refundedRatio: ExactDecimal;
  /** How much of the line has been clawed back so far (a positive amount). */
  readonly clawed: ExactDecimal;
  /** Fully reversed by a churn. */
  readonly reversed: boolean;
}

export type BookInput =
  | {
      readonly kind: 'earn';
      readonly source: SourceReference;
      readonly dealId: string;
      readonly dealCurrency: string;
      readonly partner: DealPartner;
      readonly motion: Motion;
      readonly productLines: readonly DealLine[];
      /** amount × fxRate × share of each product line, as the deal event computed them for the partner. */
      readonly bases: readonly ExactDecimal[];
      readonly fxRate: string | undefined;
      /** The currency the event's fxRate converts into, as recorded on it. */
      readonly programCurrency: string | undefined;
      readonly businessDate: string;
    }
  | {
      readonly kind: 'refund';
      readonly source: SourceReference;
      readonly dealId: string;
      readonly businessDate: string;
      readonly dealCurrency: string;
      readonly refundAmount: string;
      readonly dealAmount: string;
      /** The part of the deal this refund gives back: refund / deal amount, limited to what is left. */
      readonly ratio: ExactDecimal;
    }
  | {
      readonly kind: 'churn';
      readonly source: SourceReference;
      readonly dealId: string;
      readonly businessDate: string;
    }
  | {
      /** An offboarding: settles every line not vested on its business date (DESIGN §5). */
      readonly kind: 'settle';
      readonly source: SourceReference;
      readonly businessDate: string;
      readonly settlement: Settlement;
    };

/**
 * What later events of a deal need. Kept compact, since every deal the engine has not forgotten holds
 * one: a lost deal is forgotten at once (docs/decisions.md, "Commission engine state").
 */
export interface DealRecord {
  readonly dealId: string;
  readonly currency: string;
  readonly partners: readonly DealPartner[];
  /** Σ product-line amounts of every won, expanded and renewed event, in the deal currency. */
  readonly amount: ExactDecimal;
  readonly refunded: ExactDecimal;
  /** Revenue attributed to each partner by the deal so far, program currency, by index in `partners` (empty: none). */
  readonly attributed: readonly ExactDecimal[];
}

/** Resolves what a partner's book needs from outside it: the rules and the tier on a date. */
export interface BookContext {
  readonly partnerId: string;
  /** CommissionState.forgets. */
  readonly forgets: boolean;
  ruleSetOn(date: string): RuleSet | undefined;
  tierOn(ruleSet: RuleSet, date: string): AppliedTier;
}
