import {
  engineLineOf,
  heldOfLine,
  mdfDecider,
  mdfPayableFacts,
  mdfStream,
  previousPeriod,
  statementDecider,
  statementFacts,
  statementIdOf,
  statementPaymentFacts,
  statementStream,
  type Command,
  type CommissionLine,
  type Decider,
  type DisputeOutcome,
  type DomainEvent,
  type IssueStatementFacts,
  type MdfFundState,
  type StatementState,
} from '#domain';
import type { CommandInput } from '../common/command-pipeline.js';

/** What a client asks of a statement; the handler loads the facts issuing carries. */
export type StatementRequest =
  | { type: 'IssueStatement'; data: { partnerId: string; period: string } }
  | { type: 'ApproveStatement'; data: { statementId: string } }
  | { type: 'PayStatement'; data: { statementId: string; paymentReference: string; paidAt?: string } }
  | { type: 'DisputeStatementLine'; data: { statementId: string; lineId: string; reason: string } }
  | {
      type: 'ResolveStatementDispute';
      data: { statementId: string; lineId: string; outcome: DisputeOutcome; adjustment?: string; note?: string };
    };

/** The facts of issuing that the API's thread loads: small, and cached there. */
export type IssueFactsSmall = Pick<IssueStatementFacts, 'closedPeriods' | 'partnerStatus' | 'currency'>;

/**
 * One command step of a statement request: issuing (with the facts the API's thread loaded), a command on the
 * statement's stream, or the pay protocol's second step on the partner's MDF fund. Each folds streams that grow with
 * the partner's history (a statement's lines, earlier statements, a fund's accruals), so outside an import or a seed
 * the read thread decides it.
 */
export type StatementStep =
  | { readonly kind: 'issue'; readonly partnerId: string; readonly period: string; readonly facts: IssueFactsSmall }
  | { readonly kind: 'statement'; readonly stream: string; readonly request: Exclude<StatementRequest, Issuing> }
  | { readonly kind: 'markClaimsPaid'; readonly partnerId: string; readonly period: string };

type Issuing = Extract<StatementRequest, { type: 'IssueStatement' }>;

/** Where a step's facts come from: the log (folds) and the read models. */
export interface StatementSources {
  readonly statementOf: (stream: string) => Promise<StatementState>;
  readonly mdfFundOf: (partnerId: string) => Promise<MdfFundState>;
  /** The periods the statements read model knows for the partner. */
  readonly periodsOf: (partnerId: string) => readonly string[];
  /** The engine's current lines of the partner (the commissions read model). */
  readonly currentLinesOf: (partnerId: string) => CommissionLine[];
  /** An engine line and its clawbacks and forfeitures (the commissions read model). */
  readonly lineWithReversalsOf: (lineId: string) => CommissionLine[];
}

/** A step as the command pipeline runs it; `firstStatement`: issuing the partner's first (its period is claimed). */
export interface PlannedStep {
  readonly decider: Decider<Command, DomainEvent, unknown>;
  readonly stream: string;
  readonly input: CommandInput<Command>;
  readonly firstStatement: boolean;
}

/** The stream a step appends to and its command's type, known before anything is loaded. */
export function stepTarget(step: StatementStep): { stream: string; type: string } {
  switch (step.kind) {
    case 'issue':
      return { stream: statementStream(step.partnerId, step.period), type: 'IssueStatement' };
    case 'statement':
      return { stream: step.stream, type: step.request.type };
    case 'markClaimsPaid':
      return { stream: mdfStream(step.partnerId), type: 'MarkMdfClaimsPaid' };
  }
}

/** The decider, stream and command (with every fact it needs) of a step; the same on either thread. */
export async function plannedStep(step: StatementStep, sources: StatementSources): Promise<PlannedStep> {
  const { stream } = stepTarget(step);
  switch (step.kind) {
    case 'issue': {
      const { partnerId, period } = step;
      const facts = await issueFactsOf(sources, step);
      const input = { type: 'IssueStatement', data: { partnerId, period }, facts };
      return {
        decider: anyDecider(statementDecider),
        stream,
        input,
        firstStatement: facts.issuedStatements.length === 0,
      };
    }
    case 'statement': {
      const { request } = step;
      const input = request.type === 'ResolveStatementDispute' ? await resolving(request, stream, sources) : request;
      return { decider: anyDecider(statementDecider), stream, input, firstStatement: false };
    }
    case 'markClaimsPaid': {
      const { partnerId, period } = step;
      const statementId = statementIdOf(partnerId, period);
      const statement = await sources.statementOf(statementStream(partnerId, period));
      const input = {
        type: 'MarkMdfClaimsPaid',
        data: { partnerId, statementId },
        facts: { statement: statementPaymentFacts(statement) },
      };
      return { decider: anyDecider(mdfDecider), stream, input, firstStatement: false };
    }
  }
}

/**
 * Every fact issuing the partner's statement for `period` needs. Every period the partner may hold a statement for:
 * those the read model knows, every closed period and the quarter before this one; each is folded from its stream,
 * not read from the model.
 */
async function issueFactsOf(
  sources: StatementSources,
  step: Extract<StatementStep, { kind: 'issue' }>,
): Promise<IssueStatementFacts> {
  const { partnerId, period, facts } = step;
  const periods = new Set([...sources.periodsOf(partnerId), ...facts.closedPeriods, previousPeriod(period)]);
  periods.delete(period);
  const [folded, mdfFund] = await Promise.all([
    Promise.all([...periods].sort().map((other) => sources.statementOf(statementStream(partnerId, other)))),
    sources.mdfFundOf(partnerId),
  ]);
  const issuedStatements = folded.filter((statement) => statement.status !== 'none').map(statementFacts);
  const commissionLines = sources.currentLinesOf(partnerId);
  return { ...facts, issuedStatements, commissionLines, mdfFund: mdfPayableFacts(mdfFund) };
}

/**
 * A resolution with what the partner holds now of the engine's line the disputed line stands on (the line itself, the
 * one a clawback or an adjustment on it refers to), from the engine's current lines.
 */
async function resolving(
  request: Extract<StatementRequest, { type: 'ResolveStatementDispute' }>,
  stream: string,
  sources: StatementSources,
) {
  const statement = await sources.statementOf(stream);
  const lines = statement.status === 'none' ? [] : statement.lines;
  const disputed = lines.find((line) => line.lineId === request.data.lineId);
  const engineLine = disputed === undefined ? null : engineLineOf(disputed);
  const lineHeld = engineLine === null ? null : heldOfLine(engineLine, sources.lineWithReversalsOf(engineLine));
  return { ...request, facts: { lineHeld } };
}

/** One decider type for the steps' two aggregates: each step pairs a decider with its own commands. */
function anyDecider<C extends Command, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
): Decider<Command, DomainEvent, unknown> {
  return decider;
}
