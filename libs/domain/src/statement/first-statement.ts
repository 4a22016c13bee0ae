import { dateOf } from '../dates.js';
import type { Command, Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';
import { requireFinance } from './statement.decider.js';

/**
 * `statement-<partnerId>-first`: which period a partner's first statement is for, claimed before it is
 * issued. The order rule (statement.decider.ts) leaves one race: two first statements of a partner, for
 * two periods, issued at the same moment (by two processes), both read "no statement yet" and would
 * snapshot the same lines. Both claim here first, at the version they read: one claim is recorded, the
 * other is refused (the store's expected version), wherever the processes run. No period ends in
 * "-first", so the stream never meets a statement's.
 */
export type FirstStatementEvent = DomainEvent<
  'FirstStatementClaimed',
  { partnerId: string; period: string; claimedAt: string }
>;

export type FirstStatementCommand = Command<'ClaimFirstStatement', { partnerId: string; period: string }>;

export interface FirstStatementState {
  readonly period: string | undefined;
}

export function firstStatementStream(partnerId: string): string {
  return `statement-${partnerId}-first`;
}

export const firstStatementDecider: Decider<FirstStatementCommand, FirstStatementEvent, FirstStatementState> = {
  initialState: () => ({ period: undefined }),
  decide(command, state) {
    const { partnerId, period } = command.data;
    requireFinance(command.metadata.actor, 'issue statements');
    // The same period again is a retry (a crash between claiming and issuing): the claim stands.
    if (state.period === period) return [];
    if (state.period !== undefined) {
      throw new DomainError(
        'STATEMENT_PERIOD_OUT_OF_ORDER',
        `Partner ${partnerId}'s first statement is for ${state.period}: issue it first; statements are issued ` +
          'period after period',
        { field: 'period', period, expected: state.period },
      );
    }
    return [{ type: 'FirstStatementClaimed', data: { partnerId, period, claimedAt: dateOf(command.metadata.now) } }];
  },
  evolve: (_state, event) => ({ period: event.data.period }),
};
