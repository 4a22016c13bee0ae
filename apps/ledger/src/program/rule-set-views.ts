import { addDays, checkRuleSet, DomainError, ruleSetInForce } from '#domain';
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

export function ruleSetView(publication: RuleSetPublication, spans: ReadonlyMap<string, GoverningSpan>): RuleSetView {
  return { ...ruleSetSummary(publication, spans), rules: publication.rules as unknown as Record<string, unknown> };
}

export interface PublishInput {
  readonly rules: Record<string, unknown>;
  readonly rationale: string;
}

export const rationaleLengthMax = 2000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a `POST /rule-sets` body into the document of DESIGN §5 and its top-level `rationale`, and
 * checks both at once, so an author sees every problem in one answer: each as `{ field, rule, message }`
 * with the document's own JSON path (`commission.rates.gold`, `tiers[2].requirements.winRate`).
 * The decider checks the same again; this only gathers the list.
 */
export function publishInput(body: unknown): PublishInput {
  if (!isObject(body)) {
    const message = 'The body must be a JSON object: the rule-set document with a top-level rationale';
    throw new DomainError('RULE_SET_INVALID', message, {
      field: '',
      rule: 'object',
      fields: [{ field: '', rule: 'object', message }],
    });
  }
  const { rationale, ...rules } = body;
  const fields: { field: string; rule: string; message: string }[] = [];
  const checked = checkRuleSet(rules);
  if (!checked.ok)
    fields.push(...checked.issues.map((issue) => ({ field: issue.path, rule: issue.rule, message: issue.message })));
  if (rationale === undefined)
    fields.push({ field: 'rationale', rule: 'required', message: 'rationale is required: say why the rules change' });
  else if (typeof rationale !== 'string' || rationale.trim().length === 0)
    fields.push({ field: 'rationale', rule: 'nonEmpty', message: 'rationale must be a non-empty string' });
  else if (rationale.length > rationaleLengthMax)
    fields.push({
      field: 'rationale',
      rule: 'maxLength',
      message: `rationale must be at most ${rationaleLengthMax} characters`,
    });
  const first = fields[0];
  if (first) {
    throw new DomainError(
      'RULE_SET_INVALID',
      `The rule set is invalid: ${fields.map((field) => field.message).join('; ')}`,
      { field: first.field, rule: first.rule, fields },
    );
  }
  return { rules, rationale: rationale as string };
}
