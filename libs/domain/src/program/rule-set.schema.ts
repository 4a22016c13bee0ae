import { isBusinessDate } from '../dates.js';
import type { PartnerRole } from '../deal/deal.events.js';
import { DomainError } from '../errors.js';
import {
  amountIntegerDigitsMax, amountLimit, currencyPattern, Decimal, isDecimalString, isWithinAmountLimit, minorUnits,
  multiplierMax, roundingModes, type RoundingMode,
} from '../money.js';

/**
 * The rule-set document of DESIGN §5, as published and stored in `RuleSetPublished.rules`. Amounts,
 * rates and multipliers are decimal strings (a JSON number would lose digits on the way in); counts
 * and day spans are integers. `validateRuleSet` is the only way a document enters the ledger.
 */
export type Motion = 'new' | 'renewal' | 'expansion';
export const motions: readonly Motion[] = ['new', 'renewal', 'expansion'];
const roleNames: readonly PartnerRole[] = ['sourcing', 'influencing'];

export interface TierRequirementsDocument {
  readonly trailingRevenue?: string;
  readonly wonDeals?: number;
  readonly winRate?: string;
}

export interface RuleSetDocument {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly currency: string;
  readonly rounding: RoundingMode;
  readonly tiers: readonly { readonly name: string; readonly requirements: TierRequirementsDocument }[];
  readonly tierEvaluation: { readonly trailingQuarters: number; readonly demotionGraceQuarters: number };
  readonly commission: {
    readonly rates: Readonly<Record<string, string>>;
    readonly familyRates?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly roleMultipliers: Readonly<Record<PartnerRole, string>>;
    readonly motionMultipliers: Readonly<Record<Motion, string>>;
    readonly accelerators?: readonly { readonly quarterlyRevenueAbove: string; readonly multiplier: string }[];
    readonly discountPolicy: { readonly maxDiscount: string; readonly multiplierAbove: string };
    readonly caps?: { readonly perDeal?: string; readonly perQuarter?: string };
    readonly holdbackDays: number;
    readonly clawbackDays: number;
  };
  readonly mdf: { readonly accrualRates: Readonly<Record<string, string>> };
  readonly registration: { readonly protectionDays: number };
}

/** One broken rule: the JSON path, a stable rule name, and a sentence that says both. */
export interface RuleSetIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** The compiled, arithmetic-ready form the engine uses. Maps, not records, so no key can hit Object.prototype. */
export interface TierRequirements {
  readonly trailingRevenue?: Decimal;
  readonly wonDeals?: number;
  readonly winRate?: Decimal;
}

export interface Accelerator {
  readonly quarterlyRevenueAbove: Decimal;
  readonly multiplier: Decimal;
}

export interface RuleSet {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly currency: string;
  readonly rounding: RoundingMode;
  /** In ascending order; the first is the entry tier every partner starts in. */
  readonly tiers: readonly { readonly name: string; readonly requirements: TierRequirements }[];
  readonly trailingQuarters: number;
  readonly demotionGraceQuarters: number;
  readonly rates: ReadonlyMap<string, Decimal>;
  readonly familyRates: ReadonlyMap<string, ReadonlyMap<string, Decimal>>;
  readonly roleMultipliers: ReadonlyMap<PartnerRole, Decimal>;
  readonly motionMultipliers: ReadonlyMap<Motion, Decimal>;
  /** Thresholds strictly ascending, multipliers non-decreasing (checked on publish). */
  readonly accelerators: readonly Accelerator[];
  readonly maxDiscount: Decimal;
  readonly multiplierAbove: Decimal;
  readonly capPerDeal: Decimal | null;
  readonly capPerQuarter: Decimal | null;
  readonly holdbackDays: number;
  readonly clawbackDays: number;
  readonly mdfAccrualRates: ReadonlyMap<string, Decimal>;
  readonly protectionDays: number;
}

const versionPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const tierNamePattern = /^[a-z][a-z0-9_-]{0,49}$/;
const familyNamePattern = /^[A-Za-z0-9][A-Za-z0-9 _./-]{0,99}$/;
const daysMax = 3650;
/** A multiplier is at least 0 and at most 10, which keeps every commission within the money bounds. */
const multiplierBounds = { min: '0', max: multiplierMax, meaning: 'a multiplier is from 0 to 10' } as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Collects every broken rule of a document in one pass, so an author fixes them all at once instead
 * of discovering them one publish attempt at a time.
 */
class Checker {
  readonly issues: RuleSetIssue[] = [];

  add(path: string, rule: string, message: string): void {
    this.issues.push({ path, rule, message });
  }

  /** An object at `path`, or undefined after recording why not. */
  object(parent: Json, key: string, path: string, required = true): Json | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (required) this.add(at, 'required', `${at} is required`);
      return undefined;
    }
    if (!isObject(value)) {
      this.add(at, 'object', `${at} must be an object`);
      return undefined;
    }
    return value;
  }

  keys(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const at = join(path, key);
        this.add(at, 'unknownKey', `${at} is not a known key${path === '' ? '' : ` of ${path}`} (allowed: ${allowed.join(', ')})`);
      }
    }
  }

  /**
   * A decimal string within bounds. `fraction` is the common case of a rate: between 0 and 1.
   * Numbers are refused on purpose: a JSON number may already have lost digits.
   */
  decimal(
    parent: Json,
    key: string,
    path: string,
    bounds: { min?: string; minExclusive?: boolean; max?: string; meaning?: string; required?: boolean; scale?: number } = {},
  ): Decimal | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (bounds.required !== false) this.add(at, 'required', `${at} is required`);
      return undefined;
    }
    if (!isDecimalString(value)) {
      const hint = typeof value === 'number' ? ` (write "${String(value)}" as a string so no digit is lost)` : '';
      this.add(at, 'decimalString', `${at} must be a decimal string such as "0.15"${hint}`);
      return undefined;
    }
    const amount = new Decimal(value);
    if (!isWithinAmountLimit(amount)) {
      const digits = `at most ${amountIntegerDigitsMax} digits before the decimal point`;
      this.add(at, 'magnitude', `${at} must be below ${amountLimit} (${digits})`);
      return undefined;
    }
    const meaning = bounds.meaning ? ` (${bounds.meaning})` : '';
    if (bounds.min !== undefined) {
      const below = bounds.minExclusive ? amount.lte(bounds.min) : amount.lt(bounds.min);
      if (below) {
        const rule = bounds.min === '0' && !bounds.minExclusive ? 'nonNegative' : 'min';
        this.add(at, rule, `${at} must be ${bounds.minExclusive ? 'greater than' : 'at least'} ${bounds.min}${meaning}`);
        return undefined;
      }
    }
    if (bounds.max !== undefined && amount.gt(bounds.max)) {
      this.add(at, bounds.max === '1' ? 'fractionMax' : 'max', `${at} must be at most ${bounds.max}${meaning}`);
      return undefined;
    }
    if (bounds.scale !== undefined && amount.decimalPlaces() > bounds.scale) {
      this.add(at, 'moneyScale', `${at} must have at most ${bounds.scale} decimal places (the minor unit of the program currency)`);
      return undefined;
    }
    return amount;
  }

  fraction(parent: Json, key: string, path: string, meaning = 'a rate is a fraction'): Decimal | undefined {
    return this.decimal(parent, key, path, { min: '0', max: '1', meaning });
  }

  integer(parent: Json, key: string, path: string, min: number, max: number, required = true): number | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (required) this.add(at, 'required', `${at} is required`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(at, 'integer', `${at} must be a whole number`);
      return undefined;
    }
    if (value < min || value > max) {
      this.add(at, 'range', `${at} must be between ${min} and ${max}`);
      return undefined;
    }
    return value;
  }

  /** A table with exactly one fraction per tier: a missing tier and a key that is no tier are both errors. */
  rateTable(parent: Json, key: string, path: string, tierNames: readonly string[], required = true): Map<string, Decimal> | undefined {
    const table = this.object(parent, key, path, required);
    if (!table) return undefined;
    const at = join(path, key);
    const rates = new Map<string, Decimal>();
    // Without a valid tier list there is nothing to hold the table against; the tiers already failed.
    if (tierNames.length === 0) return rates;
    for (const name of Object.keys(table)) {
      if (!tierNames.includes(name)) {
        this.add(join(at, name), 'unknownTier', `${join(at, name)} is not a tier of this rule set (tiers: ${tierNames.join(', ')})`);
      }
    }
    for (const name of tierNames) {
      if (!Object.hasOwn(table, name)) {
        this.add(join(at, name), 'rateMissing', `${at} has no rate for tier ${name}: every tier needs one`);
        continue;
      }
      const rate = this.fraction(table, name, at);
      if (rate) rates.set(name, rate);
    }
    return rates;
  }
}

