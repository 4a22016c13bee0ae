import { commissionEngine, encodeCommissionState, type CommissionState, type LedgerEvent } from '#domain';
import { SqliteEventStore } from '#event-store';
import { chainGenesis, CommissionSnapshots, commissionsProjection, sliceMs } from '#read-models';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { formatSummary, machineLine, summarize } from './support/measure.js';
import { seededLog } from './support/seeded-log.js';

/**
 * Writing and loading a snapshot of the commission engine's state folded over a seeded log (200,000
 * events by default): the encode and v8.serialize done at once, the whole write as the service does it
 * (in slices between turns of the event loop, then checksum, write, fsync, rename), its longest slice
 * and the event loop's max delay while it runs, and the load (read, verify, decode).
 * Usage: npm run bench:snapshot [-- --events 200000 --runs 3]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 200_000);
const runs = option('runs', 3);
const { dataDir } = seededLog(eventsWanted);

const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
const read = async (visit: (event: LedgerEvent) => void) => {
  for (let after = 0n; ;) {
    const batch = await store.readAll({ after, limit: 5000 });
    if (batch.length === 0) break;
    for (const { eventId, stream, position, type, data } of batch) visit({ eventId, stream, position, type, data });
    after = batch.at(-1)!.position;
  }
};
// As a build folds it: every published rule set known from the start; the log is not kept in memory.
const publications: LedgerEvent[] = [];
await read((event) => {
  if (event.type === 'RuleSetPublished') publications.push(event);
});
let state: CommissionState = commissionEngine.initialState({
  ruleSets: commissionEngine.ruleSetPublications(publications),
});
let eventsFolded = 0;
await read((event) => {
  state = commissionEngine.apply(state, event).state;
  eventsFolded += 1;
});
await store.close();

// No read models here to chain the log: the header carries a link, the same at the write and the load.
const link = chainGenesis;
const figures = { encode: [] as number[], serialize: [] as number[], write: [] as number[] };
const loopMax: number[] = [];
const sliceMax: number[] = [];
const load: number[] = [];
let bytes = 0;
for (let run = 1; run <= runs; run += 1) {
  let started = performance.now();
  const plain = encodeCommissionState(state);
  figures.encode.push(performance.now() - started);
  started = performance.now();
  bytes = serialize(plain).length;
  figures.serialize.push(performance.now() - started);

  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-snapshot-'));
  const snapshots = new CommissionSnapshots({ dir, everyEvents: 1 });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // As the service writes it on the projector's thread: in slices between turns of the event loop.
  const written = await snapshots.write(state, commissionsProjection.version, sliceMs, link);
  delay.disable();
  loopMax.push(delay.max / 1e6);
  figures.write.push(written.totalMs);
  sliceMax.push(written.sliceMaxMs);
  started = performance.now();
  await snapshots.loadNewest(
    state.position,
    commissionsProjection.version,
    () => link,
    () => undefined,
  );
  load.push(performance.now() - started);
  rmSync(dir, { recursive: true, force: true });
}

const mb = (bytes / 1024 / 1024).toFixed(1);
console.log(
  `\nSnapshot of the engine state after ${eventsFolded} events (${state.partners.size} partners, ` +
    `${state.deals.size} deals in memory, ${mb} MB), ${runs} runs, ${machineLine()}\n`,
);
console.log('| step | ms, median [min–max] |');
console.log('|---|---|');
console.log(`| encode to a plain structure, at once | ${formatSummary(summarize(figures.encode))} |`);
console.log(`| v8.serialize of it, at once | ${formatSummary(summarize(figures.serialize))} |`);
console.log(
  `| whole write: encode, serialize, SHA-256, write, fsync, rename | ${formatSummary(summarize(figures.write))} |`,
);
console.log(`| longest slice of the write on the event loop | ${formatSummary(summarize(sliceMax))} |`);
console.log(`| event loop max delay during the whole write | ${formatSummary(summarize(loopMax))} |`);
console.log(`| load: read, verify the checksum, deserialize, decode | ${formatSummary(summarize(load))} |`);
