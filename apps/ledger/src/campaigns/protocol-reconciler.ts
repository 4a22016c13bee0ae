import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  campaignDecider,
  campaignFacts,
  campaignStream,
  DomainError,
  mdfCommitmentFacts,
  mdfDecider,
  mdfStream,
  statementDecider,
  statementPaymentFacts,
  statementStream,
  type Actor,
  type ProposedCampaign,
} from '#domain';
import type { CommandResult } from '#event-store';
import { Projector, UnfinishedProtocolQueries } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { CommandPipeline } from '../common/command-pipeline.js';
import type { RequestContext } from '../common/request-context.js';
import { LEDGER_CONFIG, READ_DATABASE } from '../common/tokens.js';
import { parseStatementId } from '../statements/statement-id.pipe.js';

/** What one reconciliation finished: the entities it appended for, and those it could not finish. */
export interface ReconciliationReport {
  readonly campaigns: readonly string[];
  readonly statements: readonly string[];
  readonly failures: ReadonlyArray<{ readonly id: string; readonly error: string }>;
}

const nothingDone: ReconciliationReport = { campaigns: [], statements: [], failures: [] };

/**
 * Finishes, at start, the multi-step protocols a crash (kill -9) stopped between two single-stream appends
 * and that no client retried: an approval that committed the budget but never approved the campaign, a
 * completed milestone never released, a closed campaign whose commitment was never given back, a paid
 * statement whose MDF claims were never marked paid. It finds candidates in the read models once they
 * have caught up, folds the streams, and runs the missing steps with the same deciders as the handlers,
 * keyed `reconcile:<step>:<id>` (derived keys: a second run, or a second process, replays). An approval is
 * completed, never undone: the fund only commits inside an approval, and a campaign closed meanwhile
 * gets its commitment back instead.
 */
/** How often a standby looks whether it has taken the read models over. */
const standbyLookMs = 30_000;

