import type Database from 'better-sqlite3';
import type { StatementEvent, StatementLine } from '#domain';
import type { StoredEvent } from '#event-store';
import { minorOf } from '../money-columns.js';
import type { Projection } from '../projection.js';

/**
 * The payout statements read model: each statement's status, lines and disputes.
 *
 * The statement as issued (lines with their provenance, subtotals, totals, issuer) is the data of
 * `PayoutStatementIssued`, never changed: reads take it from the log (StatementQueries), so the read model keeps no
 * second copy of it (26 KB on average in a seeded program, 2.5 MB for the largest; a quarter of a million-event
 * read model's bytes, written by every rebuild and copied by its swap). `statements` holds what changes (approval,
 * payment) and where the statement's stream is; `statement_lines` repeats each line's amount in minor units (exact
 * integer sums for balances) and the line it adjusts, so a statement can show the later lines that corrected it.
 * Every row comes from the log alone: no clock, no other projection's tables.
 */
export const statementsProjection: Projection = {
  name: 'statements',
  // 3: the issued data is read from the log, no longer kept in statement_snapshots (docs/decisions.md).
  version: 3,
  tables: ['statements', 'statement_lines', 'statement_disputes'],
  schema: `
    DROP TABLE IF EXISTS statement_snapshots;
    CREATE TABLE IF NOT EXISTS statements (
      statement_id TEXT PRIMARY KEY,
      partner_id TEXT NOT NULL,
      period TEXT NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      issued_at TEXT NOT NULL,
      issued_position INTEGER NOT NULL,
      approved_by TEXT,
      approved_at TEXT,
      payment_reference TEXT,
      paid_at TEXT,
      paid_by TEXT,
      paid_amount TEXT,
      position INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS statements_partner ON statements (partner_id, period);
    CREATE INDEX IF NOT EXISTS statements_period ON statements (period, partner_id);
    CREATE TABLE IF NOT EXISTS statement_lines (
      statement_id TEXT NOT NULL,
      line_id TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      partner_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      adjustment_reason TEXT,
      currency TEXT NOT NULL,
      amount TEXT NOT NULL,
      amount_minor INTEGER NOT NULL,
      adjusts_statement_id TEXT,
      adjusts_line_id TEXT,
      PRIMARY KEY (statement_id, line_id)
    );
    CREATE INDEX IF NOT EXISTS statement_lines_partner ON statement_lines (partner_id, line_id);
    CREATE INDEX IF NOT EXISTS statement_lines_adjusts ON statement_lines (adjusts_statement_id)
      WHERE adjusts_statement_id IS NOT NULL;
    CREATE TABLE IF NOT EXISTS statement_disputes (
      statement_id TEXT NOT NULL,
      line_id TEXT NOT NULL,
      dispute_number INTEGER NOT NULL,
      partner_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      line_amount_minor INTEGER NOT NULL,
      reason TEXT NOT NULL,
      disputed_by TEXT NOT NULL,
      disputed_at TEXT NOT NULL,
      disputed_position INTEGER NOT NULL,
      outcome TEXT,
      adjustment TEXT,
      adjustment_minor INTEGER,
      note TEXT,
      resolved_by TEXT,
      resolved_at TEXT,
      resolved_position INTEGER,
      PRIMARY KEY (statement_id, line_id, dispute_number)
    );
    CREATE INDEX IF NOT EXISTS statement_disputes_partner ON statement_disputes (partner_id);
  `,
  bind(db: Database.Database) {
    const writes = statementWrites(db);
    return (stored: StoredEvent) => {
      if (!stored.stream.startsWith('statement-')) return;
      applyStatementEvent(writes, stored as unknown as StatementEvent, stored.position);
    };
  },
};

