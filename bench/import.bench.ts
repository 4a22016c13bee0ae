import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLines, line } from './support/import-file.js';
import { benchRateLimit, formatSummary, machineLine, percentile, summarize, threadTicks } from './support/measure.js';
import { freePort, healthWhile, stopService, type HealthWhile } from './support/service.js';

/**
 * An import of N seeded-style commands (NDJSON: partners, deals opened and won with a split and fx,
 * refunds) through POST /imports, against the single-command HTTP rate of durable `POST /partners` at
 * 50 connections measured on the same service in the same run. Each run starts a fresh service. Beside the
 * rates, the CPU per line of the service's main thread and of its event store's writer thread (from /proc,
 * around the import): on a loaded machine the rates follow the CPU share the service gets, these do not. And how the
 * service answered everyone else meanwhile: GET /health/live polled every 20 ms during the import (p50, p99, slowest)
 * and the event loop's longest delay, since the import runs its lines on the API's thread.
 * `--service-root` runs another build's service (a baseline's worktree) under this same bench. `--again` imports
 * the same file a second time (how an interrupted import resumes: every line's key answers its first result) and
 * reports that rate too. `--refused` then imports a file of as many lines whose every line is refused (a file in the
 * wrong shape), reports /health/live meanwhile, and times GET /imports/:id of it once done (its largest answer).
 * Usage: npm run bench:import [-- --commands 200000 --runs 3 --seconds 10 --connections 50 --service-root DIR
 * --again --refused]
 */
const options = parseOptions(process.argv.slice(2));
const secret = 'bench-secret-that-is-at-least-32-characters';
const token = new JwtService({ secret }).sign({ sub: 'bench', role: 'partner_manager' }, { expiresIn: '12h' });
const authorization = `Bearer ${token}`;
/** Reads /metrics (the event loop's longest delay). */
const opsToken = new JwtService({ secret }).sign({ sub: 'bench-ops', role: 'ops' }, { expiresIn: '12h' });
const opsHeaders = { authorization: `Bearer ${opsToken}` };
const root = serviceRoot(process.argv.slice(2)) ?? join(import.meta.dirname, '..', '..');

function serviceRoot(argv: string[]): string | undefined {
  const index = argv.indexOf('--service-root');
  return index >= 0 ? argv[index + 1] : undefined;
}

function parseOptions(argv: string[]) {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return Number(index >= 0 ? argv[index + 1] : fallback);
  };
  return {
    commands: value('commands', 20_000),
    runs: value('runs', 3),
    seconds: value('seconds', 10),
    connections: value('connections', 50),
    again: argv.includes('--again'),
    refused: argv.includes('--refused'),
  };
}

async function startService(): Promise<{ child: ChildProcess; baseUrl: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const port = await freePort();
  const env = { ...process.env, ...benchRateLimit, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret };
  const child = spawn(process.execPath, [join(root, 'dist/apps/ledger/src/main.js')], {
    env: { ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port) },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 2400; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return { child, baseUrl, dataDir };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The service did not start');
}

/** Durable POST /partners, one command per request, `connections` at once: commands per second. */
async function httpRate(baseUrl: string, run: number): Promise<number> {
  let counter = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/partners',
        headers: { 'content-type': 'application/json', authorization },
        setupRequest: (request) => {
          const partnerId = `http-${run}-${(counter += 1)}`;
          const body = { partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  });
  // Only acknowledged commands count; on a loaded machine a few time out (autocannon's 10 s), said here.
  const errors = result.non2xx + result.errors + result.timeouts;
  if (errors > 0) process.stdout.write(`POST /partners: ${errors} requests failed, timed out or were not 2xx\n`);
  return result['2xx'] / options.seconds;
}

interface ImportMeasure {
  readonly linesPerSecond: number;
  /** CPU microseconds per line on the service's main thread and in its worker threads (the store's writer). */
  readonly mainUs: number;
  readonly writerUs: number;
  /** The service's peak resident memory so far (VmHWM), in MB. */
  readonly peakRssMb: number;
  /** GET /health/live polled every 20 ms during the import: p50, p99 and slowest, in ms; the loop's longest delay. */
  readonly healthP50Ms: number;
  readonly healthP99Ms: number;
  readonly healthMaxMs: number;
  readonly loopDelayMs: number;
}

/** The peak resident set of a process (Linux /proc), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : 0;
}

interface ImportView {
  status: string;
  startedAt: string;
  finishedAt: string | null;
  progress: { done: number; errors: number };
  result: { replayed: number } | null;
}

/** Posts the body to POST /imports and follows it until it ends; it must complete, `refused` of its lines refused. */
async function runImport(
  baseUrl: string,
  body: string,
  refused: number,
): Promise<{ importId: string; view: ImportView }> {
  const started = await fetch(`${baseUrl}/imports`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-ndjson' },
    body,
  });
  if (started.status !== 202) throw new Error(`POST /imports answered ${started.status}: ${await started.text()}`);
  const { importId } = (await started.json()) as { importId: string };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const view = (await (
      await fetch(`${baseUrl}/imports/${importId}`, { headers: { authorization } })
    ).json()) as ImportView;
    if (view.status === 'running') continue;
    if (view.status !== 'completed' || view.progress.errors !== refused)
      throw new Error(`The import ended ${view.status} with ${view.progress.errors} refused lines, not ${refused}`);
    return { importId, view };
  }
}

/**
 * One import of `commands` lines: lines per second from its own start and finish, CPU per line, and how the API
 * answered other clients meanwhile. `replays`: the lines were imported before, and each must answer its first result,
 * appending nothing.
 */