@Injectable()
export class ProtocolReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The actor recorded on what it appends: the system, in the admin role (partners cannot fund). */
  static readonly actor: Actor = { id: 'system:protocol-reconciler', role: 'admin' };
  private readonly logger = new Logger('ProtocolReconciler');
  private readonly queries: UnfinishedProtocolQueries;
  private running: Promise<ReconciliationReport> | undefined;
  private stopped = false;
  /** Ends a standby's wait at once (a shutdown). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projector: Projector,
    @Inject(READ_DATABASE) db: Database.Database,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.queries = new UnfinishedProtocolQueries(db);
  }

  /** In the background, in the process that projects (one per deployment), so start is not delayed. */
  onApplicationBootstrap(): void {
    if (!this.config.roles.has('projector')) return;
    this.running = this.reconcileAsWriter();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /**
   * Reconciles once this process keeps the read models: at once, or, on a standby (another process keeps them), once
   * it has taken them over, which it looks for every `standbyLookMs`.
   */
  private async reconcileAsWriter(): Promise<ReconciliationReport> {
    for (let told = false; !this.stopped; told = true) {
      try {
        return await this.reconcile();
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'PROJECTOR_LOCKED')) {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.error({ msg: 'Reconciling unfinished protocols failed', error: message });
          return nothingDone;
        }
        if (!told) this.logger.log('Another process keeps the read models: this one reconciles once it takes over');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, standbyLookMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
      }
    }
    return nothingDone;
  }

  /** The reconciliation this process started at boot; nothing when it does not project. */
  whenDone(): Promise<ReconciliationReport> {
    return this.running ?? Promise.resolve(nothingDone);
  }

  async reconcile(): Promise<ReconciliationReport> {
    await this.projector.runUntilCaughtUp();
    const context: RequestContext = {
      actor: ProtocolReconciler.actor,
      idempotencyKey: undefined,
      correlationId: `reconcile:${randomUUID()}`,
      requestId: 'reconcile',
    };
    const campaigns: string[] = [];
    const statements: string[] = [];
    const failures: Array<{ id: string; error: string }> = [];
    const attempt = async (id: string, finish: () => Promise<boolean>, done: string[]) => {
      // A turn of the event loop per candidate: the store's reads resolve without one, and at 1M events the
      // folds of a few hundred candidates held every request (GET /health too) for seconds after a restart.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopped) return;
      try {
        if (await finish()) done.push(id);
      } catch (error) {
        failures.push({ id, error: error instanceof DomainError ? error.code : String(error) });
      }
    };
    for (const id of this.queries.campaignIds()) await attempt(id, () => this.finishCampaign(id, context), campaigns);
    for (const id of this.queries.paidStatementIds())
      await attempt(id, () => this.finishPayment(id, context), statements);
    if (campaigns.length + statements.length + failures.length > 0) {
      this.logger.warn({ msg: 'Finished protocols a crash had left half-done', campaigns, statements, failures });
    }
    return { campaigns, statements, failures };
  }

  /** Approve (committed but proposed), release (completed, not released), give back (closed). */
  private async finishCampaign(campaignId: string, context: RequestContext): Promise<boolean> {
    const stream = campaignStream(campaignId);
    const folded = await this.pipeline.state(campaignDecider, stream);
    if (folded.status === 'none') return false;
    const fund = mdfStream(folded.partnerId);
    const fundState = await this.pipeline.state(mdfDecider, fund);
    const commitment = fundState.commitments.get(campaignId);
    if (commitment === undefined) return false;
    const results: CommandResult[] = [];
    if (folded.status === 'proposed' && !commitment.decommitted) {
      const approve = {
        type: 'ApproveCampaign',
        data: { campaignId },
        facts: { fund: mdfCommitmentFacts(fundState, campaignId) },
      } as const;
      results.push(
        await this.pipeline.run(campaignDecider, stream, approve, context, {
          defaultKey: `reconcile:approve:${campaignId}`,
        }),
      );
    }
    const campaign = (await this.pipeline.state(campaignDecider, stream)) as ProposedCampaign;
    const { partnerId } = campaign;
    for (const milestone of campaign.milestones) {
      if (!milestone.completed || commitment.releasedMilestones.includes(milestone.id)) continue;
      const release = {
        type: 'ReleaseMdf',
        data: { partnerId, campaignId, milestoneId: milestone.id },
        facts: { campaign: campaignFacts(campaign) },
      } as const;
      results.push(
        await this.pipeline.run(mdfDecider, fund, release, context, {
          defaultKey: `reconcile:release:${campaignId}:${milestone.id}`,
        }),
      );
    }
    if (campaign.status === 'closed') {
      const decommit = {
        type: 'DecommitMdf',
        data: { partnerId, campaignId },
        facts: { campaign: campaignFacts(campaign) },
      } as const;
      results.push(
        await this.pipeline.run(mdfDecider, fund, decommit, context, {
          defaultKey: `reconcile:decommit:${campaignId}`,
        }),
      );
    }
    return results.some((result) => result.events.length > 0 && !result.replayed);
  }

  /** The pay protocol's second step: the MDF claims on a paid statement are paid. */
  private async finishPayment(statementId: string, context: RequestContext): Promise<boolean> {
    const parsed = parseStatementId(statementId);
    if (!parsed) return false;
    const statement = await this.pipeline.state(statementDecider, statementStream(parsed.partnerId, parsed.period));
    const { partnerId } = parsed;
    const mark = {
      type: 'MarkMdfClaimsPaid',
      data: { partnerId, statementId },
      facts: { statement: statementPaymentFacts(statement) },
    } as const;
    const result = await this.pipeline.run(mdfDecider, mdfStream(partnerId), mark, context, {
      defaultKey: `reconcile:mdf-paid:${statementId}`,
    });
    return result.events.length > 0 && !result.replayed;
  }
}
