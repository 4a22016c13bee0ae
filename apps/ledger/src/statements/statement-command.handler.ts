import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  dateOf,
  DomainError,
  firstStatementDecider,
  firstStatementStream,
  mdfDecider,
  mdfStream,
  partnerDecider,
  partnerStream,
  periodEnd,
  statementDecider,
  statementIdOf,
  statementStream,
} from '#domain';
import { StreamLocks as KeyedQueue, type CommandSummary, type EventStore } from '#event-store';
import { CommissionQueries, Projector, StatementFigures } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { CommandPipeline } from '../common/command-pipeline.js';
import { stepsOf } from '../common/protocol-steps.js';
import type { RequestContext } from '../common/request-context.js';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG, type Clock } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { ReadThread } from '../read-thread/read-thread.js';
import { parseStatementId } from './statement-id.pipe.js';
import {
  plannedStep,
  stepTarget,
  type PlannedStep,
  type StatementRequest,
  type StatementSources,
  type StatementStep,
} from './statement-steps.js';

export type { StatementRequest } from './statement-steps.js';

export class StatementCommandMessage {
  constructor(
    readonly request: StatementRequest,
    readonly context: RequestContext,
  ) {}
}

export interface StatementOutcome {
  readonly statementId: string;
  /** The global position of the latest event the request touched, across every stream it wrote. */
  readonly position: bigint;
  /** True when the request's deciding step had already taken effect (a retry). */
  readonly replayed: boolean;
}

/**
 * One handler for `statement-<partnerId>-<period>` (statement.decider.ts).
 *
 * Issuing composes the statement from the commission read model (every current line of the partner),
 * so it first waits until the read models have applied the whole log as it stands: a line the engine
 * produced before the request is never missed, nor an issued line taken for "no longer produced". A
 * partner's first statement claims its period on `statement-<partnerId>-first` before it is issued, which
 * closes the one race the decider leaves (two first statements of a partner, for two periods, issued at
 * the same moment) across processes: the store's expected version lets one claim through. One partner's
 * issues also queue in this process, so a process does not race itself into refusals.
 *
 * Every step folds streams that grow with the partner's history (statement-steps.ts), so the read thread decides it
 * and this thread appends (`run`).
 *
 * Paying runs the two steps of the pay protocol: PayStatement, then MarkMdfClaimsPaid on `mdf-<partnerId>`
 * with the paid statement; a retry refused as already paid still runs the second step, which heals a
 * crash between them. Steps are keyed by the request's key plus the step name.
 *
 * Default keys (no Idempotency-Key header): issuing is keyed by the statement (a retry replays the issued
 * statement); approving and paying by the statement and the actor, so the same person's retry replays
 * while another person is told it is already done; disputes and resolutions are not deduplicated
 * without a header (a line may be disputed again after a resolution).
 */
