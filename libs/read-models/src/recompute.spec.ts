import type Database from 'better-sqlite3';
import { type LedgerEvent, type RuleSetDocument } from '#domain';
import { openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  designRuleSet,
  History,
  partner,
  productLine,
  ruleSet,
} from '../../domain/src/commission/testing/commission-builders.js';
import { anEvent } from '../../event-store/src/testing/event-store.contract.js';
import { CommissionSnapshots } from './commissions/commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions/commissions.projection.js';
import { partnersProjection } from './partners/partners.projection.js';
import { Projector, readModelDigest } from './projector.js';

/**
 * A rule set that reaches back, or a period close that changes a tier from before lines already computed,
 * is recomputed by a rebuild in a worker thread: the commission read
 * model holds right before it while the other projections move on, the recomputed rows swap in, and
 * a projector stopped in the middle resumes at the next start. The rows always equal a fresh build.
 */
const projections = [partnersProjection, commissionsProjection];

async function appendAll(store: SqliteEventStore, events: readonly LedgerEvent[]): Promise<void> {
  const head = await store.headPosition();
  for (const event of events) {
    if (event.position <= head) continue;
    const version = (await store.readStream(event.stream)).version;
    await store.appendToStream(
      event.stream,
      [anEvent({ eventId: event.eventId, type: event.type, data: event.data })],
      {
        expectedVersion: version,
      },
    );
  }
}

function withRates(version: string, effectiveFrom: string, registered: string): RuleSetDocument {
  return ruleSet({ version, effectiveFrom, commission: { rates: { registered, silver: '0.12', gold: '0.18' } } });
}

function history(deals: number): History {
  const built = new History();
  built.publish(designRuleSet());
  built.enroll('acme');
  for (let index = 0; index < deals; index += 1) {
    const day = String(1 + (index % 27)).padStart(2, '0');
    const month = String(2 + (Math.floor(index / 27) % 3)).padStart(2, '0');
    built.wonDeal(`d${index}`, `2026-${month}-${day}`, '1000.00', [partner('acme')], { eventId: `won-${index}` });
  }
  return built;
}

async function freshDigest(store: SqliteEventStore): Promise<string> {
  const db = openDatabase(':memory:');
  await new Projector({ store, db, projections }).runUntilCaughtUp();
  const digest = readModelDigest(db, projections);
  db.close();
  return digest;
}

const lineOf = (db: Database.Database, lineId: string) =>
  db
    .prepare<[string], { amount: string; rule_set_version: string }>(
      'SELECT amount, rule_set_version FROM commission_lines WHERE line_id = ?',
    )
    .get(lineId);

/** acme's Q1 earns silver at its close; beta's March line vests at once when beta is offboarded in April. */
function betaLeavingHistory(): History {
  const events = new History();
  events.publish(designRuleSet());
  events.enroll('acme');
  events.enroll('beta');
  for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
    events.wonDeal(`q1-${index}`, date, '40000.00', [partner('acme')], { eventId: `q1-${index}` });
  }
  events.wonDeal('beta-q1', '2026-03-25', '1000.00', [partner('beta')], { eventId: 'beta-q1' });
  return events;
}

