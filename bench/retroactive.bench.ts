import { JwtService } from '@nestjs/jwt';
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRateLimit, machineLine, percentile } from './support/measure.js';
import { benchDataDir } from './support/seeded-log.js';
import { BenchService, commissionLinesAfter, freePort, loopDelayMaxMs, request } from './support/service.js';

/**
 * A rule set reaching back to the first quarter, published to the running compiled service over a
 * seeded log (200,000 events by default, seeded once into .bench-data/ and copied for each run): the
 * latency of GET /health/live and GET /partners/:id and the event loop's max delay (prom-client's
 * monitorEventLoopDelay, on /metrics) while the recomputation runs, against the same with nothing
 * running, in the same run; and the time until `?after=` answers with the recomputed lines.
 * `--effective-from <date>` publishes it from that date instead (a correction of the last quarter, say,
 * which recomputes from the newest snapshot before it rather than from position 0). `--late-close` measures a
 * quarter's close instead, after a deal the partner won today: a late close, which recomputes the commissions
 * from the newest snapshot before the quarter's end (what ops sees at every quarter end).
 * Usage: npm run bench:retroactive [-- --events 200000] [--effective-from 2026-04-01 | --late-close]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const eventsWanted = option('events', 200_000);
const effectiveFrom = argv.includes('--effective-from') ? argv[argv.indexOf('--effective-from') + 1] : undefined;
const lateClose = argv.includes('--late-close');
const root = join(import.meta.dirname, '..', '..');
const seedDir = join(benchDataDir, `seed-${eventsWanted}`);
const cli = join(root, 'dist/apps/ledger/src/cli.js');
const main = join(root, 'dist/apps/ledger/src/main.js');
const secret = 'bench-secret-that-is-at-least-32-characters';
/** How many of the partner's lines after the rule set are read back, to count those it recomputed. */
const linesAsked = 100;
const jwt = new JwtService({ secret });
const headers = (role: string) => ({
  Authorization: `Bearer ${jwt.sign({ sub: `${role}-bench`, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});
/**
 * For the bench's own requests (not measured): a connection of their own. A stall of the service's event
 * loop longer than its keep-alive timeout (HTTP_IDLE_TIMEOUT_MS + 1 s) resets the kept-alive connections
 * whose next request came meanwhile, as the snapshot decode at start and after the swap does at 1M events.
 */
const control = (role: string) => ({ ...headers(role), Connection: 'close' });
const envFor = (dataDir: string) => ({
  ...process.env,
  LEDGER_DATA_DIR: dataDir,
  LEDGER_JWT_SECRET: secret,
  LOG_LEVEL: 'warn',
  // The pollers and the ?after= loop send well over the default limit a minute: a 429 would end the run.
  ...benchRateLimit,
});

if (!existsSync(join(seedDir, 'events.sqlite'))) {
  mkdirSync(seedDir, { recursive: true });
  process.stderr.write(`seeding ${eventsWanted} events into ${seedDir} (once)\n`);
  const seeded = spawnSync(process.execPath, [cli, 'seed', '--events', String(eventsWanted)], {
    env: envFor(seedDir),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A seed that refused a few planned commands (off plan, exit 1) still leaves a usable log.
  if (!existsSync(join(seedDir, 'events.sqlite'))) throw new Error(`seeding failed (exit ${seeded.status})`);
}
// The run works on a copy: the publication must not change the seed that later runs reuse.
const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-retroactive-'));
for (const file of ['events.sqlite', 'read-models.sqlite']) copyFileSync(join(seedDir, file), join(dataDir, file));
// The engine's snapshots too, as a running service has them: a recomputation may start from one.
if (existsSync(join(seedDir, 'snapshots')))
  cpSync(join(seedDir, 'snapshots'), join(dataDir, 'snapshots'), { recursive: true });
const env = envFor(dataDir);
// Brings the copied read models to the head (and to the current projection versions) before the service starts.
const caughtUp = spawnSync(process.execPath, [cli, 'verify'], { env, encoding: 'utf8' });
if (caughtUp.status !== 0) process.stderr.write(`verify before the run: exit ${caughtUp.status}\n${caughtUp.stderr}`);

const published = JSON.parse(execFileSync(process.execPath, [cli, 'rule-sets'], { env, encoding: 'utf8' })) as Array<{
  version: string;
  effectiveFrom: string;
  currency: string;
  commission: { rates: Record<string, string> };
}>;
// The flat document `rule-sets` prints is what POST /rule-sets takes (its read-only keys are ignored): the
// first rule set again from its own date, or the newest from the date asked for.
const rules = structuredClone(effectiveFrom ? published.at(-1)! : published[0]!);
rules.version = 'bench-retroactive';
if (effectiveFrom) rules.effectiveFrom = effectiveFrom;
for (const [tier, rate] of Object.entries(rules.commission.rates))
  rules.commission.rates[tier] = (Number(rate) + 0.01).toFixed(4);

const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
const partnerId = readModels
  .prepare<[], { partner_id: string }>(
    'SELECT partner_id FROM commission_lines GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1',
  )
  .get()!.partner_id;
readModels.close();

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const service = new BenchService(main, { ...env, HOST: '127.0.0.1', PORT: String(port) });
let peakRssMiB: number | undefined;
try {
  for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 100))) {
    ready = await request(`${baseUrl}/health`, { headers: { Connection: 'close' } }).then(
      async (response) => (await response.arrayBuffer()) && response.ok,
      () => false,
    );
  }
  // The service listens before it has restored the commission engine's memory (a snapshot decoded on its
  // event loop, seconds at 1M events): the baseline starts once an event appended now has been applied.
  const enrolled = await request(`${baseUrl}/partners`, {
    method: 'POST',
    headers: control('partner_manager'),
    body: JSON.stringify({
      partnerId: `retroactive-bench-${Date.now()}`,
      name: 'Bench',
      kind: 'reseller',
      region: 'EMEA',
    }),
  });
  const { position: enrolledAt } = (await enrolled.json()) as { position: string };
  await commissionLinesAfter(baseUrl, partnerId, enrolledAt, control('finance'));
  const baseline = await measureWhile(async () => new Promise((resolve) => setTimeout(resolve, 5000)));
  const change = lateClose ? await lateCloseChange() : ruleSetChange();
  let afterSeconds = 0;
  let doneSeconds: number | undefined;
  let outcome = '';
  const during = await measureWhile(async () => {
    const since = new Date().toISOString();
    const started = performance.now();
    const position = await change.append();
    await commissionLinesAfter(baseUrl, partnerId, position, control('finance'));
    afterSeconds = (performance.now() - started) / 1000;
    outcome = await change.outcome(position);
    // `?after=` answers once the swap commits; the live projection then loads the built memory on the API's
    // thread, still part of the recomputation: the polls go on until it reports done.
    if (await recomputationDone(since)) doneSeconds = (performance.now() - started) / 1000;
  });
  const reach = effectiveFrom ? `from ${effectiveFrom}` : "from the first rule set's date";
  const heading = lateClose ? 'A late close' : `Retroactive rule set ${reach}`;
  console.log(`\n${heading} over ${eventsWanted} seeded events, ${machineLine()}\n`);
  console.log(
    '| phase | /health/live p50 / p99 / max ms | /partners/:id p50 / p99 / max ms | event loop max delay ms | ' +
      'requests failed (live / partner) |',
  );
  console.log('|---|---|---|---|---|');
  for (const [name, figures] of [
    ['baseline (nothing running)', baseline],
    ['during the recomputation', during],
  ] as const) {
    const failed = `${figures.live.failed} / ${figures.partner.failed}`;
    console.log(
      `| ${name} | ${figures.live.text} | ${figures.partner.text} | ${figures.loopMaxMs.toFixed(0)} | ${failed} |`,
    );
    for (const error of [...figures.live.errors, ...figures.partner.errors]) console.log(`  ${name}: ${error}`);
    if (figures.live.failed + figures.partner.failed > 0) process.exitCode = 1;
  }
  console.log(`\n?after=<position of the ${change.name}> answered after ${afterSeconds.toFixed(1)} s`);
  const done = doneSeconds === undefined ? 'no recomputation ran' : `done after ${doneSeconds.toFixed(1)} s`;
  console.log(`the recomputation: ${done}`);
  console.log(outcome);
  peakRssMiB = service.peakRssMiB();
  // What the service keeps once the recomputation's workers are gone (their threads' malloc arenas included).
  const settledRssMiB = service.rssMiB();
  console.log(`service RSS once the recomputation is done: ${settledRssMiB?.toFixed(0) ?? 'unknown'} MiB`);
} catch (error) {
  await service.reportFailure();
  throw error;
} finally {
  await service.stop();
}
console.log(`service peak RSS (VmHWM, all threads): ${peakRssMiB?.toFixed(0) ?? 'unknown'} MiB`);
const verifyStarted = performance.now();
const verified = spawnSync(process.execPath, [cli, 'verify'], { env, encoding: 'utf8' });
const verifySeconds = ((performance.now() - verifyStarted) / 1000).toFixed(0);
console.log(`ledger verify afterwards: exit ${verified.status} in ${verifySeconds} s`);
if (verified.status !== 0) process.stderr.write(verified.stdout + verified.stderr);
rmSync(dataDir, { recursive: true, force: true });
if (verified.status !== 0) process.exitCode = 1;

/** Polls both routes every 20 ms while `work` runs; the event loop's max delay is read from /metrics. */
async function measureWhile(work: () => Promise<void>) {
  await loopMaxMs();
  let running = true;
  const poll = async (path: string, role?: string) => {
    const latencies: number[] = [];
    // A request that fails (a connection reset) is counted and named, and the polling goes on: a failure to
    // answer is a result of the run, printed beside the latencies (and the run exits 1).
    const errors: string[] = [];
    let failed = 0;
    while (running) {
      const started = performance.now();
      try {
        // Read to the end, as a client does: an unread body holds its connection until the GC cancels it.
        await (await request(`${baseUrl}${path}`, role ? { headers: headers(role) } : {})).arrayBuffer();
        latencies.push(performance.now() - started);
      } catch (error) {
        failed += 1;
        if (errors.length < 5) errors.push(`${messageOf(error)} after ${(performance.now() - started).toFixed(0)} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { text: percentiles(latencies), failed, errors };
  };
  const polls = [poll('/health/live'), poll(`/partners/${partnerId}`, 'partner_manager')];
  await work();
  running = false;
  const [live, partner] = await Promise.all(polls);
  return { live: live!, partner: partner!, loopMaxMs: await loopMaxMs() };
}

