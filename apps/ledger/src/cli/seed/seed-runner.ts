import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  campaignDecider,
  campaignStream,
  Decimal,
  DomainError,
  foldMdfFigures,
  formatMoney,
  heldOfLine,
  mdfStream,
  ruleSetInForce,
  statementDecider,
  statementIdOf,
  statementStream,
  validateRuleSet,
  type Actor,
  type MdfEvent,
} from '#domain';
import { canonicalJson, type CommandResult, type DeferredCommitScope, type EventStore } from '#event-store';
import { CommissionQueries, Projector } from '#read-models';
import {
  CampaignCommandMessage,
  type CampaignOutcome,
  type CampaignRequest,
} from '../../campaigns/campaign-command.handler.js';
import { CommandPipeline } from '../../common/command-pipeline.js';
import type { RequestContext } from '../../common/request-context.js';
import { EVENT_STORE } from '../../common/tokens.js';
import { DealCommandMessage, type DealRequest } from '../../deals/deal-command.handler.js';
import { MdfAccrualReactor } from '../../mdf/mdf-accrual.reactor.js';
import { PartnerCommandMessage, type PartnerRequest } from '../../partners/partner-command.handler.js';
import { ProgramCommandMessage } from '../../program/program-command.handler.js';
import { ProgramFacts, type RuleSetPublication } from '../../program/program-facts.js';
import {
  RegistrationCommandMessage,
  type RegistrationOutcome,
  type RegistrationRequest,
} from '../../registrations/registration-command.handler.js';
import {
  StatementCommandMessage,
  type StatementOutcome,
  type StatementRequest,
} from '../../statements/statement-command.handler.js';
import type { Phase, PlannedStep, SeedActor, SeedPlan, SeedStep } from './seed-plan.js';
import { seedRuleSet, type SeedRuleSet } from './seed-rule-sets.js';
import { VirtualClock } from './virtual-clock.js';

export interface SeedRunOptions {
  /** How many chains (a customer's story, a partner) run at once within a phase of a day. */
  readonly concurrency: number;
  /** Called as steps finish, with the events they planned and the plan's total. */
  readonly onProgress?: (eventsDone: number) => void;
}

export interface SeedFailure {
  readonly date: string;
  readonly chain: string;
  readonly step: SeedStep['kind'];
  readonly key: string | undefined;
  readonly code: string;
  readonly message: string;
}

export interface SeedReport {
  /** Commands sent through the CommandBus. */
  readonly commands: number;
  /** Commands that had already taken effect (a re-run of the same seed). */
  readonly replayed: number;
  /**
   * Planned steps not sent, by kind: a campaign whose fund had too little (with the rest of its steps),
   * a dispute of a statement without a commission line, launch rules when another seed's govern the timeline.
   */
  readonly skipped: number;
  readonly skippedByKind: ReadonlyMap<SeedStep['kind'], number>;
  /** Commands refused as the plan says (conflicting approvals). */
  readonly refusedAsPlanned: number;
  /** Events appended to the log by this run (the head moved by this much). */
  readonly eventsAppended: number;
  readonly seconds: number;
  readonly failures: readonly SeedFailure[];
  /** The rule-set versions the planned ones were published under (different only when another seed holds a name). */
  readonly ruleSetVersions: ReadonlyMap<string, string>;
}

/**
 * What became of a step: sent and taken effect now, sent and replayed, not sent, or the read models and reactor
 * caught up.
 */
type Outcome = 'done' | 'replayed' | 'skipped' | 'synced';

/** The time of day each phase is played at: closes and rule sets first, then partner administration, then business. */
const phaseTimes: Record<Phase, string> = {
  reactors: '06:00:00.000Z',
  program: '07:00:00.000Z',
  partners: '08:30:00.000Z',
  business: '12:00:00.000Z',
  statements: '16:00:00.000Z',
  closing: '22:00:00.000Z',
};

