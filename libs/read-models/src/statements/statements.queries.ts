import type Database from 'better-sqlite3';
import {
  invariant,
  statementStream,
  type DisputeOutcome,
  type StatementEvent,
  type StatementLine,
  type StatementLineKind,
  type StatementStatus,
} from '#domain';
import type { EventStore } from '#event-store';
import { StatementCache, whereEqual } from '../statement-cache.js';
import { after, equal, pageOf, whereAll, type Condition, type Page, type PageRequest } from '../page.js';

type IssuedData = Extract<StatementEvent, { type: 'PayoutStatementIssued' }>['data'];

export interface StatementDisputeView {
  readonly lineId: string;
  readonly disputeNumber: number;
  readonly reason: string;
  readonly disputedBy: string;
  readonly disputedAt: string;
  readonly status: 'open' | 'resolved';
  readonly outcome: DisputeOutcome | null;
  /** Signed, in the statement currency, when resolved as adjusted. */
  readonly adjustment: string | null;
  readonly note: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  /** The adjustment line that carries `adjustment` once a later statement is issued. */
  readonly adjustmentLine: { readonly statementId: string; readonly lineId: string } | null;
}

/** A line of a later statement that corrects a line of this one (a recomputation or a dispute adjustment). */
export interface StatementAdjustmentLink {
  readonly statementId: string;
  readonly lineId: string;
  readonly adjustsLineId: string;
  readonly reason: 'recomputation' | 'dispute';
  readonly amount: string;
}

/**
 * A payout statement: as issued (statementId … issuedAt, never changed), then what
 * happened to it since: status, approval, payment, disputes, and the later lines that adjust it.
 */
export interface StatementView {
  readonly statementId: string;
  readonly partnerId: string;
  readonly period: string;
  readonly currency: string;
  readonly lines: readonly StatementLine[];
  readonly subtotals: Readonly<Record<StatementLineKind, string>>;
  readonly total: string;
  readonly payable: string;
  readonly carriedForward: string;
  readonly issuedBy: string;
  readonly issuedAt: string;
  readonly status: StatementStatus;
  readonly approval: { readonly approvedBy: string; readonly approvedAt: string } | null;
  readonly payment: {
    readonly paymentReference: string;
    readonly paidAt: string;
    readonly paidBy: string;
    readonly amount: string;
    readonly currency: string;
  } | null;
  readonly disputes: readonly StatementDisputeView[];
  readonly openDisputes: number;
  readonly adjustedBy: readonly StatementAdjustmentLink[];
  /** The global position of the issue, and of the latest event about the statement. */
  readonly issuedPosition: string;
  readonly position: string;
}

export interface StatementFilters {
  readonly partnerId?: string;
  readonly period?: string;
  readonly limit: number;
  readonly offset: number;
}

export const statementListStatuses = ['issued', 'disputed', 'approved', 'paid'] as const;
export type StatementListStatus = (typeof statementListStatuses)[number];

export interface StatementPageFilters {
  readonly partnerId?: string;
  readonly period?: string;
  readonly status?: StatementListStatus;
}

const openDispute =
  'EXISTS (SELECT 1 FROM statement_disputes d WHERE d.statement_id = statements.statement_id AND d.outcome IS NULL)';

function statusCondition(status: StatementListStatus | undefined): Condition[] {
  if (status === 'disputed') return [{ sql: openDispute, values: [] }];
  if (status === 'issued') return [{ sql: `status = 'issued' AND NOT ${openDispute}`, values: [] }];
  return equal('status', status);
}

/** A partner's statement figures in one currency as of a date, in minor units (see CommissionQueries.balance). */
interface NextStatementRow {
  readonly currency: string;
  readonly carriedForward: bigint;
  readonly mdfClaimsApproved: bigint;
}

export interface StatementBalanceFigures {
  /** Commission lines, clawbacks and adjustments on statements issued on or before the date. */
  issued: bigint;
  /** The same, on statements paid on or before the date. */
  paid: bigint;
  /** Dispute adjustments decided on or before the date, whether or not a statement carries them yet. */
  adjustments: bigint;
  /** Statement lines under a dispute open on the date. */
  disputed: bigint;
  /**
   * The negative totals of statements issued on or before the date that no statement issued by then carries on yet
   * (its `carry-forward:<statementId>` line): what the next statement starts with.
   */
  carriedForward: bigint;
  /** MDF claims approved on or before the date and on no statement issued by then: the next statement pays them. */
  mdfClaimsApproved: bigint;
}

