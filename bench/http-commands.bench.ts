import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '#event-store';
import { benchRateLimit, formatSummary, machineLine, percentile, summarize, threadTicks } from './support/measure.js';
import { freePort, stopService } from './support/service.js';

/**
 * Durable commands over HTTP on the SQLite store (WAL, synchronous=FULL, group commit), 50
 * connections: `POST /partners` and the heavy common command `POST /deals/:id/win`, against two
 * baselines measured in the same run (raw node:http, and a no-op Nest + Fastify + ValidationPipe
 * endpoint). While the ledger is under load, a probe measures projection lag as a client sees it:
 * the time for `GET /partners/:id?after=<position>` to answer right after its command was answered.
 * One read: `GET /commission-lines/:id` on a seeded ledger (`seed --events 3000`), whose explanation is
 * rendered when the line is read (explainLine), against a no-op Nest GET endpoint in the same run.
 * Beside each rate, the serving process's CPU per acknowledged request (its main thread, and its worker threads:
 * the store's writer, the projector), which a busy machine moves less than the rate.
 * Usage: npm run bench:http [-- --runs 5 --seconds 10 --connections 50 --only <part of target names>]
 * (`--only` runs the matching targets and the baselines they are read against).
 * `--compare <folder>` adds each ledger command target once more, served by the build in that folder (another
 * checkout after `npm run build`), interleaved in the same runs: a before/after on the same machine state.
 * `--projector-process` adds each ledger command target once more in the other deployment DESIGN.md allows: an
 * `api` process and a `projector` process on the same data folder, so the API's event loop projects nothing.
 */
const options = parseOptions(process.argv.slice(2));
const secret = 'bench-secret-that-is-at-least-32-characters';
const token = new JwtService({ secret }).sign({ sub: 'bench', role: 'partner_manager' }, { expiresIn: '1h' });
const authorization = `Bearer ${token}`;
const financeToken = new JwtService({ secret }).sign({ sub: 'bench-finance', role: 'finance' }, { expiresIn: '1h' });
const financeAuthorization = `Bearer ${financeToken}`;
const root = join(import.meta.dirname, '..', '..');
const node = process.execPath;

interface BenchOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
  readonly only: string;
  readonly compare: string | undefined;
  readonly projectorProcess: boolean;
}

function parseOptions(argv: string[]): BenchOptions {
  const text = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const value = (name: string, fallback: number) => Number(text(name) ?? fallback);
  const [runs, seconds, connections] = [value('runs', 5), value('seconds', 10), value('connections', 50)];
  const projectorProcess = argv.includes('--projector-process');
  return { runs, seconds, connections, only: text('only') ?? '', compare: text('compare'), projectorProcess };
}

