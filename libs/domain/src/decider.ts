/**
 * The decider pattern: a pure aggregate defined by three functions. `decide` may throw a DomainError;
 * it never reads a clock, so time arrives in `command.metadata.now` (an ISO-8601 UTC timestamp).
 */
export interface Decider<Command, Event, State> {
  initialState(): State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export type Role = 'admin' | 'finance' | 'partner_manager' | 'ops' | 'auditor' | 'partner';
export const roles: readonly Role[] = ['admin', 'finance', 'partner_manager', 'ops', 'auditor', 'partner'];

export interface Actor {
  /** The authenticated subject (a person or a service). */
  readonly id: string;
  readonly role: Role;
  /** Set for partner users: the only partner whose data they may read or submit for. */
  readonly partnerId?: string;
}

export interface CommandMetadata {
  /** When the command is handled, from the injected clock (ISO-8601 UTC). */
  readonly now: string;
  readonly actor: Actor;
}

/**
 * A command: what the client asks (`type` and `data`, the request's identity, which its idempotency
 * fingerprint covers), who asks and when (`metadata`), and the `facts` the decider needs from other
 * streams or the rule set in force. The application loads the facts and the decider trusts them; they
 * describe the world at the time, not the request, so a retry after the world moved on is the same request.
 * A command that needs no facts has none (`Facts` left out).
 */
export type Command<Type extends string = string, Data = unknown, Facts = unknown> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
} & (undefined extends Facts ? { readonly facts?: Facts } : { readonly facts: Facts });

/** The command of `Commands` with type `Type`: what a decider's function for one command takes. */
export type CommandOf<Commands extends Command, Type extends Commands['type']> = Extract<Commands, { type: Type }>;

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Folds a history into the state the decider sees. */
export function fold<Command, Event, State>(decider: Decider<Command, Event, State>, events: readonly Event[]): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
