import {
  previousPeriod,
  statementFacts,
  statementStream,
  type CommissionLine,
  type IssueStatementFacts,
  type StatementState,
} from '#domain';

/** The facts of issuing that the API's thread loads: small, and most of them cached. */
export type IssueFactsSmall = Omit<IssueStatementFacts, 'issuedStatements' | 'commissionLines'>;

/** Where the facts that grow with a partner's history come from: the log and the read models. */
export interface IssueFactsSources {
  /** The fold of a statement stream. */
  readonly statementOf: (stream: string) => Promise<StatementState>;
  /** The periods the statements read model knows for the partner. */
  readonly periodsOf: (partnerId: string) => readonly string[];
  /** The engine's current lines of the partner (the commissions read model). */
  readonly currentLinesOf: (partnerId: string) => CommissionLine[];
}

/**
 * Every fact issuing the partner's statement for `period` needs. Every period the partner may hold a statement for:
 * those the read model knows, every closed period and the quarter before this one; each is folded from its stream,
 * not read from the model. The same on the API's thread (inside an import or a seed) and in the read thread.
 */
export async function issueFactsOf(
  sources: IssueFactsSources,
  request: { readonly partnerId: string; readonly period: string },
  small: IssueFactsSmall,
): Promise<IssueStatementFacts> {
  const { partnerId, period } = request;
  const periods = new Set([...sources.periodsOf(partnerId), ...small.closedPeriods, previousPeriod(period)]);
  periods.delete(period);
  const folded = await Promise.all(
    [...periods].sort().map((other) => sources.statementOf(statementStream(partnerId, other))),
  );
  const issuedStatements = folded.filter((statement) => statement.status !== 'none').map(statementFacts);
  return { ...small, issuedStatements, commissionLines: sources.currentLinesOf(partnerId) };
}