async function waitForPort(port: number, path: string): Promise<void> {
  // Two minutes: a service starting on a busy shared machine can take more than the usual few seconds.
  for (let attempt = 0; attempt < 2400; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}${path}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Nothing answered on port ${port}`);
}

const metadata = {
  actor: 'bench',
  actorRole: 'admin',
  correlationId: 'bench',
  causationId: 'bench',
  recordedAt: new Date().toISOString(),
  commandHash: 'setup',
};
const today = new Date().toISOString().slice(0, 10);

/** Deals to win, written straight into the store before the service starts (setup is not measured). */
async function prepareDeals(dataDir: string, count: number): Promise<void> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const event = (type: string, data: unknown, key: string): NewEvent => ({
    eventId: crypto.randomUUID(),
    type,
    data,
    metadata: { ...metadata, idempotencyKey: key },
  });
  const partners = [
    { partnerId: 'bench-a', role: 'sourcing', share: '0.6' },
    { partnerId: 'bench-b', role: 'influencing', share: '0.4' },
  ];
  for (const partner of partners) {
    await store.appendToStream(
      `partner-${partner.partnerId}`,
      [
        event(
          'PartnerEnrolled',
          {
            partnerId: partner.partnerId,
            name: partner.partnerId,
            kind: 'reseller',
            region: 'EMEA',
            enrolledAt: today,
          },
          partner.partnerId,
        ),
      ],
      { expectedVersion: 0 },
    );
  }
  for (let start = 0; start < count; start += 2000) {
    const appends: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(count, start + 2000); index += 1) {
      const dealId = `bench-${index}`;
      const opened = event(
        'DealOpened',
        {
          dealId,
          customer: { name: 'Globex', domain: 'globex.com' },
          customerKey: 'globex.com',
          partners,
          currency: 'EUR',
          openedAt: today,
        },
        `open:${dealId}`,
      );
      appends.push(store.appendToStream(`deal-${dealId}`, [opened], { expectedVersion: 0 }));
    }
    await Promise.all(appends);
  }
  await store.close();
}

interface Target {
  readonly start: (port: number) => Promise<ChildProcess>;
  readonly probe: string;
  readonly request: (counter: () => number) => autocannon.Request;
  readonly lagProbe?: boolean;
  /** The target its ratio is read against (default: the no-op Nest POST /partners). */
  readonly baseline?: string;
}

const enroll =
  (label: string) =>
  (counter: () => number): autocannon.Request => ({
    method: 'POST',
    path: '/partners',
    headers: { 'content-type': 'application/json', authorization },
    setupRequest: (request) => {
      const partnerId = `${label}-${counter()}`;
      return {
        ...request,
        body: JSON.stringify({ partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' }),
      };
    },
  });

const win = (counter: () => number): autocannon.Request => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization },
  setupRequest: (request) => ({
    ...request,
    path: `/deals/bench-${counter()}/win`,
    body: JSON.stringify({
      lines: [
        { sku: 'PLAT-12M', family: 'platform', amount: '12000.00', discount: '0.10' },
        { sku: 'SVC', family: 'services', amount: '3000.00' },
      ],
      fxRate: '1.0850',
      billing: 'one_time',
      wonAt: today,
    }),
  }),
});

/** A data folder seeded once through the CLI (real deciders, projected), shared by every run of the read target. */
let seededDir: string | undefined;
function seeded(): string {
  if (seededDir) return seededDir;
  seededDir = mkdtempSync(join(tmpdir(), 'ledger-bench-seeded-'));
  const env = { ...process.env, LEDGER_DATA_DIR: seededDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
  const seed = spawnSync(node, [join(root, 'dist/apps/ledger/src/cli.js'), 'seed', '--events', '3000'], { env });
  if (seed.status !== 0) throw new Error(`The seed for the read target failed: ${seed.stderr.toString()}`);
  return seededDir;
}

/** How the ledger is deployed: one process with both roles, or an `api` process beside a `projector` process. */
type Deployment = 'one process' | 'projector process';

function ledger(
  deals: number,
  dataDirOf: () => string = () => mkdtempSync(join(tmpdir(), 'ledger-bench-')),
  buildRoot = root,
  deployment: Deployment = 'one process',
) {
  return async (port: number): Promise<ChildProcess> => {
    const dataDir = dataDirOf();
    if (deals > 0) await prepareDeals(dataDir, deals);
    const serve = (roles: string, portServed: number) =>
      spawn(node, [join(buildRoot, 'dist/apps/ledger/src/main.js')], {
        stdio: 'ignore',
        env: {
          ...process.env,
          PORT: String(portServed),
          HOST: '127.0.0.1',
          LEDGER_DATA_DIR: dataDir,
          LEDGER_JWT_SECRET: secret,
          LOG_LEVEL: 'warn',
          LEDGER_ROLES: roles,
          ...benchRateLimit,
        },
      });
    const child = serve(deployment === 'one process' ? 'api,projector' : 'api', port);
    // The projector process serves its health on a port of its own (0: any free one); it stops with the API.
    const projector = deployment === 'projector process' ? serve('projector', 0) : undefined;
    const exited = Promise.all([child, ...(projector ? [projector] : [])].map((each) => once(each, 'exit')));
    child.once('exit', () => projector?.kill('SIGTERM'));
    if (dataDir !== seededDir) void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
    return child;
  };
}

const baseline = (kind: 'raw' | 'nest') => (port: number) =>
  Promise.resolve(
    spawn(node, [join(root, 'dist/bench/support/baseline-servers.js'), kind, String(port)], { stdio: 'ignore' }),
  );
/** More deals than a run can win (the ledger has never exceeded 5,000 wins/s here). */
const winsPerRun = () => options.seconds * 6000;

/** Up to 500 commission line ids of the seeded ledger, gathered partner by partner before the load. */
async function lineIdsOf(port: number): Promise<string[]> {
  const get = async <T>(path: string) =>
    (await (
      await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: financeAuthorization } })
    ).json()) as T;
  const { partners } = await get<{ partners: { partnerId: string }[] }>('/partners?limit=100');
  const ids: string[] = [];
  for (const { partnerId } of partners) {
    const { lines } = await get<{ lines: { lineId: string }[] }>(`/partners/${partnerId}/commission-lines?limit=50`);
    ids.push(...lines.map((line) => line.lineId));
    if (ids.length >= 500) break;
  }
  if (ids.length === 0) throw new Error('The seeded ledger has no commission line to read');
  return ids;
}

let lineIds: string[] = ['none'];
const readLine = (counter: () => number): autocannon.Request => ({
  method: 'GET',
  headers: { authorization: financeAuthorization },
  setupRequest: (request) => ({
    ...request,
    path: `/commission-lines/${encodeURIComponent(lineIds[counter() % lineIds.length]!)}`,
  }),
});

/** The durable command targets, served by the build under `buildRoot`. */
function commandTargets(label: string, buildRoot: string, deployment?: Deployment): Record<string, Target> {
  return {
    [`${label} POST /partners`]: {
      start: ledger(0, undefined, buildRoot, deployment),
      probe: '/health/live',
      request: enroll('p'),
      lagProbe: true,
    },
    [`${label} POST /deals/:id/win (2 lines, split, FX)`]: {
      start: async (port) => ledger(winsPerRun(), undefined, buildRoot, deployment)(port),
      probe: '/health/live',
      request: win,
      lagProbe: true,
    },
  };
}

const targets: Record<string, Target> = {
  'baseline: raw node:http': { start: baseline('raw'), probe: '/', request: enroll('raw') },
  'baseline: no-op Nest + Fastify + ValidationPipe': { start: baseline('nest'), probe: '/', request: enroll('nest') },
  ...commandTargets('ledger', root),
  ...(options.compare ? commandTargets(`ledger (${options.compare})`, options.compare) : {}),
  ...(options.projectorProcess ? commandTargets('ledger, projector process', root, 'projector process') : {}),
  'baseline: no-op Nest GET /commission-lines/:id': {
    start: baseline('nest'),
    probe: '/',
    request: readLine,
    baseline: 'baseline: no-op Nest GET /commission-lines/:id',
  },
  'ledger GET /commission-lines/:id (explained at read time)': {
    start: async (port) => {
      const child = await ledger(0, seeded)(port);
      await waitForPort(port, '/health/live');
      lineIds = await lineIdsOf(port);
      return child;
    },
    probe: '/health/live',
    request: readLine,
    baseline: 'baseline: no-op Nest GET /commission-lines/:id',
  },
};

/** Waits until the projector has applied the setup events, so the load is measured alone. */
async function caughtUp(port: number): Promise<void> {
  for (let attempt = 0; attempt < 6000; attempt += 1) {
    // A reset connection (the service busy catching up on a loaded machine) is asked again at the next poll.
    const health = (await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.json())
      .catch(() => ({}))) as { details?: { projector?: { lag?: string } } };
    if (health.details?.projector?.lag === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The projector did not catch up with the setup events');
}

/** Enrolls a partner on its own connection, then reads it back with ?after=: the lag a client sees. */
async function probeLag(port: number, until: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; !until(); index += 1) {
    const partnerId = `probe-${process.pid}-${index}`;
    const sample = await lagOnce(port, partnerId).catch(() => undefined);
    if (sample !== undefined) samples.push(sample);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return samples;
}

/** One probe: the time its read with ?after= took, or undefined when the command was not accepted. */
async function lagOnce(port: number, partnerId: string): Promise<number | undefined> {
  const created = await fetch(`http://127.0.0.1:${port}/partners`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ partnerId, name: partnerId, kind: 'referral', region: 'NA' }),
  });
  if (created.status !== 201) return undefined;
  const { position } = (await created.json()) as { position: string };
  const startedAt = performance.now();
  const read = await fetch(`http://127.0.0.1:${port}/partners/${partnerId}?after=${position}`, {
    headers: { authorization },
  });
  return read.status === 200 ? performance.now() - startedAt : undefined;
}

