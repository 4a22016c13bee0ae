import { DomainError, invariant, type Command, type Decider, type DomainEvent } from '#domain';
import { canonicalJson, deterministicUuid, sha256Hex } from './canonical-json.js';
import {
  DuplicateEventId,
  StreamVersionConflict,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from './event-store.port.js';

export interface CommandContext {
  /** Identifies the command across retries: the Idempotency-Key header, or the id of the entity it creates. */
  readonly idempotencyKey: string;
  readonly correlationId: string;
  /** What caused this command: the request, or the event a reactor reacted to. */
  readonly causationId: string;
}

export interface CommandResult {
  readonly stream: string;
  /**
   * The events this command produced (on a replayed retry: the ones it produced the first time); none
   * when the decider found nothing to record, and then `position` is that of the stream's last event.
   */
  readonly events: readonly StoredEvent[];
  readonly nextExpectedVersion: number;
  readonly position: bigint;
  /** True when the command had already taken effect and nothing was appended this time. */
  readonly replayed: boolean;
}

interface CachedStream<State> {
  readonly version: number;
  /** The global position of the stream's last event (0n for a stream that does not exist). */
  readonly position: bigint;
  readonly state: State;
  /** Every command key seen in the stream, with its payload fingerprint and the events it produced. */
  readonly commands: Map<string, { readonly hash: string; readonly events: readonly StoredEvent[] }>;
}

/**
 * Folded stream states by stream name, so a command on a long stream reads only what is new since
 * the last command. The store stays the source of truth: every append still checks the exact
 * version, and a conflict drops the entry. Bounded: the least recently used stream leaves first.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream<unknown>>();
  constructor(private readonly streamsMax = 10_000) {}

  get<State>(stream: string): CachedStream<State> | undefined {
    const entry = this.entries.get(stream);
    if (entry) {
      this.entries.delete(stream);
      this.entries.set(stream, entry);
    }
    return entry as CachedStream<State> | undefined;
  }

  set<State>(stream: string, entry: CachedStream<State>): void {
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.streamsMax) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }
}

export interface HandleCommandOptions {
  readonly cache?: StreamStateCache;
  /** Attempts after the first when another writer moved the stream between our read and append. */
  readonly retriesMax?: number;
}

/**
 * The one command pipeline: read the stream, fold, decide, append at the exact version read.
 *
 * Idempotency lives in the stream itself: each event records the command key and a hash of the
 * command's type and data, and its id is derived from stream, key, hash and index. A command whose
 * key is already in the stream returns the original result (same hash) or IDEMPOTENCY_KEY_REUSED
 * (different hash); two identical commands racing produce identical event ids, so the store keeps
 * one. Keys are therefore scoped to the stream the command targets. (The application scopes a client's
 * key to its actor, `client:<actor>:<key>`, apart from the keys it derives: request-context.ts.)
 */
export async function handleCommand<C extends Command, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  stream: string,
  command: C,
  context: CommandContext,
  options: HandleCommandOptions = {},
): Promise<CommandResult> {
  const retriesMax = options.retriesMax ?? 5;
  const commandHash = sha256Hex(canonicalJson({ type: command.type, data: requestPayload(command.data) }));
  for (let attempt = 0; attempt <= retriesMax; attempt += 1) {
    const current = await load(store, decider, stream, options.cache);
    const previous = current.commands.get(context.idempotencyKey);
    if (previous) {
      if (previous.hash !== commandHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request', {
          idempotencyKey: context.idempotencyKey,
        });
      }
      const last = previous.events.at(-1)!;
      return { stream, events: previous.events, nextExpectedVersion: current.version, position: last.position, replayed: true };
    }
    const decided = decider.decide(command, current.state);
    // Nothing to record (the state already says what the command asks): success, and nothing appended.
    if (decided.length === 0) return { stream, events: [], nextExpectedVersion: current.version, position: current.position, replayed: false };
    const events: NewEvent[] = decided.map((event, index) => ({
      eventId: deterministicUuid(stream, context.idempotencyKey, commandHash, String(index)),
      type: event.type,
      data: event.data,
      metadata: {
        actor: command.metadata.actor.id,
        actorRole: command.metadata.actor.role,
        correlationId: context.correlationId,
        causationId: context.causationId,
        recordedAt: command.metadata.now,
        idempotencyKey: context.idempotencyKey,
        commandHash,
      },
    }));
    try {
      const appended = await store.appendToStream(stream, events, { expectedVersion: current.version });
      const firstRevision = appended.nextExpectedVersion - events.length + 1;
      const firstPosition = appended.position - BigInt(events.length - 1);
      // Positions of a multi-event append are consecutive in both adapters' logs.
      const stored: StoredEvent[] = events.map((event, index) => ({
        ...event,
        stream,
        revision: firstRevision + index,
        position: firstPosition + BigInt(index),
      }));
      const replayed = appended.nextExpectedVersion !== current.version + events.length;
      if (!replayed && options.cache) {
        let state = current.state;
        for (const event of decided) state = decider.evolve(state, event);
        // Adding to the shared map is safe: the key is in the stream now, whatever happens next.
        current.commands.set(context.idempotencyKey, { hash: commandHash, events: stored });
        options.cache.set(stream, { version: appended.nextExpectedVersion, position: appended.position, state, commands: current.commands });
      } else {
        options.cache?.delete(stream);
      }
      return { stream, events: stored, nextExpectedVersion: appended.nextExpectedVersion, position: appended.position, replayed };
    } catch (error) {
      if (!(error instanceof StreamVersionConflict)) throw error;
      options.cache?.delete(stream);
    }
  }
  throw new DomainError('CONCURRENCY_CONFLICT', `${stream} kept changing while this command was decided; retry it`, { stream, attempts: retriesMax + 1 });
}

