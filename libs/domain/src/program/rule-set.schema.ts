import { isLedgerCurrency } from '../currencies.js';
import { isBusinessDate } from '../dates.js';
import type { PartnerRole } from '../deal/deal.events.js';
import { DomainError, fieldsRefusal } from '../errors.js';
import {
  amountIntegerDigitsMax,
  amountLimit,
  currencyPattern,
  Decimal,
  isDecimalString,
  isWithinAmountLimit,
  minorUnits,
  multiplierMax,
  roundingModes,
  type RoundingMode,
} from '../money.js';
import { currencyMessage } from '../validation.js';

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

  /** The value at `key` of `parent` and its path; undefined when absent, after recording it if it is required. */
  private present(
    parent: Json,
    key: string,
    path: string,
    required: boolean,
  ): { value: unknown; at: string } | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (required) this.add(at, 'required', `${at} is required`);
      return undefined;
    }
    return { value, at };
  }

  /** An object at `path`, or undefined after recording why not. */
  object(parent: Json, key: string, path: string, required = true): Json | undefined {
    const found = this.present(parent, key, path, required);
    if (found === undefined) return undefined;
    const { value, at } = found;
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
        this.add(
          at,
          'unknownKey',
          `${at} is not a known key${path === '' ? '' : ` of ${path}`} (allowed: ${allowed.join(', ')})`,
        );
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
    bounds: {
      min?: string;
      minExclusive?: boolean;
      max?: string;
      meaning?: string;
      required?: boolean;
      scale?: number;
    } = {},
  ): Decimal | undefined {
    const found = this.present(parent, key, path, bounds.required !== false);
    if (found === undefined) return undefined;
    const { value, at } = found;
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
        this.add(
          at,
          rule,
          `${at} must be ${bounds.minExclusive ? 'greater than' : 'at least'} ${bounds.min}${meaning}`,
        );
        return undefined;
      }
    }
    if (bounds.max !== undefined && amount.gt(bounds.max)) {
      this.add(at, bounds.max === '1' ? 'fractionMax' : 'max', `${at} must be at most ${bounds.max}${meaning}`);
      return undefined;
    }
    if (bounds.scale !== undefined && amount.decimalPlaces() > bounds.scale) {
      this.add(
        at,
        'moneyScale',
        `${at} must have at most ${bounds.scale} decimal places (the minor unit of the program currency)`,
      );
      return undefined;
    }
    return amount;
  }

  fraction(parent: Json, key: string, path: string, meaning = 'a rate is a fraction'): Decimal | undefined {
    return this.decimal(parent, key, path, { min: '0', max: '1', meaning });
  }

  integer(parent: Json, key: string, path: string, min: number, max: number, required = true): number | undefined {
    const found = this.present(parent, key, path, required);
    if (found === undefined) return undefined;
    const { value, at } = found;
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
  rateTable(
    parent: Json,
    key: string,
    path: string,
    tierNames: readonly string[],
    required = true,
  ): Map<string, Decimal> | undefined {
    const table = this.object(parent, key, path, required);
    if (!table) return undefined;
    const at = join(path, key);
    const rates = new Map<string, Decimal>();
    // Without a valid tier list there is nothing to hold the table against; the tiers already failed.
    if (tierNames.length === 0) return rates;
    for (const name of Object.keys(table)) {
      if (!tierNames.includes(name)) {
        this.add(
          join(at, name),
          'unknownTier',
          `${join(at, name)} is not a tier of this rule set (tiers: ${tierNames.join(', ')})`,
        );
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

const topKeys = [
  'version',
  'effectiveFrom',
  'currency',
  'rounding',
  'tiers',
  'tierEvaluation',
  'commission',
  'mdf',
  'registration',
];
const commissionKeys = [
  'rates',
  'familyRates',
  'roleMultipliers',
  'motionMultipliers',
  'accelerators',
  'discountPolicy',
  'caps',
  'holdbackDays',
  'clawbackDays',
];
const requirementKeys = ['trailingRevenue', 'wonDeals', 'winRate'] as const;

/**
 * Checks a candidate document and returns its compiled form, or the full list of issues. The
 * document is returned as given (it has no key the schema does not know), so the published fact
 * is byte-for-byte what the author wrote.
 */
export function checkRuleSet(
  input: unknown,
): { ok: true; document: RuleSetDocument; ruleSet: RuleSet } | { ok: false; issues: RuleSetIssue[] } {
  const check = new Checker();
  if (!isObject(input)) {
    check.add('', 'object', 'the rule set must be a JSON object');
    return { ok: false, issues: check.issues };
  }
  check.keys(input, topKeys, '');
  // Section by section, in document order, so the issues are listed in the order a reader meets them.
  const header = checkHeader(check, input);
  const { tiers, tierNames } = checkTiers(check, input);
  const evaluation = checkTierEvaluation(check, input);
  const commission = checkCommission(check, input, tierNames, header.scale);
  const mdfAccrualRates = checkMdf(check, input, tierNames);
  const protectionDays = checkRegistration(check, input);

  if (check.issues.length > 0) return { ok: false, issues: check.issues };
  // Every field below was checked above; an undefined one would have left an issue.
  const ruleSet: RuleSet = {
    version: header.version as string,
    effectiveFrom: header.effectiveFrom as string,
    currency: header.currency as string,
    rounding: header.rounding as RoundingMode,
    tiers,
    trailingQuarters: evaluation.trailingQuarters!,
    demotionGraceQuarters: evaluation.demotionGraceQuarters!,
    rates: commission.rates!,
    familyRates: commission.familyRates,
    roleMultipliers: commission.roleMultipliers,
    motionMultipliers: commission.motionMultipliers,
    accelerators: commission.accelerators,
    maxDiscount: commission.maxDiscount!,
    multiplierAbove: commission.multiplierAbove!,
    capPerDeal: commission.capPerDeal,
    capPerQuarter: commission.capPerQuarter,
    holdbackDays: commission.holdbackDays!,
    clawbackDays: commission.clawbackDays!,
    mdfAccrualRates: mdfAccrualRates!,
    protectionDays: protectionDays!,
  };
  return { ok: true, document: structuredClone(input) as unknown as RuleSetDocument, ruleSet };
}

/** Version, effective date, currency and rounding: as given (checked), with the currency's minor unit. */
function checkHeader(check: Checker, input: Json) {
  const version = input['version'];
  if (typeof version !== 'string' || !versionPattern.test(version)) {
    const message =
      'version must be 1 to 50 letters, digits, dots, dashes or underscores, ' + 'starting with a letter or digit';
    check.add('version', 'version', message);
  }
  const effectiveFrom = input['effectiveFrom'];
  if (!isBusinessDate(effectiveFrom)) {
    check.add('effectiveFrom', 'date', 'effectiveFrom must be a calendar date YYYY-MM-DD, from 1970-01-01 on');
  }
  const currency = input['currency'];
  const currencyValid = isLedgerCurrency(currency);
  if (!currencyValid) {
    const message =
      typeof currency === 'string' && currencyPattern.test(currency)
        ? currencyMessage('currency', currency)
        : 'currency must be an ISO 4217 code of three capital letters, such as "USD"';
    check.add('currency', 'currency', message);
  }
  const rounding = input['rounding'];
  if (typeof rounding !== 'string' || !(roundingModes as readonly string[]).includes(rounding)) {
    check.add('rounding', 'roundingMode', `rounding must be one of ${roundingModes.join(', ')}`);
  }
  const scale = currencyValid ? minorUnits(currency) : undefined;
  return { version, effectiveFrom, currency, rounding, scale };
}

type CheckedTier = { name: string; requirements: TierRequirements };

/** Tiers: ascending, each requiring more than the one below, the first open to every partner. */
function checkTiers(check: Checker, input: Json): { tiers: CheckedTier[]; tierNames: string[] } {
  const tiers: CheckedTier[] = [];
  const tierNames: string[] = [];
  const tiersValue = input['tiers'];
  if (tiersValue === undefined) check.add('tiers', 'required', 'tiers is required');
  else if (!Array.isArray(tiersValue) || tiersValue.length === 0 || tiersValue.length > 20) {
    check.add('tiers', 'tierList', 'tiers must be a list of 1 to 20 tiers, lowest first');
  } else {
    tiersValue.forEach((tier: unknown, index) => {
      const checked = checkTier(check, tier, index, tierNames);
      if (checked) tiers.push(checked);
    });
    checkTierOrder(check, tiersValue);
  }
  return { tiers, tierNames };
}

/** One tier; a valid, new name joins `tierNames` (even when its requirements fail). */
function checkTier(check: Checker, tier: unknown, index: number, tierNames: string[]): CheckedTier | undefined {
  const at = `tiers[${index}]`;
  if (!isObject(tier)) {
    check.add(at, 'object', `${at} must be an object with a name and requirements`);
    return undefined;
  }
  check.keys(tier, ['name', 'requirements'], at);
  const name = tier['name'];
  let tierName: string | undefined;
  if (typeof name !== 'string' || !tierNamePattern.test(name)) {
    const message =
      `${at}.name must be 1 to 50 lowercase letters, digits, dashes or underscores, ` + 'starting with a letter';
    check.add(`${at}.name`, 'tierName', message);
  } else if (tierNames.includes(name)) {
    check.add(`${at}.name`, 'duplicateTier', `${at}.name repeats tier ${name}: tier names must be unique`);
  } else {
    tierName = name;
    tierNames.push(name);
  }
  const requirementsValue = check.object(tier, 'requirements', at);
  if (!requirementsValue) return undefined;
  const requirementsAt = `${at}.requirements`;
  check.keys(requirementsValue, requirementKeys, requirementsAt);
  const revenueBounds = { min: '0', required: false };
  const trailingRevenue = check.decimal(requirementsValue, 'trailingRevenue', requirementsAt, revenueBounds);
  const wonDeals = check.integer(requirementsValue, 'wonDeals', requirementsAt, 0, 1_000_000, false);
  const winRateBounds = { min: '0', max: '1', meaning: 'a win rate is a fraction', required: false };
  const winRate = check.decimal(requirementsValue, 'winRate', requirementsAt, winRateBounds);
  const requirements: TierRequirements = {
    ...(trailingRevenue !== undefined ? { trailingRevenue } : {}),
    ...(wonDeals !== undefined ? { wonDeals } : {}),
    ...(winRate !== undefined ? { winRate } : {}),
  };
  if (index === 0 && Object.keys(requirementsValue).length > 0) {
    const message = `${requirementsAt} must be empty: the first tier is the entry tier every partner starts in`;
    check.add(requirementsAt, 'entryTier', message);
  }
  return tierName === undefined ? undefined : { name: tierName, requirements };
}

function checkTierEvaluation(check: Checker, input: Json) {
  const evaluation = check.object(input, 'tierEvaluation', '');
  if (!evaluation) return { trailingQuarters: undefined, demotionGraceQuarters: undefined };
  check.keys(evaluation, ['trailingQuarters', 'demotionGraceQuarters'], 'tierEvaluation');
  const trailingQuarters = check.integer(evaluation, 'trailingQuarters', 'tierEvaluation', 1, 20);
  const demotionGraceQuarters = check.integer(evaluation, 'demotionGraceQuarters', 'tierEvaluation', 0, 20);
  return { trailingQuarters, demotionGraceQuarters };
}

/** The commission section; undefined for what is missing or invalid (an issue says which). */
function checkCommission(check: Checker, input: Json, tierNames: readonly string[], scale: number | undefined) {
  const commission = check.object(input, 'commission', '');
  if (!commission) {
    return {
      rates: undefined,
      familyRates: new Map<string, Map<string, Decimal>>(),
      roleMultipliers: new Map<PartnerRole, Decimal>(),
      motionMultipliers: new Map<Motion, Decimal>(),
      accelerators: [],
      maxDiscount: undefined,
      multiplierAbove: undefined,
      capPerDeal: null,
      capPerQuarter: null,
      holdbackDays: undefined,
      clawbackDays: undefined,
    };
  }
  check.keys(commission, commissionKeys, 'commission');
  const rates = check.rateTable(commission, 'rates', 'commission', tierNames);
  const familyRates = checkFamilyRates(check, commission, tierNames);
  const roleMultipliers = checkMultipliers(check, commission, 'roleMultipliers', roleNames);
  const motionMultipliers = checkMultipliers(check, commission, 'motionMultipliers', motions);
  const accelerators = checkAccelerators(check, commission);
  const { maxDiscount, multiplierAbove } = checkDiscountPolicy(check, commission);
  const { capPerDeal, capPerQuarter } = checkCaps(check, commission, scale);
  const holdbackDays = check.integer(commission, 'holdbackDays', 'commission', 0, daysMax);
  const clawbackDays = check.integer(commission, 'clawbackDays', 'commission', 0, daysMax);
  return {
    rates,
    familyRates,
    roleMultipliers,
    motionMultipliers,
    accelerators,
    maxDiscount,
    multiplierAbove,
    capPerDeal,
    capPerQuarter,
    holdbackDays,
    clawbackDays,
  };
}

function checkFamilyRates(
  check: Checker,
  commission: Json,
  tierNames: readonly string[],
): Map<string, Map<string, Decimal>> {
  const familyRates = new Map<string, Map<string, Decimal>>();
  const families = check.object(commission, 'familyRates', 'commission', false);
  if (!families) return familyRates;
  for (const family of Object.keys(families)) {
    if (!familyNamePattern.test(family)) {
      const at = `commission.familyRates.${family}`;
      check.add(at, 'familyName', `${at} is not a valid product family name`);
      continue;
    }
    const table = check.rateTable(families, family, 'commission.familyRates', tierNames);
    if (table) familyRates.set(family, table);
  }
  return familyRates;
}

/** A multiplier table keyed by exactly the given names (partner roles, deal motions). */
function checkMultipliers<Name extends string>(
  check: Checker,
  commission: Json,
  key: string,
  names: readonly Name[],
): Map<Name, Decimal> {
  const multipliers = new Map<Name, Decimal>();
  const table = check.object(commission, key, 'commission');
  if (!table) return multipliers;
  const at = `commission.${key}`;
  check.keys(table, names, at);
  for (const name of names) {
    const multiplier = check.decimal(table, name, at, multiplierBounds);
    if (multiplier) multipliers.set(name, multiplier);
  }
  return multipliers;
}

function checkAccelerators(check: Checker, commission: Json): Accelerator[] {
  const accelerators: Accelerator[] = [];
  const acceleratorList = commission['accelerators'];
  if (acceleratorList === undefined) return accelerators;
  if (!Array.isArray(acceleratorList) || acceleratorList.length > 20) {
    const message = 'commission.accelerators must be a list of at most 20 brackets';
    check.add('commission.accelerators', 'acceleratorList', message);
    return accelerators;
  }
  acceleratorList.forEach((bracket: unknown, index) => {
    const accelerator = checkAccelerator(check, bracket, `commission.accelerators[${index}]`, accelerators.at(-1));
    if (accelerator) accelerators.push(accelerator);
  });
  return accelerators;
}

/** One bracket, above the previous one's threshold and paying at least its multiplier. */
function checkAccelerator(
  check: Checker,
  bracket: unknown,
  at: string,
  previous: Accelerator | undefined,
): Accelerator | undefined {
  if (!isObject(bracket)) {
    check.add(at, 'object', `${at} must be an object with quarterlyRevenueAbove and multiplier`);
    return undefined;
  }
  check.keys(bracket, ['quarterlyRevenueAbove', 'multiplier'], at);
  const threshold = check.decimal(bracket, 'quarterlyRevenueAbove', at, { min: '0' });
  const multiplierBounds = { min: '1', max: multiplierMax, meaning: 'an accelerator never lowers commission' };
  const multiplier = check.decimal(bracket, 'multiplier', at, multiplierBounds);
  if (threshold === undefined || multiplier === undefined) return undefined;
  if (previous && !threshold.gt(previous.quarterlyRevenueAbove)) {
    const message =
      `${at}.quarterlyRevenueAbove must be greater than ${previous.quarterlyRevenueAbove.toFixed()}: ` +
      'brackets are listed lowest threshold first';
    check.add(`${at}.quarterlyRevenueAbove`, 'acceleratorOrder', message);
    return undefined;
  }
  if (previous && multiplier.lt(previous.multiplier)) {
    const message =
      `${at}.multiplier must be at least ${previous.multiplier.toFixed()}: ` +
      'a higher bracket never pays less than a lower one';
    check.add(`${at}.multiplier`, 'acceleratorOrder', message);
    return undefined;
  }
  return { quarterlyRevenueAbove: threshold, multiplier };
}

function checkDiscountPolicy(check: Checker, commission: Json) {
  const discount = check.object(commission, 'discountPolicy', 'commission');
  if (!discount) return { maxDiscount: undefined, multiplierAbove: undefined };
  const at = 'commission.discountPolicy';
  check.keys(discount, ['maxDiscount', 'multiplierAbove'], at);
  const maxDiscount = check.fraction(discount, 'maxDiscount', at, 'a discount is a fraction');
  const multiplierMeaning = 'a discount above policy may only lower commission';
  const multiplierAbove = check.fraction(discount, 'multiplierAbove', at, multiplierMeaning);
  return { maxDiscount, multiplierAbove };
}

function checkCaps(
  check: Checker,
  commission: Json,
  scale: number | undefined,
): { capPerDeal: Decimal | null; capPerQuarter: Decimal | null } {
  const caps = check.object(commission, 'caps', 'commission', false);
  if (!caps) return { capPerDeal: null, capPerQuarter: null };
  check.keys(caps, ['perDeal', 'perQuarter'], 'commission.caps');
  const capBounds = { min: '0', minExclusive: true, required: false, ...(scale !== undefined ? { scale } : {}) };
  const capPerDeal = check.decimal(caps, 'perDeal', 'commission.caps', capBounds) ?? null;
  const capPerQuarter = check.decimal(caps, 'perQuarter', 'commission.caps', capBounds) ?? null;
  return { capPerDeal, capPerQuarter };
}

function checkMdf(check: Checker, input: Json, tierNames: readonly string[]): Map<string, Decimal> | undefined {
  const mdf = check.object(input, 'mdf', '');
  if (!mdf) return undefined;
  check.keys(mdf, ['accrualRates'], 'mdf');
  return check.rateTable(mdf, 'accrualRates', 'mdf', tierNames);
}

function checkRegistration(check: Checker, input: Json): number | undefined {
  const registration = check.object(input, 'registration', '');
  if (!registration) return undefined;
  check.keys(registration, ['protectionDays'], 'registration');
  return check.integer(registration, 'protectionDays', 'registration', 1, daysMax);
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
    return {
      name: isObject(tier) ? String(tier['name']) : '?',
      trailingRevenue: level('trailingRevenue'),
      wonDeals: level('wonDeals'),
      winRate: level('winRate'),
    };
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
        check.add(
          `tiers[${index}].requirements.${key}`,
          'tierOrder',
          `tiers[${index}].requirements.${key} (${above.toFixed()}, 0 when absent) ` +
            `must be at least ${below.toFixed()} as in tiers[${index - 1}] (${lower.name}): ` +
            'tiers are listed lowest first and requirements never decrease',
        );
        comparable = false;
      } else if (above.gt(below)) {
        stricter = true;
      }
    }
    if (comparable && !stricter) {
      check.add(
        `tiers[${index}].requirements`,
        'tierOverlap',
        `tiers[${index}].requirements are the same as those of tiers[${index - 1}] (${lower.name}): ` +
          'each tier must require more than the one below',
      );
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
  // The same shape as every validation error: `fields`, each naming its path and rule.
  const fields = issues.map((issue) => ({ field: issue.path, rule: issue.rule, message: issue.message }));
  return fieldsRefusal('RULE_SET_INVALID', 'The rule set is invalid: ', fields, true);
}

/**
 * Effective dating: the set in force on a business date is the one with the latest `effectiveFrom`
 * not after the date; among equal dates, the one published last. `publications` must be in
 * publication order (log order), which is what decides ties.
 */
export function ruleSetInForce<T extends { readonly effectiveFrom: string }>(
  publications: readonly T[],
  date: string,
): T | undefined {
  let chosen: T | undefined;
  for (const publication of publications) {
    if (publication.effectiveFrom > date) continue;
    if (chosen === undefined || publication.effectiveFrom >= chosen.effectiveFrom) chosen = publication;
  }
  return chosen;
}
