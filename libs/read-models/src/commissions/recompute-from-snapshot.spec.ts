import fc from 'fast-check';
import { addDays, type LedgerEvent } from '#domain';
import { openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Projector, readModelDigest } from '../projector.js';
import {
  appendAll,
  behindSnapshots,
  expectAsFromScratch,
  expectedLines,
  GeneratedHistory,
  observingStarts,
  rate,
  step,
  stepOf,
  type BehindSnapshot,
  type RecomputeStart,
  type Step,
} from '../testing/commission-histories.js';
import { CommissionSnapshots } from './commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions.projection.js';

/**
 * A late period close or a rule set reaching back holds the live commission read model, and its
 * recomputation starts from the newest snapshot the change leaves valid. The events appended behind the
 * held one reach only that recomputation: an offboarding, a refund, a churn folded from the snapshot
 * vest, claw back or forfeit lines computed before it, rows its scratch tables do not hold. The rows
 * must still equal the engine over the whole log, a fresh database, a rebuild and a restart.
 */
const projections = [commissionsProjection];

const shortGap = fc.integer({ min: 0, max: 9 });
const shortStep = stepOf(shortGap);
// No offboarding in the first quarter: vesting its lines at once there would leave few snapshots valid (startFrom),
// and use up the partner's one offboarding, which should rather come behind the held event.
const stepBefore = stepOf(shortGap, { offboards: false });

/** Behind the held event: often an offboarding (mostly vesting at once what is unvested), else any step. */
const behindStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('offboard' as const),
      gap: shortGap,
      // p1 has a share of every deal, p2 of two in three, p3 of one in three.
      partner: fc.constantFrom(0, 0, 1, 2),
      settlement: fc.constantFrom('accelerate' as const, 'accelerate' as const, 'forfeit_unvested' as const),
    }),
  },
  { weight: 3, arbitrary: shortStep },
);

const heldRuns = fc.record({
  // Steps in the first quarter, then in the second before the first one closes (late) or after it (on time).
  early: fc.array(stepBefore, { minLength: 5, maxLength: 12 }),
  late: fc.array(shortStep, { minLength: 1, maxLength: 8 }),
  // What holds the live projection: the late close of the first quarter, a rule set reaching back, or both.
  trigger: fc.constantFrom('close' as const, 'publish' as const, 'both' as const),
  back: fc.integer({ min: 0, max: 30 }),
  rate,
  behind: fc.array(behindStep, { minLength: 1, maxLength: 6 }),
  after: fc.array(step, { maxLength: 8 }),
  closeDelay: fc.integer({ min: 0, max: 30 }),
  // How the log before the held event reaches the live projector: appended a few events at a time, snapshots
  // written between (every `everyEvents`, at closes and at a quarter's start), restarted every `restartEvery`.
  chunks: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }),
  batchSize: fc.integer({ min: 1, max: 7 }),
  everyEvents: fc.integer({ min: 1, max: 6 }),
  restartEvery: fc.integer({ min: 0, max: 6 }),
});

type HeldRun = typeof heldRuns extends fc.Arbitrary<infer T> ? T : never;

/** The history of a run; `held`: how many events come before the held one, `behind`: up to the last behind it. */
function heldHistory(run: HeldRun): { events: LedgerEvent[]; held: number; behind: number } {
  const generated = new GeneratedHistory();
  let date = '2026-02-10';
  for (const current of run.early) {
    const next = addDays(date, current.gap);
    date = next < '2026-03-31' ? next : '2026-03-31';
    generated.apply(current, date);
  }
  if (run.trigger === 'publish') generated.closeDue('2026-04-01', 0);
  date = '2026-04-01';
  for (const current of run.late) {
    date = addDays(date, current.gap);
    generated.apply(current, date);
  }
  const held = generated.events.length;
  if (run.trigger !== 'publish') generated.closeDue(date, 0);
  if (run.trigger !== 'close') generated.publish(date, run.back, run.rate);
  const more = (steps: readonly Step[]) => {
    for (const current of steps) {
      date = addDays(date, current.gap);
      generated.closeDue(date, run.closeDelay);
      generated.apply(current, date);
    }
  };
  more(run.behind);
  const behind = generated.events.length;
  more(run.after);
  return { events: generated.events, held, behind };
}

/**
 * Feeds a run's history to a live projector with snapshots: the events before the held one a few at a
 * time, the held one and those behind it at once (so only the recomputation folds them), the rest a few at
 * a time again; then checks the rows against the engine, a fresh database, a rebuild and a restart.
 * Answers what the recomputations that started from a snapshot did behind it.
 */
async function checkHeld(run: HeldRun): Promise<BehindSnapshot & { fromSnapshot: boolean }> {
  const { events, held, behind } = heldHistory(run);
  const folder = mkdtempSync(join(tmpdir(), 'commission-held-'));
  const store = new SqliteEventStore({ path: ':memory:' });
  const db = openDatabase(':memory:');
  const snapshots = new CommissionSnapshots({ dir: folder, everyEvents: run.everyEvents, keep: 64, warn: () => {} });
  const starts: RecomputeStart[] = [];
  const live = async () => {
    await snapshots.idle();
    const observed = observingStarts(commissionsProjectionWith(snapshots), store, starts);
    return new Projector({ store, db, projections: [observed], batchSize: run.batchSize });
  };
  try {
    let projector = await live();
    let appended = 0;
    let chunk = 0;
    const feed = async (until: number) => {
      while (appended < until) {
        appended = Math.min(until, appended + run.chunks[chunk % run.chunks.length]!);
        await appendAll(store, events.slice(0, appended));
        await projector.runUntilCaughtUp();
        await snapshots.idle();
        chunk += 1;
        if (run.restartEvery > 0 && chunk % run.restartEvery === 0) projector = await live();
      }
    };
    await feed(held);
    await appendAll(store, events.slice(0, behind));
    appended = behind;
    await projector.runUntilCaughtUp();
    await feed(events.length);
    const digest = await expectAsFromScratch({ store, db, projector }, events, projections);
    await (await live()).runUntilCaughtUp();
    expect(readModelDigest(db, projections)).toBe(digest);
    const fromSnapshot = starts.some((start) => start.from > 0n);
    return { ...behindSnapshots(starts, expectedLines(events)), fromSnapshot };
  } finally {
    await snapshots.close();
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('commissions projection properties: recomputations from a snapshot', () => {
  it('events behind a held close or rule set rewrite lines before the snapshot as a fold from 0 does', async () => {
    const reached = { runs: 0, fromSnapshot: 0, accelerated: 0, reversed: 0 };
    // HELD_RUNS: more runs (a soak); HELD_STATS: print how many runs reached what.
    await fc.assert(
      fc.asyncProperty(heldRuns, async (run) => {
        const behind = await checkHeld(run);
        reached.runs += 1;
        if (behind.fromSnapshot) reached.fromSnapshot += 1;
        if (behind.accelerated > 0) reached.accelerated += 1;
        if (behind.reversed > 0) reached.reversed += 1;
      }),
      { numRuns: Number(process.env.HELD_RUNS ?? 60) },
    );
    // The property guards those folds only while its runs reach them (about 85%, 27% and 38% of the runs
    // over 1,500): a change that stopped them from starting from a snapshot would otherwise pass unseen.
    expect(reached.fromSnapshot).toBeGreaterThan(reached.runs / 2);
    expect(reached.accelerated).toBeGreaterThan(0);
    expect(reached.reversed).toBeGreaterThan(0);
    if (process.env.HELD_STATS) console.log(JSON.stringify(reached));
  }, 600_000);
});