/** One command of a `handleCommands` call, with its own key: it is recorded as if it were handled alone. */
export interface KeyedCommand<C extends Command> {
  readonly command: C;
  readonly context: CommandContext;
}

/** What one command of a `handleCommands` call came to: its result, or the DomainError that refused it. */
export type CommandOutcome =
  | { readonly ok: true; readonly result: CommandResult }
  | { readonly ok: false; readonly error: DomainError };

/** The commands of one attempt, decided in order against the state each leaves. */
interface CommandsPlan {
  readonly events: NewEvent[];
  /** Per command: answered already (a replay or a refusal), or the slice of `events` it decided. */
  readonly steps: ({ readonly outcome: CommandOutcome } | { readonly from: number; readonly to: number })[];
  readonly state: unknown;
}

/**
 * Several commands on one stream, decided in order (each sees the events of those before it) and
 * appended together: one append, so one commit, instead of one per command. Each command keeps its own
 * idempotency key, payload hash, metadata and event ids, exactly as `handleCommand` would record it, so a
 * command is recognized as done whether it was handled alone or in a group. A command the decider refuses
 * (a DomainError) or whose key was used with another payload is answered alone and the others go on; any
 * other error fails the call. Another writer moving the stream meanwhile (a version conflict, or one of
 * these event ids appended elsewhere) reloads the stream and decides them all again.
 */
export async function handleCommands<C extends Command, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  stream: string,
  commands: readonly KeyedCommand<C>[],
  options: HandleCommandOptions = {},
): Promise<CommandOutcome[]> {
  const keys = new Set(commands.map(({ context }) => context.idempotencyKey));
  invariant(keys.size === commands.length, `handleCommands on ${stream} takes each idempotency key once`);
  const retriesMax = options.retriesMax ?? 5;
  const hashes = commands.map(({ command }) =>
    sha256Hex(canonicalJson({ type: command.type, data: requestPayload(command.data) })),
  );
  for (let attempt = 0; attempt <= retriesMax; attempt += 1) {
    const current = await load(store, decider, stream, options.cache);
    const plan = planCommands(decider, stream, current, commands, hashes);
    if (plan.events.length === 0) return outcomesOf(plan, stream, current, []);
    try {
      const appended = await store.appendToStream(stream, plan.events, { expectedVersion: current.version });
      const firstRevision = appended.nextExpectedVersion - plan.events.length + 1;
      const firstPosition = appended.position - BigInt(plan.events.length - 1);
      const stored: StoredEvent[] = plan.events.map((event, index) => ({
        ...event,
        stream,
        revision: firstRevision + index,
        position: firstPosition + BigInt(index),
      }));
      const replayed = appended.nextExpectedVersion !== current.version + plan.events.length;
      const version = appended.nextExpectedVersion;
      const outcomes = outcomesOf(plan, stream, { version, position: appended.position }, stored, replayed);
      if (!replayed && options.cache) {
        for (const [index, outcome] of outcomes.entries()) {
          if (!outcome.ok || outcome.result.events.length === 0 || outcome.result.replayed) continue;
          const events = outcome.result.events;
          current.commands.set(commands[index]!.context.idempotencyKey, { hash: hashes[index]!, events });
        }
        const state = plan.state as S;
        options.cache.set(stream, { version, position: appended.position, state, commands: current.commands });
      } else {
        options.cache?.delete(stream);
      }
      return outcomes;
    } catch (error) {
      if (!(error instanceof StreamVersionConflict) && !(error instanceof DuplicateEventId)) throw error;
      options.cache?.delete(stream);
    }
  }
  throw new DomainError(
    'CONCURRENCY_CONFLICT',
    `${stream} kept changing while these commands were decided; retry them`,
    { stream, attempts: retriesMax + 1 },
  );
}