interface Measured {
  readonly rate: number;
  readonly p99: number;
  readonly lagP99: number | undefined;
  /** The serving process's CPU per acknowledged request, in µs: its main thread, and its worker threads. */
  readonly mainUs: number;
  readonly workersUs: number;
}

async function measure(name: string, target: Target, run: number): Promise<Measured> {
  const port = await freePort();
  const child = await target.start(port);
  try {
    await waitForPort(port, target.probe);
    if (target.lagProbe) await caughtUp(port);
    let counter = 0;
    let done = false;
    const lag = target.lagProbe ? probeLag(port, () => done) : Promise.resolve([]);
    const ticksBefore = threadTicks(child.pid!);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: options.connections,
      duration: options.seconds,
      requests: [target.request(() => (counter += 1))],
    });
    const ticksAfter = threadTicks(child.pid!);
    done = true;
    const lagSamples = await lag;
    const errors = result.non2xx + result.errors + result.timeouts;
    if (errors > 0) throw new Error(`${name}: ${errors} requests failed or were not 2xx`);
    const perRequest = (ticks: number) => (ticks * 10_000) / result['2xx'];
    const measured = {
      rate: result['2xx'] / options.seconds,
      p99: result.latency.p99,
      lagP99: lagSamples.length > 0 ? percentile(lagSamples, 0.99) : undefined,
      mainUs: perRequest(ticksAfter.main - ticksBefore.main),
      workersUs: perRequest(ticksAfter.workers - ticksBefore.workers),
    };
    const lagShown =
      measured.lagP99 !== undefined ? `, lag p99 ${measured.lagP99.toFixed(1)} ms (${lagSamples.length} probes)` : '';
    const cpuShown = `, CPU ${measured.mainUs.toFixed(0)} + ${measured.workersUs.toFixed(0)} µs/request`;
    process.stderr.write(
      `run ${run} ${name}: ${measured.rate.toFixed(0)}/s, p99 ${measured.p99} ms${lagShown}${cpuShown}\n`,
    );
    return measured;
  } finally {
    await stopService(child);
  }
}

