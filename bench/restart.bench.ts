import { JwtService } from '@nestjs/jwt';
import { spawn } from 'node:child_process';
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
 * `--dir` restarts over an existing data folder instead (its jwt-secret signs the requests).
 * Usage: npm run bench:restart [-- --events 200000 --runs 3 --dir /path/to/data]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 200_000);
const runs = option('runs', 3);
const main = join(benchRoot, 'dist/apps/ledger/src/main.js');
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

/** Seconds from spawning the service until it listens, and until the commission read model applies an event. */
async function restart(snapshots: boolean, run: number): Promise<{ listening: number; ready: number }> {
  // A copy per run: the seeded folder, its read models and its snapshots stay as they are.
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-restart-'));
  cpSync(seedDir, dataDir, { recursive: true });
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
  try {
    while (
      !(await fetch(`${baseUrl}/health/live`).then(
        (response) => response.ok,
        () => false,
      ))
    )
      await pause(20);
    const listening = (performance.now() - started) / 1000;
    const partnerId = `restart-bench-${run}-${snapshots ? 's' : 'z'}`;
    const enrolled = await fetch(`${baseUrl}/partners`, {
      method: 'POST',
      headers: headers('partner_manager'),
      body: JSON.stringify({ partnerId, name: 'Restart bench', kind: 'reseller', region: 'EMEA' }),
    });
    const { position } = (await enrolled.json()) as { position: string };
    await commissionLinesAfter(baseUrl, partnerId, position, headers('finance'));
    return { listening, ready: (performance.now() - started) / 1000 };
  } finally {
    service.kill('SIGKILL');
    await new Promise((resolve) => service.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = { snapshot: [] as number[], zero: [] as number[], listening: [] as number[] };
for (let run = 1; run <= runs; run += 1) {
  for (const snapshots of [true, false]) {
    const measured = await restart(snapshots, run);
    results[snapshots ? 'snapshot' : 'zero'].push(measured.ready);
    results.listening.push(measured.listening);
    process.stderr.write(
      `${snapshots ? 'snapshot + tail' : 'whole log'}: listening after ${measured.listening.toFixed(2)} s, ` +
        `ready after ${measured.ready.toFixed(2)} s\n`,
    );
  }
}
const over = dirGiven ?? `the ${eventsWanted}-event seed`;
console.log(`\nRestart to ready over ${over}, ${runs} runs each, ${machineLine()}\n`);
console.log('| restart | seconds to ready, median [min–max] |');
console.log('|---|---|');
console.log(`| newest snapshot + the log after it | ${formatSummary(summarize(results.snapshot), 2)} |`);
console.log(`| the whole log (LEDGER_SNAPSHOT_EVERY_EVENTS=0) | ${formatSummary(summarize(results.zero), 2)} |`);
console.log(`| (process listening, both) | ${formatSummary(summarize(results.listening), 2)} |`);
