import {
  getMetadataStorage,
  ValidationTypes,
  type ValidatorConstraintInterface,
  type ValidatorOptions,
} from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;

let memoized = false;
/** Moves whenever a rule is registered (a class declared later): what was planned from the rules is planned again. */
let metadataVersion = 0;

/**
 * Looks up each DTO's validation rules once instead of on every validation. class-validator filters every
 * class's metadata on each call (an `instanceof` per registered class for inherited rules) and groups the
 * result by property again: about a third of the ValidationPipe's time per command (an import line, a
 * request). The rules do not change once the classes are declared: the answers are kept per class and
 * options, and dropped whenever a rule is registered (a class declared later), so they are always the ones
 * class-validator itself would give. Callers only read them (ValidationExecutor). Idempotent.
 */
export function memoizeValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (memoized) return;
  memoized = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let byTarget = new Map<unknown, Map<string, Metadatas>>();
  let grouped = new WeakMap<Metadatas, ReturnType<Storage['groupByPropertyName']>>();
  storage.addValidationMetadata = (metadata) => {
    metadataVersion += 1;
    byTarget = new Map();
    grouped = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? '-'}`;
    let ofTarget = byTarget.get(target);
    if (!ofTarget) byTarget.set(target, (ofTarget = new Map<string, Metadatas>()));
    let found = ofTarget.get(key);
    if (!found) ofTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let found = grouped.get(metadatas);
    if (!found) grouped.set(metadatas, (found = group(metadatas)));
    return found;
  };
}

/** The options `ledgerValidationPipe` validates with, the only ones `certainlyValid` answers for. */
export const ledgerValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // Values are read to tell a missing field from a wrong one; answers never echo them.
  validationError: { target: false, value: true },
} as const satisfies ValidatorOptions;

/** One rule of a property: true when it holds, false when not, undefined when it cannot tell at once (a promise). */
type Rule = (object: object, value: unknown) => boolean | undefined;

/** What class-validator checks of one property: whether it checks at all, its rules, and whether it nests. */
interface PropertyPlan {
  readonly name: string;
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly rules: readonly Rule[];
  readonly nested: boolean;
}

/**
 * A class's rules by property; `none`: no rules at all (an unknown value, refused); `unsure`: a rule this does not
 * run (a promise rule, an async constraint), which only class-validator checks.
 */
type ClassPlan =
  { readonly allowed: ReadonlySet<string>; readonly properties: readonly PropertyPlan[] } | 'none' | 'unsure';

const plans = new Map<unknown, ClassPlan>();
let plansVersion = -1;

/**
 * Whether class-validator would find no error in `object` with `ledgerValidatorOptions`: true only when it is certain;
 * false or undefined send the object to class-validator, which finds the errors and words them. The same rules, read
 * from class-validator's own metadata and run by their own constraint instances, without its error objects, messages
 * and promises: that bookkeeping was a tenth of an import line's CPU on the API's thread, and most requests are valid.
 * Its equivalence with class-validator is a property test over every DTO (validation-metadata.spec.ts).
 */
export function certainlyValid(object: object, storage: Storage = getMetadataStorage()): boolean | undefined {
  if (plansVersion !== metadataVersion) {
    plans.clear();
    plansVersion = metadataVersion;
  }
  const plan = planOf(object.constructor, storage);
  if (plan === 'none') return false;
  if (plan === 'unsure') return undefined;
  // forbidNonWhitelisted: a property without any rule is an error.
  for (const key of Object.keys(object)) if (!plan.allowed.has(key)) return false;
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const rule of property.rules) {
      const holds = rule(object, value);
      if (holds !== true) return holds;
    }
    const nested = property.nested ? nestedValid(value, storage) : true;
    if (nested !== true) return nested;
  }
  return true;
}

/** As class-validator's nested validation: nothing to check, each item of a list, an object of its class, or not. */
function nestedValid(value: unknown, storage: Storage): boolean | undefined {
  if (value === undefined) return true;
  if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
    let verdict: boolean | undefined = true;
    // forEach, as class-validator: an array's holes are not items.
    (value as { forEach(visit: (item: unknown) => void): void }).forEach((item) => {
      if (verdict === true) verdict = nestedValid(item, storage);
    });
    return verdict;
  }
  return value instanceof Object ? certainlyValid(value, storage) : false;
}

function planOf(target: unknown, storage: Storage): ClassPlan {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = typeof target === 'function' ? planned(target, storage) : 'none';
    plans.set(target, plan);
  }
  return plan;
}

/** The plan of one class from its metadata, looked up exactly as class-validator looks it up for these options. */
function planned(target: Parameters<Storage['getTargetValidationMetadatas']>[0], storage: Storage): ClassPlan {
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false);
  if (metadatas.length === 0) return 'none';
  const byProperty = storage.groupByPropertyName(metadatas);
  const properties: PropertyPlan[] = [];
  for (const [name, ofProperty] of Object.entries(byProperty)) {
    const property = propertyPlanned(name, ofProperty, storage);
    if (property === 'unsure') return 'unsure';
    properties.push(property);
  }
  return { allowed: new Set(Object.keys(byProperty).filter((name) => byProperty[name]!.length > 0)), properties };
}

function propertyPlanned(name: string, metadatas: Metadatas, storage: Storage): PropertyPlan | 'unsure' {
  const conditions: PropertyPlan['conditions'][number][] = [];
  const rules: Rule[] = [];
  let nested = false;
  for (const metadata of metadatas) {
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.NESTED_VALIDATION:
        nested = true;
        break;
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED: {
        const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
        if (constraints.some((constraint) => constraint.async)) return 'unsure';
        rules.push(...constraints.map((constraint) => ruleOf(metadata, constraint.instance)));
        break;
      }
      default:
        return 'unsure';
    }
  }
  return { name, conditions, rules, nested };
}

/** One constraint of one rule, as class-validator runs it: its validateIf, each item of a list when `each`. */
function ruleOf(metadata: Metadatas[number], instance: ValidatorConstraintInterface): Rule {
  return (object, value) => {
    if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
    const args = {
      targetName: (object.constructor as { name: string } | undefined)?.name as string,
      property: metadata.propertyName,
      object,
      value,
      constraints: metadata.constraints,
    };
    const each = metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map);
    if (!each) return verdictOf(instance.validate(value, args));
    let verdict: boolean | undefined = true;
    for (const item of value instanceof Map ? value.values() : (value as Iterable<unknown>)) {
      const holds = verdictOf(instance.validate(item, args));
      if (holds === undefined) return undefined;
      verdict &&= holds;
    }
    return verdict;
  };
}

/** A constraint's answer: undefined for a thenable (as class-validator tells a promise: only it can wait for one). */
function verdictOf(holds: unknown): boolean | undefined {
  return typeof (holds as { then?: unknown } | null)?.then === 'function' ? undefined : Boolean(holds);
}
