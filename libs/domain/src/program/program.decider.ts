import { dateOf, isPeriod, nextPeriod, periodEnd, periodOf } from '../dates.js';
import type { CommandOf, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { requireText } from '../validation.js';
import type { ProgramCommand, ProgramEvent } from './program.events.js';
import { requireNoOrphanedDeals } from './rule-set-orphans.js';
import { ruleSetInForce, validateRuleSet, type RuleSetDocument } from './rule-set.schema.js';

export interface ProgramState {
  /** Every published rule set, in publication order (which breaks ties between equal effective dates). */
  readonly ruleSets: readonly { readonly version: string; readonly effectiveFrom: string; readonly currency: string }[];
  /** Closed quarters in the order they were closed: consecutive, oldest first. */
  readonly closedPeriods: readonly string[];
}

/**
 * The program stream: rule-set publications and period closes. Periods close one quarter at a time,
 * in order, with no gaps, and only once the quarter is over: finance closes a quarter to freeze it,
 * and a gap would leave an open quarter behind a frozen one.
 */
export const programDecider: Decider<ProgramCommand, ProgramEvent, ProgramState> = {
  initialState: () => ({ ruleSets: [], closedPeriods: [] }),

  decide(command, state) {
    const today = dateOf(command.metadata.now);
    switch (command.type) {
      case 'PublishRuleSet':
        return publishRuleSet(command, state, today);
      case 'ClosePeriod':
        return closePeriod(command, state, today);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RuleSetPublished':
        return {
          ...state,
          ruleSets: [
            ...state.ruleSets,
            {
              version: event.data.version,
              effectiveFrom: event.data.effectiveFrom,
              currency: (event.data.rules as RuleSetDocument).currency,
            },
          ],
        };
      case 'PeriodClosed':
        return { ...state, closedPeriods: [...state.closedPeriods, event.data.period] };
    }
  },
};

/**
 * True when a business date falls in a closed period. Closing a quarter freezes it and every quarter
 * before it (the first close freezes the program's past), so comparing with the last close suffices.
 */
export function isInClosedPeriod(closedPeriods: readonly string[], date: string): boolean {
  const lastClosed = closedPeriods.at(-1);
  return lastClosed !== undefined && periodOf(date) <= lastClosed;
}

type ProgramCommandOf<Type extends ProgramCommand['type']> = CommandOf<ProgramCommand, Type>;

function publishRuleSet(
  command: ProgramCommandOf<'PublishRuleSet'>,
  state: ProgramState,
  today: string,
): ProgramEvent[] {
  const document = validateRuleSet(command.data.rules);
  const rationale = requireText(command.data.rationale, 'rationale', 2000).trim();
  if (state.ruleSets.some((ruleSet) => ruleSet.version === document.version)) {
    throw new DomainError(
      'RULE_SET_VERSION_EXISTS',
      `Rule set version ${document.version} is already published; publish a new version instead`,
      {
        field: 'version',
        version: document.version,
      },
    );
  }
  // A past effectiveFrom is allowed on purpose: it is how a retroactive correction is made, and
  // issued statements only ever see its effect as adjustment lines. It may not drop deals' lines.
  requireNoOrphanedDeals(state.ruleSets, document, command.facts.dealFacts);
  return [
    {
      type: 'RuleSetPublished',
      data: {
        version: document.version,
        effectiveFrom: document.effectiveFrom,
        rules: document,
        rationale,
        publishedAt: today,
      },
    },
  ];
}

/**
 * The quarter the next close must be: the one after the last closed, or before any close, the quarter in which the
 * earliest rule set takes effect (a close before it has no rules to evaluate tiers with). Null before any rule set.
 */
export function firstOpenPeriod(state: {
  readonly ruleSets: readonly { readonly effectiveFrom: string }[];
  readonly closedPeriods: readonly string[];
}): string | null {
  const lastClosed = state.closedPeriods.at(-1);
  if (lastClosed !== undefined) return nextPeriod(lastClosed);
  const effectiveFroms = state.ruleSets.map((ruleSet) => ruleSet.effectiveFrom).sort();
  return effectiveFroms[0] === undefined ? null : periodOf(effectiveFroms[0]);
}

/** Quarters close in order, with no gaps, once over, and only under a rule set to evaluate tiers with. */
function closePeriod(command: ProgramCommandOf<'ClosePeriod'>, state: ProgramState, today: string): ProgramEvent[] {
  const { period } = command.data;
  if (!isPeriod(period)) {
    throw new DomainError('VALIDATION_FAILED', 'period must be a calendar quarter such as "2026-Q1"', {
      field: 'period',
      rule: 'period',
    });
  }
  const lastClosed = state.closedPeriods.at(-1);
  if (lastClosed !== undefined && period <= lastClosed) {
    throw new DomainError(
      'PERIOD_ALREADY_CLOSED',
      `Period ${period} is already closed (closed through ${lastClosed})`,
      { period, closedThrough: lastClosed },
    );
  }
  const expected = firstOpenPeriod(state);
  if (expected !== null && period > expected) {
    throw new DomainError(
      'PERIOD_CLOSE_OUT_OF_ORDER',
      `Period ${period} cannot be closed while ${expected} is open: quarters close one after another, from the ` +
        "quarter the program's first rule set takes effect in",
      { period, expected, firstOpenPeriod: expected },
    );
  }
  const endsOn = periodEnd(period);
  if (endsOn >= today) {
    throw new DomainError(
      'PERIOD_NOT_ENDED',
      `Period ${period} ends on ${endsOn} and cannot be closed before it is over`,
      { period, endsOn },
    );
  }
  // Tiers are evaluated at every close, which needs the rules that governed the quarter.
  if (!ruleSetInForce(state.ruleSets, endsOn)) {
    throw new DomainError(
      'NO_RULE_SET_IN_FORCE',
      `No rule set is in force on ${endsOn}, so period ${period} has nothing to evaluate tiers with`,
      {
        period,
        date: endsOn,
      },
    );
  }
  return [{ type: 'PeriodClosed', data: { period, closedAt: today } }];
}
