import { DomainError } from '../errors.js';
import { ruleSetInForce } from './rule-set.schema.js';

/**
 * One revenue fact of a deal (won, renewed, expanded or refunded) as a rule-set publication weighs
 * it: which currency its amounts are in, whether it carries an fxRate, and which program currency it
 * was converted into when it was recorded (absent on events from before that was recorded).
 */
export interface DealConversionFact {
  readonly dealId: string;
  readonly businessDate: string;
  readonly dealCurrency: string;
  readonly programCurrency?: string;
  readonly hasFxRate: boolean;
}

/** What `PublishRuleSet` needs to know besides the program stream: the deal facts a publication could govern. */
export interface PublishRuleSetFacts {
  /** Every deal fact dated on or after the candidate's effectiveFrom that cannot be paid in its currency (`paysIn`). */
  readonly dealFacts: readonly DealConversionFact[];
}

/** Deal ids named in the refusal; the count says how many there are in all. */
export const orphanedDealsListed = 20;

/**
 * True when a rule set paying in `currency` can pay the fact: the same test as the commission book's
 * `conversionProblem`, which drops the fact's lines otherwise. The fact's amounts were converted into
 * the program currency recorded on it (the set in force's when none is), and a deal in another
 * currency needs an fxRate at all.
 */
export function paysIn(fact: DealConversionFact, currency: string): boolean {
  const target = fact.programCurrency ?? currency;
  return target === currency && (fact.dealCurrency === currency || fact.hasFxRate);
}

interface Publication {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly currency: string;
}

/**
 * Whether a publication could orphan any deal fact, known before the facts are read (a read of the whole
 * log): not when every published set pays in the candidate's currency and one is in force on its first day,
 * since each fact it would govern then has a set in force now that pays it exactly when the candidate does.
 */
export function mayOrphanDeals(
  published: readonly Pick<Publication, 'effectiveFrom' | 'currency'>[],
  candidate: Pick<Publication, 'effectiveFrom' | 'currency'>,
): boolean {
  if (published.some((publication) => publication.currency !== candidate.currency)) return true;
  return !published.some((publication) => publication.effectiveFrom <= candidate.effectiveFrom);
}

/**
 * Refuses a publication that would orphan deal facts: a fact it would govern (it is the set in force
 * on the fact's date once published) that the set in force now can pay, but the candidate cannot,
 * because it pays in another currency than the fact was converted into. Its commission lines would
 * silently disappear. Facts nobody can pay today are not this publication's doing and do not count.
 */
export function requireNoOrphanedDeals(
  published: readonly Publication[],
  candidate: Publication,
  facts: readonly DealConversionFact[],
): void {
  const after = [...published, candidate];
  const dealIds = new Set<string>();
  for (const fact of facts) {
    if (fact.businessDate < candidate.effectiveFrom || paysIn(fact, candidate.currency)) continue;
    if (ruleSetInForce(after, fact.businessDate) !== candidate) continue;
    const current = ruleSetInForce(published, fact.businessDate);
    if (current === undefined || paysIn(fact, current.currency)) dealIds.add(fact.dealId);
  }
  if (dealIds.size === 0) return;
  const listed = [...dealIds].sort().slice(0, orphanedDealsListed);
  const more = dealIds.size > listed.length ? ` and ${dealIds.size - listed.length} more` : '';
  throw new DomainError(
    'RULE_SET_ORPHANS_DEALS',
    `Rule set ${candidate.version} pays in ${candidate.currency} from ${candidate.effectiveFrom}, ` +
      `but ${dealIds.size} deal(s) have facts in that span converted into another currency or without an fxRate, ` +
      `whose commission it would drop: ${listed.join(', ')}${more}. ` +
      'Publish the currency change from a date after those facts instead',
    {
      field: 'currency',
      currency: candidate.currency,
      effectiveFrom: candidate.effectiveFrom,
      dealIds: listed,
      dealCount: dealIds.size,
    },
  );
}
