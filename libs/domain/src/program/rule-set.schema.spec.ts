/* eslint-disable @typescript-eslint/no-explicit-any
   -- these tests build deliberately malformed documents, which no type describes */
import { DomainError } from '../errors.js';
import { designRuleSet } from '../commission/testing/commission-builders.js';
import { checkRuleSet, ruleSetInForce, validateRuleSet, type RuleSetIssue } from './rule-set.schema.js';

/** Applies a change to a copy of DESIGN §5's example and returns the issues the validator reports. */
function issuesOf(change: (document: Record<string, any>) => void): RuleSetIssue[] {
  const document = structuredClone(designRuleSet()) as Record<string, any>;
  change(document);
  const result = checkRuleSet(document);
  return result.ok ? [] : result.issues;
}

describe('rule-set validation', () => {
  it('accepts the example of DESIGN §5 as it is', () => {
    const result = checkRuleSet(designRuleSet());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document).toEqual(designRuleSet());
    expect(result.ruleSet.rates.get('gold')?.toFixed()).toBe('0.15');
    expect(result.ruleSet.accelerators).toHaveLength(1);
  });

  it('accepts a rule set without the optional family rates, accelerators and caps', () => {
    expect(
      issuesOf((document) => {
        delete document['commission'].familyRates;
        delete document['commission'].accelerators;
        delete document['commission'].caps;
      }),
    ).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', (d: any) => (d.bonus = {}), 'bonus', 'unknownKey'],
    ['an unknown key inside commission', (d: any) => (d.commission.spiff = '0.1'), 'commission.spiff', 'unknownKey'],
    ['an unknown key inside a tier', (d: any) => (d.tiers[1].label = 'Silver'), 'tiers[1].label', 'unknownKey'],
    [
      'an unknown requirement',
      (d: any) => (d.tiers[1].requirements.nps = '50'),
      'tiers[1].requirements.nps',
      'unknownKey',
    ],
    [
      'an unknown role multiplier',
      (d: any) => (d.commission.roleMultipliers.reseller = '1'),
      'commission.roleMultipliers.reseller',
      'unknownKey',
    ],
    ['a negative rate', (d: any) => (d.commission.rates.gold = '-0.15'), 'commission.rates.gold', 'nonNegative'],
    ['a rate above 1', (d: any) => (d.commission.rates.gold = '1.5'), 'commission.rates.gold', 'fractionMax'],
    [
      'a family rate above 1',
      (d: any) => (d.commission.familyRates.services.silver = '4'),
      'commission.familyRates.services.silver',
      'fractionMax',
    ],
    ['an accrual rate above 1', (d: any) => (d.mdf.accrualRates.gold = '2'), 'mdf.accrualRates.gold', 'fractionMax'],
    [
      'a max discount above 1',
      (d: any) => (d.commission.discountPolicy.maxDiscount = '1.2'),
      'commission.discountPolicy.maxDiscount',
      'fractionMax',
    ],
    [
      'a win rate above 1',
      (d: any) => (d.tiers[2].requirements.winRate = '25'),
      'tiers[2].requirements.winRate',
      'fractionMax',
    ],
    [
      'a negative multiplier',
      (d: any) => (d.commission.motionMultipliers.renewal = '-0.5'),
      'commission.motionMultipliers.renewal',
      'nonNegative',
    ],
    [
      'a rate written as a number',
      (d: any) => (d.commission.rates.silver = 0.1),
      'commission.rates.silver',
      'decimalString',
    ],
    [
      'a rate that is not a decimal',
      (d: any) => (d.commission.rates.silver = '10%'),
      'commission.rates.silver',
      'decimalString',
    ],
    [
      'a rate in exponent notation',
      (d: any) => (d.commission.rates.silver = '1e-1'),
      'commission.rates.silver',
      'decimalString',
    ],
    [
      'a rate table missing a tier',
      (d: any) => delete d.commission.rates.silver,
      'commission.rates.silver',
      'rateMissing',
    ],
    [
      'a family table missing a tier',
      (d: any) => delete d.commission.familyRates.services.gold,
      'commission.familyRates.services.gold',
      'rateMissing',
    ],
    [
      'an accrual table missing a tier',
      (d: any) => delete d.mdf.accrualRates.registered,
      'mdf.accrualRates.registered',
      'rateMissing',
    ],
    [
      'a rate for a tier that does not exist',
      (d: any) => (d.commission.rates.platinum = '0.2'),
      'commission.rates.platinum',
      'unknownTier',
    ],
    ['a bad effectiveFrom', (d: any) => (d.effectiveFrom = '2026-02-30'), 'effectiveFrom', 'date'],
    ['a bad rounding mode', (d: any) => (d.rounding = 'BANKERS'), 'rounding', 'roundingMode'],
    ['a bad currency', (d: any) => (d.currency = 'usd'), 'currency', 'currency'],
    ['a code that is no ISO 4217 currency', (d: any) => (d.currency = 'XYZ'), 'currency', 'currency'],
    ['a four-decimal funds code', (d: any) => (d.currency = 'CLF'), 'currency', 'currency'],
    ['a bad version', (d: any) => (d.version = '2026/1'), 'version', 'version'],
    ['a fractional day count', (d: any) => (d.commission.holdbackDays = 60.5), 'commission.holdbackDays', 'integer'],
    ['a negative clawback window', (d: any) => (d.commission.clawbackDays = -1), 'commission.clawbackDays', 'range'],
    [
      'no trailing quarters',
      (d: any) => (d.tierEvaluation.trailingQuarters = 0),
      'tierEvaluation.trailingQuarters',
      'range',
    ],
    ['a missing section', (d: any) => delete d.mdf, 'mdf', 'required'],
    [
      'a cap finer than the currency',
      (d: any) => (d.commission.caps.perDeal = '25000.001'),
      'commission.caps.perDeal',
      'moneyScale',
    ],
    ['a zero cap', (d: any) => (d.commission.caps.perQuarter = '0'), 'commission.caps.perQuarter', 'min'],
    [
      'an accelerator below 1',
      (d: any) => (d.commission.accelerators[0].multiplier = '0.9'),
      'commission.accelerators[0].multiplier',
      'min',
    ],
    ['a duplicate tier name', (d: any) => (d.tiers[2].name = 'silver'), 'tiers[2].name', 'duplicateTier'],
    [
      'requirements on the entry tier',
      (d: any) => (d.tiers[0].requirements = { wonDeals: 1 }),
      'tiers[0].requirements',
      'entryTier',
    ],
  ])('refuses %s, naming the path and the rule', (_case, change, path, rule) => {
    expect(issuesOf(change)).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('refuses tiers out of order: a requirement lower than the tier below', () => {
    const issues = issuesOf((d) => (d['tiers'][2].requirements.trailingRevenue = '50000'));
    expect(issues).toEqual([
      {
        path: 'tiers[2].requirements.trailingRevenue',
        rule: 'tierOrder',
        message:
          'tiers[2].requirements.trailingRevenue (50000, 0 when absent) must be at least 100000 as in tiers[1] ' +
          '(silver): tiers are listed lowest first and requirements never decrease',
      },
    ]);
  });

  it('counts an absent requirement as zero when comparing tiers', () => {
    const issues = issuesOf((d) => delete d['tiers'][2].requirements.wonDeals);
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'tiers[2].requirements.wonDeals', rule: 'tierOrder' }),
    );
  });

  it('refuses overlapping tiers: the same requirements as the tier below', () => {
    const issues = issuesOf((d) => (d['tiers'][2].requirements = { trailingRevenue: '100000', wonDeals: 3 }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'tiers[2].requirements', rule: 'tierOverlap' }));
  });

  it('refuses figures past the money bounds: amounts of 13 integer digits, multipliers above 10', () => {
    const issues = issuesOf((document) => {
      document['commission'].caps.perDeal = '1000000000000';
      document['tiers'][2].requirements.trailingRevenue = '5000000000000000000';
      document['commission'].roleMultipliers.sourcing = '10.5';
      document['commission'].accelerators[0].multiplier = '11';
    });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'tiers[2].requirements.trailingRevenue', rule: 'magnitude' }),
      expect.objectContaining({
        path: 'commission.roleMultipliers.sourcing',
        rule: 'max',
        message: expect.stringContaining('at most 10'),
      }),
      expect.objectContaining({ path: 'commission.accelerators[0].multiplier', rule: 'max' }),
      expect.objectContaining({
        path: 'commission.caps.perDeal',
        rule: 'magnitude',
        message: expect.stringContaining('below 1000000000000'),
      }),
    ]);
  });

  it('accepts figures at the money bounds', () => {
    expect(
      issuesOf((document) => {
        document['commission'].caps.perQuarter = '999999999999.99';
        document['commission'].motionMultipliers.new = '10';
      }),
    ).toEqual([]);
  });

  it('refuses accelerator thresholds that do not ascend', () => {
    const issues = issuesOf(
      (d) =>
        (d['commission'].accelerators = [
          { quarterlyRevenueAbove: '250000', multiplier: '1.5' },
          { quarterlyRevenueAbove: '250000', multiplier: '2' },
        ]),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'commission.accelerators[1].quarterlyRevenueAbove', rule: 'acceleratorOrder' }),
    );
  });

  it('refuses a higher accelerator bracket that pays less', () => {
    const issues = issuesOf(
      (d) =>
        (d['commission'].accelerators = [
          { quarterlyRevenueAbove: '250000', multiplier: '1.5' },
          { quarterlyRevenueAbove: '500000', multiplier: '1.25' },
        ]),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'commission.accelerators[1].multiplier', rule: 'acceleratorOrder' }),
    );
  });

  it('reports every issue at once, each with a sentence naming its path', () => {
    const issues = issuesOf((d) => {
      d['commission'].rates.gold = '-1';
      d['commission'].extra = true;
      d['rounding'] = 'NEAREST';
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['commission.extra', 'commission.rates.gold', 'rounding']);
    expect(issues.find((issue) => issue.path === 'commission.rates.gold')?.message).toBe(
      'commission.rates.gold must be at least 0 (a rate is a fraction)',
    );
  });

  it('refuses something that is not an object', () => {
    expect(checkRuleSet([1, 2])).toEqual({
      ok: false,
      issues: [{ path: '', rule: 'object', message: 'the rule set must be a JSON object' }],
    });
  });

  it('throws RULE_SET_INVALID with every issue in the details', () => {
    const document = { ...designRuleSet(), currency: 'dollars' };
    let thrown: unknown;
    try {
      validateRuleSet(document);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('RULE_SET_INVALID');
    expect((thrown as DomainError).details).toMatchObject({
      field: 'currency',
      rule: 'currency',
      fields: [expect.objectContaining({ field: 'currency' })],
    });
    expect((thrown as DomainError).message).toContain('currency must be an ISO 4217 code');
  });

  it('is not fooled by a key named like an Object.prototype member', () => {
    const issues = issuesOf(
      (d) =>
        (d['commission'].rates = JSON.parse('{"registered":"0.05","silver":"0.10","gold":"0.15","__proto__":"0.9"}')),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: 'commission.rates.__proto__', rule: 'unknownTier' }));
  });
});

describe('effective dating', () => {
  const published = [
    { version: 'a', effectiveFrom: '2026-01-01' },
    { version: 'b', effectiveFrom: '2026-04-01' },
    { version: 'c', effectiveFrom: '2026-01-01' },
    { version: 'd', effectiveFrom: '2025-07-01' },
  ];

  it('picks the latest effectiveFrom not after the date', () => {
    expect(ruleSetInForce(published, '2026-05-15')?.version).toBe('b');
    expect(ruleSetInForce(published, '2026-04-01')?.version).toBe('b');
    expect(ruleSetInForce(published, '2025-12-31')?.version).toBe('d');
  });

  it('among equal effective dates, picks the one published last', () => {
    expect(ruleSetInForce(published, '2026-03-31')?.version).toBe('c');
  });

  it('finds nothing before the first effective date', () => {
    expect(ruleSetInForce(published, '2025-06-30')).toBeUndefined();
  });
});
