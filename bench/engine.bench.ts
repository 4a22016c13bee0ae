import { commissionEngine, type LedgerEvent } from '#domain';
import { SqliteEventStore } from '#event-store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSummary, machineLine, summarize } from './support/measure.js';
import { seededLog } from './support/seeded-log.js';

/**
 * The commission engine alone, without SQLite or the projector: a seeded log (200,000 events by
 * default) is read into memory once, then folded through the engine several times, each fold from
 * `initialState` with every published rule set known from the start (as the commission projection
 * starts). The baseline, measured in the same run over the same events, is JSON.parse of each event's
 * data: the least any consumer of the log pays per event. Needs --expose-gc (the npm script passes it)
 * to tell the heap the engine's final state keeps.
 * Usage: npm run bench:engine [-- --events 200000 --runs 5]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 200_000);
const runs = option('runs', 5);
const { dataDir } = seededLog(eventsWanted);
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function load(): Promise<LedgerEvent[]> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const events: LedgerEvent[] = [];
  for (let after = 0n; ;) {
    const batch = await store.readAll({ after, limit: 5000 });
    if (batch.length === 0) break;
    for (const stored of batch)
      events.push({
        eventId: stored.eventId,
        stream: stored.stream,
        position: stored.position,
        type: stored.type,
        data: stored.data,
      });
    after = batch.at(-1)!.position;
  }
  await store.close();
  return events;
}

const events = await load();
const texts = events.map((event) => JSON.stringify(event.data));
const publications = commissionEngine.ruleSetPublications(events);
const dealsOpened = events.filter((event) => event.type === 'DealOpened').length;

function baseline(): number {
  const startedAt = performance.now();
  let fields = 0;
  for (const text of texts) fields += Object.keys(JSON.parse(text) as object).length;
  const elapsed = performance.now() - startedAt;
  if (fields === 0) throw new Error('nothing parsed');
  return (elapsed * 1000) / texts.length;
}

const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

/** One fold from the start; the state dies with this frame, so the next run's heap starts clean. */
function fold(): { microseconds: number; cpuMicroseconds: number; stateMb: number; dealsHeld: number; lines: number } {
  collect();
  const heapBefore = heapMb();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  let state = commissionEngine.initialState({ ruleSets: publications });
  let lines = 0;
  for (const event of events) {
    const result = commissionEngine.apply(state, event);
    state = result.state;
    lines += result.output.lines.length;
  }
  const microseconds = ((performance.now() - startedAt) * 1000) / events.length;
  const cpu = process.cpuUsage(cpuBefore);
  collect();
  return {
    microseconds,
    cpuMicroseconds: (cpu.user + cpu.system) / events.length,
    stateMb: heapMb() - heapBefore,
    dealsHeld: state.deals.size,
    lines,
  };
}

const baselineRuns: number[] = [];
const engineRuns: number[] = [];
const engineCpuRuns: number[] = [];
const stateHeapRuns: number[] = [];
let deals = 0;
let lines = 0;
for (let run = 1; run <= runs; run += 1) {
  // Interleaved, so drift on this shared machine hits both alike.
  baselineRuns.push(baseline());
  const result = fold();
  stateHeapRuns.push(result.stateMb);
  engineRuns.push(result.microseconds);
  engineCpuRuns.push(result.cpuMicroseconds);
  deals = result.dealsHeld;
  lines = result.lines;
  process.stderr.write(
    `run ${run}: baseline ${baselineRuns.at(-1)!.toFixed(2)} µs/event, engine ${result.microseconds.toFixed(2)} ` +
      `µs/event (CPU ${result.cpuMicroseconds.toFixed(2)}), state ${stateHeapRuns.at(-1)!.toFixed(0)} MB\n`,
  );
}
const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0') / 1024;
const engine = summarize(engineRuns);
const base = summarize(baselineRuns);
const stateHeap = summarize(stateHeapRuns);
console.log(
  `\nCommission engine alone over ${events.length} seeded events (${dealsOpened} deals opened, ${deals} still held ` +
    `by the final state, ${lines} lines), ${runs} runs, ${machineLine()}\n`,
);
console.log('| job | µs/event median [min–max] | ratio to baseline |');
console.log('|---|---|---|');
console.log(
  `| engine: initialState + apply per event | ${formatSummary(engine, 2)} | ` +
    `${(engine.median / base.median).toFixed(1)} |`,
);
console.log(
  `| engine, CPU time of the process (GC threads included; less sensitive to other load) | ` +
    `${formatSummary(summarize(engineCpuRuns), 2)} | |`,
);
console.log(`| baseline: JSON.parse of each event's data | ${formatSummary(base, 2)} | 1.0 |`);
console.log(
  `\nHeap kept by the final engine state: ${formatSummary(stateHeap)} MB ` +
    `(${((stateHeap.median * 1024) / Math.max(dealsOpened, 1)).toFixed(2)} KB per deal opened); peak RSS of the ` +
    `process: ${peakRssMb.toFixed(0)} MB (events held in memory included).`,
);
