import type Database from 'better-sqlite3';
import {
  commissionStatementLine,
  mdfDecider,
  mdfStream,
  statementDecider,
  statementStream,
  type Command,
  type StatementEvent,
} from '#domain';
import { commissionLine, metadata, statementApproved, statementIssued } from '#domain/testing';
import { decideElsewhere, loadState, openDatabase, SqliteEventStore } from '#event-store';
import {
  CommissionQueries,
  commissionsProjection,
  Projector,
  StatementFigures,
  statementsProjection,
  StatementQueries,
} from '#read-models';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamAppender } from '../../../../libs/event-store/src/testing/append-history.js';
import { partnerStatementView } from '../statements/partner-statement-view.js';
import {
  plannedStep,
  type IssueFactsSmall,
  type StatementSources,
  type StatementStep,
} from '../statements/statement-steps.js';
import { statementsCsv } from '../statements/statement-csv.js';
import { ReadThread } from './read-thread.js';

const issued = statementIssued({
  lines: [
    commissionStatementLine(commissionLine()),
    {
      // Text beyond Latin-1: the answer is the UTF-8 of the same JSON.
      ...commissionStatementLine(commissionLine({ lineId: 'e3:p1', dealId: 'd2', amount: '250.50' })),
      description: 'Deal d2 − 12% × 2 087,50 €',
    },
  ],
});
const history: StatementEvent[] = [issued, statementApproved({ approvedAt: '2026-04-09' })];

describe('reads in the read thread', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let reads: ReadThread;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-thread-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    db = openDatabase(join(dir, 'read-models.sqlite'));
    const append = streamAppender(store);
    for (const event of history) await append(statementStream('p1', '2026-Q1'), event.type, event.data);
    await new Projector({ store, db, projections: [statementsProjection, commissionsProjection] }).runUntilCaughtUp();
    reads = new ReadThread({
      store: { kind: 'sqlite', path: join(dir, 'events.sqlite') },
      readModelsPath: db.name,
    });
  });

  /** Every statement, as finance reads the list. */
  const pageOf = (limit: number, format: 'json' | 'csv') =>
    reads.read({ kind: 'statements', filters: {}, request: { limit }, audience: 'staff', format, list: 'statements' });

  afterEach(async () => {
    await reads.onApplicationShutdown();
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the bytes this thread would have serialized: a statement, its partner view, a page as CSV', async () => {
    const expected = (await new StatementQueries(db, store).get('p1-2026-Q1'))!;

    const staff = await reads.read({ kind: 'statement', statementId: 'p1-2026-Q1', audience: 'staff' });
    const partner = await reads.read({ kind: 'statement', statementId: 'p1-2026-Q1', audience: 'partner' });
    const csv = await pageOf(10, 'csv');

    expect(staff?.toString('utf8')).toBe(JSON.stringify(expected));
    expect(partner?.toString('utf8')).toBe(JSON.stringify(partnerStatementView(expected)));
    expect(JSON.parse(partner!.toString('utf8'))).not.toHaveProperty('issuedBy');
    expect(csv?.toString('utf8')).toBe(statementsCsv([expected]));
  });

  it('answers null for a statement never issued, and a page of JSON with its cursor', async () => {
    const missing = await reads.read({ kind: 'statement', statementId: 'p9-2026-Q1', audience: 'staff' });
    const page = await pageOf(1, 'json');

    expect(missing).toBeNull();
    expect(JSON.parse(page!.toString('utf8'))).toMatchObject({
      statements: [{ statementId: 'p1-2026-Q1', status: 'approved' }],
      next: null,
    });
  });

  it('decides a statement step as this thread does (earlier statements folded), refuses like the decider', async () => {
    const facts: IssueFactsSmall = { closedPeriods: ['2026-Q1', '2026-Q2'], partnerStatus: 'active', currency: 'USD' };
    const stamp = {
      metadata: metadata({ actor: { id: 'fiona', role: 'finance' } }),
      context: { idempotencyKey: 'issue:p1-2026-Q2', correlationId: 'c', causationId: 'r' },
    };
    const step: StatementStep = { kind: 'issue', partnerId: 'p1', period: '2026-Q2', facts };
    const sources: StatementSources = {
      statementOf: async (stream) => (await loadState(store, statementDecider, stream)).state,
      mdfFundOf: async (partnerId) => (await loadState(store, mdfDecider, mdfStream(partnerId))).state,
      periodsOf: (partnerId) => new StatementFigures(db).periodsOf(partnerId),
      currentLinesOf: (partnerId) => new CommissionQueries(db).currentLinesOf(partnerId),
      lineWithReversalsOf: (lineId) => new CommissionQueries(db).lineWithReversals(lineId),
    };
    const planned = await plannedStep(step, sources);
    const command = { ...planned.input, metadata: stamp.metadata } as Command;
    const here = await decideElsewhere(store, planned.decider, planned.stream, command, stamp.context);

    const decision = await reads.decide(step, stamp);

    expect(decision).toEqual({ ...here, firstStatement: false });
    // The engine no longer produces Q1's two lines: Q2 takes them back, one adjustment each.
    const data = 'events' in decision ? JSON.parse(new TextDecoder().decode(decision.events[0]!.dataUtf8)) : undefined;
    expect(data).toMatchObject({ statementId: 'p1-2026-Q2', subtotals: { adjustment: '-350.50' }, total: '-350.50' });
    const approve = { type: 'ApproveStatement' as const, data: { statementId: 'p1-2026-Q1' } };
    await expect(
      reads.decide({ kind: 'statement', stream: statementStream('p1', '2026-Q1'), request: approve }, stamp),
    ).rejects.toMatchObject({ code: 'STATEMENT_ALREADY_APPROVED' });
    await expect(
      reads.decide({ ...step, partnerId: 'p2', facts: { ...facts, partnerStatus: 'none' } }, stamp),
    ).rejects.toMatchObject({ code: 'PARTNER_NOT_FOUND' });
  });

  it('fails the reads of a thread that dies, and starts a new thread at the next read', async () => {
    const later = join(dir, 'not-yet');
    const broken = new ReadThread({
      store: { kind: 'sqlite', path: join(dir, 'events.sqlite') },
      readModelsPath: join(later, 'read-models.sqlite'),
    });
    try {
      // The folder does not exist yet: the thread cannot open the read models and exits.
      await expect(broken.read({ kind: 'statement', statementId: 'p1-2026-Q1', audience: 'staff' })).rejects.toThrow();
      mkdirSync(later);
      const laterDb = openDatabase(join(later, 'read-models.sqlite'));
      await new Projector({ store, db: laterDb, projections: [statementsProjection] }).runUntilCaughtUp();
      laterDb.close();

      const body = await broken.read({ kind: 'statement', statementId: 'p1-2026-Q1', audience: 'staff' });

      expect(JSON.parse(body!.toString('utf8'))).toMatchObject({ statementId: 'p1-2026-Q1', status: 'approved' });
    } finally {
      await broken.onApplicationShutdown();
    }
  });
});