interface StatementRow {
  statement_id: string;
  status: StatementStatus;
  partner_id: string;
  period: string;
  approved_by: string | null;
  approved_at: string | null;
  payment_reference: string | null;
  paid_at: string | null;
  paid_by: string | null;
  paid_amount: string | null;
  currency: string;
  issued_position: bigint;
  position: bigint;
}

interface DisputeRow {
  line_id: string;
  dispute_number: bigint;
  reason: string;
  disputed_by: string;
  disputed_at: string;
  outcome: DisputeOutcome | null;
  adjustment: string | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  adjustment_statement_id: string | null;
}

interface LinkRow {
  statement_id: string;
  line_id: string;
  adjusts_line_id: string;
  adjustment_reason: 'recomputation' | 'dispute';
  amount: string;
}

const statementColumns =
  'statement_id, status, partner_id, period, approved_by, approved_at, payment_reference, paid_at, paid_by, ' +
  'paid_amount, currency, issued_position, position';

/**
 * Reads of the statements read model (statements.projection.ts) as whole statements: what happened to each since
 * it was issued from the read model, and the statement as issued from the log, the event that issued it.
 */
export class StatementQueries {
  private readonly cache: StatementCache;

  constructor(
    db: Database.Database,
    private readonly store: Pick<EventStore, 'readStream'>,
  ) {
    // Prepared on first use: the tables exist once a projector has set the read models up.
    this.cache = new StatementCache(db);
  }

  async get(statementId: string): Promise<StatementView | undefined> {
    const row = this.cache
      .get<[string], StatementRow>(`SELECT ${statementColumns} FROM statements WHERE statement_id = ?`)
      .get(statementId);
    return row && (await this.toView(row));
  }

  /** Statements by period, then partner. */
  list(filters: StatementFilters): Promise<StatementView[]> {
    const { where, values } = whereEqual([
      ['partner_id', filters.partnerId],
      ['period', filters.period],
    ]);
    const rows = this.cache
      .get<unknown[], StatementRow>(
        `SELECT ${statementColumns} FROM statements ${where} ORDER BY period, partner_id ` +
          'LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)',
      )
      .all(...values, filters.limit, filters.offset);
    return Promise.all(rows.map((row) => this.toView(row)));
  }

  /**
   * Statements by period, then partner (then id), a page after `request.after`. `disputed` is a
   * statement with a dispute not yet resolved, whatever its status; `issued` one without.
   */
  async page(filters: StatementPageFilters, request: PageRequest): Promise<Page<StatementView>> {
    const { where, values } = whereAll([
      ...equal('partner_id', filters.partnerId),
      ...equal('period', filters.period),
      ...statusCondition(filters.status),
      ...after(['period', 'partner_id', 'statement_id'], request.after),
    ]);
    const rows = this.cache
      .get<unknown[], StatementRow>(
        `SELECT ${statementColumns} FROM statements ${where} ` +
          'ORDER BY period, partner_id, statement_id LIMIT CAST(? AS INTEGER)',
      )
      .all(...values, request.limit + 1);
    const keyOf = (row: StatementRow) => [row.period, row.partner_id, row.statement_id];
    const page = pageOf(rows, request.limit, keyOf, (row) => row);
    return { ...page, items: await Promise.all(page.items.map((row) => this.toView(row))) };
  }

  /** The statement as issued: the data of the event that issued it, the first of the statement's stream. */
  private async issuedData(row: StatementRow): Promise<IssuedData> {
    const { events } = await this.store.readStream(statementStream(row.partner_id, row.period));
    const issued = events.find((event) => event.type === 'PayoutStatementIssued');
    invariant(
      issued !== undefined && issued.position === row.issued_position,
      `statement ${row.statement_id} is not issued at ${row.issued_position} in its stream`,
    );
    return issued.data as IssuedData;
  }

