import type Database from 'better-sqlite3';
import { openDatabase, SqliteEventStore } from '#event-store';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designRuleSet, History, partner } from '../../domain/src/commission/testing/commission-builders.js';
import { appendHistory } from '../../event-store/src/testing/append-history.js';
import { CommissionSnapshots } from './commissions/commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions/commissions.projection.js';
import { partnersProjection } from './partners/partners.projection.js';
import { Projector, readModelDigest, type ProjectorOptions } from './projector.js';

/**
 * A rebuild with worker threads copies and swaps in a worker (swap-worker.ts) and hands the commission
 * engine's memory over as a snapshot the build wrote: readers see the old rows until the swap, and a
 * process killed between the steps (its files copied at that point) restarts into rows and memory equal
 * to a fresh build, which later events then extend alike.
 */
const seededBy = { actor: 'swap-spec', recordedAt: '2026-03-01T00:00:00.000Z' };

function dealsFrom(history: History, first: number, count: number): void {
  for (let index = first; index < first + count; index += 1) {
    const day = String(1 + (index % 27)).padStart(2, '0');
    const month = String(2 + (Math.floor(index / 27) % 3)).padStart(2, '0');
    history.wonDeal(`d${index}`, `2026-${month}-${day}`, '1500.00', [partner('acme')], { eventId: `won-${index}` });
  }
}

