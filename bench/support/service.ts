import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { benchRateLimit, machineLine } from './measure.js';
import type { SeededLog } from './seeded-log.js';

/** A TCP port free on the loopback interface right now, for a service a benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Stops a service a benchmark started and waits until it is gone. One that has exited already (it failed to
 * start, or crashed) is not waited for: its `exit` has fired, and waiting would hang the benchmark with an
 * unsettled top-level await instead of reporting the error that brought it here.
 */
export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** fetch, whose failure names the request and when it was sent (a bare `fetch failed` names neither). */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const sent = new Date().toISOString();
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new Error(`${init.method ?? 'GET'} ${url} sent at ${sent} failed`, { cause: error });
  }
}

/**
 * The service's event loop's longest delay since the previous call, in ms: nodejs_eventloop_lag_max_seconds of
 * /metrics (prom-client's monitorEventLoopDelay, reset at each scrape). `headers` authorize a role that reads /metrics.
 */
export async function loopDelayMaxMs(baseUrl: string, headers: Record<string, string>): Promise<number> {
  const text = await (await request(`${baseUrl}/metrics`, { headers })).text();
  const line = text.split('\n').find((entry) => entry.startsWith('nodejs_eventloop_lag_max_seconds '));
  return line ? Number(line.split(' ')[1]) * 1000 : Number.NaN;
}

/** How the API answered while some work ran: the work's seconds, each /health/live answer's ms (in order of size). */
export interface HealthWhile {
  readonly seconds: number;
  readonly healthMs: readonly number[];
  /** The service's event loop's longest delay meanwhile (loopDelayMaxMs). */
  readonly loopDelayMs: number;
}

/**
 * Runs `work` while GET /health/live is polled every 20 ms from a thread of its own (health-poller.ts), so the work's
 * own CPU on this thread never reads as the service's delay. `headers` authorize a role that reads /metrics.
 */
export async function healthWhile(
  baseUrl: string,
  headers: Record<string, string>,
  work: () => Promise<void>,
): Promise<HealthWhile> {
  await loopDelayMaxMs(baseUrl, headers);
  const poller = new Worker(new URL('./health-poller.js', import.meta.url), {
    workerData: { url: `${baseUrl}/health/live`, intervalMs: 20 },
  });
  const polled = new Promise<number[]>((resolve, reject) => {
    poller.once('message', resolve);
    poller.once('error', reject);
  });
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    await poller.terminate();
    throw error;
  }
  poller.postMessage('stop');
  const seconds = (performance.now() - started) / 1000;
  const healthMs = (await polled).sort((left, right) => left - right);
  await poller.terminate();
  return { seconds, healthMs, loopDelayMs: await loopDelayMaxMs(baseUrl, headers) };
}

/** Asks for a partner's commission lines `?after=` a position until they answer 200 (503 means not yet). */
export async function commissionLinesAfter(
  baseUrl: string,
  partnerId: string,
  position: string,
  headers: Record<string, string>,
): Promise<void> {
  for (;;) {
    const read = await request(`${baseUrl}/partners/${partnerId}/commission-lines?after=${position}&limit=1`, {
      headers,
    });
    await read.arrayBuffer();
    if (read.status === 200) return;
    if (read.status !== 503) throw new Error(`?after= answered ${read.status}`);
  }
}

/**
 * The compiled service a benchmark spawns, its stdout and stderr kept in a log file, so that a run that
 * fails or a service that dies under it always says why: the exit code or signal and the log's last lines.
 * The log is removed when the benchmark stops the service itself and kept (its path printed) otherwise.
 */
export class BenchService {
  readonly child: ChildProcess;
  readonly logPath: string;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stopping = false;
  private failed = false;
  private readonly exited: Promise<void>;

