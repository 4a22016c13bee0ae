import { openDatabase, SqliteEventStore } from '#event-store';
import { CommissionSnapshots, LogChain, Projector, projectionsWith, simulateRuleSet } from '#read-models';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleSetInput } from '../../apps/ledger/src/program/rule-set-views.js';
import { garbageCollector } from '../../libs/read-models/src/scratch-build.js';

/**
 * One measurement in a fresh process, so its peak RSS is its own. Prints one JSON line.
 * - `template`: makes the rebuilds' starting database (the log's chain) if it is not there yet; prints nothing.
 * - `read`: reads and parses the whole log (the baseline).
 * - `rebuild`: `Projector.rebuild()` of every projection, as `ledger rebuild` runs it (the scratch build
 *   in worker threads, which also writes the engine's snapshot; the copy into the live file and the swap
 *   in another worker), on a live database whose hash chain is already complete, as a running service's
 *   is, with the service's snapshots. `seconds` ends when the rows are swapped in; `restoredSeconds` when
 *   the commission engine's memory is back too (the build's snapshot loaded). The result is kept as
 *   `<dataDir>/bench-live/read-models.sqlite` and `snapshots/` for `restart`. `builtSeconds`: the build.
 * - `restart`: a projector opened on that database until it is ready (newest snapshot loaded, the log
 *   after it replayed, caught up). `heapSharedMb`: the heap once the loaded state's strings are shared, collected.
 * - `recompute`: on that database, caught up, a recomputation of the commission projection with nothing new: a late
 *   close's cost besides its tail (the newest snapshot loaded and checked, the closes after it looked for, the
 *   swap, the live memory back).
 * - `simulate`: the log with a candidate rule set.
 */
const [mode, dataDir, candidateFile] = process.argv.slice(2) as [string, string, string | undefined];
const storePath = join(dataDir, 'events.sqlite');
const store = new SqliteEventStore({ path: storePath });
const head = await store.headPosition();
const liveFolder = join(dataDir, 'bench-live');
mkdirSync(liveFolder, { recursive: true });

/** The service's projections, the commission engine's snapshots in `folder`/snapshots (as in its data folder). */
function withSnapshots(folder: string): {
  projections: ReturnType<typeof projectionsWith>;
  snapshots: CommissionSnapshots;
} {
  const snapshots = new CommissionSnapshots({ dir: join(folder, 'snapshots'), everyEvents: 20_000 });
  return { projections: projectionsWith({ snapshots }), snapshots };
}