const actors: Record<Exclude<SeedActor, 'partner'>, Actor> = {
  ops: { id: 'seed-ops', role: 'ops' },
  finance: { id: 'seed-finance', role: 'finance' },
  // Statements are approved by a second finance person, never by the one who issued them.
  finance_approver: { id: 'seed-finance-approver', role: 'finance' },
  partner_manager: { id: 'seed-partner-manager', role: 'partner_manager' },
};

/**
 * The phases whose appends wait in the writer's open transaction until the phase ends (a deferred-commit scope,
 * as an import's lines): each is acknowledged once written, so a chain's next step need not wait for a group
 * commit, and a leaf of the log's indexes that many appends of the phase rewrite reaches the WAL once. None of
 * their commands reads a read model; the phases that do (the reactors' catch-up, statements) commit as they go.
 */
const deferredPhases: ReadonlySet<Phase> = new Set(['program', 'partners', 'business']);
const deferredCommit: DeferredCommitScope = { kind: 'deferred-commit' };

/** Campaign budgets are round hundreds, and a campaign whose budget would be less than this is not proposed. */
const budgetMinimum = new Decimal(300);

/**
 * Plays a seed plan through the CommandBus, exactly as the controllers send commands: the same
 * handlers load the same context facts and run the same cross-stream protocols (the customer lock of
 * a registration approval). Days are played in order on the virtual clock; within a day, each phase's
 * chains run concurrently (bounded), so the SQLite store's group commit batches their appends.
 */