/**
 * Waits until GET /admin/projections reports the recomputation that started since `since` done (after `?after=`
 * answered: the swap is in); false when none started within a second of that answer.
 */
async function recomputationDone(since: string): Promise<boolean> {
  const waitedMax = performance.now() + 1000;
  for (;;) {
    const view = (await (await request(`${baseUrl}/admin/projections`, { headers: control('ops') })).json()) as {
      rebuild: { state: string; startedAt: string; error?: unknown } | null;
    };
    const rebuild = view.rebuild && view.rebuild.startedAt >= since ? view.rebuild : null;
    if (rebuild?.state === 'done') return true;
    if (rebuild?.state === 'failed') throw new Error(`The recomputation failed: ${JSON.stringify(rebuild)}`);
    if (!rebuild && performance.now() > waitedMax) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the run appends while it measures, and what the partner's lines after it say. */
interface Change {
  readonly name: string;
  /** Appends the change; answers its position. */
  readonly append: () => Promise<string>;
  readonly outcome: (position: string) => Promise<string>;
}

/** A rule set raising every rate by 0.01, from the first rule set's date or `--effective-from`. */
function ruleSetChange(): Change {
  return {
    name: 'rule set',
    append: async () => (await post('/rule-sets', 'ops', { ...rules, rationale: 'bench' })).position,
    outcome: async (position) => {
      const lines = await linesAfter(position);
      const recomputed = lines.filter((line) => line.ruleSet.version === rules.version).length;
      return `${recomputed} of the partner's first ${linesAsked} lines after it carry the rule set ${rules.version}`;
    },
  };
}

/**
 * The close of the first open quarter after a partner whose tier it changes won a deal today (the close's dry run
 * names it): the projection has applied a line dated after the quarter's end at the tier before the close, so the
 * close comes late and the commissions are recomputed.
 */
async function lateCloseChange(): Promise<Change> {
  const { nextToClose: period } = (await (
    await request(`${baseUrl}/periods`, { headers: control('finance') })
  ).json()) as {
    nextToClose: string;
  };
  const preview = (await post(`/periods/${period}/close?dryRun=true`, 'finance', {})) as unknown as {
    partners: { partnerId: string; previousTier: string; tier: string }[];
  };
  const moved = preview.partners.find((evaluation) => evaluation.tier !== evaluation.previousTier);
  if (!moved) throw new Error(`The close of ${period} changes no partner's tier: it would recompute nothing`);
  const dealId = `late-close-bench-${Date.now()}`;
  const customer = { name: 'Late Close Bench', domain: 'late-close-bench.example' };
  const partners = [{ partnerId: moved.partnerId, role: 'sourcing', share: '1' }];
  await post('/deals', 'partner_manager', { dealId, customer, partners, currency: published.at(-1)!.currency });
  const lines = [{ sku: 'PLAT-12M', family: 'platform', amount: '120000.00' }];
  const today = new Date().toISOString().slice(0, 10);
  const won = await post(`/deals/${dealId}/win`, 'partner_manager', { lines, billing: 'one_time', wonAt: today });
  await commissionLinesAfter(baseUrl, partnerId, won.position, control('finance'));
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  return {
    name: `close of ${period}`,
    append: async () => (await post(`/periods/${period}/close`, 'finance', {})).position,
    outcome: async (position) => {
      const deal = (await linesAfter(position, moved.partnerId, quarter)).filter((line) => line.dealId === dealId);
      const figures = deal.map((line) => `${line.amount} at ${line.tier.name}`).join(', ') || 'no line';
      const change = `${moved.partnerId} from ${moved.previousTier} to ${moved.tier}`;
      return `the close moved ${change}; its deal won today is now paid ${figures}`;
    },
  };
}

async function post(path: string, role: string, body: object): Promise<{ position: string }> {
  const init = { method: 'POST', headers: control(role), body: JSON.stringify(body) };
  const response = await request(`${baseUrl}${path}`, init);
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { position: string };
}

interface LineRead {
  readonly dealId: string;
  readonly amount: string;
  readonly ruleSet: { readonly version: string };
  readonly tier: { readonly name: string };
}

/** A partner's first lines (of `period`, if given), read once the read models have applied `position`. */
async function linesAfter(position: string, partner = partnerId, period?: string): Promise<LineRead[]> {
  const only = period ? `&period=${period}` : '';
  const path = `/partners/${partner}/commission-lines?after=${position}&limit=${linesAsked}${only}`;
  const page = await request(`${baseUrl}${path}`, { headers: control('finance') });
  return ((await page.json()) as { lines: LineRead[] }).lines;
}

/** The event loop's longest delay since the previous scrape, read as ops. */
function loopMaxMs(): Promise<number> {
  return loopDelayMaxMs(baseUrl, control('ops'));
}

function percentiles(latencies: number[]): string {
  const at = (fraction: number) => percentile(latencies, fraction);
  return `${at(0.5).toFixed(1)} / ${at(0.99).toFixed(1)} / ${at(1).toFixed(1)}`;
}

/** An error and its causes in one line (fetch's own message says only `fetch failed`). */
function messageOf(error: unknown): string {
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages.join(': ');
}
