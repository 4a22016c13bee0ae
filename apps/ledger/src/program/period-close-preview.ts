import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  periodEnd,
  previewTierEvaluations,
  programDecider,
  programStream,
  type Actor,
  type TierEvaluation,
} from '#domain';
import type { EventStore } from '#event-store';
import { CommissionQueries, DealQueries, PartnerQueries, Projector, type PageKey } from '#read-models';
import { CommandPipeline } from '../common/command-pipeline.js';
import type { LedgerConfig } from '../config.js';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG, type Clock } from '../common/tokens.js';
import { ProgramFacts } from './program-facts.js';

/** A tier evaluation as a dry run answers it: what the close would decide, without the ids of an event it has not. */
export type PreviewedEvaluation = Omit<TierEvaluation, 'evaluationId' | 'source'>;

export interface PeriodClosePreview {
  readonly period: string;
  readonly dryRun: true;
  readonly ruleSetVersion: string;
  /** The days the close would freeze: from the day after the last closed quarter (null: the beginning). */
  readonly freezes: {
    readonly from: string | null;
    readonly through: string;
    readonly commissionLines: number;
    readonly dealFacts: number;
  };
  /** Per active partner, in partner id order: the tier evaluation the close would make. */
  readonly partners: readonly PreviewedEvaluation[];
}

const partnersPage = 500;

/**
 * `POST /periods/:period/close?dryRun=true`: what closing a quarter would do, appending nothing. The close's own
 * refusals apply (the decider decides on the program stream as it is, and its events are dropped); the tier
 * evaluations are the engine's (previewTierEvaluations) over the read models once they hold the whole log.
 */
@Injectable()
export class PeriodClosePreviewer {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly program: ProgramFacts,
    private readonly projector: Projector,
    private readonly commissions: CommissionQueries,
    private readonly partners: PartnerQueries,
    private readonly deals: DealQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async preview(period: string, actor: Actor): Promise<PeriodClosePreview> {
    const state = await this.pipeline.state(programDecider, programStream);
    programDecider.decide({ type: 'ClosePeriod', data: { period }, metadata: { now: this.clock.now(), actor } }, state);
    const head = await this.store.headPosition();
    await this.projector.waitFor(head, this.config.readWaitTimeoutMs, ['commissions', 'partners', 'deals']);
    const through = periodEnd(period);
    // The decider refuses a close without a rule set in force on the quarter's last day.
    const ruleSet = (await this.program.on(through)).ruleSet!;
    const source = {
      eventId: 'dry-run',
      position: (head + 1n).toString(),
      stream: programStream,
      type: 'PeriodClosed',
    };
    const standings = this.commissions.tierStandings(this.activePartnerIds());
    const evaluations = previewTierEvaluations(standings, ruleSet, period, source);
    const lastClosed = state.closedPeriods.at(-1);
    const from = lastClosed === undefined ? null : addDays(periodEnd(lastClosed), 1);
    return {
      period,
      dryRun: true,
      ruleSetVersion: ruleSet.version,
      freezes: {
        from,
        through,
        commissionLines: this.commissions.linesDated(from, through),
        dealFacts: this.deals.factsDated(from, through),
      },
      partners: evaluations.map(({ evaluationId: _id, source: _source, ...evaluation }) => evaluation),
    };
  }

  private activePartnerIds(): string[] {
    const ids: string[] = [];
    for (let after: PageKey | undefined; ;) {
      const page = this.partners.page({ status: 'active' }, { limit: partnersPage, after });
      ids.push(...page.items.map((partner) => partner.partnerId));
      if (page.nextKey === null) return ids;
      after = page.nextKey;
    }
  }
}
