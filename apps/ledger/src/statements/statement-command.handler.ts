import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  dateOf,
  DomainError,
  firstStatementDecider,
  firstStatementStream,
  mdfDecider,
  mdfPayableFacts,
  mdfStream,
  partnerDecider,
  partnerStream,
  periodEnd,
  statementDecider,
  statementIdOf,
  statementPaymentFacts,
  statementStream,
  type DisputeOutcome,
  type IssueStatementFacts,
} from '#domain';
import { StreamLocks as KeyedQueue, type CommandResult, type CommandSummary, type EventStore } from '#event-store';
import { CommissionQueries, Projector, StatementFigures } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { CommandPipeline } from '../common/command-pipeline.js';
import { stepsOf } from '../common/protocol-steps.js';
import type { RequestContext } from '../common/request-context.js';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG, type Clock } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { ReadThread } from '../read-thread/read-thread.js';
import { issueFactsOf, type IssueFactsSmall } from './issue-facts.js';
import { parseStatementId } from './statement-id.pipe.js';

/** Issuing the partner's statement for a period, with the facts the API's thread loaded. */
interface Issue {
  readonly partnerId: string;
  readonly period: string;
  readonly small: IssueFactsSmall;
  readonly context: RequestContext;
  readonly defaultKey: string;
}