const topKeys = ['version', 'effectiveFrom', 'currency', 'rounding', 'tiers', 'tierEvaluation', 'commission', 'mdf', 'registration'];
const commissionKeys = [
  'rates', 'familyRates', 'roleMultipliers', 'motionMultipliers', 'accelerators', 'discountPolicy', 'caps', 'holdbackDays', 'clawbackDays',
];
const requirementKeys = ['trailingRevenue', 'wonDeals', 'winRate'] as const;

/**
 * Checks a candidate document and returns its compiled form, or the full list of issues. The
 * document is returned as given (it has no key the schema does not know), so the published fact
 * is byte-for-byte what the author wrote.
 */
export function checkRuleSet(input: unknown): { ok: true; document: RuleSetDocument; ruleSet: RuleSet } | { ok: false; issues: RuleSetIssue[] } {
  const check = new Checker();
  if (!isObject(input)) {
    check.add('', 'object', 'the rule set must be a JSON object');
    return { ok: false, issues: check.issues };
  }
  check.keys(input, topKeys, '');

  const version = input['version'];
  if (typeof version !== 'string' || !versionPattern.test(version)) {
    check.add('version', 'version', 'version must be 1 to 50 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  const effectiveFrom = input['effectiveFrom'];
  if (!isBusinessDate(effectiveFrom)) check.add('effectiveFrom', 'date', 'effectiveFrom must be a calendar date YYYY-MM-DD');
  const currency = input['currency'];
  const currencyValid = typeof currency === 'string' && currencyPattern.test(currency);
  if (!currencyValid) check.add('currency', 'currency', 'currency must be an ISO 4217 code of three capital letters, such as "USD"');
  const rounding = input['rounding'];
  if (typeof rounding !== 'string' || !(roundingModes as readonly string[]).includes(rounding)) {
    check.add('rounding', 'roundingMode', `rounding must be one of ${roundingModes.join(', ')}`);
  }
  const scale = currencyValid ? minorUnits(currency) : undefined;

  // Tiers: ascending, each requiring more than the one below, the first open to every partner.
  const tiers: { name: string; requirements: TierRequirements }[] = [];
  const tierNames: string[] = [];
  const tiersValue = input['tiers'];
  if (tiersValue === undefined) check.add('tiers', 'required', 'tiers is required');
  else if (!Array.isArray(tiersValue) || tiersValue.length === 0 || tiersValue.length > 20) {
    check.add('tiers', 'tierList', 'tiers must be a list of 1 to 20 tiers, lowest first');
  } else {
    tiersValue.forEach((tier: unknown, index) => {
      const at = `tiers[${index}]`;
      if (!isObject(tier)) {
        check.add(at, 'object', `${at} must be an object with a name and requirements`);
        return;
      }
      check.keys(tier, ['name', 'requirements'], at);
      const name = tier['name'];
      let tierName: string | undefined;
      if (typeof name !== 'string' || !tierNamePattern.test(name)) {
        check.add(`${at}.name`, 'tierName', `${at}.name must be 1 to 50 lowercase letters, digits, dashes or underscores, starting with a letter`);
      } else if (tierNames.includes(name)) {
        check.add(`${at}.name`, 'duplicateTier', `${at}.name repeats tier ${name}: tier names must be unique`);
      } else {
        tierName = name;
        tierNames.push(name);
      }
      const requirementsValue = check.object(tier, 'requirements', at);
      if (!requirementsValue) return;
      const requirementsAt = `${at}.requirements`;
      check.keys(requirementsValue, requirementKeys, requirementsAt);
      const trailingRevenue = check.decimal(requirementsValue, 'trailingRevenue', requirementsAt, { min: '0', required: false });
      const wonDeals = check.integer(requirementsValue, 'wonDeals', requirementsAt, 0, 1_000_000, false);
      const winRate = check.decimal(requirementsValue, 'winRate', requirementsAt, { min: '0', max: '1', meaning: 'a win rate is a fraction', required: false });
      const requirements: TierRequirements = {
        ...(trailingRevenue !== undefined ? { trailingRevenue } : {}),
        ...(wonDeals !== undefined ? { wonDeals } : {}),
        ...(winRate !== undefined ? { winRate } : {}),
      };
      if (index === 0 && Object.keys(requirementsValue).length > 0) {
        check.add(requirementsAt, 'entryTier', `${requirementsAt} must be empty: the first tier is the entry tier every partner starts in`);
      }
      if (tierName !== undefined) tiers.push({ name: tierName, requirements });
    });
    checkTierOrder(check, tiersValue);
  }

  const evaluation = check.object(input, 'tierEvaluation', '');
  let trailingQuarters: number | undefined;
  let demotionGraceQuarters: number | undefined;
  if (evaluation) {
    check.keys(evaluation, ['trailingQuarters', 'demotionGraceQuarters'], 'tierEvaluation');
    trailingQuarters = check.integer(evaluation, 'trailingQuarters', 'tierEvaluation', 1, 20);
    demotionGraceQuarters = check.integer(evaluation, 'demotionGraceQuarters', 'tierEvaluation', 0, 20);
  }

  const commission = check.object(input, 'commission', '');
  let rates: Map<string, Decimal> | undefined;
  const familyRates = new Map<string, Map<string, Decimal>>();
  const roleMultipliers = new Map<PartnerRole, Decimal>();
  const motionMultipliers = new Map<Motion, Decimal>();
  const accelerators: Accelerator[] = [];
  let maxDiscount: Decimal | undefined;
  let multiplierAbove: Decimal | undefined;
  let capPerDeal: Decimal | null = null;
  let capPerQuarter: Decimal | null = null;
  let holdbackDays: number | undefined;
  let clawbackDays: number | undefined;
  if (commission) {
    check.keys(commission, commissionKeys, 'commission');
    rates = check.rateTable(commission, 'rates', 'commission', tierNames);

    const families = check.object(commission, 'familyRates', 'commission', false);
    if (families) {
      for (const family of Object.keys(families)) {
        if (!familyNamePattern.test(family)) {
          check.add(`commission.familyRates.${family}`, 'familyName', `commission.familyRates.${family} is not a valid product family name`);
          continue;
        }
        const table = check.rateTable(families, family, 'commission.familyRates', tierNames);
        if (table) familyRates.set(family, table);
      }
    }

    const roles = check.object(commission, 'roleMultipliers', 'commission');
    if (roles) {
      check.keys(roles, roleNames, 'commission.roleMultipliers');
      for (const role of roleNames) {
        const multiplier = check.decimal(roles, role, 'commission.roleMultipliers', multiplierBounds);
        if (multiplier) roleMultipliers.set(role, multiplier);
      }
    }
    const motionTable = check.object(commission, 'motionMultipliers', 'commission');
    if (motionTable) {
      check.keys(motionTable, motions, 'commission.motionMultipliers');
      for (const motion of motions) {
        const multiplier = check.decimal(motionTable, motion, 'commission.motionMultipliers', multiplierBounds);
        if (multiplier) motionMultipliers.set(motion, multiplier);
      }
    }

    const acceleratorList = commission['accelerators'];
    if (acceleratorList !== undefined) {
      if (!Array.isArray(acceleratorList) || acceleratorList.length > 20) {
        check.add('commission.accelerators', 'acceleratorList', 'commission.accelerators must be a list of at most 20 brackets');
      } else {
        acceleratorList.forEach((bracket: unknown, index) => {
          const at = `commission.accelerators[${index}]`;
          if (!isObject(bracket)) {
            check.add(at, 'object', `${at} must be an object with quarterlyRevenueAbove and multiplier`);
            return;
          }
          check.keys(bracket, ['quarterlyRevenueAbove', 'multiplier'], at);
          const threshold = check.decimal(bracket, 'quarterlyRevenueAbove', at, { min: '0' });
          const multiplierBounds = { min: '1', max: multiplierMax, meaning: 'an accelerator never lowers commission' };
          const multiplier = check.decimal(bracket, 'multiplier', at, multiplierBounds);
          if (threshold === undefined || multiplier === undefined) return;
          const previous = accelerators.at(-1);
          if (previous && !threshold.gt(previous.quarterlyRevenueAbove)) {
            check.add(`${at}.quarterlyRevenueAbove`, 'acceleratorOrder',
              `${at}.quarterlyRevenueAbove must be greater than ${previous.quarterlyRevenueAbove.toFixed()}: brackets are listed lowest threshold first`);
            return;
          }
          if (previous && multiplier.lt(previous.multiplier)) {
            check.add(`${at}.multiplier`, 'acceleratorOrder',
              `${at}.multiplier must be at least ${previous.multiplier.toFixed()}: a higher bracket never pays less than a lower one`);
            return;
          }
          accelerators.push({ quarterlyRevenueAbove: threshold, multiplier });
        });
      }
    }

    const discount = check.object(commission, 'discountPolicy', 'commission');
    if (discount) {
      check.keys(discount, ['maxDiscount', 'multiplierAbove'], 'commission.discountPolicy');
      maxDiscount = check.fraction(discount, 'maxDiscount', 'commission.discountPolicy', 'a discount is a fraction');
      multiplierAbove = check.fraction(discount, 'multiplierAbove', 'commission.discountPolicy', 'a discount above policy may only lower commission');
    }

    const caps = check.object(commission, 'caps', 'commission', false);
    if (caps) {
      check.keys(caps, ['perDeal', 'perQuarter'], 'commission.caps');
      const capBounds = { min: '0', minExclusive: true, required: false, ...(scale !== undefined ? { scale } : {}) };
      capPerDeal = check.decimal(caps, 'perDeal', 'commission.caps', capBounds) ?? null;
      capPerQuarter = check.decimal(caps, 'perQuarter', 'commission.caps', capBounds) ?? null;
    }
    holdbackDays = check.integer(commission, 'holdbackDays', 'commission', 0, daysMax);
    clawbackDays = check.integer(commission, 'clawbackDays', 'commission', 0, daysMax);
  }

  const mdf = check.object(input, 'mdf', '');
  let mdfAccrualRates: Map<string, Decimal> | undefined;
  if (mdf) {
    check.keys(mdf, ['accrualRates'], 'mdf');
    mdfAccrualRates = check.rateTable(mdf, 'accrualRates', 'mdf', tierNames);
  }
  const registration = check.object(input, 'registration', '');
  let protectionDays: number | undefined;
  if (registration) {
    check.keys(registration, ['protectionDays'], 'registration');
    protectionDays = check.integer(registration, 'protectionDays', 'registration', 1, daysMax);
  }

  if (check.issues.length > 0) return { ok: false, issues: check.issues };
  // Every field below was checked above; an undefined one would have left an issue.
  const ruleSet: RuleSet = {
    version: version as string,
    effectiveFrom: effectiveFrom as string,
    currency: currency as string,
    rounding: rounding as RoundingMode,
    tiers,
    trailingQuarters: trailingQuarters!,
    demotionGraceQuarters: demotionGraceQuarters!,
    rates: rates!,
    familyRates,
    roleMultipliers,
    motionMultipliers,
    accelerators,
    maxDiscount: maxDiscount!,
    multiplierAbove: multiplierAbove!,
    capPerDeal,
    capPerQuarter,
    holdbackDays: holdbackDays!,
    clawbackDays: clawbackDays!,
    mdfAccrualRates: mdfAccrualRates!,
    protectionDays: protectionDays!,
  };
  return { ok: true, document: structuredClone(input) as unknown as RuleSetDocument, ruleSet };
}

/**
 * Requirements may not decrease from one tier to the next (an absent requirement counts as zero),
 * and a tier must ask for more than the one below in at least one respect: two tiers with the same
 * requirements overlap, and the lower could never be told apart from the higher.
 */
function checkTierOrder(check: Checker, tiersValue: readonly unknown[]): void {
  const levels = tiersValue.map((tier) => {
    const requirements = isObject(tier) && isObject(tier['requirements']) ? tier['requirements'] : {};
    const level = (key: string): Decimal | undefined => {
      const value = requirements[key];
      if (value === undefined) return new Decimal(0);
      if (typeof value === 'number' && Number.isInteger(value)) return new Decimal(value);
      return isDecimalString(value) ? new Decimal(value) : undefined;
    };
    return { name: isObject(tier) ? String(tier['name']) : '?', trailingRevenue: level('trailingRevenue'), wonDeals: level('wonDeals'), winRate: level('winRate') };
  });
  for (let index = 1; index < levels.length; index += 1) {
    const lower = levels[index - 1]!;
    const higher = levels[index]!;
    let stricter = false;
    let comparable = true;
    for (const key of requirementKeys) {
      const below = lower[key];
      const above = higher[key];
      if (below === undefined || above === undefined) {
        comparable = false;
        continue;
      }
      if (above.lt(below)) {
        check.add(`tiers[${index}].requirements.${key}`, 'tierOrder',
          `tiers[${index}].requirements.${key} (${above.toFixed()}, 0 when absent) must be at least ${below.toFixed()} as in tiers[${index - 1}] (${lower.name}): tiers are listed lowest first and requirements never decrease`);
        comparable = false;
      } else if (above.gt(below)) {
        stricter = true;
      }
    }
    if (comparable && !stricter) {
      check.add(`tiers[${index}].requirements`, 'tierOverlap',
        `tiers[${index}].requirements are the same as those of tiers[${index - 1}] (${lower.name}): each tier must require more than the one below`);
    }
  }
}

/** Validates a candidate and returns the document to store, or throws RULE_SET_INVALID listing every issue. */
export function validateRuleSet(input: unknown): RuleSetDocument {
  const result = checkRuleSet(input);
  if (!result.ok) throw ruleSetInvalid(result.issues);
  return result.document;
}

/** Compiles a stored (already validated) document; throws RULE_SET_INVALID if it is not valid. */
export function compileRuleSet(input: unknown): RuleSet {
  const result = checkRuleSet(input);
  if (!result.ok) throw ruleSetInvalid(result.issues);
  return result.ruleSet;
}

function ruleSetInvalid(issues: readonly RuleSetIssue[]): DomainError {
  const first = issues[0]!;
  // The same shape as every validation error: `fields`, each naming its path and rule.
  return new DomainError('RULE_SET_INVALID', `The rule set is invalid: ${issues.map((issue) => issue.message).join('; ')}`, {
    field: first.path,
    rule: first.rule,
    fields: issues.map((issue) => ({ field: issue.path, rule: issue.rule, message: issue.message })),
  });
}

/**
 * Effective dating: the set in force on a business date is the one with the latest `effectiveFrom`
 * not after the date; among equal dates, the one published last. `publications` must be in
 * publication order (log order), which is what decides ties.
 */
export function ruleSetInForce<T extends { readonly effectiveFrom: string }>(publications: readonly T[], date: string): T | undefined {
  let chosen: T | undefined;
  for (const publication of publications) {
    if (publication.effectiveFrom > date) continue;
    if (chosen === undefined || publication.effectiveFrom >= chosen.effectiveFrom) chosen = publication;
  }
  return chosen;
}
