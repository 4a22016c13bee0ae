import { openScratchDatabase, SqliteEventStore } from '#event-store';
import { Projector, projections, simulateRuleSet } from '#read-models';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One measurement in a fresh process, so its peak RSS is its own: `read` reads and parses the whole
 * log (the baseline), `rebuild` builds every projection from position 0 into a scratch database,
 * `simulate` replays the log with a candidate rule set. Prints one JSON line.
 */
const [mode, dataDir, candidateFile] = process.argv.slice(2) as [string, string, string | undefined];
const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
const head = await store.headPosition();
const startedAt = performance.now();
let events = 0;
if (mode === 'read') {
  for (let after = 0n; after < head;) {
    const batch = await store.readAll({ after, limit: 5000 });
    if (batch.length === 0) break;
    events += batch.length;
    after = batch.at(-1)!.position;
  }
} else if (mode === 'rebuild') {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-rebuild-bench-'));
  // As Projector.rebuild builds: into a scratch file, later copied into the live one.
  const db = openScratchDatabase(join(folder, 'read-models.sqlite'));
  const projector = new Projector({ store, db, projections, batchSize: 5000 });
  await projector.runUntilCaughtUp();
  events = Number(projector.position);
  db.close();
  rmSync(folder, { recursive: true, force: true });
} else if (mode === 'simulate') {
  const candidate = JSON.parse(readFileSync(candidateFile!, 'utf8')) as unknown;
  const report = await simulateRuleSet({ store, candidate, batchSize: 5000 });
  events = report.eventsReplayed;
} else {
  throw new Error('usage: replay-worker.js read|rebuild|simulate <dataDir> [candidate.json]');
}
const seconds = (performance.now() - startedAt) / 1000;
const status = readFileSync('/proc/self/status', 'utf8');
const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? '0') / 1024;
await store.close();
process.stdout.write(`${JSON.stringify({ mode, events, seconds, peakRssMb })}\n`);