@CommandHandler(StatementCommandMessage)
export class StatementCommandHandler implements ICommandHandler<StatementCommandMessage, StatementOutcome> {
  /** One partner's issues, one at a time in this process. */
  private readonly issuing = new KeyedQueue();

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly program: ProgramFacts,
    private readonly projector: Projector,
    private readonly commissions: CommissionQueries,
    private readonly statements: StatementFigures,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: ReadThread,
  ) {}

  execute({ request, context }: StatementCommandMessage): Promise<StatementOutcome> {
    switch (request.type) {
      case 'IssueStatement':
        return this.issuing.run(request.data.partnerId, () =>
          this.issue(request.data.partnerId, request.data.period, context),
        );
      case 'ApproveStatement': {
        const { statementId } = request.data;
        const defaultKey = `approve:${statementId}:${context.actor.id}`;
        return this.outcome(statementId, this.run(onStatement(request), context, { defaultKey }));
      }
      case 'PayStatement':
        return this.pay(request.data, context);
      case 'DisputeStatementLine':
        return this.outcome(request.data.statementId, this.run(onStatement(request), context));
      case 'ResolveStatementDispute': {
        // Its bound reads the engine's lines (what a clawback took back) as of everything appended so far.
        const resolved = this.readModelsAtHead(['commissions']).then(() => this.run(onStatement(request), context));
        return this.outcome(request.data.statementId, resolved);
      }
    }
  }

  private async readModelsAtHead(names: readonly string[]): Promise<void> {
    const head = await this.store.headPosition();
    await this.projector.waitFor(head, this.config.readWaitTimeoutMs, names);
  }

  private async issue(partnerId: string, period: string, context: RequestContext): Promise<StatementOutcome> {
    const statementId = statementIdOf(partnerId, period);
    // Only the read models it reads: a failed campaigns or MDF projection does not stop statements.
    await this.readModelsAtHead(['commissions', 'statements']);
    const today = dateOf(this.clock.now());
    const [partner, facts, onPeriodEnd] = await Promise.all([
      this.pipeline.state(partnerDecider, partnerStream(partnerId)),
      this.program.on(today),
      this.program.on(periodEnd(period)),
    ]);
    const small = {
      closedPeriods: facts.closedPeriods,
      partnerStatus: partner.status,
      currency: onPeriodEnd.programCurrency,
    };
    const step: StatementStep = { kind: 'issue', partnerId, period, facts: small };
    return this.outcome(statementId, this.run(step, context, { defaultKey: `issue:${statementId}` }));
  }

  /**
   * Runs a step. Outside any append scope the read thread loads its facts and decides (a statement's lines and a
   * fund's accruals are megabytes for a large partner), and this thread claims a first statement and appends. Inside
   * an import or a seed the facts include this process's appends not committed yet, which only this thread sees.
   */
  private run(
    step: StatementStep,
    context: RequestContext,
    options: { defaultKey?: string } = {},
  ): Promise<CommandSummary> {
    if (this.store.currentAppendScope?.() !== undefined) return this.runHere(step, context, options);
    const { stream, type } = stepTarget(step);
    return this.pipeline.runElsewhere(type, stream, context, options, async (stamp) => {
      const decision = await this.reads.decide(step, stamp);
      // A refusal (a period not closed, a partner not enrolled) comes before anything is claimed; a retry's claim
      // replays.
      if (decision.firstStatement && 'events' in decision) await this.claimFirst(step, context);
      return decision;
    });
  }

  /** Runs a step on this thread, its facts folded through the pipeline's cache (and an import batch's appends). */
  private async runHere(
    step: StatementStep,
    context: RequestContext,
    options: { defaultKey?: string },
  ): Promise<CommandSummary> {
    const planned = await plannedStep(step, this.sourcesHere);
    if (planned.firstStatement) await this.claimFirstHere(step, planned, context);
    const { decider, stream, input } = planned;
    const result = await this.pipeline.run(decider, stream, input, context, options);
    const { events, ...summary } = result;
    return { ...summary, eventCount: events.length };
  }

  private readonly sourcesHere: StatementSources = {
    statementOf: (stream) => this.pipeline.state(statementDecider, stream),
    mdfFundOf: (partnerId) => this.pipeline.state(mdfDecider, mdfStream(partnerId)),
    periodsOf: (partnerId) => this.statements.periodsOf(partnerId),
    currentLinesOf: (partnerId) => this.commissions.currentLinesOf(partnerId),
    lineWithReversalsOf: (lineId) => this.commissions.lineWithReversals(lineId),
  };

  /**
   * Before a first statement is issued on this thread: nothing to claim when it is issued already (the issue step
   * replays or refuses it), and a statement refused anyway (a period not closed) is refused before anything is claimed.
   */
  private async claimFirstHere(step: StatementStep, planned: PlannedStep, context: RequestContext): Promise<void> {
    const current = await this.pipeline.state(statementDecider, planned.stream);
    if (current.status !== 'none') return;
    const metadata = { now: this.clock.now(), actor: context.actor };
    planned.decider.decide({ ...planned.input, metadata }, current);
    await this.claimFirst(step, context);
  }

  /**
   * Claims the period of the partner's first statement, keyed by the period (a retry, or the claim of a process killed
   * before it issued, passes again); another period's claim refuses it, 409.
   */
  private async claimFirst(step: StatementStep, context: RequestContext): Promise<void> {
    if (step.kind !== 'issue') return;
    const { partnerId, period } = step;
    await this.pipeline.run(
      firstStatementDecider,
      firstStatementStream(partnerId),
      { type: 'ClaimFirstStatement', data: { partnerId, period } },
      { ...context, idempotencyKey: undefined },
      { defaultKey: `first-statement:${partnerId}:${period}` },
    );
  }

  /** 1. PayStatement. 2. Fold the statement and MarkMdfClaimsPaid on the partner's fund. */
  private async pay(
    data: { statementId: string; paymentReference: string; paidAt?: string },
    context: RequestContext,
  ): Promise<StatementOutcome> {
    const { statementId } = data;
    const { partnerId, period } = requireParsed(statementId);
    const markClaimsPaid: StatementStep = { kind: 'markClaimsPaid', partnerId, period };
    const steps = stepsOf(context, `pay:${statementId}:${context.actor.id}`);
    let paid: CommandSummary;
    try {
      paid = await this.run(onStatement({ type: 'PayStatement', data }), steps('pay'));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'STATEMENT_ALREADY_PAID')
        await this.run(markClaimsPaid, steps('mdf'));
      throw error;
    }
    const marked = await this.run(markClaimsPaid, steps('mdf'));
    return {
      statementId,
      position: marked.position > paid.position ? marked.position : paid.position,
      replayed: paid.replayed,
    };
  }

  private async outcome(statementId: string, pending: Promise<CommandSummary>): Promise<StatementOutcome> {
    const result = await pending;
    return { statementId, position: result.position, replayed: result.replayed };
  }
}

/** A command on a statement's own stream (the controller has checked the id's shape). */
function onStatement(request: Extract<StatementStep, { kind: 'statement' }>['request']): StatementStep {
  const { partnerId, period } = requireParsed(request.data.statementId);
  return { kind: 'statement', stream: statementStream(partnerId, period), request };
}

function requireParsed(statementId: string): { partnerId: string; period: string } {
  const parsed = parseStatementId(statementId);
  if (!parsed) throw new DomainError('STATEMENT_NOT_FOUND', `Statement ${statementId} was not issued`, { statementId });
  return parsed;
}