describe('a rebuild copied and swapped in by a worker thread', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  const opened: { db: Database.Database; projector: Projector; snapshots: CommissionSnapshots }[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-swap-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    db = openDatabase(join(folder, 'read-models.sqlite'));
  });
  afterEach(async () => {
    for (const each of opened.splice(0)) {
      await each.projector.stop();
      await each.snapshots.close();
      each.db.close();
    }
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** A projector as the service runs one: worker threads, the commission engine's snapshots beside the rows. */
  const projectorOn = (path: string, extra: Partial<ProjectorOptions> = {}) => {
    const liveDb = path === join(folder, 'read-models.sqlite') ? db : openDatabase(path);
    const snapshots = new CommissionSnapshots({ dir: join(path, '..', 'snapshots'), everyEvents: 0 });
    const projections = [partnersProjection, commissionsProjectionWith(snapshots)];
    const worker = { store: { kind: 'sqlite' as const, path: join(folder, 'events.sqlite') } };
    const projector = new Projector({ store, db: liveDb, projections, worker, ...extra });
    opened.push({ db: liveDb, projector, snapshots });
    return { projector, db: liveDb, projections };
  };

  const freshDigest = async () => {
    const fresh = openDatabase(':memory:');
    const projections = [partnersProjection, commissionsProjection];
    await new Projector({ store, db: fresh, projections }).runUntilCaughtUp();
    const digest = readModelDigest(fresh, projections);
    fresh.close();
    return digest;
  };

  const marked = (on: Database.Database) =>
    on
      .prepare<[], { mark: string | null }>(
        "SELECT json_extract(line, '$.mark') AS mark FROM commission_lines WHERE deal_id = 'd3'",
      )
      .get()?.mark;

  /** The live files as a kill at this moment leaves them (WAL included), in a folder of their own. */
  const copyAsKilled = (step: string) => {
    const into = join(folder, `killed-${step}`);
    mkdirSync(into);
    cpSync(join(folder, 'snapshots'), join(into, 'snapshots'), { recursive: true });
    for (const suffix of ['', '-wal']) {
      const from = join(folder, `read-models.sqlite${suffix}`);
      if (existsSync(from)) copyFileSync(from, join(into, `read-models.sqlite${suffix}`));
    }
    return join(into, 'read-models.sqlite');
  };
  /** The rule set, a partner and `count` won deals, appended; more deals can be added to the history later. */
  const seeded = async (count: number) => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    dealsFrom(history, 0, count);
    await appendHistory(store, history.events, seededBy);
    return history;
  };
  /** A swap step that fails between the copy and the swap while `failing.now`. */
  const failingSwap = () => {
    const failing = { now: true };
    const onSwapStep = (step: string) => {
      if (failing.now && step === 'filled') throw new Error('killed between the copy and the swap');
    };
    return { failing, onSwapStep };
  };
  const unmark = (on: Database.Database) =>
    on.prepare("UPDATE commission_lines SET line = json_remove(line, '$.mark') WHERE deal_id = 'd3'").run();

  it('serves the old rows until the swap; killed between the steps, it restarts equal to a fresh build', async () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    dealsFrom(history, 0, 40);
    await appendHistory(store, history.events, seededBy);
    const killed = new Map<string, string>();
    const live = projectorOn(join(folder, 'read-models.sqlite'), {
      onSwapStep: (step) => {
        // Readers keep the old rows until the swap commits, the new ones right after it.
        expect(marked(db)).toBe(step === 'promoted' ? null : 'old');
        if (step !== 'built') killed.set(step, copyAsKilled(step));
      },
    });
    await live.projector.runUntilCaughtUp();
    db.prepare("UPDATE commission_lines SET line = json_set(line, '$.mark', 'old') WHERE deal_id = 'd3'").run();

    await live.projector.rebuild();
    expect(marked(db)).toBeNull();
    expect([...killed.keys()]).toEqual(['filled', 'promoted']);
    const head = await store.headPosition();
    // The build's engine state, at the head, beside the rows: the live projection loaded it.
    expect(readdirSync(join(folder, 'snapshots'))).toContain(`commissions-${head.toString().padStart(20, '0')}.snap`);
    expect(readModelDigest(db, live.projections)).toBe(await freshDigest());

    const restarted = [...killed.values()].map((path) => projectorOn(path));
    for (const each of restarted) {
      await each.projector.runUntilCaughtUp();
      // Killed before the swap, the old rows stay (the mark made on them too); after it, the new ones.
      unmark(each.db);
      expect(readModelDigest(each.db, each.projections)).toBe(await freshDigest());
    }
    // Later events extend the restored memory as they extend a fresh build's (tiers, caps, quarters).
    const before = history.events.length;
    dealsFrom(history, 40, 30);
    await appendHistory(store, history.events.slice(before), seededBy);
    for (const each of [live, ...restarted]) {
      await each.projector.runUntilCaughtUp();
      expect(readModelDigest(each.db, each.projections)).toBe(await freshDigest());
    }
  }, 90_000);

  it('a swap that fails before it commits leaves the live rows and no staging tables', async () => {
    await seeded(20);
    const { failing, onSwapStep } = failingSwap();
    const live = projectorOn(join(folder, 'read-models.sqlite'), { onSwapStep });
    await live.projector.runUntilCaughtUp();
    db.prepare("UPDATE commission_lines SET line = json_set(line, '$.mark', 'old') WHERE deal_id = 'd3'").run();

    await expect(live.projector.rebuild()).rejects.toThrow('killed between the copy and the swap');
    expect(marked(db)).toBe('old');
    const staging = db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_next' ESCAPE '\\'").all();
    expect(staging).toEqual([]);

    failing.now = false;
    await live.projector.rebuild();
    expect(marked(db)).toBeNull();
    expect(readModelDigest(db, live.projections)).toBe(await freshDigest());
  }, 90_000);

  it('a process whose first act is a rebuild failing at the swap replays the memory it left out', async () => {
    const history = await seeded(20);
    await projectorOn(join(folder, 'read-models.sqlite')).projector.runUntilCaughtUp();
    // A new process (as `ledger rebuild`): the commission memory is not replayed before the swap it is rebuilt for.
    const next = projectorOn(join(folder, 'read-models.sqlite'), { onSwapStep: failingSwap().onSwapStep });
    await expect(next.projector.rebuild()).rejects.toThrow('killed between the copy and the swap');

    const before = history.events.length;
    dealsFrom(history, 20, 30);
    await appendHistory(store, history.events.slice(before), seededBy);
    await next.projector.runUntilCaughtUp();
    expect(readModelDigest(db, next.projections)).toBe(await freshDigest());
  }, 90_000);
});
