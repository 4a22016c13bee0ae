import { JwtService } from '@nestjs/jwt';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '#event-store';
import { benchRateLimit, formatSummary, machineLine, summarize } from './support/measure.js';
import { freePort, stopService } from './support/service.js';

/**
 * Command latency on a partner whose stream already holds 10,000 events, against partners with
 * fresh streams, over HTTP one request at a time (the pipeline caches folded states and reads only
 * a stream's tail, so the long history should not matter). Target: within 1.5× of fresh.
 * Usage: npm run bench:stream-length [-- --runs 5 --commands 400 --history 10000]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const runs = option('runs', 5);
const commands = option('commands', 400);
const history = option('history', 10_000);
const secret = 'bench-secret-that-is-at-least-32-characters';
const token = new JwtService({ secret }).sign({ sub: 'bench', role: 'partner_manager' }, { expiresIn: '1h' });
const authorization = `Bearer ${token}`;
const today = new Date().toISOString().slice(0, 10);
const root = join(import.meta.dirname, '..', '..');

async function prepare(dataDir: string): Promise<void> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const metadata = {
    actor: 'bench',
    actorRole: 'admin',
    correlationId: 'bench',
    causationId: 'bench',
    recordedAt: new Date().toISOString(),
    commandHash: 'setup',
  };
  const event = (type: string, data: unknown, index: number): NewEvent => ({
    eventId: crypto.randomUUID(),
    type,
    data,
    metadata: { ...metadata, idempotencyKey: `setup-${index}` },
  });
  const events = [
    event(
      'PartnerEnrolled',
      { partnerId: 'long', name: 'Long history', kind: 'reseller', region: 'EMEA', enrolledAt: today },
      0,
    ),
  ];
  for (let index = 1; index < history; index += 1) {
    events.push(
      index % 2 === 1
        ? event('PartnerSuspended', { partnerId: 'long', reason: 'cycle', suspendedAt: today }, index)
        : event('PartnerReinstated', { partnerId: 'long', reason: 'cycle', reinstatedAt: today }, index),
    );
  }
  // The history must end active, so the measured commands alternate suspend and reinstate.
  if (events.at(-1)!.type === 'PartnerSuspended')
    events.push(event('PartnerReinstated', { partnerId: 'long', reason: 'cycle', reinstatedAt: today }, history));
  for (let start = 0; start < events.length; start += 1000)
    await store.appendToStream('partner-long', events.slice(start, start + 1000), { expectedVersion: start });
  await store.close();
}

async function post(port: number, path: string, body: unknown): Promise<number> {
  const startedAt = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  const elapsed = performance.now() - startedAt;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return elapsed;
}

const median = (values: number[]) => summarize(values).median;
const ratios: number[] = [];
const longs: number[] = [];
const freshes: number[] = [];
for (let run = 1; run <= runs; run += 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-stream-bench-'));
  await prepare(dataDir);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    LEDGER_ROLES: 'api',
    ...benchRateLimit,
  };
  const child = spawn(process.execPath, [join(root, 'dist/apps/ledger/src/main.js')], { stdio: 'ignore', env });
  try {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const long: number[] = [];
    const fresh: number[] = [];
    // Interleaved one by one, so both see the same machine. The first command on the long stream (a
    // cold read of its whole history, once per process) is counted like any other.
    for (let index = 0; index < commands; index += 1) {
      long.push(
        await post(port, `/partners/long/${index % 2 === 0 ? 'suspend' : 'reinstate'}`, { reason: `cycle ${index}` }),
      );
      const partnerId = `fresh-${run}-${index}`;
      await post(port, '/partners', { partnerId, name: partnerId, kind: 'referral', region: 'NA' });
      fresh.push(await post(port, `/partners/${partnerId}/suspend`, { reason: 'first command on a one-event stream' }));
    }
    longs.push(median(long));
    freshes.push(median(fresh));
    ratios.push(median(long) / median(fresh));
    process.stderr.write(
      `run ${run}: long ${median(long).toFixed(2)} ms, fresh ${median(fresh).toFixed(2)} ms, ` +
        `ratio ${(median(long) / median(fresh)).toFixed(2)}\n`,
    );
  } finally {
    await stopService(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `\nCommand latency on a stream with ${history} prior events vs a fresh stream, ` +
    `${commands} commands each, ${runs} runs, ${machineLine()}\n`,
);
console.log('| stream | median latency ms, median of runs [min–max] | ratio long / fresh |');
console.log('|---|---|---|');
console.log(
  `| ${history} prior events | ${formatSummary(summarize(longs), 2)} | ${formatSummary(summarize(ratios), 2)} |`,
);
console.log(`| baseline: 1 prior event | ${formatSummary(summarize(freshes), 2)} | 1.00 |`);