  private async toView(row: StatementRow): Promise<StatementView> {
    // The read model's rows first, in the same turn as the statement's row; the issued data never changes.
    const disputes = this.disputesOf(row.statement_id);
    const adjustedBy = this.adjustedByOf(row.statement_id);
    const issued = await this.issuedData(row);
    const {
      statementId,
      partnerId,
      period,
      currency,
      lines,
      subtotals,
      total,
      payable,
      carriedForward,
      issuedBy,
      issuedAt,
    } = issued;
    return {
      statementId,
      partnerId,
      period,
      currency,
      lines,
      subtotals,
      total,
      payable,
      carriedForward,
      issuedBy,
      issuedAt,
      status: row.status,
      approval:
        row.approved_by === null || row.approved_at === null
          ? null
          : { approvedBy: row.approved_by, approvedAt: row.approved_at },
      payment:
        row.payment_reference === null || row.paid_at === null || row.paid_by === null || row.paid_amount === null
          ? null
          : {
              paymentReference: row.payment_reference,
              paidAt: row.paid_at,
              paidBy: row.paid_by,
              amount: row.paid_amount,
              currency: row.currency,
            },
      disputes,
      openDisputes: disputes.filter((dispute) => dispute.status === 'open').length,
      adjustedBy,
      issuedPosition: row.issued_position.toString(),
      position: row.position.toString(),
    };
  }

  /** The disputes raised on the statement's lines, with the later adjustment line that carries each, if issued. */
  private disputesOf(statementId: string): StatementDisputeView[] {
    return this.cache
      .get<[string, string], DisputeRow>(
        `
        SELECT d.line_id, d.dispute_number, d.reason, d.disputed_by, d.disputed_at, d.outcome, d.adjustment, d.note,
          d.resolved_by, d.resolved_at,
          (SELECT l.statement_id FROM statement_lines l
            WHERE l.partner_id = d.partner_id
              AND l.line_id = 'dispute:' || CAST(? AS TEXT) || ':' || d.line_id || ':' || d.dispute_number)
            AS adjustment_statement_id
        FROM statement_disputes d WHERE d.statement_id = CAST(? AS TEXT) ORDER BY d.disputed_position, d.line_id
      `,
      )
      .all(statementId, statementId)
      .map((dispute) => disputeView(statementId, dispute));
  }

  /** The lines of later statements that adjust lines of this one. */
  private adjustedByOf(statementId: string): StatementAdjustmentLink[] {
    return this.cache
      .get<[string], LinkRow>(
        `
        SELECT l.statement_id, l.line_id, l.adjusts_line_id, l.adjustment_reason, l.amount
        FROM statement_lines l JOIN statements s ON s.statement_id = l.statement_id
        WHERE l.adjusts_statement_id = CAST(? AS TEXT) ORDER BY s.period, l.ordinal
      `,
      )
      .all(statementId)
      .map((link) => ({
        statementId: link.statement_id,
        lineId: link.line_id,
        adjustsLineId: link.adjusts_line_id,
        reason: link.adjustment_reason,
        amount: link.amount,
      }));
  }
}

/** The statements read model's figures that need no statement as issued: periods and balance figures. */
export class StatementFigures {
  private readonly cache: StatementCache;
  /** nextStatementFigures' query, prepared at its first use (whether the MDF claims' table exists is read then). */
  private nextStatement: Database.Statement<[{ partnerId: string; asOf: string }], NextStatementRow> | undefined;

  constructor(db: Database.Database) {
    // Prepared on first use: the tables exist once a projector has set the read models up.
    this.cache = new StatementCache(db);
  }

  /** The periods the partner has a statement for, oldest first. */
  periodsOf(partnerId: string): string[] {
    return this.cache
      .get<[string], { period: string }>(
        'SELECT period FROM statements WHERE partner_id = CAST(? AS TEXT) ORDER BY period',
      )
      .all(partnerId)
      .map((row) => row.period);
  }

