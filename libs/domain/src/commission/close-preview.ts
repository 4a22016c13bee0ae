import type { Decimal } from '../money.js';
import type { RuleSet } from '../program/rule-set.schema.js';
import { emptyBook } from './commission-book.js';
import { exactOf } from './exact-decimal.js';
import type { EarnedTier, PartnerRecord, QuarterStats } from './commission.state.js';
import type { SourceReference, TierEvaluation } from './commission.types.js';
import { evaluatePartner } from './tier-evaluation.js';

/** What a tier evaluation reads of a partner: its earned tiers, its shortfall count and its quarter figures. */
export interface TierStanding {
  readonly partnerId: string;
  /** Tier changes earned at earlier closes, oldest first (none: the entry tier). */
  readonly earnedTiers: readonly EarnedTier[];
  /** Consecutive evaluations below the held tier so far. */
  readonly shortfallCount: number;
  /** Quarter figures as the read model holds them (revenue as a Decimal). */
  readonly stats: ReadonlyMap<string, { readonly revenue: Decimal; readonly won: number; readonly lost: number }>;
}

/**
 * The tier evaluations closing `period` would make, without closing it: the engine's own evaluation of each active
 * partner (the standings of those the engine would evaluate), in partner id order as the close makes them. Pure:
 * the caller reads the standings from the read model and chooses the source the evaluations name.
 */
export function previewTierEvaluations(
  standings: readonly TierStanding[],
  ruleSet: RuleSet,
  period: string,
  source: SourceReference,
): TierEvaluation[] {
  return [...standings]
    .sort((left, right) => (left.partnerId < right.partnerId ? -1 : left.partnerId > right.partnerId ? 1 : 0))
    .map((standing) => evaluatePartner(partnerOf(standing), ruleSet, period, source).evaluation);
}

function partnerOf(standing: TierStanding): PartnerRecord {
  const stats = new Map<string, QuarterStats>();
  for (const [quarter, figures] of standing.stats)
    stats.set(quarter, { ...figures, revenue: exactOf(figures.revenue) });
  return { ...standing, stats, status: 'active', overrides: [], book: emptyBook() };
}
