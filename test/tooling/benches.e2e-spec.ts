import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithMockCluster } from '../kafka/jest-mock-cluster.js';

/*
 * The short versions of the benchmarks (docs/benchmarks.md): each `bench:*` npm script's compiled benchmark,
 * run as the script runs it (same node flags) with its smallest options, must exit 0 and print its result
 * table. Only that the figures are there is checked, never what they are: speed is never asserted.
 * Sequential (one file, in order) so they do not compete with each other; the seeded log is seeded once,
 * small (500 events still hold rule sets, commission lines and a snapshot folder), into a folder of this run
 * (BENCH_DATA_DIR), so a seed left by an older build cannot hide a break.
 */
const root = join(import.meta.dirname, '..', '..');
const benchDataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-smoke-'));
afterAll(() => rmSync(benchDataDir, { recursive: true, force: true }));
const seedEvents = '500';
/** Per benchmark: minutes on a machine at load 10 where the whole file takes a few; seconds when quiet. */
const benchTimeoutMs = 240_000;
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** Runs the compiled benchmark the npm script names, with the script's node flags, without its build step. */
function runBench(script: string, ...options: string[]) {
  const command = /&& node ((?:--\S+ )*)(dist\/bench\/\S+\.bench\.js)$/.exec(scripts[script] ?? '');
  if (!command) throw new Error(`package.json has no benchmark script ${script} running dist/bench/*.bench.js`);
  const flags = command[1]!.split(' ').filter(Boolean);
  const started = performance.now();
  const result = spawnSync(process.execPath, [...flags, join(root, command[2]!), ...options], {
    cwd: root,
    encoding: 'utf8',
    timeout: benchTimeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, BENCH_DATA_DIR: benchDataDir, LOG_LEVEL: 'warn' },
  });
  process.stderr.write(`[bench smoke] ${script}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

/** The rows of the markdown tables a benchmark prints: first cell -> the other cells. */
function tableRows(stdout: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('|---')) continue;
    const [label, ...cells] = line.slice(2, -2).split(' | ');
    rows.set(label!, cells);
  }
  return rows;
}

const summaryCell = /^\d+(\.\d+)? \[\d+(\.\d+)?–\d+(\.\d+)?\]$/;
const numberCell = /^\d+(\.\d+)?$/;

/** Exits 0 and prints each row named, each with the cells named by their patterns (a figure, not a value). */
function expectFigures(result: ReturnType<typeof runBench>, rows: Record<string, readonly RegExp[]>): void {
  expect({
    status: result.status,
    signal: result.signal,
    stderrTail: result.status === 0 ? '' : result.stderr.slice(-2000),
  }).toEqual({ status: 0, signal: null, stderrTail: '' });
  const printed = tableRows(result.stdout);
  for (const [label, cells] of Object.entries(rows)) {
    expect({ label, present: printed.has(label) }).toEqual({ label, present: true });
    cells.forEach((pattern, index) => expect(printed.get(label)![index]).toMatch(pattern));
  }
}

const timeoutMs = benchTimeoutMs + 10_000;

describe('the benchmarks, short versions (compiled)', () => {
  it(
    'bench:engine folds the seeded log through the engine and prints its figures against the baseline',
    () => {
      const result = runBench('bench:engine', '--events', seedEvents, '--runs', '1');
      expectFigures(result, {
        'engine: initialState + apply per event': [summaryCell, numberCell],
        "baseline: JSON.parse of each event's data": [summaryCell, /^1\.0$/],
      });
      expect(result.stdout).toMatch(/Heap kept by the final engine state: .* MB .*peak RSS of the process: \d+ MB/);
    },
    timeoutMs,
  );

  it(
    'bench:snapshot writes and loads a snapshot of the folded state and prints each step',
    () => {
      expectFigures(runBench('bench:snapshot', '--events', seedEvents, '--runs', '1'), {
        'encode to a plain structure, at once': [summaryCell],
        'whole write: encode, serialize, SHA-256, write, fsync, rename': [summaryCell],
        'event loop max delay during the whole write': [summaryCell],
        'load: read, verify the checksum, deserialize, decode': [summaryCell],
      });
    },
    timeoutMs,
  );

  it(
    'bench:replay rebuilds, restarts, recomputes and simulates over the seeded log and prints each against reading it',
    () => {
      const result = runBench('bench:replay', '--events', seedEvents, '--runs', '1');
      const figures = [summaryCell, summaryCell, numberCell, summaryCell];
      expectFigures(result, {
        'rebuild: all projections from position 0, rows swapped in': figures,
        'restart to ready (snapshot loaded, tail replayed, caught up)': figures,
        'recomputation of the commissions with nothing new: a late close besides its tail': figures,
        'simulation: the engine twice over the log (published, candidate)': figures,
        'baseline: read and parse the log': figures,
      });
      expect(result.stdout).toMatch(/simulation \/ rebuild \(rows swapped in\), median seconds: \d+\.\d+/);
    },
    timeoutMs,
  );

  it(
    'bench:restart restarts the service from a snapshot and from the whole log',
    () => {
      expectFigures(runBench('bench:restart', '--events', seedEvents, '--runs', '1'), {
        'newest snapshot + the log after it': [summaryCell],
        'the whole log (LEDGER_SNAPSHOT_EVERY_EVENTS=0)': [summaryCell],
      });
    },
    timeoutMs,
  );

  it(
    'bench:retroactive publishes a rule set reaching back and prints the latencies while it recomputes',
    () => {
      const latencies = /^\d+\.\d \/ \d+\.\d \/ \d+\.\d$/;
      const result = runBench('bench:retroactive', '--events', seedEvents);
      expectFigures(result, {
        'baseline (nothing running)': [latencies, latencies, numberCell],
        'during the recomputation': [latencies, latencies, numberCell],
      });
      expect(result.stdout).toMatch(/\?after=<position of the rule set> answered after \d+\.\d s/);
    },
    timeoutMs,
  );

  it(
    'bench:retroactive --late-close closes a quarter after a deal won today and prints the latencies meanwhile',
    () => {
      const latencies = /^\d+\.\d \/ \d+\.\d \/ \d+\.\d$/;
      const result = runBench('bench:retroactive', '--events', seedEvents, '--late-close');
      expectFigures(result, {
        'baseline (nothing running)': [latencies, latencies, numberCell],
        'during the recomputation': [latencies, latencies, numberCell],
      });
      expect(result.stdout).toMatch(/\?after=<position of the close of \d{4}-Q[1-4]> answered after \d+\.\d s/);
      expect(result.stdout).toMatch(/the recomputation: done after \d+\.\d s/);
      expect(result.stdout).toMatch(/from (\w+) to (?!\1\b)\w+; its deal won today is now paid \d+\.\d{2} at \w+/);
    },
    timeoutMs,
  );

  it(
    'bench:stream-length measures commands on a long stream against fresh ones',
    () => {
      expectFigures(runBench('bench:stream-length', '--runs', '1', '--commands', '5', '--history', '10'), {
        '10 prior events': [summaryCell, summaryCell],
        'baseline: 1 prior event': [summaryCell, /^1\.00$/],
      });
    },
    timeoutMs,
  );

  it(
    'bench:import imports commands and prints the rate against single HTTP commands',
    () => {
      const options = [
        '--commands',
        '100',
        '--runs',
        '1',
        '--seconds',
        '1',
        '--connections',
        '2',
        '--again',
        '--refused',
      ];
      const result = runBench('bench:import', ...options);
      expectFigures(result, {});
      expect(result.stdout).toMatch(/POST \/partners, 2 connections: \d+ \[\d+–\d+\] commands\/s\n/);
      expect(result.stdout).toMatch(/import of 100 commands: \d+ \[\d+–\d+\] lines\/s\n/);
      expect(result.stdout).toMatch(/import \/ single-command HTTP: \d+\.\d+ \[\d+\.\d+–\d+\.\d+\]x/);
      expect(result.stdout).toMatch(/CPU per import line: main thread \d+ \[\d+–\d+\] us, writer thread \d+ \[/);
      const health =
        /\/health\/live during the import \(every 20 ms\), ms: p50 \d+ \[\d+–\d+\], p99 \d+ \[\d+–\d+\], max/;
      expect(result.stdout).toMatch(health);
      expect(result.stdout).toMatch(/; event loop max delay \d+ \[\d+–\d+\]\n/);
      // Imported again: every line a replay (the bench stops with an error if one took effect anew).
      expect(result.stdout).toMatch(/the same file again: \d+ \[\d+–\d+\] lines\/s\n/);
      // A file whose every line is refused: the API meanwhile, and the finished answer (100 refusals, twice listed).
      const refused =
        /a file of 100 refused lines: [\d.]+ s, \/health\/live meanwhile p50 [\d.]+ p99 [\d.]+ max [\d.]+ ms/;
      expect(result.stdout).toMatch(refused);
      expect(result.stdout).toMatch(/GET \/imports\/:id once done 0\.\d MB in \d+ ms\n/);
    },
    timeoutMs,
  );

  it(
    'bench:stream-cache loads every stream of the seeded log into the cache and prints the heap it holds',
    () => {
      // On 500 events the heap held is within a collection's noise, so it may print below zero.
      const figure = /^-?\d+(\.\d+)?$/;
      const heldCells = [numberCell, numberCell, figure, figure];
      expectFigures(runBench('bench:stream-cache', '--events', seedEvents), {
        'deal-*': heldCells,
        'partner-*': heldCells,
      });
    },
    timeoutMs,
  );

  it(
    'bench:http runs every target and baseline for one second each and prints their figures',
    () => {
      const result = runBench('bench:http', '--runs', '1', '--seconds', '1', '--connections', '2');
      // The serving process's CPU per request: main thread + worker threads, in µs.
      const cpu = /^\d+ \+ \d+$/;
      const command = [summaryCell, numberCell, summaryCell, /^\d+\.\d \[\d+\.\d–\d+\.\d\]$/, cpu];
      const baseline = [summaryCell, numberCell, summaryCell, /^$/, cpu];
      expectFigures(result, {
        'baseline: raw node:http': baseline,
        'baseline: no-op Nest + Fastify + ValidationPipe': baseline,
        'ledger POST /partners': command,
        'ledger POST /deals/:id/win (2 lines, split, FX)': command,
        'baseline: no-op Nest GET /commission-lines/:id': baseline,
        'ledger GET /commission-lines/:id (explained at read time)': baseline,
      });
    },
    timeoutMs,
  );

  it(
    'bench:reads loads every GET route for a second and prints its figures with the event loop delay',
    () => {
      const result = runBench('bench:reads', '--events', seedEvents, '--seconds', '1', '--connections', '2');
      // requests/s, p50, p99, max, and the service's event loop's longest delay during the load.
      const route = [numberCell, numberCell, numberCell, numberCell, numberCell];
      expectFigures(result, {
        'GET /partners?limit=50': route,
        'GET /deals?limit=50': route,
        'GET /registrations?limit=50': route,
        'GET /statements?limit=20': route,
        'GET /events?limit=50': route,
      });
    },
    timeoutMs,
  );

  it(
    'bench:statements closes a quarter, issues and approves two statements, and prints their figures',
    () => {
      const result = runBench('bench:statements', '--events', seedEvents);
      expectFigures(result, {});
      // lines, MB, then seconds, /health/live max and the event loop's longest delay for issuing and for approving.
      const row = /^\| \S+, the (most commission lines|median partner of the quarter)( \| \d+(\.\d+)?){8} \|$/gm;
      expect(result.stdout.match(row)).toHaveLength(2);
    },
    timeoutMs,
  );

  it(
    'bench:after-start watches the API once ready and through a first deal won, and prints their figures',
    () => {
      const result = runBench('bench:after-start', '--events', seedEvents, '--seconds', '2');
      expectFigures(result, {});
      // seconds, /health/live p99 and max, and the event loop's longest delay.
      const rows =
        /^\| (the first 2 s once ready|a deal won by \S+ \(\d+ MDF accruals\), then 5 s)( \| \d+\.\d){4} \|$/gm;
      expect(result.stdout.match(rows)).toHaveLength(2);
    },
    timeoutMs,
  );

  describeWithMockCluster('bench:relay, against the Kafka mock cluster', () => {
    it(
      'publishes the seeded events through the relay and prints its rate against raw kafkajs',
      () => {
        expectFigures(runBench('bench:relay', '--events', '200', '--runs', '1', '--batch', '100'), {
          'relay (SQLite → envelopes → sendBatch acks=-1 → fsynced checkpoint)': [summaryCell, numberCell],
          'baseline: raw kafkajs sendBatch of pre-built messages': [summaryCell, /^1\.00$/],
        });
      },
      timeoutMs,
    );
  });
});
