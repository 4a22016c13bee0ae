import type { Command, DomainEvent } from '../decider.js';
import type { PublishRuleSetFacts } from './rule-set-orphans.js';

/** The stream that holds program-wide facts: rule-set publications and period closes. */
export const programStream = 'program';

export type ProgramEvent =
  // `rules` is the validated rule-set document of DESIGN §5 (amounts and rates as decimal strings).
  | DomainEvent<
      'RuleSetPublished',
      { version: string; effectiveFrom: string; rules: unknown; rationale: string; publishedAt: string }
    >
  | DomainEvent<'PeriodClosed', { period: string; closedAt: string }>;

export type ProgramCommand =
  /** `rules` is the candidate document; its own `version` and `effectiveFrom` name the publication. */
  | Command<'PublishRuleSet', { rules: unknown; rationale: string }, PublishRuleSetFacts>
  | Command<'ClosePeriod', { period: string }>;
