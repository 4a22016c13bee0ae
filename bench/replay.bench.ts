import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSummary, machineLine, summarize } from './support/measure.js';
import { benchCli, benchRoot, seededLog } from './support/seeded-log.js';

/**
 * Rebuild, restart-to-ready, a recomputation's fixed cost and simulation over a seeded log (1,000,000 events by
 * default), each against the baseline of reading and parsing the same log without projecting, measured in the same
 * run, each run in its own process (peak RSS per run, worker threads included). The seeded folder is
 * kept under .bench-data/ and reused; `--dir` measures an existing data folder instead.
 * Usage: npm run bench:replay [-- --events 1000000 --runs 3 --dir /path/to/data]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 1_000_000);
const runs = option('runs', 3);
const worker = join(benchRoot, 'dist/bench/support/replay-worker.js');
const dirGiven = argv.includes('--dir') ? argv[argv.indexOf('--dir') + 1] : undefined;
const { dataDir, env } = dirGiven
  ? { dataDir: dirGiven, env: { ...process.env, LEDGER_DATA_DIR: dirGiven, LOG_LEVEL: 'warn' } }
  : seededLog(eventsWanted);

// The candidate: the newest published rule set with the top tier's rate raised, as if published now.
const published = JSON.parse(
  execFileSync(process.execPath, [benchCli, 'rule-sets'], { env, encoding: 'utf8' }),
) as Array<{ version: string; tiers: Array<{ name: string }>; commission: { rates: Record<string, string> } }>;
if (published.length === 0) throw new Error('the seeded log has no rule set');
// The flat document `rule-sets` prints is what simulate takes (its read-only keys are ignored).
const rules = structuredClone(published.at(-1)!);
const top = rules.tiers.at(-1)!.name;
rules.version = `${rules.version}-bench-candidate`;
rules.commission.rates[top] = (Number(rules.commission.rates[top]) + 0.01).toFixed(4);
const candidateFile = join(dataDir, 'candidate.json');
writeFileSync(candidateFile, JSON.stringify(rules));

interface Measurement {
  readonly events: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  /** `restart` only. */
  readonly heapSharedMb?: number;
}
type Mode = 'read' | 'rebuild' | 'restored' | 'restart' | 'recompute' | 'simulate';
// Node's default heap limits, as the service runs.
const measure = (mode: Exclude<Mode, 'restored'>): Measurement & { restoredSeconds?: number } => {
  const output = execFileSync(process.execPath, [worker, mode, dataDir, candidateFile], { encoding: 'utf8' });
  const measurement = JSON.parse(output.trim().split('\n').at(-1)!) as Measurement & { restoredSeconds?: number };
  process.stderr.write(
    `${mode}: ${measurement.events} events in ${measurement.seconds.toFixed(2)} s, ` +
      `peak RSS ${measurement.peakRssMb.toFixed(0)} MB\n`,
  );
  return measurement;
};

// The rebuilds' starting database (the log's chain, made once): in a process of its own, so that the pages of
// reading the whole log for it do not count in the first rebuild's peak RSS (they made it 683 MB against 466).
execFileSync(process.execPath, [worker, 'template', dataDir], { stdio: 'inherit' });
const results: Record<Mode, Measurement[]> = {
  read: [],
  rebuild: [],
  restored: [],
  restart: [],
  recompute: [],
  simulate: [],
};
for (let run = 1; run <= runs; run += 1) {
  // Interleaved, so drift on this shared machine hits all of them alike; a restart opens the rebuilt database.
  for (const mode of ['read', 'rebuild', 'restart', 'recompute', 'simulate'] as const) {
    const measured = measure(mode);
    results[mode].push(measured);
    if (mode === 'rebuild') results.restored.push({ ...measured, seconds: measured.restoredSeconds! });
  }
}
const rate = (measurement: Measurement) => measurement.events / measurement.seconds;
const baseline = summarize(results.read.map(rate));
console.log(`\nReplay over ${results.read[0]!.events} seeded events, ${runs} runs, ${machineLine()}\n`);
console.log(
  '| job | events/s median [min–max] | seconds median [min–max] | ratio to baseline | peak RSS MB median [min–max] |',
);
console.log('|---|---|---|---|---|');
for (const [name, mode] of [
  ['rebuild: all projections from position 0, rows swapped in', 'rebuild'],
  ['rebuild, until the commission memory is back too (its snapshot loaded)', 'restored'],
  ['restart to ready (snapshot loaded, tail replayed, caught up)', 'restart'],
  ['recomputation of the commissions with nothing new: a late close besides its tail', 'recompute'],
  ['simulation: the engine twice over the log (published, candidate)', 'simulate'],
  ['baseline: read and parse the log', 'read'],
] as const) {
  const measured = results[mode];
  const events = summarize(measured.map(rate));
  const seconds = summarize(measured.map((entry) => entry.seconds));
  const peakRss = summarize(measured.map((entry) => entry.peakRssMb));
  console.log(
    `| ${name} | ${formatSummary(events)} | ${formatSummary(seconds, 1)} | ` +
      `${(events.median / baseline.median).toFixed(2)} | ${formatSummary(peakRss)} |`,
  );
}
const heapShared = summarize(results.restart.map((entry) => entry.heapSharedMb!));
console.log(`\nrestart: heap kept once the state's strings are shared, MB: ${formatSummary(heapShared)}`);
const medianSeconds = (mode: Mode) => summarize(results[mode].map((entry) => entry.seconds)).median;
const simulationRatio = medianSeconds('simulate') / medianSeconds('rebuild');
console.log(`\nsimulation / rebuild (rows swapped in), median seconds: ${simulationRatio.toFixed(2)}`);