const nestName = 'baseline: no-op Nest + Fastify + ValidationPipe';
const chosen = Object.entries(targets).filter(([name]) => name.includes(options.only));
const measured = new Set(chosen.flatMap(([name, target]) => [name, target.baseline ?? nestName]));
const results = new Map<string, Measured[]>();
for (let run = 1; run <= options.runs; run += 1) {
  // Interleave the targets in every run so drift on this shared machine hits all of them alike.
  for (const [name, target] of Object.entries(targets).filter(([name]) => measured.has(name)))
    results.set(name, [...(results.get(name) ?? []), await measure(name, target, run)]);
}

const medianRate = (name: string) => summarize(results.get(name)!.map((result) => result.rate)).median;
console.log(
  `\nDurable commands over HTTP, ${options.connections} connections, ${options.runs} runs of ${options.seconds} s, ` +
    `${cpus().length} cores, ${machineLine()}\n`,
);
console.log(
  '| target | requests/s median [min–max] | ratio to its no-op Nest baseline | p99 latency ms median [min–max] ' +
    '| projection lag p99 ms median [min–max] | CPU µs per request, main thread + workers, median |',
);
console.log('|---|---|---|---|---|---|');
for (const [name, runs] of results) {
  const rate = summarize(runs.map((result) => result.rate));
  const lags = runs.map((result) => result.lagP99).filter((lag): lag is number => lag !== undefined);
  const ratio = (rate.median / medianRate(targets[name]?.baseline ?? nestName)).toFixed(2);
  const p99 = formatSummary(summarize(runs.map((result) => result.p99)));
  const lagCell = lags.length > 0 ? formatSummary(summarize(lags), 1) : '';
  const cpu = (pick: (result: Measured) => number) => summarize(runs.map(pick)).median.toFixed(0);
  const cpuCell = `${cpu((result) => result.mainUs)} + ${cpu((result) => result.workersUs)}`;
  console.log(`| ${name} | ${formatSummary(rate)} | ${ratio} | ${p99} | ${lagCell} | ${cpuCell} |`);
}
if (seededDir) rmSync(seededDir, { recursive: true, force: true });
