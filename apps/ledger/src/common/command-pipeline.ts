import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, invariant, type Command, type CommandMetadata, type Decider, type DomainEvent } from '#domain';
import {
  AppendBatch,
  appendDecidedElsewhere,
  handleCommand,
  handleCommands,
  loadState,
  StreamLocks,
  StreamStateCache,
  type CommandContext,
  type CommandOutcome,
  type CommandResult,
  type CommandSummary,
  type DecisionElsewhere,
  type EventStore,
} from '#event-store';
import { Metrics, type CommandOutcomeLabel } from './metrics.js';
import { clientKeyPrefix, type RequestContext } from './request-context.js';
import { CLOCK, EVENT_STORE, type Clock } from './tokens.js';

/** A command as a handler builds it, with its facts; the pipeline adds the time and the actor. */
export type CommandInput<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** A command as the client asks it: what a controller builds; its handler loads the facts the decider needs. */
export type CommandRequest<C extends Command> = C extends Command ? { type: C['type']; data: C['data'] } : never;

/** What the pipeline adds to a command (its metadata), and the context of its idempotency key. */
export interface CommandStamp {
  readonly metadata: CommandMetadata;
  readonly context: CommandContext;
}

/** A command with the request it comes from, which names its own idempotency key. */
export interface KeyedInput<C extends Command> {
  readonly input: CommandInput<C>;
  readonly request: RequestContext & { readonly idempotencyKey: string };
}

/**
 * The commands that begin their stream (the decider refuses them on any other state): decided as new without a read
 * when the cache holds no state of the stream (`presumeNew`). Any other command would be decided twice on a stream
 * the cache lacks, which is most streams after a start.
 */
const streamStarters: ReadonlySet<string> = new Set([
  'EnrollPartner',
  'OpenDeal',
  'SubmitRegistration',
  'ProposeCampaign',
  'IssueStatement',
]);

/**
 * The application side of the one command pipeline: stamps the command with the injected clock and
 * the authenticated actor, picks the idempotency key, and runs `handleCommand` with a shared cache
 * of folded stream states. Command handlers only choose the decider and the stream.
 */
@Injectable()
export class CommandPipeline {
  private readonly cache = new StreamStateCache();
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  run<C extends Command, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    stream: string,
    input: CommandInput<C>,
    request: RequestContext,
    options: { defaultKey?: string } = {},
  ): Promise<CommandResult> {
    const { metadata, context } = this.stamped(request, options);
    const command = { ...input, metadata } as unknown as C;
    const batch = this.batchScope();
    // An import line in a batch decides on the batch's own appends (its cache layer), and runs without the
    // stream's lock: the lines of a batch run in file order already, and each waits for the whole batch to be
    // written, so the next line on its stream would wait on its lock forever. Exact versions still decide.
    const handled = batch
      ? handleCommand(this.store, decider, stream, command, context, { cache: batch.cacheOver(this.cache) })
      : this.locks.run(stream, () =>
          handleCommand(this.store, decider, stream, command, context, {
            cache: this.cache,
            presumeNew: streamStarters.has(command.type),
          }),
        );
    return this.counted(input.type, handled);
  }

  /**
   * A command decided in another thread (`decideAt`, asked again after a version conflict) and appended from here,
   * under the stream's lock; the same key rules as `run`. Outside any append scope only: the other thread reads the
   * committed log, not this process's deferred or batched appends.
   */
  runElsewhere(
    type: string,
    stream: string,
    request: RequestContext,
    options: { defaultKey?: string },
    decideAt: (stamp: CommandStamp) => Promise<DecisionElsewhere>,
  ): Promise<CommandSummary> {
    invariant(this.store.currentAppendScope?.() === undefined, `${type} decided elsewhere inside an append scope`);
    const stamp = this.stamped(request, options);
    const appended = this.locks.run(stream, () =>
      appendDecidedElsewhere(this.store, stream, () => decideAt(stamp), { cache: this.cache }),
    );
    return this.counted(type, appended);
  }

  /** The command's metadata (the injected clock, the actor) and the context its idempotency key comes from. */
  private stamped(request: RequestContext, options: { defaultKey?: string }): CommandStamp {
    // Without a header, a command that creates an entity is keyed by the entity id (a retry is
    // recognizably the same); any other command gets a fresh key and is not deduplicated.
    // Client keys arrive scoped (`client:<actor>:`); a derived key in that namespace could be squatted.
    invariant(
      !options.defaultKey?.startsWith(clientKeyPrefix),
      `the derived key ${options.defaultKey} uses the client prefix`,
    );
    const idempotencyKey = request.idempotencyKey ?? options.defaultKey ?? `request:${randomUUID()}`;
    const keyDerived = request.idempotencyKey === undefined;
    return {
      metadata: { now: this.clock.now(), actor: request.actor },
      context: { idempotencyKey, correlationId: request.correlationId, causationId: request.requestId, keyDerived },
    };
  }

  /** The import batch the caller's command runs in (append-batch.ts), if it runs in one. */
  private batchScope(): AppendBatch | undefined {
    const scope = this.store.currentAppendScope?.();
    return scope?.kind === 'batch' && scope.batch instanceof AppendBatch ? scope.batch : undefined;
  }

  /** Counts a command by how it ended (ledger_commands_total), passing its result or error on. */
  private async counted<Result extends CommandSummary | CommandResult>(
    type: string,
    handled: Promise<Result>,
  ): Promise<Result> {
    try {
      const result = await handled;
      this.metrics?.countCommand(type, resultOutcome(result));
      return result;
    } catch (error) {
      this.metrics?.countCommand(type, error instanceof DomainError ? 'refused' : 'failed');
      throw error;
    }
  }

  /**
   * Several commands on one stream, each with its own request (its own idempotency key), decided in
   * order and appended together in one append: a reactor's batch costs one commit per stream, not one
   * per command. A refusal answers its command alone (see handleCommands).
   */
  async runEach<C extends Command, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    stream: string,
    inputs: readonly KeyedInput<C>[],
  ): Promise<CommandOutcome[]> {
    const commands = inputs.map(({ input, request }) => {
      const idempotencyKey = request.idempotencyKey;
      invariant(!idempotencyKey.startsWith(clientKeyPrefix), `the derived key ${idempotencyKey} is a client's`);
      const command = { ...input, metadata: { now: this.clock.now(), actor: request.actor } } as unknown as C;
      const context = { idempotencyKey, correlationId: request.correlationId, causationId: request.requestId };
      return { command, context };
    });
    const outcomes = await this.locks.run(stream, () =>
      handleCommands(this.store, decider, stream, commands, { cache: this.cache }),
    );
    outcomes.forEach((outcome, index) =>
      this.metrics?.countCommand(inputs[index]!.input.type, outcome.ok ? resultOutcome(outcome.result) : 'refused'),
    );
    return outcomes;
  }

  /** Folds another stream through the same cache: where a command's `facts` come from. */
  async state<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string): Promise<S> {
    const cache = this.batchScope()?.cacheOver(this.cache) ?? this.cache;
    return (await loadState(this.store, decider, stream, cache)).state;
  }
}

function resultOutcome(result: CommandSummary | CommandResult): CommandOutcomeLabel {
  if (result.replayed) return 'replayed';
  const eventCount = 'eventCount' in result ? result.eventCount : result.events.length;
  return eventCount > 0 ? 'accepted' : 'unchanged';
}
