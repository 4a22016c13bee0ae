import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { formatSummary, machineLine, summarize } from './support/measure.js';

/**
 * Durable commands over HTTP: 50 connections posting unique enrollments to the ledger on the SQLite
 * store (WAL, synchronous=FULL, group commit), against two baselines measured in the same run.
 * Usage: npm run bench:http [-- --runs 5 --seconds 10 --connections 50]
 */
const options = parseOptions(process.argv.slice(2));
const secret = 'bench-secret-that-is-at-least-32-characters';
const token = new JwtService({ secret }).sign({ sub: 'bench', role: 'partner_manager' }, { expiresIn: '1h' });
const root = join(import.meta.dirname, '..', '..');

function parseOptions(argv: string[]): { runs: number; seconds: number; connections: number } {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  return { runs: value('runs', 5), seconds: value('seconds', 10), connections: value('connections', 50) };
}

async function waitForPort(port: number, path: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}${path}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Nothing answered on port ${port}`);
}

async function withServer<T>(start: (port: number) => ChildProcess, probe: string, run: (port: number) => Promise<T>): Promise<T> {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = start(port);
  try {
    await waitForPort(port, probe);
    return await run(port);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function load(port: number, label: string): Promise<{ rate: number; p99: number; errors: number }> {
  let counter = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/partners',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => {
          counter += 1;
          const partnerId = `${label}-${process.pid}-${counter}`;
          return { ...request, body: JSON.stringify({ partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' }) };
        },
      },
    ],
  });
  const created = result['2xx'];
  return { rate: created / options.seconds, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
}

const node = process.execPath;
const targets = {
  raw: (port: number) => spawn(node, [join(root, 'dist/bench/support/baseline-servers.js'), 'raw', String(port)], { stdio: 'ignore' }),
  nest: (port: number) => spawn(node, [join(root, 'dist/bench/support/baseline-servers.js'), 'nest', String(port)], { stdio: 'ignore' }),
  ledger: (port: number) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
    const child = spawn(node, [join(root, 'dist/apps/ledger/src/main.js')], {
      stdio: 'ignore',
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' },
    });
    child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
    return child;
  },
};

const rates: Record<keyof typeof targets, number[]> = { raw: [], nest: [], ledger: [] };
const p99s: number[] = [];
for (let run = 1; run <= options.runs; run += 1) {
  // Interleave the targets in every run so drift on this shared machine hits all of them alike.
  for (const name of Object.keys(targets) as Array<keyof typeof targets>) {
    const measured = await withServer(targets[name], name === 'ledger' ? '/health/live' : '/', (port) => load(port, `${name}${run}`));
    if (measured.errors > 0) throw new Error(`${name}: ${measured.errors} requests failed or were not 2xx`);
    rates[name].push(measured.rate);
    if (name === 'ledger') p99s.push(measured.p99);
    process.stderr.write(`run ${run} ${name}: ${measured.rate.toFixed(0)} commands/s, p99 ${measured.p99} ms\n`);
  }
}

const ledger = summarize(rates.ledger);
const nest = summarize(rates.nest);
const raw = summarize(rates.raw);
console.log(`\nDurable POST /partners, ${options.connections} connections, ${options.runs} runs of ${options.seconds} s, ${cpus().length} cores, ${machineLine()}\n`);
console.log('| target | commands/s median [min–max] | ratio to no-op Nest | p99 ms median [min–max] |');
console.log('|---|---|---|---|');
console.log(`| ledger (SQLite, synchronous=FULL) | ${formatSummary(ledger)} | ${(ledger.median / nest.median).toFixed(2)} | ${formatSummary(summarize(p99s))} |`);
console.log(`| baseline: no-op Nest + Fastify + ValidationPipe | ${formatSummary(nest)} | 1.00 | |`);
console.log(`| baseline: raw node:http | ${formatSummary(raw)} | ${(raw.median / nest.median).toFixed(2)} | |`);