/** What a client asks of a statement; the handler loads the facts issuing carries in `context`. */
export type StatementRequest =
  | { type: 'IssueStatement'; data: { partnerId: string; period: string } }
  | { type: 'ApproveStatement'; data: { statementId: string } }
  | { type: 'PayStatement'; data: { statementId: string; paymentReference: string; paidAt?: string } }
  | { type: 'DisputeStatementLine'; data: { statementId: string; lineId: string; reason: string } }
  | {
      type: 'ResolveStatementDispute';
      data: { statementId: string; lineId: string; outcome: DisputeOutcome; adjustment?: string; note?: string };
    };

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
 * issues also queue in this process, so a process does not race itself into refusals. The read thread loads the
 * facts that grow with the partner's history and decides; the API's thread appends (issuedInThread).
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
      case 'ApproveStatement':
        return this.approve(request.data.statementId, context);
      case 'PayStatement':
        return this.pay(request.data, context);
      case 'DisputeStatementLine':
      case 'ResolveStatementDispute': {
        const { statementId } = request.data;
        return this.single(statementId, this.pipeline.run(statementDecider, streamOf(statementId), request, context));
      }
    }
  }

  private async issue(partnerId: string, period: string, context: RequestContext): Promise<StatementOutcome> {
    const statementId = statementIdOf(partnerId, period);
    // Only the read models it reads: a failed campaigns or MDF projection does not stop statements.
    const head = await this.store.headPosition();
    await this.projector.waitFor(head, this.config.readWaitTimeoutMs, ['commissions', 'statements']);
    const today = dateOf(this.clock.now());
    const [partner, facts, onPeriodEnd, mdfFund] = await Promise.all([
      this.pipeline.state(partnerDecider, partnerStream(partnerId)),
      this.program.on(today),
      this.program.on(periodEnd(period)),
      this.pipeline.state(mdfDecider, mdfStream(partnerId)),
    ]);
    const small: IssueFactsSmall = {
      closedPeriods: facts.closedPeriods,
      partnerStatus: partner.status,
      currency: onPeriodEnd.programCurrency,
      mdfFund: mdfPayableFacts(mdfFund),
    };
    const issue = { partnerId, period, small, context, defaultKey: `issue:${statementId}` };
    // Inside an import or a seed the facts include this process's appends not committed yet, which only this thread
    // sees; otherwise the read thread decides, off the API's event loop.
    const inScope = this.store.currentAppendScope?.() !== undefined;
    const result = await (inScope ? this.issuedHere(issue) : this.issuedInThread(issue));
    return { statementId, position: result.position, replayed: result.replayed };
  }

  /** Issues on this thread, the facts folded through the pipeline's cache (and the import batch's appends). */
  private async issuedHere(issue: Issue): Promise<CommandResult> {
    const { partnerId, period, context, defaultKey } = issue;
    const sources = {
      statementOf: (stream: string) => this.pipeline.state(statementDecider, stream),
      periodsOf: (partner: string) => this.statements.periodsOf(partner),
      currentLinesOf: (partner: string) => this.commissions.currentLinesOf(partner),
    };
    const facts = await issueFactsOf(sources, issue, issue.small);
    if (facts.issuedStatements.length === 0) await this.claimFirst({ partnerId, period }, facts, context);
    const command = { type: 'IssueStatement' as const, data: { partnerId, period }, facts };
    return this.pipeline.run(statementDecider, statementStream(partnerId, period), command, context, { defaultKey });
  }

  /**
   * Issues from the read thread's decision: it loads the facts that grow with the partner's history, composes and
   * serializes the statement (megabytes for a large partner), and this thread claims a first statement and appends.
   */
  private issuedInThread(issue: Issue): Promise<CommandSummary> {
    const { partnerId, period, small, context, defaultKey } = issue;
    const stream = statementStream(partnerId, period);
    return this.pipeline.runElsewhere('IssueStatement', stream, context, { defaultKey }, async (stamp) => {
      const decision = await this.reads.decideIssue({ partnerId, period, facts: small, stamp });
      // Refused (a period not closed, a partner not enrolled) before anything is claimed; a retry's claim replays.
      if (decision.firstStatement && 'events' in decision) await this.claim({ partnerId, period }, context);
      return decision;
    });
  }

  /**
   * Claims `period` for the partner's first statement, keyed by the period (a retry, or the claim of a
   * process killed before it issued, passes again); another period's claim refuses it, 409.
   */
  private async claimFirst(
    data: { partnerId: string; period: string },
    facts: IssueStatementFacts,
    context: RequestContext,
  ): Promise<void> {
    const { partnerId, period } = data;
    const current = await this.pipeline.state(statementDecider, statementStream(partnerId, period));
    // Issued already: the issue step replays it (the same key) or refuses it; nothing to claim.
    if (current.status !== 'none') return;
    // Refused anyway (a period not closed, a partner not enrolled): refused before anything is claimed.
    const metadata = { now: this.clock.now(), actor: context.actor };
    statementDecider.decide({ type: 'IssueStatement', data, facts, metadata }, current);
    await this.claim(data, context);
  }

  private async claim(data: { partnerId: string; period: string }, context: RequestContext): Promise<void> {
    const { partnerId, period } = data;
    await this.pipeline.run(
      firstStatementDecider,
      firstStatementStream(partnerId),
      { type: 'ClaimFirstStatement', data: { partnerId, period } },
      { ...context, idempotencyKey: undefined },
      { defaultKey: `first-statement:${partnerId}:${period}` },
    );
  }

  private approve(statementId: string, context: RequestContext): Promise<StatementOutcome> {
    const result = this.pipeline.run(
      statementDecider,
      streamOf(statementId),
      { type: 'ApproveStatement', data: { statementId } },
      context,
      {
        defaultKey: `approve:${statementId}:${context.actor.id}`,
      },
    );
    return this.single(statementId, result);
  }

  /** 1. PayStatement. 2. Fold the statement and MarkMdfClaimsPaid on the partner's fund. */
  private async pay(
    data: { statementId: string; paymentReference: string; paidAt?: string },
    context: RequestContext,
  ): Promise<StatementOutcome> {
    const { statementId } = data;
    const steps = stepsOf(context, `pay:${statementId}:${context.actor.id}`);
    let paid: CommandResult;
    try {
      paid = await this.pipeline.run(
        statementDecider,
        streamOf(statementId),
        { type: 'PayStatement', data },
        steps('pay'),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'STATEMENT_ALREADY_PAID')
        await this.markClaimsPaid(statementId, steps('mdf'));
      throw error;
    }
    const marked = await this.markClaimsPaid(statementId, steps('mdf'));
    return {
      statementId,
      position: marked.position > paid.position ? marked.position : paid.position,
      replayed: paid.replayed,
    };
  }

  private async markClaimsPaid(statementId: string, context: RequestContext): Promise<CommandResult> {
    const { partnerId } = requireParsed(statementId);
    const statement = await this.pipeline.state(statementDecider, streamOf(statementId));
    return this.pipeline.run(
      mdfDecider,
      mdfStream(partnerId),
      {
        type: 'MarkMdfClaimsPaid',
        data: { partnerId, statementId },
        facts: { statement: statementPaymentFacts(statement) },
      },
      context,
    );
  }

  private async single(statementId: string, pending: Promise<CommandResult>): Promise<StatementOutcome> {
    const result = await pending;
    return { statementId, position: result.position, replayed: result.replayed };
  }
}

function requireParsed(statementId: string): { partnerId: string; period: string } {
  const parsed = parseStatementId(statementId);
  if (!parsed) throw new DomainError('STATEMENT_NOT_FOUND', `Statement ${statementId} was not issued`, { statementId });
  return parsed;
}

/** The stream of a statement id (the controller has checked its shape). */
function streamOf(statementId: string): string {
  const { partnerId, period } = requireParsed(statementId);
  return statementStream(partnerId, period);
}
