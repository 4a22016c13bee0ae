import { expect, it } from '@jest/globals';
import type { Actor, Command, CommandMetadata, Decider } from '../decider.js';
import { DomainError, type ErrorCode } from '../errors.js';

/**
 * Given/when/then for deciders: `given` past events, `when` a command, `then` the new events or
 * `thenThrows` an error code. The state is only ever built by folding events, as in production.
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => {
            let state = decider.initialState();
            for (const event of events) state = decider.evolve(state, event);
            return decider.decide(command, state);
          };
          return {
            then(expected: readonly Event[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: ErrorCode, details?: Record<string, unknown>) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (details) expect((thrown as DomainError).details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}

export const defaultNow = '2026-02-10T12:00:00.000Z';
export const managerActor: Actor = { id: 'maria', role: 'partner_manager' };

/** Builds command metadata; each test names only what it cares about. */
/**
 * What a test overrides of a builder's command: fields of its data, and of its `facts` (each merged over
 * the builder's defaults).
 */
export type CommandOverrides<C extends Command> = Partial<C['data']> &
  (undefined extends C['facts'] ? unknown : { facts?: Partial<NonNullable<C['facts']>> });

export function metadata(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  return { now: defaultNow, actor: managerActor, ...overrides };
}

type Specification<Command, Event, State> = ReturnType<typeof deciderSpecification<Command, Event, State>>;

/**
 * The cases of a command that only an active partner p1 may send: refused for a partner that is not
 * enrolled, and for one that is suspended or offboarded. `command` builds it with the partner's status.
 */
export function itRefusesInactivePartners<Command, Event, State>(
  spec: Specification<Command, Event, State>,
  command: (partnerStatus: 'none' | 'suspended' | 'offboarded') => Command,
): void {
  it('refuses a partner that is not enrolled', () =>
    spec.given([]).when(command('none')).thenThrows('PARTNER_NOT_FOUND', { partnerId: 'p1' }));

  it.each(['suspended', 'offboarded'] as const)('refuses a %s partner', (partnerStatus) =>
    spec.given([]).when(command(partnerStatus)).thenThrows('PARTNER_NOT_ACTIVE', { status: partnerStatus }),
  );
}