describe('recomputation of a rule set that reaches back, in a worker thread', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-recompute-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    db = openDatabase(join(folder, 'read-models.sqlite'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const vestingOf = (lineId: string) =>
    db
      .prepare<[string], { vests_on: string; written_at: bigint }>(
        'SELECT vests_on, written_at FROM commission_lines WHERE line_id = ?',
      )
      .get(lineId);

  /** Builds in a worker thread, reading the test's log file. */
  const workerOptions = () => ({ store: { kind: 'sqlite' as const, path: join(folder, 'events.sqlite') } });
  const live = () => new Projector({ store, db, projections, pollIntervalMs: 20, worker: workerOptions() });

  /**
   * A projector with commission snapshots every 4 events, fed the history a few events at a time so snapshots
   * are written all along; `mark` sets a field on a live line that only a row the recomputation left in place
   * (one written before the snapshot it started from) keeps, `marked` reads it and removes it again.
   */
  async function withSnapshotsAlong(events: History) {
    const snapshots = new CommissionSnapshots({ dir: join(folder, 'snapshots'), everyEvents: 4, keep: 20 });
    const withSnapshots = [partnersProjection, commissionsProjectionWith(snapshots)];
    const worker = workerOptions();
    const projector = new Projector({ store, db, projections: withSnapshots, worker, batchSize: 4 });
    for (let at = 4; at < events.events.length + 4; at += 4) {
      await appendAll(store, events.events.slice(0, at));
      await projector.runUntilCaughtUp();
      await snapshots.idle();
    }
    const mark = (lineId: string) =>
      db
        .prepare("UPDATE commission_lines SET line = json_set(line, '$.mark', ?) WHERE line_id = ?")
        .run('copied', lineId);
    const marked = (lineId: string) => {
      const row = db
        .prepare<[string], { mark: string | null }>(
          "SELECT json_extract(line, '$.mark') AS mark FROM commission_lines WHERE line_id = ?",
        )
        .get(lineId);
      db.prepare("UPDATE commission_lines SET line = json_remove(line, '$.mark') WHERE line_id = ?").run(lineId);
      return row;
    };
    return { snapshots, projector, mark, marked };
  }

  it('holds the commission read model while others move on, then swaps in rows equal to a fresh build', async () => {
    const events = history(60);
    await appendAll(store, events.events);
    const projector = live();
    projector.start();
    await projector.waitFor(await store.headPosition(), 10_000);
    expect(lineOf(db, 'won-10:acme')).toEqual({ amount: '50.00', rule_set_version: '2026.1' });

    events.publish(withRates('2026.2', '2026-02-01', '0.07'));
    const ruleSetPosition = BigInt(events.events.length);
    events.enroll('late');
    await appendAll(store, events.events);
    const head = await store.headPosition();
    // The partners read model applies the enrolment behind the rule set while commissions recompute.
    await projector.waitFor(head, 10_000, ['partners']);
    const reports = await projector.projectionReports();
    expect(reports.find((report) => report.name === 'commissions')).toMatchObject({
      state: 'recomputing',
      recompute: { position: ruleSetPosition },
    });
    expect(db.prepare("SELECT count(*) AS count FROM partners WHERE partner_id = 'late'").get()).toEqual({ count: 1n });

    await projector.waitFor(head, 60_000, ['commissions']);
    expect(lineOf(db, 'won-10:acme')).toEqual({ amount: '70.00', rule_set_version: '2026.2' });
    // Once swapped in, the projection goes on live from there.
    events.wonDeal('after', '2026-05-02', '1000.00', [partner('acme')], { eventId: 'won-after' });
    await appendAll(store, events.events);
    await projector.waitFor(await store.headPosition(), 60_000);
    expect(lineOf(db, 'won-after:acme')).toEqual({ amount: '70.00', rule_set_version: '2026.2' });
    expect((await projector.projectionReports()).map((report) => report.state)).toEqual(['caught_up', 'caught_up']);
    expect(projector.rebuildStatus()).toMatchObject({ kind: 'recompute', state: 'done', projections: ['commissions'] });
    await projector.stop();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('a deal opened while the recomputation builds, won after the swap, accrues as in a fresh build', async () => {
    const accruing = (version: string, effectiveFrom: string, registered: string) =>
      ruleSet({
        version,
        effectiveFrom,
        commission: { rates: { registered, silver: '0.12', gold: '0.18' } },
        mdf: { accrualRates: { registered: '0.01' } },
      });
    const events = new History();
    events.publish(accruing('2026.1', '2026-01-01', '0.05'));
    events.enroll('acme');
    for (let index = 0; index < 40; index += 1) {
      const date = `2026-02-${String(1 + (index % 27)).padStart(2, '0')}`;
      events.wonDeal(`d${index}`, date, '1000.00', [partner('acme')], { eventId: `won-${index}` });
    }
    const snapshots = new CommissionSnapshots({ dir: join(folder, 'snapshots'), everyEvents: 8, keep: 20 });
    const withSnapshots = [partnersProjection, commissionsProjectionWith(snapshots)];
    // The recomputation's tail: a deal opened after the build reached the head it started at, before the swap.
    let tailAppended = false;
    const onSwapStep = async (step: string) => {
      if (step !== 'built' || tailAppended) return;
      tailAppended = true;
      events.open('tail', [partner('acme')]);
      await appendAll(store, events.events);
    };
    const worker = workerOptions();
    const projector = new Projector({ store, db, projections: withSnapshots, worker, pollIntervalMs: 20, onSwapStep });
    await appendAll(store, events.events);
    projector.start();
    await projector.waitFor(await store.headPosition(), 10_000);

    events.publish(accruing('2026.2', '2026-02-01', '0.07'));
    await appendAll(store, events.events);
    for (let waited = 0; projector.rebuildStatus()?.state !== 'done'; waited++) {
      if (waited > 3000) throw new Error('the recomputation never finished');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(tailAppended).toBe(true);
    events.win('tail', '2026-03-02', [productLine('1000.00')], { eventId: 'won-tail' });
    await appendAll(store, events.events);
    await projector.waitFor(await store.headPosition(), 60_000);
    const accrual = db
      .prepare<[string], { amount: string }>('SELECT amount FROM commission_mdf_accruals WHERE accrual_id = ?')
      .get('won-tail:acme');
    expect(accrual).toEqual({ amount: '10.00' });
    await projector.stop();
    await snapshots.close();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('a projector stopped in the middle of a recomputation resumes it at the next start', async () => {
    const events = history(60);
    await appendAll(store, events.events);
    const first = live();
    await first.runUntilCaughtUp();
    first.start();
    events.publish(withRates('2026.2', '2026-02-01', '0.07'));
    await appendAll(store, events.events);
    const head = await store.headPosition();
    for (
      let waited = 0;
      !(await first.projectionReports()).some((report) => report.state === 'recomputing');
      waited++
    ) {
      if (waited > 500) throw new Error('the recomputation never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.stop();
    expect(first.projectionStatuses().find((status) => status.name === 'commissions')).toMatchObject({
      position: head - 1n,
      recompute: { position: head },
    });
    expect(lineOf(db, 'won-10:acme')).toEqual({ amount: '50.00', rule_set_version: '2026.1' });

    const second = live();
    second.start();
    await second.waitFor(head, 60_000);
    await second.stop();
    expect(lineOf(db, 'won-10:acme')).toEqual({ amount: '70.00', rule_set_version: '2026.2' });
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('starts from the newest snapshot before the first affected date; the rows equal a fresh build', async () => {
    const events = new History();
    events.publish(designRuleSet());
    events.enroll('acme');
    for (let index = 0; index < 10; index += 1) {
      const day = String(2 + index).padStart(2, '0');
      events.wonDeal(`feb${index}`, `2026-02-${day}`, '1000.00', [partner('acme')], { eventId: `feb-${index}` });
    }
    for (let index = 0; index < 5; index += 1) {
      const day = String(4 + index).padStart(2, '0');
      events.wonDeal(`may${index}`, `2026-05-${day}`, '1000.00', [partner('acme')], { eventId: `may-${index}` });
    }
    // Applied a few events at a time, so snapshots are written in February too.
    const { snapshots, projector, mark, marked } = await withSnapshotsAlong(events);
    // A mark on a line of February, before the snapshots the recomputation may start from: a fold from 0
    // would write the line again, a start from a snapshot leaves it in place.
    mark('feb-0:acme');

    events.publish(withRates('2026.2', '2026-05-01', '0.07'));
    await appendAll(store, events.events);
    await projector.runUntilCaughtUp();
    expect(lineOf(db, 'may-0:acme')).toEqual({ amount: '70.00', rule_set_version: '2026.2' });
    expect(marked('feb-0:acme')).toEqual({ mark: 'copied' });
    await snapshots.close();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('recomputes a late period close the same way, from a snapshot before the quarter it changes', async () => {
    const events = new History();
    events.publish(designRuleSet());
    events.enroll('acme');
    // Q1 earns silver at its close; four Q2 deals come before Q1 is closed, at the registered rate.
    for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
      events.wonDeal(`q1-${index}`, date, '40000.00', [partner('acme')], { eventId: `q1-${index}` });
    }
    for (let index = 0; index < 4; index += 1) {
      const date = `2026-04-0${2 + index}`;
      events.wonDeal(`q2-${index}`, date, '10000.00', [partner('acme')], { eventId: `q2-${index}` });
    }
    const { snapshots, projector, mark, marked } = await withSnapshotsAlong(events);
    expect(lineOf(db, 'q2-0:acme')).toEqual({ amount: '500.00', rule_set_version: '2026.1' });
    mark('q1-0:acme');
    mark('q2-1:acme');

    const close = events.close('2026-Q1');
    await appendAll(store, events.events);
    await projector.runUntilCaughtUp();
    expect(projector.rebuildStatus()).toMatchObject({ kind: 'recompute', state: 'done', projections: ['commissions'] });
    const revisions = db.prepare<[string], { amount: string; tier: string; revision: bigint }>(
      'SELECT amount, tier, revision FROM commission_lines WHERE line_id = ?',
    );
    expect(revisions.get('q2-0:acme')).toEqual({ amount: '1000.00', tier: 'silver', revision: 1n });
    expect(projector.projectionStatuses().find((status) => status.name === 'commissions')).toMatchObject({
      position: close.position,
    });
    // Started from a snapshot of Q1: the marked Q1 line was left in place, the Q2 lines written again.
    expect(marked('q1-0:acme')).toEqual({ mark: 'copied' });
    expect(marked('q2-1:acme')).toEqual({ mark: null });
    // A Q2 deal after the close is computed live at silver.
    events.wonDeal('q2-late', '2026-04-20', '10000.00', [partner('acme')], { eventId: 'q2-late' });
    await appendAll(store, events.events);
    await projector.runUntilCaughtUp();
    expect(revisions.get('q2-late:acme')).toEqual({ amount: '1000.00', tier: 'silver', revision: 1n });
    await snapshots.close();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('starts from a snapshot that an offboarding applied live since rewrote lines from before', async () => {
    const events = betaLeavingHistory();
    events.wonDeal('q1-late', '2026-03-28', '1000.00', [partner('acme')], { eventId: 'q1-late' });
    events.wonDeal('q1-last', '2026-03-30', '1000.00', [partner('acme')], { eventId: 'q1-last' });
    for (let index = 0; index < 4; index += 1) {
      const date = `2026-04-0${2 + index}`;
      events.wonDeal(`q2-${index}`, date, '10000.00', [partner('acme')], { eventId: `q2-${index}` });
    }
    const offboarding = events.offboard('beta', '2026-04-10', 'accelerate');
    const { snapshots, projector, mark, marked } = await withSnapshotsAlong(events);
    // A mark on a line written after beta's and before Q2: only a fold from a snapshot after both leaves it.
    mark('q1-late:acme');

    events.close('2026-Q1');
    await appendAll(store, events.events);
    await projector.runUntilCaughtUp();
    expect(projector.rebuildStatus()).toMatchObject({ kind: 'recompute', state: 'done', projections: ['commissions'] });
    expect(marked('q1-late:acme')).toEqual({ mark: 'copied' });
    expect(vestingOf('beta-q1:beta')).toEqual({ vests_on: '2026-04-10', written_at: offboarding.position });
    await snapshots.close();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);

  it('accelerates, in a recomputation from a snapshot, the lines written before the snapshot', async () => {
    const events = betaLeavingHistory();
    for (let index = 0; index < 4; index += 1) {
      const date = `2026-04-0${2 + index}`;
      events.wonDeal(`q2-${index}`, date, '10000.00', [partner('acme')], { eventId: `q2-${index}` });
    }
    const { snapshots, projector } = await withSnapshotsAlong(events);
    // The late close holds the commission read model; the offboarding behind it reaches only the
    // recomputation, whose fold from a snapshot of Q2 vests beta's March line at once: a row it did not write.
    events.close('2026-Q1');
    const offboarding = events.offboard('beta', '2026-04-10', 'accelerate');
    await appendAll(store, events.events);
    await projector.runUntilCaughtUp();
    expect(projector.rebuildStatus()).toMatchObject({ kind: 'recompute', state: 'done', projections: ['commissions'] });
    expect(vestingOf('beta-q1:beta')).toEqual({ vests_on: '2026-04-10', written_at: offboarding.position });
    await snapshots.close();
    expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
  }, 90_000);
});
