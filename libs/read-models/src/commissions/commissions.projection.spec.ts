import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { openDatabase, SqliteEventStore, type StoredEvent } from '#event-store';
import { designRuleSet, History, partner } from '../../../domain/src/commission/testing/commission-builders.js';
import { balanceOf, promotionHistory } from '../../../domain/src/commission/testing/commission-examples.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Projection, ProjectionBinding } from '../projection.js';
import { Projector, readModelDigest } from '../projector.js';
import {
  appendAll,
  expectAsFromScratch,
  expectedLines,
  historyOf,
  linesOf,
  step,
  withRates,
} from '../testing/commission-histories.js';
import { CommissionSnapshots } from './commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions.projection.js';
import { CommissionQueries } from './commissions.queries.js';
import { statementsProjection } from '../statements/statements.projection.js';

/**
 * The commission read model against the engine it folds: its rows must always be what the engine
 * gives for the whole log with every published rule set known from the start, whether the log
 * arrived in small batches, across restarts, in one go on a fresh database, or through a rebuild.
 */
const projections = [commissionsProjection];

describe('commissions projection', () => {
  let store: SqliteEventStore;
  let db: Database.Database;
  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    db = openDatabase(':memory:');
  });
  afterEach(async () => {
    db.close();
    await store.close();
  });

  it('keeps lines with provenance, tiers, overrides, quarter figures, MDF accruals; balance as of a date', async () => {
    const history = promotionHistory();
    history.override('tau', 'gold', '2026-06-01', '2026-06-30');
    await appendAll(store, history.events);
    // Balances also read the statements read model (issued, paid, disputed): none here.
    await new Projector({ store, db, projections: [...projections, statementsProjection] }).runUntilCaughtUp();
    const queries = new CommissionQueries(db);

    expect(queries.line('won-t4:tau')).toMatchObject({
      amount: '1000.00',
      tier: { name: 'silver', basis: 'earned' },
      source: { eventId: 'won-t4' },
      reversedBy: [],
    });
    expect(queries.line('won-t3:tau')).toMatchObject({
      amount: '2000.00',
      reversedBy: [{ lineId: 'refund-t3:tau:won-t3', amount: '-2000.00', businessDate: '2026-05-20' }],
    });
    expect(queries.line('refund-t3:tau:won-t3')?.explanation.length).toBeGreaterThan(0);
    expect(queries.line('nope')).toBeUndefined();

    const q1 = queries.linesOfPartner('tau', { period: '2026-Q1', limit: 100 });
    expect(q1.lines.map((line) => line.amount)).toEqual(['2000.00', '2000.00', '2000.00']);
    expect(q1.totals).toEqual([
      { currency: 'USD', earned: '6000.00', clawedBack: '0.00', forfeited: '0.00', net: '6000.00', lines: 3 },
    ]);
    expect(q1.lines[0]).not.toHaveProperty('explanation');
    const first = queries.linesOfPartner('tau', { limit: 3 });
    expect(first.nextKey).not.toBeNull();
    expect(queries.linesOfPartner('tau', { limit: 3, after: first.nextKey! })).toMatchObject({
      total: 5,
      lines: [{ amount: '1000.00' }, { amount: '-2000.00' }],
      nextKey: null,
    });

    // t1 vests 2026-03-21, t2 2026-04-11, t3 2026-05-04, t4 2026-06-14; the clawback vests at once.
    expect(queries.balance('tau', '2026-04-30')).toEqual([
      balanceOf({ earned: '7000.00', accrued: '3000.00', vested: '4000.00', payable: '4000.00' }),
    ]);
    expect(queries.balance('tau', '2026-05-20')).toMatchObject([
      { earned: '7000.00', accrued: '1000.00', vested: '6000.00', clawedBack: '-2000.00', payable: '4000.00' },
    ]);
    expect(queries.balance('nobody', '2026-05-20')).toEqual([balanceOf()]);
    expect(queries.balance('tau', '2025-12-31')).toEqual([]);

    const tier = queries.tier('tau', '2026-06-15');
    expect(tier).toMatchObject({
      ruleSetVersion: '2026.1',
      tier: { name: 'gold', basis: 'override', since: '2026-06-01' },
      earnedTier: { name: 'silver', basis: 'earned', since: '2026-04-01' },
      override: { tier: 'gold', until: '2026-06-30' },
      shortfallCount: 0,
      demotionGraceQuarters: 1,
      history: [{ period: '2026-Q1', change: 'promoted', figures: { attributedRevenue: '120000', wonDeals: 3 } }],
      // 2025-Q3 … 2026-Q2: 120,000 + 10,000 − 40,000; silver needs 100,000, gold is next.
      outlook: {
        quarters: ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'],
        figures: { attributedRevenue: '90000', wonDeals: 4, lostDeals: 0 },
        qualifiedTier: 'registered',
        nextTier: { name: 'gold' },
      },
    });
    expect(tier.outlook?.nextTier?.missing.map((gap) => gap.requirement)).toEqual(['trailingRevenue', 'wonDeals']);
    expect(queries.tier('tau', '2026-07-01').tier).toMatchObject({ name: 'silver', basis: 'earned' });
    expect(queries.mdfAccruals('tau', { limit: 100 })).toMatchObject({
      total: 1,
      totals: [{ currency: 'USD', accrued: '100.00', accruals: 1 }],
      accruals: [{ accrualId: 'won-t4:tau', tier: 'silver', amount: '100.00' }],
      nextKey: null,
    });
    expect(queries.mdfAccruals('tau', { period: '2026-Q1', limit: 100 }).accruals).toEqual([]);
  });

  it("pages a partner's MDF accruals in order, each once, with the totals of every one the filter keeps", async () => {
    const history = promotionHistory();
    for (const [dealId, date] of [
      ['m1', '2026-05-02'],
      ['m2', '2026-05-02'],
      ['m3', '2026-04-20'],
      ['m4', '2026-06-30'],
    ] as const) {
      history.wonDeal(dealId, date, '10000.00', [partner('tau')], { eventId: `won-${dealId}` });
    }
    await appendAll(store, history.events);
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    const queries = new CommissionQueries(db);
    const whole = queries.mdfAccruals('tau', { limit: 1000 });
    expect(whole.accruals.map((accrual) => accrual.accrualId)).toEqual([
      'won-t4:tau',
      'won-m3:tau',
      'won-m1:tau',
      'won-m2:tau',
      'won-m4:tau',
    ]);
    expect(whole).toMatchObject({ total: 5, totals: [{ currency: 'USD', accrued: '500.00', accruals: 5 }] });

    const pages = [queries.mdfAccruals('tau', { period: '2026-Q2', limit: 2 })];
    while (pages.at(-1)!.nextKey !== null) {
      pages.push(queries.mdfAccruals('tau', { period: '2026-Q2', limit: 2, after: pages.at(-1)!.nextKey! }));
    }
    expect(pages.map((page) => page.accruals.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.accruals)).toEqual(whole.accruals);
    expect(pages.every((page) => page.total === 5 && page.totals[0]!.accrued === '500.00')).toBe(true);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT currency, amount_minor FROM commission_mdf_accruals WHERE partner_id = ?')
      .all('tau') as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH commission_mdf_accruals USING COVERING INDEX commission_mdf_accruals_partner_order (partner_id=?)',
    ]);
  });

  it("reads a partner's pages, totals and balance from one index, in a database made before it too", () => {
    db.exec(commissionsProjection.schema);
    db.exec('DROP INDEX commission_lines_partner_totals');
    db.exec('CREATE INDEX commission_lines_partner_date ON commission_lines (partner_id, business_date)');
    new Projector({ store, db, projections });
    const indexes = db
      .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?")
      .all('commission_lines')
      .map((row) => row.name);
    expect(indexes).toContain('commission_lines_partner_totals');
    expect(indexes).not.toContain('commission_lines_partner_date');
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT currency, kind, amount_minor, vests_on, period, line_id, source_position ' +
          'FROM commission_lines WHERE partner_id = ? AND business_date <= ? ORDER BY business_date',
      )
      .all('p', '2026-12-31') as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH commission_lines USING COVERING INDEX commission_lines_partner_totals (partner_id=? AND business_date<?)',
    ]);
  });

  it('on a rule set reaching back, recomputes exactly the lines from its effectiveFrom on, and names it', async () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    history.wonDeal('feb', '2026-02-10', '10000.00', [partner('acme')], { eventId: 'won-feb' });
    history.wonDeal('mar', '2026-03-10', '10000.00', [partner('acme')], { eventId: 'won-mar' });
    history.wonDeal('apr', '2026-04-10', '10000.00', [partner('acme')], { eventId: 'won-apr' });
    await appendAll(store, history.events);
    const live = new Projector({ store, db, projections, batchSize: 2 });
    await live.runUntilCaughtUp();
    const before = linesOf(db);

    history.publish(withRates('2026.2', '2026-03-01', '0.07'));
    history.wonDeal('may', '2026-05-10', '10000.00', [partner('acme')], { eventId: 'won-may' });
    await appendAll(store, history.events);
    await live.runUntilCaughtUp();
    const after = linesOf(db);

    expect(after.get('won-feb:acme')).toEqual(before.get('won-feb:acme'));
    expect(after.get('won-mar:acme')).toMatchObject({ amount: '700.00', ruleSet: { version: '2026.2' } });
    expect(after.get('won-apr:acme')).toMatchObject({ amount: '700.00', ruleSet: { version: '2026.2' } });
    expect(after.get('won-may:acme')).toMatchObject({ amount: '700.00', ruleSet: { version: '2026.2' } });
    expect(new CommissionQueries(db).line('won-mar:acme')?.explanation.join(' ')).toContain('Rule set 2026.2');
    expect(after).toEqual(expectedLines(history.events));
    expect(db.prepare('SELECT version, reaches_back FROM commission_rule_sets ORDER BY position').all()).toEqual([
      { version: '2026.1', reaches_back: 0n },
      { version: '2026.2', reaches_back: 1n },
    ]);

    // A rebuild, a restart and a projector on a new database all give the same rows.
    const digest = readModelDigest(db, projections);
    const fresh = openDatabase(':memory:');
    await new Projector({ store, db: fresh, projections, batchSize: 1000 }).runUntilCaughtUp();
    expect(readModelDigest(fresh, projections)).toBe(digest);
    fresh.close();
    await live.rebuild();
    expect(readModelDigest(db, projections)).toBe(digest);
    history.wonDeal('jun', '2026-06-10', '10000.00', [partner('acme')], { eventId: 'won-jun' });
    await appendAll(store, history.events);
    const restarted = new Projector({ store, db, projections });
    await restarted.runUntilCaughtUp();
    expect(linesOf(db).get('won-jun:acme')).toMatchObject({ amount: '700.00', ruleSet: { version: '2026.2' } });
    expect(linesOf(db)).toEqual(expectedLines(history.events));
  });

  it('a late close changing a tier: lines after it are recomputed once, at that tier; restarts know it', async () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
      history.wonDeal(`q1-${index}`, date, '40000.00', [partner('acme')], { eventId: `won-q1-${index}` });
    }
    history.wonDeal('apr', '2026-04-03', '10000.00', [partner('acme')], { eventId: 'won-apr' });
    await appendAll(store, history.events);
    const live = new Projector({ store, db, projections, batchSize: 2 });
    await live.runUntilCaughtUp();
    expect(linesOf(db).get('won-apr:acme')).toMatchObject({ amount: '500.00', tier: { name: 'registered' } });

    // Q1 closes after the April deal: acme is silver from 2026-04-01.
    history.close('2026-Q1');
    await appendAll(store, history.events);
    await live.runUntilCaughtUp();
    expect(live.rebuildStatus()).toMatchObject({ kind: 'recompute', state: 'done' });
    expect(linesOf(db).get('won-apr:acme')).toMatchObject({ amount: '1000.00', tier: { name: 'silver' }, revision: 1 });
    expect(linesOf(db)).toEqual(expectedLines(history.events));

    // A restart's memory knows the close from the start: half of the April deal refunded claws back half of 1000.00.
    history.refund('apr', '2026-04-20', '5000.00', 'refund-apr');
    await appendAll(store, history.events);
    await new Projector({ store, db, projections, batchSize: 2 }).runUntilCaughtUp();
    expect(linesOf(db).get('refund-apr:acme:won-apr')).toMatchObject({ amount: '-500.00', tier: { name: 'silver' } });
    expect(linesOf(db)).toEqual(expectedLines(history.events));
    const digest = readModelDigest(db, projections);
    const fresh = openDatabase(':memory:');
    await new Projector({ store, db: fresh, projections, batchSize: 1000 }).runUntilCaughtUp();
    expect(readModelDigest(fresh, projections)).toBe(digest);
    fresh.close();
  });

  it('a rule set for the future changes nothing already computed', async () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    history.wonDeal('feb', '2026-02-10', '10000.00', [partner('acme')], { eventId: 'won-feb' });
    history.publish(withRates('2026.2', '2026-04-01', '0.07'));
    history.wonDeal('apr', '2026-04-10', '10000.00', [partner('acme')], { eventId: 'won-apr' });
    await appendAll(store, history.events);
    await new Projector({ store, db, projections, batchSize: 1 }).runUntilCaughtUp();
    expect([...linesOf(db).values()].map((line) => [line.lineId, line.amount, line.ruleSet.version])).toEqual([
      ['won-feb:acme', '500.00', '2026.1'],
      ['won-apr:acme', '700.00', '2026.2'],
    ]);
    expect(db.prepare('SELECT reaches_back FROM commission_rule_sets WHERE version = ?').get('2026.2')).toEqual({
      reaches_back: 0n,
    });
  });

  it('a batch applied again changes nothing, and a failed batch leaves memory and rows as they were', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    history.wonDeal('a', '2026-02-10', '100000.00', [partner('acme')]);
    history.wonDeal('b', '2026-02-11', '200000.00', [partner('acme')]);
    history.publish(withRates('2026.2', '2026-02-12', '0.06'));
    history.wonDeal('c', '2026-02-12', '50000.00', [partner('acme')]);
    const events = history.events as unknown as StoredEvent[];
    db.exec(commissionsProjection.schema);
    const binding = commissionsProjection.bind(db) as ProjectionBinding;
    const batch = (slice: readonly StoredEvent[]) => {
      db.transaction(() => slice.forEach((event) => binding.apply(event)))();
      binding.commit();
    };
    batch(events.slice(0, 5));
    const once = readModelDigest(db, projections);
    batch(events.slice(0, 5));
    expect(readModelDigest(db, projections)).toBe(once);

    expect(() =>
      db.transaction(() => {
        events.slice(5).forEach((event) => binding.apply(event));
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    binding.rollback();
    expect(readModelDigest(db, projections)).toBe(once);
    batch(events.slice(5));
    batch(events);
    expect(linesOf(db)).toEqual(expectedLines(history.events));
  });
});