  /**
   * The partner's statement figures per currency as of a date (CommissionQueries.balance adds them to the
   * commission figures).
   */
  balanceFigures(partnerId: string, asOf: string): Map<string, StatementBalanceFigures> {
    const figures = new Map<string, StatementBalanceFigures>();
    const entry = (currency: string) => {
      let found = figures.get(currency);
      if (!found) {
        found = { issued: 0n, paid: 0n, adjustments: 0n, disputed: 0n, carriedForward: 0n, mdfClaimsApproved: 0n };
        figures.set(currency, found);
      }
      return found;
    };
    const onStatements = this.cache.get<[string, string, string], { currency: string; issued: bigint; paid: bigint }>(`
      SELECT s.currency,
        COALESCE(SUM(l.amount_minor), 0) AS issued,
        COALESCE(SUM(CASE WHEN s.paid_at IS NOT NULL AND s.paid_at <= ? THEN l.amount_minor END), 0) AS paid
      FROM statements s JOIN statement_lines l ON l.statement_id = s.statement_id
      WHERE s.partner_id = CAST(? AS TEXT) AND s.issued_at <= ? AND l.kind IN ('commission', 'clawback', 'adjustment')
      GROUP BY s.currency
    `);
    for (const row of onStatements.all(asOf, partnerId, asOf))
      Object.assign(entry(row.currency), { issued: row.issued, paid: row.paid });
    const disputes = this.cache.get<
      [string, string, string, string, string],
      { currency: string; adjustments: bigint; disputed: bigint }
    >(`
      SELECT currency,
        COALESCE(SUM(CASE WHEN outcome = 'adjusted' AND resolved_at <= ? THEN adjustment_minor END), 0)
          AS adjustments,
        COALESCE(SUM(
          CASE WHEN disputed_at <= ? AND (resolved_at IS NULL OR resolved_at > ?) THEN line_amount_minor END
        ), 0) AS disputed
      FROM statement_disputes WHERE partner_id = CAST(? AS TEXT) AND disputed_at <= ? GROUP BY currency
    `);
    for (const row of disputes.all(asOf, asOf, asOf, partnerId, asOf))
      Object.assign(entry(row.currency), { adjustments: row.adjustments, disputed: row.disputed });
    for (const row of this.nextStatementFigures(partnerId, asOf)) {
      const { carriedForward, mdfClaimsApproved } = row;
      if (carriedForward !== 0n || mdfClaimsApproved !== 0n)
        Object.assign(entry(row.currency), { carriedForward, mdfClaimsApproved });
    }
    return figures;
  }

  /**
   * What a statement issued on the date would take beyond the commission figures, per currency (balanceFigures). The
   * approved claims are the MDF projection's rows: a database without that projection counts none.
   */
  private nextStatementFigures(partnerId: string, asOf: string): NextStatementRow[] {
    this.nextStatement ??= this.cache.get(nextStatementSql(this.cache));
    return this.nextStatement.all({ partnerId, asOf });
  }
}

/**
 * The query of nextStatementFigures, written once per database. Statements are issued in period order, each carrying
 * the one before's negative total (its carry-forward line): only the latest of each currency may still hold one. A
 * line is on a statement by then when a statement issued by then holds its id (statement_lines_partner).
 */
function nextStatementSql(cache: StatementCache): string {
  const withClaims =
    cache.get<[], { found: bigint }>("SELECT COUNT(*) AS found FROM sqlite_master WHERE name = 'mdf_claims'").get()!
      .found > 0n;
  const onStatementBy = (lineId: string) => `EXISTS (SELECT 1 FROM statement_lines l JOIN statements n
    ON n.statement_id = l.statement_id WHERE l.partner_id = $partnerId AND l.line_id = ${lineId}
    AND n.issued_at <= $asOf)`;
  const claims = `UNION ALL SELECT c.currency, 0, c.amount FROM mdf_claims c
    WHERE c.partner_id = $partnerId AND c.approved_at <= $asOf
    AND NOT ${onStatementBy("'mdf-claim:' || c.claim_id")}`;
  return `SELECT currency, SUM(MIN(carried, 0)) AS carriedForward, SUM(claims) AS mdfClaimsApproved FROM (
      -- A statement with no line totals 0 (SUM alone answers NULL).
      SELECT s.currency, (SELECT COALESCE(SUM(amount_minor), 0) FROM statement_lines l
        WHERE l.statement_id = s.statement_id) AS carried, 0 AS claims
      FROM (SELECT statement_id, currency, MAX(period) FROM statements
        WHERE partner_id = $partnerId AND issued_at <= $asOf GROUP BY currency) s
      WHERE NOT ${onStatementBy("'carry-forward:' || s.statement_id")}
      ${withClaims ? claims : ''}
    ) GROUP BY currency`;
}

function disputeView(statementId: string, dispute: DisputeRow): StatementDisputeView {
  const disputeNumber = Number(dispute.dispute_number);
  return {
    lineId: dispute.line_id,
    disputeNumber,
    reason: dispute.reason,
    disputedBy: dispute.disputed_by,
    disputedAt: dispute.disputed_at,
    status: dispute.resolved_at === null ? 'open' : 'resolved',
    outcome: dispute.outcome,
    adjustment: dispute.adjustment,
    note: dispute.note,
    resolvedBy: dispute.resolved_by,
    resolvedAt: dispute.resolved_at,
    adjustmentLine:
      dispute.adjustment_statement_id === null
        ? null
        : {
            statementId: dispute.adjustment_statement_id,
            lineId: `dispute:${statementId}:${dispute.line_id}:${disputeNumber}`,
          },
  };
}
