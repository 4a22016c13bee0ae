import type { FieldIssue } from './api/client';
import { checkRuleSet } from '../../../libs/domain/src/program/rule-set.schema';
import { readOnlyKeys } from './simulation';

/**
 * The problems of a candidate as the author types it, each at its JSON path: the domain's own rule-set check
 * (the one the API runs, pure and bundled), on the document without its rationale and read-only keys, as the
 * API reads it (a simulation names a candidate without a version `candidate`; publishing needs one). The rationale
 * is the publish form's own field. The API still decides; its refusal shows as it is.
 */
export function candidateIssues(text: string, purpose: 'simulate' | 'publish'): FieldIssue[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (failure) {
    return [{ field: '', message: `not JSON: ${failure instanceof Error ? failure.message : String(failure)}` }];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [{ field: '', message: 'the rule set must be a JSON object' }];
  const { rationale: _rationale, ...document } = body as Record<string, unknown>;
  for (const key of Object.keys(readOnlyKeys)) delete document[key];
  if (purpose === 'simulate' && document['version'] === undefined) document['version'] = 'candidate';
  const checked = checkRuleSet(document);
  return checked.ok ? [] : checked.issues.map((issue) => ({ field: issue.path, message: issue.message }));
}