/** A read-model database with the whole log chained and nothing else, made once and copied per run. */
async function chainedTemplate(): Promise<string> {
  const template = join(liveFolder, 'chained.sqlite');
  if (existsSync(template)) return template;
  const db = openDatabase(`${template}.partial`);
  const chain = new LogChain(db);
  for (let after = 0n; after < head;) {
    const batch = await store.readAll({ after, limit: 5000 });
    if (batch.length === 0) break;
    db.transaction(() => chain.extend(batch))();
    after = batch.at(-1)!.position;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(`${template}.partial`, template);
  return template;
}

async function rebuild(): Promise<{ seconds: number; builtSeconds: number; restoredSeconds: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-rebuild-bench-'));
  const path = join(folder, 'read-models.sqlite');
  copyFileSync(await chainedTemplate(), path);
  const db = openDatabase(path);
  const worker = { store: { kind: 'sqlite' as const, path: storePath } };
  const { projections, snapshots } = withSnapshots(folder);
  const projector = new Projector({ store, db, projections, worker, label: 'bench' });
  const startedAt = performance.now();
  let builtAt = 0;
  let swappedAt = 0;
  await projector.rebuild({
    scratchDir: folder,
    onProgress: (progress) => {
      if (progress.state === 'swapping' && builtAt === 0) builtAt = performance.now();
      if (progress.state === 'restoring' && swappedAt === 0) swappedAt = performance.now();
    },
  });
  const restoredSeconds = (performance.now() - startedAt) / 1000;
  await projector.stop();
  await snapshots.close();
  db.close();
  copyFileSync(path, join(liveFolder, 'read-models.sqlite'));
  rmSync(join(liveFolder, 'snapshots'), { recursive: true, force: true });
  cpSync(join(folder, 'snapshots'), join(liveFolder, 'snapshots'), { recursive: true });
  rmSync(folder, { recursive: true, force: true });
  const builtSeconds = (builtAt - startedAt) / 1000;
  return { seconds: (swappedAt - startedAt) / 1000, builtSeconds, restoredSeconds };
}

/** A copy of the rows and snapshots the last `rebuild` kept, in a folder of its own. */
function copyOfLive(kind: string): { folder: string; path: string } {
  const folder = mkdtempSync(join(tmpdir(), `ledger-${kind}-bench-`));
  const path = join(folder, 'read-models.sqlite');
  copyFileSync(join(liveFolder, 'read-models.sqlite'), path);
  cpSync(join(liveFolder, 'snapshots'), join(folder, 'snapshots'), { recursive: true });
  return { folder, path };
}

async function restart(): Promise<{ seconds: number; heapSharedMb: number }> {
  const { folder, path } = copyOfLive('restart');
  const startedAt = performance.now();
  const db = openDatabase(path);
  const { projections, snapshots } = withSnapshots(folder);
  const projector = new Projector({ store, db, projections, label: 'bench' });
  await projector.runUntilCaughtUp();
  const seconds = (performance.now() - startedAt) / 1000;
  // The heap the service keeps: the loaded state's strings shared (after the load, in slices), garbage collected.
  await snapshots.lastSharing;
  garbageCollector()({ type: 'major', execution: 'sync' });
  const heapSharedMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await projector.stop();
  await snapshots.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
  return { seconds, heapSharedMb };
}

/**
 * A recomputation of the commission projection on the rows the last `rebuild` kept, caught up first, with nothing
 * new to fold: what a late close (or a rule set reaching back only to the last snapshot) costs besides its tail.
 */
async function recompute(): Promise<number> {
  const { folder, path } = copyOfLive('recompute');
  const db = openDatabase(path);
  const worker = { store: { kind: 'sqlite' as const, path: storePath } };
  const { projections, snapshots } = withSnapshots(folder);
  const projector = new Projector({ store, db, projections, worker, label: 'bench' });
  await projector.runUntilCaughtUp();
  const startedAt = performance.now();
  await projector.rebuild({ only: ['commissions'], kind: 'recompute', scratchDir: folder });
  const seconds = (performance.now() - startedAt) / 1000;
  await projector.stop();
  await snapshots.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
  return seconds;
}

async function readAll(): Promise<number> {
  let events = 0;
  for (let after = 0n; after < head;) {
    const batch = await store.readAll({ after, limit: 5000 });
    if (batch.length === 0) break;
    events += batch.length;
    after = batch.at(-1)!.position;
  }
  return events;
}

const startedAt = performance.now();
let events = Number(head);
let seconds: number;
let restoredSeconds: number | undefined;
let builtSeconds: number | undefined;
let heapSharedMb: number | undefined;
if (mode === 'template') {
  await chainedTemplate();
  await store.close();
  process.exit(0); // No measurement: the rest of this script measures one.
}
if (mode === 'read') {
  events = await readAll();
  seconds = (performance.now() - startedAt) / 1000;
} else if (mode === 'rebuild') {
  ({ seconds, builtSeconds, restoredSeconds } = await rebuild());
} else if (mode === 'restart') {
  ({ seconds, heapSharedMb } = await restart());
} else if (mode === 'recompute') {
  seconds = await recompute();
} else if (mode === 'simulate') {
  // As `ledger simulate` reads its file: the read-only keys a `rule-sets` view carries are dropped.
  const { rules: candidate } = ruleSetInput(JSON.parse(readFileSync(candidateFile!, 'utf8')), 'simulate');
  const worker = { kind: 'sqlite' as const, path: storePath };
  const report = await simulateRuleSet({ store, candidate, batchSize: 5000, worker });
  events = report.eventsReplayed;
  seconds = (performance.now() - startedAt) / 1000;
} else {
  throw new Error(
    'usage: replay-worker.js template|read|rebuild|restart|recompute|simulate <dataDir> [candidate.json]',
  );
}
// The process's high-water mark, worker threads included.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
await store.close();
const measured = { mode, events, seconds, builtSeconds, restoredSeconds, heapSharedMb, peakRssMb };
process.stdout.write(`${JSON.stringify(measured)}\n`);