@Injectable()
export class SeedRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly program: ProgramFacts,
    private readonly pipeline: CommandPipeline,
    private readonly projector: Projector,
    private readonly mdfAccruals: MdfAccrualReactor,
    private readonly commissions: CommissionQueries,
    private readonly clock: VirtualClock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(plan: SeedPlan, options: SeedRunOptions): Promise<SeedReport> {
    const startedAt = performance.now();
    const headBefore = await this.store.headPosition();
    const state = newRunState();
    try {
      for (const [date, phase, steps] of takeByDayAndPhase(plan.steps)) {
        this.clock.set(`${date}T${phaseTimes[phase]}`);
        // Issuing a statement waits for the read models to reach the head: the projector follows the log meanwhile.
        if (phase === 'statements') {
          await this.projector.runUntilCaughtUp();
          this.projector.start();
        }
        try {
          const chains = [...chainsOf(steps).values()];
          const run: ChainRun = { date, plan, state, options };
          const play = () => runBounded(chains, options.concurrency, (chain) => this.playChain(chain, run));
          await (deferredPhases.has(phase) ? this.inOneCommit(play) : play());
        } finally {
          if (phase === 'statements') await this.projector.stop();
        }
      }
    } finally {
      this.clock.reset();
    }
    const headAfter = await this.store.headPosition();
    return {
      commands: state.done + state.replayed + state.refusedAsPlanned + state.failures.length,
      replayed: state.replayed,
      skipped: state.skipped,
      skippedByKind: state.skippedByKind,
      refusedAsPlanned: state.refusedAsPlanned,
      eventsAppended: Number(headAfter - headBefore),
      seconds: (performance.now() - startedAt) / 1000,
      failures: state.failures,
      ruleSetVersions: state.versions,
    };
  }

  /** Runs `work` in a deferred-commit scope, and commits what it appended whatever happens. */
  private async inOneCommit(work: () => Promise<void>): Promise<void> {
    try {
      await this.store.withAppendScope(deferredCommit, work);
    } finally {
      await this.store.commitPending();
    }
  }

  /** Plays one chain's steps of a (day, phase) in order, counting each outcome in `state`. */
  private async playChain(chain: readonly PlannedStep[], run: ChainRun): Promise<void> {
    const { date, plan, state, options } = run;
    for (const planned of chain) {
      // A chain that went off-plan stops: its later steps would only fail for the same reason.
      if (state.failedChains.has(planned.chain)) return;
      state.eventsDone += planned.events;
      // A campaign not proposed (the fund had too little) has nothing to approve, complete or close.
      if (state.skippedChains.has(planned.chain)) {
        state.skipped += 1;
        continue;
      }
      try {
        const outcome = await this.send(planned, plan, state.versions);
        state[outcome] += 1;
        if (outcome === 'skipped') {
          state.skippedByKind.set(planned.step.kind, (state.skippedByKind.get(planned.step.kind) ?? 0) + 1);
          if (planned.step.kind === 'proposeCampaign') state.skippedChains.add(planned.chain);
        }
      } catch (error) {
        const code = error instanceof DomainError ? error.code : 'ERROR';
        if (planned.expect?.includes(code)) {
          state.refusedAsPlanned += 1;
        } else {
          state.failedChains.add(planned.chain);
          const message = error instanceof Error ? error.message : String(error);
          state.failures.push({ date, chain: planned.chain, step: planned.step.kind, key: planned.key, code, message });
        }
      }
      options.onProgress?.(state.eventsDone);
    }
  }

  /** Sends one planned command; answers whether it took effect now, was a replay of one in the log, or was not sent. */
  private async send(planned: PlannedStep, plan: SeedPlan, versions: Map<string, string>): Promise<Outcome> {
    const { step } = planned;
    const context: RequestContext = {
      actor: planned.actor === 'partner' ? partnerUser(step) : actors[planned.actor],
      idempotencyKey: planned.key,
      correlationId: `seed-${plan.options.seed}:${planned.chain}`,
      requestId: planned.key ?? `seed-${plan.options.seed}:${step.kind}:${planned.date}`,
    };
    switch (step.kind) {
      case 'publish':
      case 'close':
        return this.sendProgram(step, context, plan.options.seed, versions);
      case 'enroll':
      case 'suspend':
      case 'reinstate':
      case 'offboard':
      case 'override':
        return this.execute(new PartnerCommandMessage(partnerRequest(step), context));
      case 'submit':
      case 'approve':
      case 'reject':
        return this.registration(new RegistrationCommandMessage(registrationRequest(step), context));
      case 'sync':
        // The funds accrue from what the commission read model computed: project first, then accrue.
        await this.projector.runUntilCaughtUp();
        await this.mdfAccruals.runUntilCaughtUp();
        return 'synced';
      case 'proposeCampaign':
      case 'approveCampaign':
      case 'completeMilestone':
      case 'submitClaim':
      case 'approveClaim':
      case 'rejectClaim':
      case 'attributeLead':
      case 'closeCampaign':
        return this.sendCampaign(step, context);
      case 'issueStatement':
      case 'disputeLine':
      case 'resolveDispute':
      case 'approveStatement':
      case 'payStatement':
        return this.sendStatement(step, context);
      default:
        return this.execute(new DealCommandMessage(dealRequest(step, planned.date), context));
    }
  }

  private async sendProgram(
    step: ProgramStep,
    context: RequestContext,
    seed: number,
    versions: Map<string, string>,
  ): Promise<Outcome> {
    if (step.kind === 'close') {
      return this.execute(new ProgramCommandMessage({ type: 'ClosePeriod', data: { period: step.period } }, context));
    }
    const resolved = await this.resolveRuleSet(step, seed, versions);
    // Another seed's rules already govern this timeline: they stay, and nothing is published.
    if (!resolved) return 'skipped';
    versions.set(step.version, resolved.version);
    const { document: rules, rationale } = resolved.ruleSet;
    return this.execute(new ProgramCommandMessage({ type: 'PublishRuleSet', data: { rules, rationale } }, context));
  }

  private async sendCampaign(step: CampaignStep, context: RequestContext): Promise<Outcome> {
    const { campaignId } = step;
    switch (step.kind) {
      case 'proposeCampaign': {
        const proposal = await this.proposal(step);
        return proposal ? this.campaign(proposal, context) : 'skipped';
      }
      case 'approveCampaign':
        return this.campaign({ type: 'ApproveCampaign', data: { campaignId } }, context);
      case 'completeMilestone': {
        const data = { campaignId, milestoneId: step.milestoneId, evidence: step.evidence };
        return this.campaign({ type: 'CompleteCampaignMilestone', data }, context);
      }
      case 'submitClaim':
        return this.campaign(await this.claim(step), context);
      case 'approveClaim':
        return this.campaign({ type: 'ApproveMdfClaim', data: { campaignId, claimId: step.claimId } }, context);
      case 'rejectClaim': {
        const { claimId, reason } = step;
        return this.campaign({ type: 'RejectMdfClaim', data: { campaignId, claimId, reason } }, context);
      }
      case 'attributeLead': {
        const { registrationId } = step;
        return this.campaign({ type: 'AttributeCampaignLead', data: { campaignId, registrationId } }, context);
      }
      case 'closeCampaign':
        return this.campaign({ type: 'CloseCampaign', data: { campaignId, reason: step.reason } }, context);
    }
  }

  /** A claim of a fraction of its milestone's amount, as the campaign now records the milestone. */
  private async claim(step: Extract<SeedStep, { kind: 'submitClaim' }>): Promise<CampaignRequest> {
    const { campaignId, claimId, milestoneId, evidence } = step;
    const campaign = await this.pipeline.state(campaignDecider, campaignStream(campaignId));
    const milestones = campaign.status === 'none' ? [] : campaign.milestones;
    const milestone = milestones.find((candidate) => candidate.id === milestoneId);
    if (campaign.status === 'none' || !milestone) {
      const message = `Campaign ${campaignId} has no milestone ${milestoneId}`;
      throw new DomainError('CAMPAIGN_MILESTONE_NOT_FOUND', message, {});
    }
    const amount = new Decimal(milestone.amount).times(step.fraction).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const claimed = formatMoney(amount, campaign.currency);
    return { type: 'SubmitMdfClaim', data: { campaignId, claimId, amount: claimed, evidence } };
  }

  private async sendStatement(step: StatementStep, context: RequestContext): Promise<Outcome> {
    const { partnerId, period } = step;
    const statementId = statementIdOf(partnerId, period);
    switch (step.kind) {
      case 'issueStatement':
        return this.statement({ type: 'IssueStatement', data: { partnerId, period } }, context);
      case 'disputeLine':
      case 'resolveDispute': {
        // The partner disputes the first commission line of its statement (the snapshot never changes).
        const statement = await this.pipeline.state(statementDecider, statementStream(partnerId, period));
        const lines = statement.status === 'none' ? [] : statement.lines;
        const currency = statement.status === 'none' ? '' : statement.currency;
        const line = lines.find((candidate) => candidate.kind === 'commission');
        if (!line) return 'skipped';
        const { lineId } = line;
        if (step.kind === 'disputeLine') {
          const data = { statementId, lineId, reason: step.reason };
          return this.statement({ type: 'DisputeStatementLine', data }, context);
        }
        // What a refund clawed back since the statement bounds a negative adjustment too (resolveStatementDispute).
        await this.projector.runUntilCaughtUp();
        const held = heldOfLine(lineId, this.commissions.lineWithReversals(lineId));
        const resolution = resolutionWithinLine(step, { lineAmount: line.amount, held }, currency);
        const data = { statementId, lineId, ...resolution, note: step.note };
        return this.statement({ type: 'ResolveStatementDispute', data }, context);
      }
      case 'approveStatement':
        return this.statement({ type: 'ApproveStatement', data: { statementId } }, context);
      case 'payStatement':
        const data = { statementId, paymentReference: step.paymentReference };
        return this.statement({ type: 'PayStatement', data }, context);
    }
  }

  /**
   * The proposal of a planned campaign: its budget is a share of what the fund had available before this
   * moment of the timeline, folded from the fund's events recorded earlier (so a re-run, which finds
   * later events in the fund, computes the same budget and replays), in round hundreds. None when that
   * is under the minimum: the fund has too little for a campaign.
   */
  private async proposal(step: Extract<SeedStep, { kind: 'proposeCampaign' }>): Promise<CampaignRequest | undefined> {
    const now = this.clock.now();
    const fund = await this.store.readStream(mdfStream(step.partnerId));
    const before = fund.events
      .filter((event) => event.metadata.recordedAt < now)
      .map((event) => ({ type: event.type, data: event.data }) as MdfEvent);
    const figures = foldMdfFigures(before);
    const currency = figures.currency ?? 'USD';
    const budget = new Decimal(figures.available).times(step.share).div(100).floor().times(100);
    if (budget.lt(budgetMinimum)) return undefined;
    let rest = budget;
    const milestones = step.milestones.map((milestone, index) => {
      const amount =
        index === step.milestones.length - 1
          ? rest
          : budget.times(milestone.split).toDecimalPlaces(2, Decimal.ROUND_DOWN);
      rest = rest.minus(amount);
      return { id: milestone.id, amount: formatMoney(amount, currency) };
    });
    return {
      type: 'ProposeCampaign',
      data: {
        campaignId: step.campaignId,
        partnerId: step.partnerId,
        name: step.name,
        budget: formatMoney(budget, currency),
        goals: { leads: step.leads, pipeline: formatMoney(budget.times(10), currency) },
        milestones,
      },
    };
  }

  private async campaign(request: CampaignRequest, context: RequestContext): Promise<Outcome> {
    return (
      await this.commands.execute<CampaignCommandMessage, CampaignOutcome>(new CampaignCommandMessage(request, context))
    ).replayed
      ? 'replayed'
      : 'done';
  }

  private async statement(request: StatementRequest, context: RequestContext): Promise<Outcome> {
    return (
      await this.commands.execute<StatementCommandMessage, StatementOutcome>(
        new StatementCommandMessage(request, context),
      )
    ).replayed
      ? 'replayed'
      : 'done';
  }

  private async execute(message: ProgramCommandMessage | PartnerCommandMessage | DealCommandMessage): Promise<Outcome> {
    return (await this.commands.execute<typeof message, CommandResult>(message)).replayed ? 'replayed' : 'done';
  }

  private async registration(message: RegistrationCommandMessage): Promise<Outcome> {
    return (await this.commands.execute<RegistrationCommandMessage, RegistrationOutcome>(message)).replayed
      ? 'replayed'
      : 'done';
  }

  /**
   * The version a planned rule set is published under: the planned name, unless the program already
   * has a different document under it (another seed's timeline), then the name with `-s<seed>`. An
   * identical document under the name is this seed's own publication (or an identical one), which the
   * command then replays. The launch rules are not published when rules are already in force on the
   * first day (another seed's program): a second seed extends the program rather than relaunching it.
   */
  private async resolveRuleSet(
    step: Extract<SeedStep, { kind: 'publish' }>,
    seed: number,
    versions: ReadonlyMap<string, string>,
  ): Promise<{ version: string; ruleSet: SeedRuleSet } | undefined> {
    const published = await this.program.ruleSets();
    const corrects = step.corrects === undefined ? '' : (versions.get(step.corrects) ?? step.corrects);
    const candidates = [step.version, `${step.version}-s${seed}`].map((version) => ({
      version,
      ruleSet: seedRuleSet(step.ruleSet, version, step.effectiveFrom, corrects),
    }));
    const same = (candidate: (typeof candidates)[number]) => (publication: RuleSetPublication) =>
      publication.version === candidate.version &&
      publication.rationale === candidate.ruleSet.rationale &&
      canonicalJson(publication.rules) === canonicalJson(validateRuleSet(candidate.ruleSet.document));
    const own = candidates.find((candidate) => published.some(same(candidate)));
    if (own) return own;
    if (step.ruleSet === 'launch' && ruleSetInForce(published, step.effectiveFrom)) return undefined;
    const free = candidates.find(
      (candidate) => !published.some((publication) => publication.version === candidate.version),
    );
    if (free) return free;
    throw new DomainError(
      'RULE_SET_VERSION_EXISTS',
      `Rule set versions ${step.version} and ${step.version}-s${seed} are already published with other documents`,
      { version: step.version },
    );
  }
}