async function importRate(baseUrl: string, run: number, pid: number, replays = false): Promise<ImportMeasure> {
  const body = `${importLines(options.commands, `run${run}`).join('\n')}\n`;
  const before = threadTicks(pid);
  let view: ImportView | undefined;
  const health = await healthWhile(baseUrl, opsHeaders, async () => {
    ({ view } = await runImport(baseUrl, body, 0));
  });
  if (replays && view!.result?.replayed !== view!.progress.done)
    throw new Error(`Imported again, ${view!.progress.done - (view!.result?.replayed ?? 0)} lines took effect anew`);
  const after = threadTicks(pid);
  const { done } = view!.progress;
  const seconds = (Date.parse(view!.finishedAt!) - Date.parse(view!.startedAt)) / 1000;
  const perLine = (ticks: number) => (ticks * 10_000) / done;
  return {
    linesPerSecond: done / seconds,
    mainUs: perLine(after.main - before.main),
    writerUs: perLine(after.workers - before.workers),
    peakRssMb: peakRssMb(pid),
    healthP50Ms: percentile(health.healthMs, 0.5),
    healthP99Ms: percentile(health.healthMs, 0.99),
    healthMaxMs: percentile(health.healthMs, 1),
    loopDelayMs: health.loopDelayMs,
  };
}

/** `--refused`: what the API answered during an import whose every line is refused, and the finished answer's GET. */
interface RefusedMeasure {
  readonly health: HealthWhile;
  readonly answerMb: number;
  readonly answerMs: number;
}

async function refusedImport(baseUrl: string, run: number): Promise<RefusedMeasure> {
  const partner = (index: number) => line(`bad-${run}-${index}`, '/partners', { partnerId: `p ${index}`, kind: 'x' });
  const body = `${Array.from({ length: options.commands }, (_, index) => partner(index)).join('\n')}\n`;
  let importId = '';
  const health = await healthWhile(baseUrl, opsHeaders, async () => {
    ({ importId } = await runImport(baseUrl, body, options.commands));
  });
  const started = performance.now();
  const answer = await (await fetch(`${baseUrl}/imports/${importId}`, { headers: { authorization } })).arrayBuffer();
  return { health, answerMb: answer.byteLength / 1e6, answerMs: performance.now() - started };
}

function refusedLine(measure: RefusedMeasure): string {
  const { healthMs, loopDelayMs, seconds } = measure.health;
  return (
    `a file of ${options.commands} refused lines: ${seconds.toFixed(1)} s, /health/live meanwhile p50 ` +
    `${percentile(healthMs, 0.5).toFixed(1)} p99 ${percentile(healthMs, 0.99).toFixed(1)} max ` +
    `${percentile(healthMs, 1).toFixed(1)} ms, event loop max delay ${loopDelayMs.toFixed(0)} ms; ` +
    `GET /imports/:id once done ${measure.answerMb.toFixed(1)} MB in ${measure.answerMs.toFixed(0)} ms\n`
  );
}

async function main(): Promise<void> {
  const http: number[] = [];
  const imports: ImportMeasure[] = [];
  const again: ImportMeasure[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const service = await startService();
    try {
      const single = await httpRate(service.baseUrl, run);
      const imported = await importRate(service.baseUrl, run, service.child.pid!);
      http.push(single);
      imports.push(imported);
      ratios.push(imported.linesPerSecond / single);
      if (options.again) again.push(await importRate(service.baseUrl, run, service.child.pid!, true));
      if (options.refused) process.stdout.write(refusedLine(await refusedImport(service.baseUrl, run)));
      process.stdout.write(
        `run ${run + 1}: POST /partners ${single.toFixed(0)}/s, ` +
          `import ${imported.linesPerSecond.toFixed(0)} lines/s, ` +
          `${(imported.linesPerSecond / single).toFixed(2)}x, CPU per line: main thread ` +
          `${imported.mainUs.toFixed(0)} us, writer ${imported.writerUs.toFixed(0)} us, ` +
          `service peak RSS ${imported.peakRssMb.toFixed(0)} MB, /health/live meanwhile p50 ` +
          `${imported.healthP50Ms.toFixed(1)} p99 ${imported.healthP99Ms.toFixed(1)} max ` +
          `${imported.healthMaxMs.toFixed(1)} ms, event loop max delay ${imported.loopDelayMs.toFixed(0)} ms\n`,
      );
    } finally {
      await stopService(service.child);
      rmSync(service.dataDir, { recursive: true, force: true });
    }
  }
  const summary = (pick: (measure: ImportMeasure) => number) => formatSummary(summarize(imports.map(pick)));
  process.stdout.write(
    [
      `${machineLine()}, ${cpus().length} cores, ${options.runs} runs, median [min–max], service ${root}`,
      `POST /partners, ${options.connections} connections: ${formatSummary(summarize(http))} commands/s`,
      `import of ${options.commands} commands: ${summary((measure) => measure.linesPerSecond)} lines/s`,
      `import / single-command HTTP: ${formatSummary(summarize(ratios), 2)}x (target >= 10x)`,
      `CPU per import line: main thread ${summary((measure) => measure.mainUs)} us, ` +
        `writer thread ${summary((measure) => measure.writerUs)} us`,
      `service peak RSS: ${summary((measure) => measure.peakRssMb)} MB`,
      `/health/live during the import (every 20 ms), ms: p50 ${summary((measure) => measure.healthP50Ms)}, ` +
        `p99 ${summary((measure) => measure.healthP99Ms)}, max ${summary((measure) => measure.healthMaxMs)}; ` +
        `event loop max delay ${summary((measure) => measure.loopDelayMs)}`,
      ...(options.again
        ? [`the same file again: ${formatSummary(summarize(again.map((measure) => measure.linesPerSecond)))} lines/s`]
        : []),
    ].join('\n') + '\n',
  );
}

await main();
