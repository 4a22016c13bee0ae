import type { RuleSetDocument } from './rule-set.schema.js';

/**
 * The rule set of DESIGN §5, as a document: the OpenAPI example, the seed's launch program and the
 * tests' default all start from it. A fresh copy on every call, so callers may change it freely.
 */
export function designRuleSetDocument(): RuleSetDocument {
  return {
    version: '2026.1',
    effectiveFrom: '2026-01-01',
    currency: 'USD',
    rounding: 'HALF_EVEN',
    tiers: [
      { name: 'registered', requirements: {} },
      { name: 'silver', requirements: { trailingRevenue: '100000', wonDeals: 3 } },
      { name: 'gold', requirements: { trailingRevenue: '500000', wonDeals: 10, winRate: '0.25' } },
    ],
    tierEvaluation: { trailingQuarters: 4, demotionGraceQuarters: 1 },
    commission: {
      rates: { registered: '0.05', silver: '0.10', gold: '0.15' },
      familyRates: { services: { registered: '0.02', silver: '0.04', gold: '0.06' } },
      roleMultipliers: { sourcing: '1', influencing: '0.5' },
      motionMultipliers: { new: '1', renewal: '0.5', expansion: '0.75' },
      accelerators: [{ quarterlyRevenueAbove: '250000', multiplier: '1.5' }],
      discountPolicy: { maxDiscount: '0.20', multiplierAbove: '0.5' },
      caps: { perDeal: '25000', perQuarter: '100000' },
      holdbackDays: 60,
      clawbackDays: 180,
    },
    mdf: { accrualRates: { registered: '0', silver: '0.01', gold: '0.02' } },
    registration: { protectionDays: 90 },
  };
}
