import { designRuleSetDocument, type RuleSetDocument } from '#domain';

/**
 * The program rules the seed publishes: the DESIGN §5 example at launch, a mid-timeline change, and a
 * retroactive correction of that change. Only the dates come from the timeline, so every seed run with
 * the same timeline publishes the same documents (and a re-run replays them).
 */
export interface SeedRuleSet {
  readonly document: RuleSetDocument;
  readonly rationale: string;
}

/** The DESIGN §5 example, effective from the start of the seeded timeline. */
export function launchRuleSet(version: string, effectiveFrom: string): SeedRuleSet {
  return {
    document: { ...designRuleSetDocument(), version, effectiveFrom },
    rationale:
      'Launch of the partner program: three tiers, services at reduced rates, one accelerator, ' +
      'caps per deal and quarter',
  };
}

/**
 * The mid-timeline change: a second accelerator, richer services rates and MDF for gold partners. It
 * ships with a typo (influencing multiplier 0.05 instead of 0.5), which the correction fixes.
 */
export function changeRuleSet(version: string, effectiveFrom: string): SeedRuleSet {
  const launch = launchRuleSet(version, effectiveFrom).document;
  return {
    document: {
      ...launch,
      commission: {
        ...launch.commission,
        familyRates: { services: { registered: '0.03', silver: '0.05', gold: '0.08' } },
        roleMultipliers: { sourcing: '1', influencing: '0.05' },
        accelerators: [
          { quarterlyRevenueAbove: '250000', multiplier: '1.5' },
          { quarterlyRevenueAbove: '750000', multiplier: '2' },
        ],
      },
      mdf: { accrualRates: { registered: '0', silver: '0.01', gold: '0.03' } },
    },
    rationale: 'Services push and a second accelerator above 750k quarterly revenue; gold MDF accrual raised to 3%',
  };
}

/** The retroactive correction: same effective date as the change it corrects, published later, so it wins. */
export function correctionRuleSet(version: string, effectiveFrom: string, corrects: string): SeedRuleSet {
  const change = changeRuleSet(version, effectiveFrom).document;
  return {
    document: {
      ...change,
      commission: { ...change.commission, roleMultipliers: { sourcing: '1', influencing: '0.5' } },
    },
    rationale:
      `Correction of ${corrects}: the influencing multiplier was published as 0.05 instead of 0.5; ` +
      `applies retroactively from ${effectiveFrom}`,
  };
}

export type SeedRuleSetName = 'launch' | 'change' | 'correction';

/** The document and rationale of a planned publication, under the version it is published as. */
export function seedRuleSet(name: SeedRuleSetName, version: string, effectiveFrom: string, corrects = ''): SeedRuleSet {
  switch (name) {
    case 'launch':
      return launchRuleSet(version, effectiveFrom);
    case 'change':
      return changeRuleSet(version, effectiveFrom);
    case 'correction':
      return correctionRuleSet(version, effectiveFrom, corrects);
  }
}
