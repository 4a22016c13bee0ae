import { addDays, periodEnd, previousPeriod } from '../dates.js';
import { Decimal } from '../money.js';
import type { RuleSet, TierRequirements } from '../program/rule-set.schema.js';
import { plain } from './commission-book.js';
import type { PartnerRecord } from './commission.state.js';
import { decimalOf, exactPlus, exactZero } from './exact-decimal.js';
import type { AppliedTier, RequirementGap, SourceReference, TierChange, TierEvaluation } from './commission.types.js';

/**
 * The tier a partner holds on a business date, under a given rule set: an override in force wins
 * (the latest recorded, when several are), then the tier earned at the latest close that took effect
 * on or before the date, then the entry tier. A tier name the rule set does not define cannot be paid
 * at any rate, so it falls back to the next source, and the line says so.
 */
export function tierOn(partner: PartnerRecord | undefined, ruleSet: RuleSet, date: string): AppliedTier {
  const defines = (name: string) => ruleSet.tiers.some((tier) => tier.name === name);
  const notes: string[] = [];
  const override = partner?.overrides.findLast((candidate) => candidate.from <= date && date <= candidate.until);
  if (override) {
    if (defines(override.tier)) return { name: override.tier, basis: 'override', since: override.from, note: null };
    notes.push(`the override to ${override.tier} is ignored: rule set ${ruleSet.version} has no such tier`);
  }
  const earned = partner?.earnedTiers.findLast((candidate) => candidate.effectiveFrom <= date);
  if (earned) {
    if (defines(earned.tier))
      return { name: earned.tier, basis: 'earned', since: earned.effectiveFrom, note: notes.join('; ') || null };
    notes.push(
      `the earned tier ${earned.tier} is not a tier of rule set ${ruleSet.version}, so its entry tier applies`,
    );
  }
  return { name: ruleSet.tiers[0]!.name, basis: 'entry', since: null, note: notes.join('; ') || null };
}

export interface Figures {
  readonly revenue: Decimal;
  readonly won: number;
  readonly lost: number;
}

/** The trailing quarters ending with `period`, oldest first. */
export function trailingQuarters(period: string, count: number): string[] {
  const quarters = [period];
  while (quarters.length < count) quarters.unshift(previousPeriod(quarters[0]!));
  return quarters;
}

export function figuresOf(partner: PartnerRecord, quarters: readonly string[]): Figures {
  let revenue = exactZero;
  let won = 0;
  let lost = 0;
  for (const quarter of quarters) {
    const stats = partner.stats.get(quarter);
    if (!stats) continue;
    revenue = exactPlus(revenue, stats.revenue);
    won += stats.won;
    lost += stats.lost;
  }
  return { revenue: decimalOf(revenue), won, lost };
}

/**
 * The unmet requirements of a tier. Requirements are met at or above the figure. The win rate is
 * compared exactly (won ≥ rate × (won + lost)), never through a rounded quotient; a partner with no
 * won or lost deal has no win rate yet, which meets only a requirement of 0.
 */
export function gaps(requirements: TierRequirements, figures: Figures): RequirementGap[] {
  const missing: RequirementGap[] = [];
  if (requirements.trailingRevenue !== undefined && figures.revenue.lt(requirements.trailingRevenue)) {
    missing.push({
      requirement: 'trailingRevenue',
      required: plain(requirements.trailingRevenue),
      actual: plain(figures.revenue),
      shortBy: plain(requirements.trailingRevenue.minus(figures.revenue)),
    });
  }
  if (requirements.wonDeals !== undefined && figures.won < requirements.wonDeals) {
    missing.push({
      requirement: 'wonDeals',
      required: String(requirements.wonDeals),
      actual: String(figures.won),
      shortBy: String(requirements.wonDeals - figures.won),
    });
  }
  if (requirements.winRate !== undefined) {
    const decided = figures.won + figures.lost;
    const met =
      new Decimal(figures.won).gte(requirements.winRate.times(decided)) &&
      (decided > 0 || requirements.winRate.isZero());
    if (!met) {
      const actual = winRateOf(figures);
      missing.push({
        requirement: 'winRate',
        required: plain(requirements.winRate),
        actual: actual ?? 'none',
        shortBy:
          actual === null ? plain(requirements.winRate) : plain(Decimal.max(0, requirements.winRate.minus(actual))),
      });
    }
  }
  return missing;
}