export type DealStep = Extract<
  SeedStep,
  { kind: 'open' | 'stage' | 'win' | 'lose' | 'renew' | 'expand' | 'refund' | 'churn' }
>;
type ProgramStep = Extract<SeedStep, { kind: 'publish' | 'close' }>;
export type PartnerStep = Extract<SeedStep, { kind: 'enroll' | 'suspend' | 'reinstate' | 'offboard' | 'override' }>;
export type RegistrationStep = Extract<SeedStep, { kind: 'submit' | 'approve' | 'reject' }>;
type CampaignStep = Extract<
  SeedStep,
  {
    kind:
      | 'proposeCampaign'
      | 'approveCampaign'
      | 'completeMilestone'
      | 'submitClaim'
      | 'approveClaim'
      | 'rejectClaim'
      | 'attributeLead'
      | 'closeCampaign';
  }
>;
type StatementStep = Extract<
  SeedStep,
  { kind: 'issueStatement' | 'disputeLine' | 'resolveDispute' | 'approveStatement' | 'payStatement' }
>;

/** One (day, phase) group of a run: when it is played, and where its chains count their outcomes. */
interface ChainRun {
  readonly date: string;
  readonly plan: SeedPlan;
  readonly state: RunState;
  readonly options: SeedRunOptions;
}

