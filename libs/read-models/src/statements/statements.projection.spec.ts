import type Database from 'better-sqlite3';
import { commissionStatementLine, disputeAdjustments, statementStream, type StatementEvent } from '#domain';
import {
  clawbackLine,
  commissionLine,
  disputeResolved,
  lineDisputed,
  statementApproved,
  statementIssued,
  statementOf,
  statementPaid,
} from '#domain/testing';
import { openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anEvent } from '../../../event-store/src/testing/event-store.contract.js';
import { Projector, readModelDigest } from '../projector.js';
import { statementCsvRows } from './statement-export.js';
import { statementsProjection } from './statements.projection.js';
import { StatementFigures, StatementQueries, type StatementFilters } from './statements.queries.js';

const projections = [statementsProjection];

/**
 * p1's Q1 statement (two commission lines), the line e1:p1 disputed and resolved with +25.00, approved
 * and paid; then the Q2 statement carrying a clawback and the dispute adjustment; p2's Q1 statement.
 */
const e1 = commissionLine();
const e3 = commissionLine({
  lineId: 'e3:p1',
  source: { eventId: 'e3', position: '30', stream: 'deal-d2', type: 'DealWon' },
  dealId: 'd2',
  amount: '250.50',
});
const q1Issued = statementIssued({ lines: [commissionStatementLine(e1), commissionStatementLine(e3)] });
const q1Resolved = disputeResolved('e1:p1', {
  outcome: 'adjusted',
  adjustment: '25.00',
  note: 'Confirmed',
  resolvedAt: '2026-04-08',
});
const q1History: StatementEvent[] = [
  q1Issued,
  lineDisputed('e1:p1', { disputedAt: '2026-04-06' }),
  q1Resolved,
  statementApproved({ approvedAt: '2026-04-09' }),
  statementPaid({ amount: '350.50', paidAt: '2026-04-15' }),
];
const q1 = statementOf(...q1History);
const [disputeLine] = disputeAdjustments(q1.status === 'none' ? [] : [q1], 'USD');
const q2Issued = statementIssued({
  statementId: 'p1-2026-Q2',
  period: '2026-Q2',
  issuedAt: '2026-07-03',
  lines: [commissionStatementLine(clawbackLine()), disputeLine!],
});
const p2Issued = statementIssued({
  statementId: 'p2-2026-Q1',
  partnerId: 'p2',
  lines: [commissionStatementLine(commissionLine({ lineId: 'e9:p2', partnerId: 'p2', amount: '10.00' }))],
});