/** The prepared writes of the statements read model. */
function statementWrites(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO statements
        (statement_id, partner_id, period, currency, status, issued_at, issued_position, position)
      VALUES (?, ?, ?, ?, 'issued', ?, ?, ?)`),
    line: db.prepare(`INSERT INTO statement_lines (statement_id, line_id, ordinal, partner_id, kind, adjustment_reason,
        currency, amount, amount_minor, adjusts_statement_id, adjusts_line_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    approved: db.prepare(
      `UPDATE statements SET status = 'approved', approved_by = ?, approved_at = ?, position = ?
        WHERE statement_id = ?`,
    ),
    paid: db.prepare(
      `UPDATE statements SET status = 'paid', payment_reference = ?, paid_at = ?, paid_by = ?, paid_amount = ?,
        position = ? WHERE statement_id = ?`,
    ),
    touched: db.prepare('UPDATE statements SET position = ? WHERE statement_id = ?'),
    lineAmount: db.prepare<[string, string], { amount_minor: bigint; currency: string }>(
      'SELECT amount_minor, currency FROM statement_lines WHERE statement_id = ? AND line_id = ?',
    ),
    disputed: db.prepare(`INSERT INTO statement_disputes (statement_id, line_id, dispute_number, partner_id, currency,
        line_amount_minor, reason, disputed_by, disputed_at, disputed_position)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    resolved: db.prepare(`UPDATE statement_disputes SET outcome = ?, adjustment = ?, adjustment_minor = ?, note = ?,
        resolved_by = ?, resolved_at = ?, resolved_position = ?
      WHERE statement_id = ? AND line_id = ? AND dispute_number = ?`),
  };
}

type StatementWrites = ReturnType<typeof statementWrites>;
type DataOf<Type extends StatementEvent['type']> = Extract<StatementEvent, { type: Type }>['data'];

function applyStatementEvent(writes: StatementWrites, event: StatementEvent, position: bigint): void {
  switch (event.type) {
    case 'PayoutStatementIssued':
      applyIssued(writes, event.data, position);
      return;
    case 'PayoutStatementApproved':
      writes.approved.run(event.data.approvedBy, event.data.approvedAt, position, event.data.statementId);
      return;
    case 'PayoutStatementPaid': {
      const { paymentReference, paidAt, paidBy, amount, statementId } = event.data;
      writes.paid.run(paymentReference, paidAt, paidBy, amount, position, statementId);
      return;
    }
    case 'PayoutLineDisputed':
      applyDisputed(writes, event.data, position);
      return;
    case 'PayoutDisputeResolved':
      applyResolved(writes, event.data, position);
      return;
    default:
      return;
  }
}

function applyIssued(writes: StatementWrites, data: DataOf<'PayoutStatementIssued'>, position: bigint): void {
  const { statementId, partnerId, period, currency, lines, issuedAt } = data;
  writes.insert.run(statementId, partnerId, period, currency, issuedAt, position, position);
  lines.forEach((line, ordinal) => {
    const adjusts = adjustedLine(line);
    writes.line.run(
      statementId,
      line.lineId,
      ordinal,
      partnerId,
      line.kind,
      line.kind === 'adjustment' ? line.adjustment.reason : null,
      currency,
      line.amount,
      minorOf(line.amount, currency),
      adjusts?.statementId ?? null,
      adjusts?.lineId ?? null,
    );
  });
}

function applyDisputed(writes: StatementWrites, data: DataOf<'PayoutLineDisputed'>, position: bigint): void {
  const { statementId, partnerId, lineId, disputeNumber, reason, disputedBy, disputedAt } = data;
  // The decider only accepts disputes of lines the statement holds.
  const line = writes.lineAmount.get(statementId, lineId)!;
  writes.disputed.run(
    statementId,
    lineId,
    disputeNumber,
    partnerId,
    line.currency,
    line.amount_minor,
    reason,
    disputedBy,
    disputedAt,
    position,
  );
  writes.touched.run(position, statementId);
}

function applyResolved(writes: StatementWrites, data: DataOf<'PayoutDisputeResolved'>, position: bigint): void {
  const { statementId, lineId, disputeNumber, outcome, adjustment, note, resolvedBy, resolvedAt } = data;
  const line = writes.lineAmount.get(statementId, lineId)!;
  writes.resolved.run(
    outcome,
    adjustment,
    adjustment === null ? null : minorOf(adjustment, line.currency),
    note ?? null,
    resolvedBy,
    resolvedAt,
    position,
    statementId,
    lineId,
    disputeNumber,
  );
  writes.touched.run(position, statementId);
}

/** The earlier statement line an adjustment line corrects (recomputation or dispute). */
function adjustedLine(line: StatementLine): { statementId: string; lineId: string } | undefined {
  return line.kind === 'adjustment' ? line.adjustment.adjusts : undefined;
}