/** What a run has counted so far, and the chains it stopped. */
interface RunState {
  done: number;
  synced: number;
  replayed: number;
  skipped: number;
  refusedAsPlanned: number;
  eventsDone: number;
  readonly failures: SeedFailure[];
  readonly failedChains: Set<string>;
  readonly skippedChains: Set<string>;
  readonly skippedByKind: Map<SeedStep['kind'], number>;
  readonly versions: Map<string, string>;
}

function newRunState(): RunState {
  return {
    done: 0,
    synced: 0,
    replayed: 0,
    skipped: 0,
    refusedAsPlanned: 0,
    eventsDone: 0,
    failures: [],
    failedChains: new Set(),
    skippedChains: new Set(),
    skippedByKind: new Map(),
    versions: new Map(),
  };
}

/** A (day, phase) group's steps by chain, each chain's steps in plan order. */
export function chainsOf(steps: readonly PlannedStep[]): Map<string, PlannedStep[]> {
  const chains = new Map<string, PlannedStep[]>();
  for (const step of steps) {
    const chain = chains.get(step.chain);
    if (chain) chain.push(step);
    else chains.set(step.chain, [step]);
  }
  return chains;
}

export function partnerRequest(step: PartnerStep): PartnerRequest {
  const { partnerId } = step;
  switch (step.kind) {
    case 'enroll':
      return {
        type: 'EnrollPartner',
        data: { partnerId, name: step.name, kind: step.partnerKind, region: step.region },
      };
    case 'suspend':
      return { type: 'SuspendPartner', data: { partnerId, reason: step.reason } };
    case 'reinstate':
      return { type: 'ReinstatePartner', data: { partnerId, reason: step.reason } };
    case 'offboard':
      return { type: 'OffboardPartner', data: { partnerId, settlement: step.settlement } };
    case 'override':
      return { type: 'OverrideTier', data: { partnerId, tier: step.tier, until: step.until, reason: step.reason } };
  }
}