/** Generated histories (../testing/commission-histories.ts), and how each reaches the live projector. */
const runs = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 40 }),
  // Sometimes quarters close more than a quarter late, so a close revises lines computed long before it.
  closeDelay: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 90, max: 200 })),
  // How the log reaches the live projector: appended in chunks, applied in batches, restarted between some.
  chunks: fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 8 }),
  batchSize: fc.integer({ min: 1, max: 7 }),
  restarts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
});

type Run = typeof runs extends fc.Arbitrary<infer T> ? T : never;

/**
 * Feeds a generated log to a live projector in chunks, restarting it between some, then checks its rows
 * against the engine, a fresh database and a rebuild. `restarted` makes each new projector, after
 * whatever must settle first (snapshot writes).
 */
async function checkIncremental(run: Run, restarted: () => Promise<Projection[]>): Promise<void> {
  const { steps, closeDelay, chunks, batchSize, restarts } = run;
  const events = historyOf(steps, closeDelay);
  const store = new SqliteEventStore({ path: ':memory:' });
  const db = openDatabase(':memory:');
  try {
    let projector = new Projector({ store, db, projections: await restarted(), batchSize });
    let appended = 0;
    for (const [index, size] of chunks.entries()) {
      appended = Math.min(events.length, appended + size);
      await appendAll(store, events.slice(0, appended));
      await projector.runUntilCaughtUp();
      if (restarts[index]) projector = new Projector({ store, db, projections: await restarted(), batchSize });
    }
    await appendAll(store, events);
    await expectAsFromScratch({ store, db, projector }, events, projections);
  } finally {
    db.close();
    await store.close();
  }
}

describe('commissions projection properties', () => {
  it('incremental application (restarts, replayed batches) equals a fresh fold, a rebuild and the engine', async () => {
    await fc.assert(
      fc.asyncProperty(runs, (run) => checkIncremental(run, () => Promise.resolve(projections))),
      { numRuns: 40 },
    );
  }, 120_000);

  it('restarts from snapshots on disk (every few events and at closes) give the same rows as from 0', async () => {
    const growthShares = fc.constantFrom(0, 0.25, 1);
    await fc.assert(
      fc.asyncProperty(runs, fc.integer({ min: 1, max: 6 }), growthShares, async (run, everyEvents, growthShareMin) => {
        const dir = mkdtempSync(join(tmpdir(), 'commission-snapshots-'));
        const settings = { dir, everyEvents, growthShareMin, keep: 2, warn: () => undefined };
        const snapshots = new CommissionSnapshots(settings);
        try {
          await checkIncremental(run, async () => {
            await snapshots.idle();
            return [commissionsProjectionWith(snapshots)];
          });
        } finally {
          await snapshots.idle();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