function winRateOf(figures: Figures): string | null {
  const decided = figures.won + figures.lost;
  return decided === 0 ? null : new Decimal(figures.won).dividedBy(decided).toDecimalPlaces(4).toFixed(4);
}

/** The highest tier whose requirements are all met (the entry tier has none, so there always is one). */
export function qualifiedTierIndex(ruleSet: RuleSet, figures: Figures): number {
  let qualified = 0;
  ruleSet.tiers.forEach((tier, index) => {
    if (gaps(tier.requirements, figures).length === 0) qualified = index;
  });
  return qualified;
}

/**
 * Evaluates one active partner at the close of `period` under the rules in force on the period's
 * last day (the bar the partner saw while selling). Promotion takes effect the day after the period
 * ends; a partner below the held tier is held for `demotionGraceQuarters` consecutive evaluations and
 * demoted, to the tier it qualifies for, on the next one.
 */
export function evaluatePartner(
  partner: PartnerRecord,
  ruleSet: RuleSet,
  period: string,
  source: SourceReference,
): { partner: PartnerRecord; evaluation: TierEvaluation; changedFrom: string | null } {
  const quarters = trailingQuarters(period, ruleSet.trailingQuarters);
  const figures = figuresOf(partner, quarters);
  const qualifiedIndex = qualifiedTierIndex(ruleSet, figures);
  const qualified = ruleSet.tiers[qualifiedIndex]!.name;
  const held = partner.earnedTiers.at(-1)?.tier ?? ruleSet.tiers[0]!.name;
  const heldIndex = ruleSet.tiers.findIndex((tier) => tier.name === held);
  const effectiveFrom = addDays(periodEnd(period), 1);
  const grace = ruleSet.demotionGraceQuarters;

  const { change, tier, shortfallCount } = tierChange(partner, { heldIndex, qualifiedIndex, held, qualified, grace });
  const tierIndex = ruleSet.tiers.findIndex((candidate) => candidate.name === tier);
  const next = ruleSet.tiers[tierIndex + 1];
  const winRate = winRateOf(figures);
  const missing = next ? gaps(next.requirements, figures) : [];
  const outcome: Outcome = { held, qualified, tier, change, shortfallCount, grace, effectiveFrom };
  const explanation = explain({ partner, ruleSet, period, source, quarters, figures, winRate }, outcome, next, missing);

  const changed = tier !== held;
  const updated: PartnerRecord = {
    ...partner,
    shortfallCount,
    earnedTiers: changed ? [...partner.earnedTiers, { tier, effectiveFrom, period }] : partner.earnedTiers,
  };
  return {
    partner: updated,
    changedFrom: changed ? effectiveFrom : null,
    evaluation: {
      evaluationId: `${source.eventId}:${partner.partnerId}`,
      partnerId: partner.partnerId,
      period,
      source,
      ruleSetVersion: ruleSet.version,
      quarters,
      figures: { attributedRevenue: plain(figures.revenue), wonDeals: figures.won, lostDeals: figures.lost, winRate },
      previousTier: held,
      qualifiedTier: qualified,
      tier,
      change,
      shortfallCount,
      demotionGraceQuarters: grace,
      effectiveFrom,
      nextTier: next ? { name: next.name, missing } : null,
      explanation,
    },
  };
}

/** The tier held and the tier qualified for, by name and by index in the rule set's tiers (-1: not one of them). */
interface Standing {
  readonly heldIndex: number;
  readonly qualifiedIndex: number;
  readonly held: string;
  readonly qualified: string;
  readonly grace: number;
}