function planCommands<C extends Command, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  stream: string,
  current: CachedStream<S>,
  commands: readonly KeyedCommand<C>[],
  hashes: readonly string[],
): CommandsPlan {
  const events: NewEvent[] = [];
  const steps: CommandsPlan['steps'] = [];
  let state = current.state;
  for (const [index, { command, context }] of commands.entries()) {
    const commandHash = hashes[index]!;
    const previous = current.commands.get(context.idempotencyKey);
    if (previous) {
      steps.push({ outcome: replayOutcome(stream, current.version, previous, commandHash, context.idempotencyKey) });
      continue;
    }
    let decided: E[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      steps.push({ outcome: { ok: false, error } });
      continue;
    }
    for (const event of decided) state = decider.evolve(state, event);
    const from = events.length;
    for (const [eventIndex, event] of decided.entries()) {
      events.push({
        eventId: deterministicUuid(stream, context.idempotencyKey, commandHash, String(eventIndex)),
        type: event.type,
        data: event.data,
        metadata: {
          actor: command.metadata.actor.id,
          actorRole: command.metadata.actor.role,
          correlationId: context.correlationId,
          causationId: context.causationId,
          recordedAt: command.metadata.now,
          idempotencyKey: context.idempotencyKey,
          commandHash,
        },
      });
    }
    steps.push({ from, to: events.length });
  }
  return { events, steps, state };
}

/** A command whose key is in the stream: its first result, or IDEMPOTENCY_KEY_REUSED for another payload. */
function replayOutcome(
  stream: string,
  version: number,
  previous: { readonly hash: string; readonly events: readonly StoredEvent[] },
  commandHash: string,
  idempotencyKey: string,
): CommandOutcome {
  if (previous.hash !== commandHash) {
    const message = 'This Idempotency-Key was already used with a different request';
    return { ok: false, error: new DomainError('IDEMPOTENCY_KEY_REUSED', message, { idempotencyKey }) };
  }
  const position = previous.events.at(-1)!.position;
  const events = previous.events;
  return { ok: true, result: { stream, events, nextExpectedVersion: version, position, replayed: true } };
}

/** Each command's answer once the plan's events are stored (or when there were none to store). */
function outcomesOf(
  plan: CommandsPlan,
  stream: string,
  after: { readonly version: number; readonly position: bigint },
  stored: readonly StoredEvent[],
  replayed = false,
): CommandOutcome[] {
  return plan.steps.map((step) => {
    if ('outcome' in step) return step.outcome;
    const events = stored.slice(step.from, step.to);
    const position = events.at(-1)?.position ?? stored.at(-1)?.position ?? after.position;
    const nextExpectedVersion = after.version;
    const result = { stream, events, nextExpectedVersion, position, replayed: replayed && events.length > 0 };
    return { ok: true, result };
  });
}

/**
 * What the client asked for: the command data without `context`, the facts the application loaded from
 * other streams (partner statuses, closed periods). Those describe the world at the time, not the
 * request, so a retry after the world moved on is still the same request.
 */
function requestPayload(data: unknown): unknown {
  if (!data || typeof data !== 'object' || !('context' in data)) return data;
  const { context: _context, ...payload } = data as Record<string, unknown>;
  return payload;
}

/**
 * The folded state of a stream, for facts a command needs from another aggregate (a partner's status,
 * a customer lock). The result is a snapshot: the command's own stream is still the only one whose
 * version its append checks.
 */
export async function loadState<C, E, S>(store: EventStore, decider: Decider<C, E, S>, stream: string, cache?: StreamStateCache): Promise<{ state: S; version: number }> {
  const loaded = await load(store, decider, stream, cache);
  return { state: loaded.state, version: loaded.version };
}

async function load<C, E, S>(store: EventStore, decider: Decider<C, E, S>, stream: string, cache: StreamStateCache | undefined): Promise<CachedStream<S>> {
  const cached = cache?.get<S>(stream);
  const read = await store.readStream(stream, { afterRevision: cached?.version ?? 0 });
  if (cached && read.events.length === 0) return cached;
  let state = cached?.state ?? decider.initialState();
  const commands = cached?.commands ?? new Map<string, { hash: string; events: readonly StoredEvent[] }>();
  for (const event of read.events) {
    state = decider.evolve(state, { type: event.type, data: event.data } as E);
    const key = event.metadata.idempotencyKey;
    const seen = commands.get(key);
    commands.set(key, { hash: event.metadata.commandHash, events: seen && seen.hash === event.metadata.commandHash ? [...seen.events, event] : [event] });
  }
  const loaded = { version: read.version, position: read.events.at(-1)?.position ?? cached?.position ?? 0n, state, commands };
  cache?.set(stream, loaded);
  return loaded;
}
