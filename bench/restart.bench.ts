import { JwtService } from '@nestjs/jwt';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRateLimit, formatSummary, machineLine, summarize } from './support/measure.js';
import { benchRoot, seededLog } from './support/seeded-log.js';
import { commissionLinesAfter, freePort } from './support/service.js';

/**
 * Restart to ready over a seeded log (200,000 events by default, seeded once into .bench-data/): the
 * compiled service is started on a copy of the seeded folder, a partner is enrolled as soon as it
 * listens, and the clock stops when `GET /partners/:id/commission-lines?after=<that position>` answers,
 * which needs the commission engine's memory restored (from the newest snapshot and the log after it,
 * or from the whole log with LEDGER_SNAPSHOT_EVERY_EVENTS=0). Each run in a fresh process, interleaved.
 * `--dir` restarts over an existing data folder instead (its jwt-secret signs the requests). Beside it: when
 * `GET /health` first answered 200 (ready), and the service's peak RSS (VmHWM, Linux). `--snapshot-only` skips
 * the whole-log restarts; `--main` starts another build's compiled service (a baseline, in the same run).
 * Usage: npm run bench:restart [-- --events 200000 --runs 3 --dir /path/to/data --snapshot-only --main <main.js>]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 200_000);
const runs = option('runs', 3);
const main = argv.includes('--main')
  ? argv[argv.indexOf('--main') + 1]!
  : join(benchRoot, 'dist/apps/ledger/src/main.js');
const snapshotOnly = argv.includes('--snapshot-only');
const dirGiven = argv.includes('--dir') ? argv[argv.indexOf('--dir') + 1] : undefined;
const { dataDir: seedDir, env: seedEnv } = dirGiven
  ? {
      dataDir: dirGiven,
      env: {
        ...process.env,
        LEDGER_JWT_SECRET: readFileSync(join(dirGiven, 'jwt-secret'), 'utf8').trim(),
        LOG_LEVEL: 'warn',
      },
    }
  : seededLog(eventsWanted);
if (!existsSync(join(seedDir, 'snapshots'))) throw new Error(`${seedDir} has no snapshots: seed it with this build`);
const jwt = new JwtService({ secret: seedEnv.LEDGER_JWT_SECRET! });
const headers = (role: string) => ({
  Authorization: `Bearer ${jwt.sign({ sub: `${role}-bench`, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The highest peak RSS (VmHWM) of process `pid` seen, in MB, read every 100 ms until `stop` (0 off Linux). */
function peakRss(pid: number): { stop: () => number } {
  let peakKb = 0;
  const read = () => {
    try {
      const found = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (found) peakKb = Math.max(peakKb, Number(found[1]));
    } catch {
      // Not Linux, or the process is gone: the peak seen so far stands.
    }
  };
  const timer = setInterval(read, 100);
  return {
    stop: () => {
      read();
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}

/**
 * The CPU seconds process `pid` has used so far, all its threads (utime + stime of /proc/<pid>/stat, at
 * 100 ticks a second, Linux's USER_HZ); NaN elsewhere. Less sensitive than wall time to a loaded machine.
 */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Seconds after `started` at which `GET /health` first answers 200 (polled every 20 ms). */
async function healthReady(baseUrl: string, started: number): Promise<number> {
  for (;;) {
    const status = await fetch(`${baseUrl}/health`).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (status === 200) return (performance.now() - started) / 1000;
    await pause(20);
  }
}

interface Restarted {
  readonly listening: number;
  readonly ready: number;
  readonly health: number;
  readonly peakRssMb: number;
  readonly cpu: number;
}

/**
 * Seconds from spawning the service until it listens, until the commission read model applies an event, and
 * until `GET /health` is ready; its peak RSS.
 */
async function restart(snapshots: boolean, run: number): Promise<Restarted> {
  // A copy per run: the seeded folder, its read models and its snapshots stay as they are.
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-restart-'));
  cpSync(seedDir, dataDir, { recursive: true });
  // The copy's dirty pages written back now, not while the service starts (at 1M it is 2.7 GB).
  spawnSync('sync');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const service = spawn(process.execPath, [main], {
    env: {
      ...seedEnv,
      ...benchRateLimit,
      LEDGER_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LEDGER_SNAPSHOT_EVERY_EVENTS: snapshots ? '20000' : '0',
    },
    stdio: 'ignore',
  });
  const rss = peakRss(service.pid!);
  try {
    while (
      !(await fetch(`${baseUrl}/health/live`).then(
        (response) => response.ok,
        () => false,
      ))
    )
      await pause(20);
    const listening = (performance.now() - started) / 1000;
    const health = healthReady(baseUrl, started);
    const partnerId = `restart-bench-${run}-${snapshots ? 's' : 'z'}`;
    const enrolled = await fetch(`${baseUrl}/partners`, {
      method: 'POST',
      headers: headers('partner_manager'),
      body: JSON.stringify({ partnerId, name: 'Restart bench', kind: 'reseller', region: 'EMEA' }),
    });
    const { position } = (await enrolled.json()) as { position: string };
    await commissionLinesAfter(baseUrl, partnerId, position, headers('finance'));
    const ready = (performance.now() - started) / 1000;
    // Up to ready, the same window for every build (a snapshot due after the tail loads in a worker afterwards).
    const peakRssMb = rss.stop();
    const cpu = cpuSeconds(service.pid!);
    return { listening, ready, health: await health, peakRssMb, cpu };
  } finally {
    rss.stop();
    service.kill('SIGKILL');
    await new Promise((resolve) => service.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kinds = snapshotOnly ? [true] : [true, false];
const results = new Map(kinds.map((snapshots) => [snapshots, [] as Restarted[]]));
for (let run = 1; run <= runs; run += 1) {
  for (const snapshots of kinds) {
    const measured = await restart(snapshots, run);
    results.get(snapshots)!.push(measured);
    process.stderr.write(
      `${snapshots ? 'snapshot + tail' : 'whole log'}: listening after ${measured.listening.toFixed(2)} s, ` +
        `ready after ${measured.ready.toFixed(2)} s, GET /health ready after ${measured.health.toFixed(2)} s, ` +
        `peak RSS ${measured.peakRssMb.toFixed(0)} MB, CPU ${measured.cpu.toFixed(2)} s until ready\n`,
    );
  }
}
const over = dirGiven ?? `the ${eventsWanted}-event seed`;
console.log(`\nRestart to ready over ${over}, ${runs} runs each, ${main}, ${machineLine()}\n`);
const columns = ['seconds to ready, median [min–max]', 'GET /health ready s', 'peak RSS MB', 'CPU s until ready'];
console.log(`| restart | ${columns.join(' | ')} | listening s |`);
console.log('|---|---|---|---|---|---|');
const labels = new Map([
  [true, 'newest snapshot + the log after it'],
  [false, 'the whole log (LEDGER_SNAPSHOT_EVERY_EVENTS=0)'],
]);
for (const [snapshots, measured] of results) {
  const cell = (pick: (one: Restarted) => number, digits: number) =>
    formatSummary(summarize(measured.map(pick)), digits);
  console.log(
    `| ${labels.get(snapshots)} | ${cell((one) => one.ready, 2)} | ${cell((one) => one.health, 2)} | ` +
      `${cell((one) => one.peakRssMb, 0)} | ${cell((one) => one.cpu, 2)} | ${cell((one) => one.listening, 2)} |`,
  );
}