export function registrationRequest(step: RegistrationStep): RegistrationRequest {
  switch (step.kind) {
    case 'submit': {
      const { registrationId, partnerId, customer, productFamily, estimatedValue, currency, expectedCloseDate } = step;
      const data = { registrationId, partnerId, customer, productFamily, estimatedValue, currency, expectedCloseDate };
      return { type: 'SubmitRegistration', data };
    }
    case 'approve':
      return { type: 'ApproveRegistration', data: { registrationId: step.registrationId } };
    case 'reject':
      return { type: 'RejectRegistration', data: { registrationId: step.registrationId, reason: step.reason } };
  }
}

/** The partner user who sends a step of its own partner. */
function partnerUser(step: SeedStep): Actor {
  if (!('partnerId' in step))
    throw new Error(`Invariant violated: a ${step.kind} step is planned for a partner user without naming the partner`);
  return { id: `seed-user-${step.partnerId}`, role: 'partner', partnerId: step.partnerId };
}

export function dealRequest(step: DealStep, date: string): DealRequest {
  const { dealId } = step;
  const rate = (fxRate: string | undefined) => (fxRate === undefined ? {} : { fxRate });
  switch (step.kind) {
    case 'open':
      return {
        type: 'OpenDeal',
        data: {
          dealId,
          currency: step.currency,
          openedAt: date,
          ...(step.registrationId === undefined ? {} : { registrationId: step.registrationId }),
          ...(step.customer === undefined ? {} : { customer: step.customer }),
          ...(step.partners === undefined ? {} : { partners: step.partners }),
        },
      };
    case 'stage':
      return { type: 'AdvanceDealStage', data: { dealId, stage: step.stage } };
    case 'win':
      return {
        type: 'WinDeal',
        data: {
          dealId,
          lines: step.lines,
          ...rate(step.fxRate),
          billing: step.billing,
          ...(step.termMonths === undefined ? {} : { termMonths: step.termMonths }),
          wonAt: date,
        },
      };
    case 'lose':
      return { type: 'LoseDeal', data: { dealId, reason: step.reason, lostAt: date } };
    case 'renew':
      return {
        type: 'RenewDeal',
        data: { dealId, lines: step.lines, ...rate(step.fxRate), termMonths: step.termMonths, renewedAt: date },
      };
    case 'expand':
      return { type: 'ExpandDeal', data: { dealId, lines: step.lines, ...rate(step.fxRate), expandedAt: date } };
    case 'refund':
      return { type: 'RefundDeal', data: { dealId, amount: step.amount, ...rate(step.fxRate), refundedAt: date } };
    case 'churn':
      return { type: 'ChurnDeal', data: { dealId, churnedAt: date } };
  }
}