describe('statements projection', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statements-projection-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    db = openDatabase(join(dir, 'read-models.sqlite'));
    const append = async (stream: string, events: StatementEvent[]) => {
      for (const event of events) {
        const { version } = await store.readStream(stream);
        await store.appendToStream(stream, [anEvent({ type: event.type, data: event.data })], {
          expectedVersion: version,
        });
      }
    };
    await append(statementStream('p1', '2026-Q1'), q1History);
    await append(statementStream('p2', '2026-Q1'), [p2Issued]);
    await append(statementStream('p1', '2026-Q2'), [q2Issued]);
  });

  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Status, approval, payment, disputes and the later lines that adjust it, all beside the statement as issued.
  it('keeps each statement as issued, with everything that happens to it later', async () => {
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const queries = new StatementQueries(db, store);
    const statement = (await queries.get('p1-2026-Q1'))!;
    const issued = q1Issued.type === 'PayoutStatementIssued' ? q1Issued.data : undefined;
    expect(statement).toMatchObject({
      ...issued,
      status: 'paid',
      approval: { approvedBy: 'frank', approvedAt: '2026-04-09' },
    });
    expect(statement.payment).toEqual({
      paymentReference: 'SEPA-2026-04-0915',
      paidAt: '2026-04-15',
      paidBy: 'fiona',
      amount: '350.50',
      currency: 'USD',
    });
    expect(statement.disputes).toEqual([
      {
        lineId: 'e1:p1',
        disputeNumber: 1,
        reason: 'Discount was 5%, not 10%',
        disputedBy: 'pat',
        disputedAt: '2026-04-06',
        status: 'resolved',
        outcome: 'adjusted',
        adjustment: '25.00',
        note: 'Confirmed',
        resolvedBy: 'frank',
        resolvedAt: '2026-04-08',
        adjustmentLine: { statementId: 'p1-2026-Q2', lineId: 'dispute:p1-2026-Q1:e1:p1:1' },
      },
    ]);
    expect(statement.openDisputes).toBe(0);
    expect(statement.adjustedBy).toEqual([
      {
        statementId: 'p1-2026-Q2',
        lineId: 'dispute:p1-2026-Q1:e1:p1:1',
        adjustsLineId: 'e1:p1',
        reason: 'dispute',
        amount: '25.00',
      },
    ]);
    expect(await queries.get('p1-2026-Q2')).toMatchObject({
      status: 'issued',
      approval: null,
      payment: null,
      disputes: [],
      total: '-15.00',
      carriedForward: '-15.00',
    });
    expect(await queries.get('p9-2026-Q1')).toBeUndefined();

    const ids = async (filters: StatementFilters) => (await queries.list(filters)).map((view) => view.statementId);
    expect(await ids({ period: '2026-Q1', limit: 10, offset: 0 })).toEqual(['p1-2026-Q1', 'p2-2026-Q1']);
    expect(await ids({ partnerId: 'p1', limit: 10, offset: 0 })).toEqual(['p1-2026-Q1', 'p1-2026-Q2']);
    expect(await ids({ limit: 1, offset: 1 })).toEqual(['p2-2026-Q1']);
    expect(new StatementFigures(db).periodsOf('p1')).toEqual(['2026-Q1', '2026-Q2']);
  });

  it('answers the statement figures of balances as of any date, in minor units', async () => {
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const figures = (asOf: string) => Object.fromEntries(new StatementFigures(db).balanceFigures('p1', asOf));
    const none = { carriedForward: 0n, mdfClaimsApproved: 0n };
    expect(figures('2026-04-04')).toEqual({});
    expect(figures('2026-04-05')).toEqual({
      USD: { issued: 35050n, paid: 0n, adjustments: 0n, disputed: 0n, ...none },
    });
    expect(figures('2026-04-07')).toEqual({
      USD: { issued: 35050n, paid: 0n, adjustments: 0n, disputed: 10000n, ...none },
    });
    expect(figures('2026-04-15')).toEqual({
      USD: { issued: 35050n, paid: 35050n, adjustments: 2500n, disputed: 0n, ...none },
    });
    // Q2: the clawback and the dispute adjustment are issued; nothing more is paid. Its total, -40.00 + 25.00, is
    // carried to the next statement, which is not issued yet.
    expect(figures('2026-07-03')).toEqual({
      USD: {
        issued: 35050n - 4000n + 2500n,
        paid: 35050n,
        adjustments: 2500n,
        disputed: 0n,
        carriedForward: -1500n,
        mdfClaimsApproved: 0n,
      },
    });
  });

  it('exports one row per line with its provenance and links', async () => {
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const queries = new StatementQueries(db, store);
    const q1Rows = statementCsvRows((await queries.get('p1-2026-Q1'))!);
    expect(q1Rows).toHaveLength(2);
    expect(q1Rows[0]).toMatchObject({
      statement_id: 'p1-2026-Q1',
      status: 'paid',
      line_number: '1',
      line_id: 'e1:p1',
      kind: 'commission',
      amount: '100.00',
      deal_id: 'd1',
      source_event_id: 'e1',
      source_position: '10',
      rule_set_version: '2026.1',
      tier: 'silver',
      component_standard: '100.00',
      disputes: '1:resolved:adjusted:25.00',
      adjusted_by: 'p1-2026-Q2/dispute:p1-2026-Q1:e1:p1:1',
    });
    const q2Rows = statementCsvRows((await queries.get('p1-2026-Q2'))!);
    expect(q2Rows.map((row) => [row.kind, row.amount, row.reverses_line_id ?? '', row.adjusts_line_id ?? ''])).toEqual([
      ['clawback', '-40.00', 'e1:p1', ''],
      ['adjustment', '25.00', '', 'e1:p1'],
    ]);
  });

  // Version 2 kept each statement's issued data in statement_snapshots: an upgraded database loses that copy.
  it('drops the copy of the issued data a version 2 database kept, and reads the statements the same', async () => {
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const listed = () => new StatementQueries(db, store).list({ limit: 10, offset: 0 });
    const before = JSON.stringify(await listed());
    db.exec('CREATE TABLE statement_snapshots (statement_id TEXT PRIMARY KEY, snapshot TEXT NOT NULL)');
    db.prepare("UPDATE projection_checkpoints SET version = 2 WHERE name = 'statements'").run();
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'statement_snapshots'").all();
    expect(tables).toEqual([]);
    expect(JSON.stringify(await listed())).toBe(before);
  });

  it('gives the same rows, byte for byte, applied one event at a time, in one batch, and after a rebuild', async () => {
    await new Projector({ store, db, projections, batchSize: 1 }).runUntilCaughtUp();
    const listed = async (on: Database.Database) =>
      JSON.stringify(await new StatementQueries(on, store).list({ limit: 10, offset: 0 }));
    const before = await listed(db);
    const digest = readModelDigest(db, projections);
    const fresh = openDatabase(join(dir, 'fresh.sqlite'));
    await new Projector({ store, db: fresh, projections, batchSize: 500 }).runUntilCaughtUp();
    expect(readModelDigest(fresh, projections)).toBe(digest);
    expect(await listed(fresh)).toBe(before);
    fresh.close();
    const live = new Projector({ store, db, projections });
    await live.rebuild({ scratchDir: dir });
    expect(await listed(db)).toBe(before);
  });
});
