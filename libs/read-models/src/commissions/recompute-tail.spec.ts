import fc from 'fast-check';
import { openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Projector, readModelDigest } from '../projector.js';
import { appendAll, historyOf, step } from '../testing/commission-histories.js';
import { CommissionSnapshots } from './commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions.projection.js';

/**
 * A service keeps taking commands while a recomputation builds: the events appended between the head the
 * build started at and the swap (its tail) are applied by the build after the pause, and the live memory
 * must go on from the swap as a fold from 0 would. Each time a build reaches its first head, the next chunk
 * of the history is appended; after every chunk the rows equal a fresh database's, so a live fold that went
 * wrong after a swap is caught before a later recomputation writes its rows again.
 */
const projections = [commissionsProjection];

const tailRuns = fc.record({
  steps: fc.array(step, { minLength: 10, maxLength: 40 }),
  closeDelay: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 90, max: 200 })),
  chunks: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 8 }),
  batchSize: fc.integer({ min: 1, max: 7 }),
  everyEvents: fc.integer({ min: 1, max: 6 }),
});

type TailRun = typeof tailRuns extends fc.Arbitrary<infer T> ? T : never;

async function freshDigest(store: SqliteEventStore): Promise<string> {
  const fresh = openDatabase(':memory:');
  await new Projector({ store, db: fresh, projections, batchSize: 500 }).runUntilCaughtUp();
  const digest = readModelDigest(fresh, projections);
  fresh.close();
  return digest;
}

/** Feeds the run chunk by chunk, a chunk more into each build's tail; answers how many tails were not empty. */
async function checkTails(run: TailRun): Promise<number> {
  const events = historyOf(run.steps, run.closeDelay);
  const folder = mkdtempSync(join(tmpdir(), 'commission-tail-'));
  const store = new SqliteEventStore({ path: ':memory:' });
  const db = openDatabase(':memory:');
  const snapshots = new CommissionSnapshots({ dir: folder, everyEvents: run.everyEvents, keep: 64, warn: () => {} });
  let appended = 0;
  let chunk = 0;
  let tails = 0;
  const appendChunk = async () => {
    appended = Math.min(events.length, appended + run.chunks[chunk % run.chunks.length]!);
    chunk += 1;
    await appendAll(store, events.slice(0, appended));
  };
  const onSwapStep = async (swapStep: string) => {
    if (swapStep !== 'built' || appended >= events.length) return;
    tails += 1;
    await appendChunk();
  };
  const projector = new Projector({
    store,
    db,
    projections: [commissionsProjectionWith(snapshots)],
    batchSize: run.batchSize,
    onSwapStep,
  });
  try {
    while (appended < events.length) {
      await appendChunk();
      await projector.runUntilCaughtUp();
      await snapshots.idle();
      expect(readModelDigest(db, projections)).toBe(await freshDigest(store));
    }
    return tails;
  } finally {
    await snapshots.close();
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('commissions projection properties: commands appended while a recomputation builds', () => {
  it('after each swap with a tail, the live rows go on equal to a fresh database', async () => {
    let runs = 0;
    let withTails = 0;
    await fc.assert(
      fc.asyncProperty(tailRuns, async (run) => {
        runs += 1;
        if ((await checkTails(run)) > 0) withTails += 1;
      }),
      { numRuns: Number(process.env.TAIL_RUNS ?? 40) },
    );
    // The property guards a swap's tail only while its runs reach one.
    expect(withTails).toBeGreaterThan(runs / 4);
  }, 600_000);
});