/** What an evaluation decided. */
interface Outcome {
  readonly held: string;
  readonly qualified: string;
  readonly tier: string;
  readonly change: TierChange;
  readonly shortfallCount: number;
  readonly grace: number;
  readonly effectiveFrom: string;
}

/** What an evaluation looked at. */
interface Evaluated {
  readonly partner: PartnerRecord;
  readonly ruleSet: RuleSet;
  readonly period: string;
  readonly source: SourceReference;
  readonly quarters: readonly string[];
  readonly figures: Figures;
  readonly winRate: string | null;
}

/** Promotion at once; demotion only once the shortfall outlasts the grace; a tier the rules dropped is requalified. */
function tierChange(
  partner: PartnerRecord,
  standing: Standing,
): { change: TierChange; tier: string; shortfallCount: number } {
  const { heldIndex, qualifiedIndex, held, qualified, grace } = standing;
  if (heldIndex === -1) return { change: 'requalified', tier: qualified, shortfallCount: 0 };
  if (qualifiedIndex > heldIndex) return { change: 'promoted', tier: qualified, shortfallCount: 0 };
  if (qualifiedIndex === heldIndex) return { change: 'unchanged', tier: held, shortfallCount: 0 };
  const shortfallCount = partner.shortfallCount + 1;
  if (shortfallCount > grace) return { change: 'demoted', tier: qualified, shortfallCount: 0 };
  return { change: 'held', tier: held, shortfallCount };
}

/** The evaluation in words: what was counted, what was decided and why, and what the next tier still needs. */
function explain(
  evaluated: Evaluated,
  outcome: Outcome,
  next: RuleSet['tiers'][number] | undefined,
  missing: readonly RequirementGap[],
): string[] {
  const { partner, ruleSet, period, source, quarters, figures, winRate } = evaluated;
  const { held, qualified, tier, change, shortfallCount, grace, effectiveFrom } = outcome;
  const { won, lost } = figures;
  const winRateText = winRate === null ? 'none yet (no deal won or lost)' : `${won} / (${won} + ${lost}) = ${winRate}`;
  const explanation = [
    `Evaluated at the close of ${period} (${source.eventId}, position ${source.position}) ` +
      `under rule set ${ruleSet.version}, on the ${quarters.length} trailing quarters ${quarters.join(', ')}.`,
    `Attributed revenue net of refunds ${plain(figures.revenue)}; won deals ${won}; lost deals ${lost}; ` +
      `win rate ${winRateText}.`,
    `Highest tier whose requirements are all met: ${qualified}. Tier held: ${held}.`,
  ];
  switch (change) {
    case 'promoted':
      explanation.push(`Promoted to ${tier}, in effect from ${effectiveFrom}.`);
      break;
    case 'unchanged':
      explanation.push(`Stays ${tier}.`);
      break;
    case 'held':
      explanation.push(
        `Short of ${held} for ${shortfallCount} consecutive evaluation${shortfallCount === 1 ? '' : 's'}; ` +
          `demotion comes only after more than ${grace} (tierEvaluation.demotionGraceQuarters), ` +
          `so the partner stays ${held}.`,
      );
      break;
    case 'demoted':
      explanation.push(
        `Short of ${held} for ${partner.shortfallCount + 1} consecutive evaluations, ` +
          `more than the grace of ${grace}: ` +
          `demoted to ${tier}, in effect from ${effectiveFrom}.`,
      );
      break;
    case 'requalified':
      explanation.push(
        `The tier held, ${held}, is not a tier of rule set ${ruleSet.version}: ` +
          `the partner takes the tier it qualifies for, ${tier}, from ${effectiveFrom}.`,
      );
      break;
  }
  if (next) {
    const shortfalls = missing.map(
      (gap) => `${gap.requirement} ${gap.actual} of ${gap.required} (short by ${gap.shortBy})`,
    );
    explanation.push(`For ${next.name}: ${shortfalls.join('; ') || 'every requirement is met today'}.`);
  }
  return explanation;
}
