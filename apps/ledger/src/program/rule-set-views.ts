import { addDays, checkRuleSet, DomainError, fieldsRefusal, ruleSetInForce, type FieldIssue } from '#domain';
import type { RuleSetPublication } from './program-facts.js';
import type { GoverningSpan, RuleSetSummary, RuleSetView } from './program.dto.js';

/**
 * The days each rule set governs. The set in force on a date is the one with the latest effectiveFrom
 * not after it, the last published among equal dates; so each distinct effectiveFrom starts a span
 * governed by the last set published with it, which ends the day before the next effectiveFrom.
 * A set replaced by a later publication with the same effectiveFrom governs no day.
 */
export function governingSpans(publications: readonly RuleSetPublication[]): Map<string, GoverningSpan> {
  const dates = [...new Set(publications.map((publication) => publication.effectiveFrom))].sort();
  const spans = new Map<string, GoverningSpan>();
  dates.forEach((date, index) => {
    const governing = ruleSetInForce(publications, date);
    const next = dates[index + 1];
    if (governing) spans.set(governing.version, { from: date, through: next === undefined ? null : addDays(next, -1) });
  });
  return spans;
}

export function ruleSetSummary(
  publication: RuleSetPublication,
  spans: ReadonlyMap<string, GoverningSpan>,
): RuleSetSummary {
  return {
    version: publication.version,
    effectiveFrom: publication.effectiveFrom,
    currency: publication.ruleSet.currency,
    rationale: publication.rationale,
    publishedAt: publication.publishedAt,
    publishedBy: publication.publishedBy,
    retroactive: publication.effectiveFrom < publication.publishedAt,
    governs: spans.get(publication.version) ?? null,
    position: publication.position.toString(),
  };
}

/**
 * The one rule-set document (docs/api.md, "Rule-set documents"): the document of DESIGN §5 with its
 * `rationale` and the publication's read-only facts beside it. Edited (a new version) it is a body for
 * `POST /rule-sets` and for simulation as it stands: those ignore the read-only keys.
 */
export function ruleSetView(publication: RuleSetPublication, spans: ReadonlyMap<string, GoverningSpan>): RuleSetView {
  const { version, effectiveFrom, currency, ...publicationFacts } = ruleSetSummary(publication, spans);
  return {
    ...(publication.rules as unknown as Record<string, unknown>),
    ...publicationFacts,
    version,
    effectiveFrom,
    currency,
  };
}

/** Keys of a rule-set view that describe its publication: read-only, ignored when the document is sent back. */
export const readOnlyRuleSetKeys = ['publishedAt', 'publishedBy', 'retroactive', 'governs', 'position'] as const;

export interface RuleSetInput {
  readonly rules: Record<string, unknown>;
  /** Undefined only where the caller allowed it to be left out (a simulation). */
  readonly rationale: string | undefined;
}

export interface PublishInput extends RuleSetInput {
  readonly rationale: string;
}

export const rationaleLengthMax = 2000;

/** The version a candidate under simulation is named when it leaves its version out. */
export const candidateVersionDefault = 'candidate';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rationaleIssue(rationale: unknown, required: boolean): FieldIssue | undefined {
  if (rationale === undefined) {
    if (!required) return undefined;
    return { field: 'rationale', rule: 'required', message: 'rationale is required: say why the rules change' };
  }
  if (typeof rationale !== 'string' || rationale.trim().length === 0)
    return { field: 'rationale', rule: 'nonEmpty', message: 'rationale must be a non-empty string' };
  if (rationale.length > rationaleLengthMax)
    return {
      field: 'rationale',
      rule: 'maxLength',
      message: `rationale must be at most ${rationaleLengthMax} characters`,
    };
  return undefined;
}

/**
 * Splits a rule-set document (a `POST /rule-sets` or simulation body, or a CLI file) into the document
 * of DESIGN §5 and its top-level `rationale`, drops the read-only keys a `GET /rule-sets/:version`
 * answer carries, and checks everything at once, so an author sees every problem in one answer: each as
 * `{ field, rule, message }` with the document's own JSON path (`commission.rates.gold`,
 * `tiers[2].requirements.winRate`). A simulation may leave out the rationale and the version (then
 * named `candidate`). The decider checks the same again; this only gathers the list.
 */
export function ruleSetInput(body: unknown, purpose: 'publish' | 'simulate'): RuleSetInput {
  if (!isObject(body)) {
    const message = 'The body must be a JSON object: the rule-set document with a top-level rationale';
    throw new DomainError('RULE_SET_INVALID', message, {
      field: '',
      rule: 'object',
      fields: [{ field: '', rule: 'object', message }],
    });
  }
  const { rationale, ...document } = body;
  for (const key of readOnlyRuleSetKeys) delete document[key];
  const rules =
    purpose === 'simulate' && document['version'] === undefined
      ? { version: candidateVersionDefault, ...document }
      : document;
  const fields: FieldIssue[] = [];
  const checked = checkRuleSet(rules);
  if (!checked.ok)
    fields.push(...checked.issues.map((issue) => ({ field: issue.path, rule: issue.rule, message: issue.message })));
  const rationaleProblem = rationaleIssue(rationale, purpose === 'publish');
  if (rationaleProblem) fields.push(rationaleProblem);
  if (fields.length > 0) throw fieldsRefusal('RULE_SET_INVALID', 'The rule set is invalid: ', fields, true);
  return { rules, rationale: rationale as string | undefined };
}

/** A `POST /rule-sets` body: the document with its (required) rationale. */
export function publishInput(body: unknown): PublishInput {
  return ruleSetInput(body, 'publish') as PublishInput;
}