/** Played steps taken out of a plan at once: each take moves what is left to the front of the array. */
const stepsTakenPerSplice = 65_536;

/**
 * The plan's steps cut into (day, phase) groups, in order (the plan is sorted that way already), taken out of
 * `steps` as they are handed out: a seed does not hold its whole plan to its end (355 MB of heap at a million
 * events).
 */
export function* takeByDayAndPhase(steps: PlannedStep[]): Generator<[string, Phase, PlannedStep[]]> {
  let group: PlannedStep[] = [];
  for (let index = 0; index < steps.length;) {
    const step = steps[index]!;
    index += 1;
    if (index === stepsTakenPerSplice) {
      steps.splice(0, index);
      index = 0;
    }
    const head = group[0];
    if (head && (head.date !== step.date || head.phase !== step.phase)) {
      yield [head.date, head.phase, group];
      group = [];
    }
    group.push(step);
  }
  steps.length = 0;
  if (group[0]) yield [group[0].date, group[0].phase, group];
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * The plan picks an adjustment before the line exists; an adjustment may not exceed the disputed line, nor take back
 * more than the partner holds of it after its clawbacks (STATEMENT_ADJUSTMENT_EXCEEDS_LINE), so a line smaller than
 * the planned figure is adjusted by what it allows, and one that allows nothing is upheld.
 */
function resolutionWithinLine(
  step: { readonly outcome: 'upheld' | 'adjusted'; readonly adjustment?: string },
  line: { readonly lineAmount: string; readonly held: string | null },
  currency: string,
): { outcome: 'upheld' | 'adjusted'; adjustment?: string } {
  if (step.outcome === 'upheld' || step.adjustment === undefined) return { outcome: 'upheld' };
  const planned = new Decimal(step.adjustment);
  const bound = new Decimal(line.lineAmount).abs();
  const allowed = planned.isNegative() ? Decimal.min(bound, Decimal.max(line.held ?? bound, 0)) : bound;
  if (allowed.isZero()) return { outcome: 'upheld' };
  if (planned.abs().lte(allowed)) return { outcome: 'adjusted', adjustment: step.adjustment };
  return { outcome: 'adjusted', adjustment: formatMoney(planned.isNegative() ? allowed.negated() : allowed, currency) };
}