  constructor(main: string, env: NodeJS.ProcessEnv) {
    this.logPath = join(tmpdir(), `ledger-bench-service-${process.pid}-${Date.now()}.log`);
    const log = openSync(this.logPath, 'a', 0o600);
    try {
      this.child = spawn(process.execPath, [main], { env, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        if (this.stopping) return resolve();
        this.failed = true;
        process.stderr.write(`The service stopped under the benchmark.\n${this.diagnosis()}\n`);
        resolve();
      });
    });
  }

  /** The service's peak resident set in MiB (VmHWM: all its threads), while it runs; undefined elsewhere. */
  peakRssMiB(): number | undefined {
    return this.statusMiB('VmHWM');
  }

  /** The service's resident memory now (all threads). */
  rssMiB(): number | undefined {
    return this.statusMiB('VmRSS');
  }

  private statusMiB(field: 'VmHWM' | 'VmRSS'): number | undefined {
    try {
      const line = readFileSync(`/proc/${this.child.pid}/status`, 'utf8')
        .split('\n')
        .find((row) => row.startsWith(`${field}:`));
      return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the service still runs, or how it ended, and the last `lines` lines of its output. */
  diagnosis(lines = 200): string {
    const state = this.exit
      ? `The service (pid ${this.child.pid}) exited with code ${this.exit.code} and signal ${this.exit.signal}`
      : `The service (pid ${this.child.pid}) is still running`;
    let output = '';
    try {
      output = readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch (error) {
      output = `(its log cannot be read: ${String(error)})`;
    }
    return `${state}; the last ${lines} lines of its output (${this.logPath}):\n${output}`;
  }

  /** After a failed run: waits a moment for the service's exit (a reset connection comes first), then reports. */
  async reportFailure(): Promise<void> {
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.failed = true;
    if (!this.exit || this.stopping) process.stderr.write(`The benchmark failed.\n${this.diagnosis()}\n`);
  }

  /** Kills the service and waits for its exit; its log is kept after a failure, removed otherwise. */
  async stop(): Promise<void> {
    if (!this.exit) {
      this.stopping = true;
      this.child.kill('SIGKILL');
      await this.exited;
    }
    if (!this.failed) rmSync(this.logPath, { force: true });
  }
}

/** A bench that runs the compiled service on a copy of a seeded log and prints one table. */
export interface SeedCopyTable<Facts> {
  readonly seed: SeededLog;
  /** Of the copy's folder's name. */
  readonly prefix: string;
  readonly serviceRoot: string;
  /** What the bench reads from the copy before the service starts. */
  readonly factsOf: (dataDir: string) => Facts;
  /** The table's title (the machine line follows it), then its header and separator lines. */
  readonly title: (facts: Facts) => string;
  readonly columns: string;
  /** Adds the table's rows, working against the service at `baseUrl`. */
  readonly work: (baseUrl: string, facts: Facts, rows: string[]) => Promise<void>;
}

/** Runs such a bench; the table is printed with the rows made so far and the service's peak RSS, even on a failure. */
export async function tableOnSeedCopy<Facts>(bench: SeedCopyTable<Facts>): Promise<void> {
  const dataDir = copyOfSeed(bench.seed, bench.prefix);
  const facts = bench.factsOf(dataDir);
  const rows: string[] = [];
  await runOnService(
    bench.seed,
    dataDir,
    bench.serviceRoot,
    (baseUrl) => bench.work(baseUrl, facts, rows),
    (peak) =>
      process.stdout.write(
        `\n${bench.title(facts)}, ${machineLine()}\n\n${bench.columns}\n${rows.join('\n')}\n\n` +
          `Service peak RSS: ${peak?.toFixed(0) ?? '?'} MiB\n`,
      ),
  );
}

/** A copy of a seeded log's folder, for a run that changes it (the seed stays as later runs expect it). */
function copyOfSeed(seed: SeededLog, prefix: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(seed.dataDir, dataDir, { recursive: true, filter: (source) => !source.endsWith('bench-live') });
  return dataDir;
}

/**
 * Runs `work` against the compiled service of the build at `serviceRoot`, started on `dataDir` (a copy) and ready; then
 * stops it, removes the copy and hands `report` the service's peak RSS in MiB, whether the work succeeded or not.
 */
async function runOnService(
  seed: SeededLog,
  dataDir: string,
  serviceRoot: string,
  work: (baseUrl: string) => Promise<void>,
  report: (peakRssMiB: number | undefined) => void,
): Promise<void> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = new BenchService(join(serviceRoot, 'dist/apps/ledger/src/main.js'), {
    ...seed.env,
    ...benchRateLimit,
    LEDGER_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  try {
    await ready(baseUrl);
    await work(baseUrl);
  } catch (error) {
    await service.reportFailure();
    throw error;
  } finally {
    const peak = service.peakRssMiB();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    report(peak);
  }
}

async function ready(baseUrl: string): Promise<void> {
  // Two minutes: a restart on a busy shared machine can take more than the usual few seconds.
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const answer = await request(`${baseUrl}/health`).catch(() => undefined);
    if (answer?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The service did not become ready');
}
