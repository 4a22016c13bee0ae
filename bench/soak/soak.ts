import { JwtService } from '@nestjs/jwt';
import { addDays, programStream } from '#domain';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedRuleSet, type SeedRuleSetName } from '../../apps/ledger/src/cli/seed/seed-rule-sets.js';
import { logProblems, mdfAccrualProblems, readWholeLog } from '../support/ledger-log.js';
import { freePort } from '../support/service.js';
import { samplesCsv, samplesSvg, type SoakSample } from './soak-chart.js';
import { runLoad, sendUntilAnswered, type LoadTally } from './soak-load.js';
import { projectionLag, repoRoot, residentMiB, sleep, SoakService } from './soak-service.js';

/**
 * `npm run test:soak -- --minutes 30`: the seed's plans sent over HTTP at a steady rate to the compiled
 * service, killed with SIGKILL and restarted every --kill-every seconds, a retroactive rule set and a
 * rebuild half-way; then `ledger verify`, every acknowledged command checked in the log exactly once, and every
 * MDF accrual of the commission read model checked in its fund once, with its amount.
 * Writes the samples (RSS, projection lag) as CSV and SVG, and the result as JSON, under --out.
 */
const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '25' },
    'kill-every': { type: 'string', default: '60' },
    'sample-every': { type: 'string', default: '2' },
    out: { type: 'string', default: join(repoRoot, 'docs/soak') },
  },
});
const secret = 'soak-secret-that-is-at-least-32-characters';
const opsToken = new JwtService({ secret }).sign({ sub: 'soak-ops', role: 'ops' }, { expiresIn: '12h' });

/** The two quarters before the current one: every planned date is in the past, and no quarter is closed. */
function timelineStart(now: Date): string {
  const quarterMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(now.getUTCFullYear(), quarterMonth - 6, 1)).toISOString().slice(0, 10);
}

async function publishRules(baseUrl: string, name: SeedRuleSetName, effectiveFrom: string, tally: LoadTally) {
  const { document, rationale } = seedRuleSet(name, `soak-${name}`, effectiveFrom);
  // No quarter closes here, so every partner stays registered: a registered accrual rate makes each won deal
  // accrue MDF, through kills, the retroactive rule set and the rebuild (mdfAccrualProblems checks the funds).
  const mdf = { ...document.mdf, accrualRates: { ...document.mdf.accrualRates, registered: '0.005' } };
  const claims = { sub: 'soak-ops', role: 'ops' };
  const request = { path: '/rule-sets', body: { ...document, mdf, rationale }, claims, key: `soak-${name}` };
  await sendUntilAnswered(baseUrl, { ...request, stream: programStream }, opsToken, tally);
}

/** Starts a rebuild of every projection, retrying while the service restarts; answers the final status. */
async function startRebuild(baseUrl: string): Promise<number> {
  for (;;) {
    const response = await fetch(`${baseUrl}/admin/projections/rebuild`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${opsToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (response && response.status !== 503) return response.status;
    await sleep(200);
  }
}

/** Waits (at most two minutes) for the projections to reach the head once the load stopped. */
async function waitCaughtUp(baseUrl: string): Promise<number | undefined> {
  let lag: number | undefined;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
    lag = await projectionLag(baseUrl, opsToken);
    if (lag === 0) return 0;
  }
  return lag;
}

interface Soak {
  readonly service: SoakService;
  readonly tally: LoadTally;
  readonly samples: SoakSample[];
  readonly startedAt: number;
  readonly endsAt: number;
  kills: number;
  rebuildStatus?: number;
}

/** At every multiple of --kill-every seconds (but the last five): SIGKILL, then a restart on the same port. */
async function killPeriodically(soak: Soak, everyMs: number): Promise<void> {
  for (let at = soak.startedAt + everyMs; at < soak.endsAt - 5000; at += everyMs) {
    await sleep(at - Date.now());
    await soak.service.stop('SIGKILL');
    soak.kills += 1;
    await soak.service.start();
  }
}

/** Half-way: a rule set effective from 45 days into the timeline (retroactive for the deals already won). */
async function retroactiveChange(soak: Soak, from: string): Promise<void> {
  await sleep((soak.endsAt - soak.startedAt) / 2);
  await publishRules(soak.service.baseUrl, 'change', addDays(from, 45), soak.tally);
  soak.rebuildStatus = await startRebuild(soak.service.baseUrl);
}

function sampleEvery(soak: Soak, everyMs: number): NodeJS.Timeout {
  return setInterval(() => {
    const pid = soak.service.pid;
    void projectionLag(soak.service.baseUrl, opsToken).then((lag) =>
      soak.samples.push({
        seconds: (Date.now() - soak.startedAt) / 1000,
        rssMiB: pid === undefined ? undefined : residentMiB(pid),
        lag,
        acknowledged: soak.tally.acknowledged.length,
        kills: soak.kills,
      }),
    );
  }, everyMs);
}

async function soakRun(dataDir: string) {
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '100000000' };
  const service = new SoakService(env, await freePort());
  const tally: LoadTally = {
    acknowledged: [],
    refusedByCode: new Map(),
    refusalExamples: new Map(),
    unexpectedByCode: new Map(),
    serverErrors: [],
    unavailable: 0,
    connectionRetries: 0,
  };
  const startedAt = Date.now();
  const soak: Soak = {
    service,
    tally,
    samples: [],
    startedAt,
    endsAt: startedAt + Number(flags.minutes) * 60_000,
    kills: 0,
  };
  const from = timelineStart(new Date());
  await service.start();
  await publishRules(service.baseUrl, 'launch', from, tally);
  const sampler = sampleEvery(soak, Number(flags['sample-every']) * 1000);
  const loadOptions = { baseUrl: service.baseUrl, secret, rate: Number(flags.rate), concurrency: 8, from };
  await Promise.all([
    runLoad({ ...loadOptions, until: () => Date.now() >= soak.endsAt }, tally),
    killPeriodically(soak, Number(flags['kill-every']) * 1000),
    retroactiveChange(soak, from),
  ]);
  const lagAtEnd = await waitCaughtUp(service.baseUrl);
  clearInterval(sampler);
  await service.stop('SIGTERM');
  return verdictOf(soak, dataDir, env, lagAtEnd);
}

async function verdictOf(soak: Soak, dataDir: string, env: Record<string, string>, lagAtEnd: number | undefined) {
  const verify = spawnSync(process.execPath, [join(repoRoot, 'dist/apps/ledger/src/cli.js'), 'verify'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const log = await readWholeLog(dataDir);
  const problems = logProblems(log, soak.tally.acknowledged);
  const mdfAccruals = mdfAccrualProblems(log, join(dataDir, 'read-models.sqlite'));
  const values = (pick: (sample: SoakSample) => number | undefined) =>
    soak.samples.map(pick).filter((value) => value !== undefined);
  return {
    minutes: Number(flags.minutes),
    rate: Number(flags.rate),
    kills: soak.kills,
    acknowledged: soak.tally.acknowledged.length,
    refusedByCode: Object.fromEntries(soak.tally.refusedByCode),
    unexpectedRefusals: Object.fromEntries(soak.tally.unexpectedByCode ?? []),
    refusalExamples: Object.fromEntries(soak.tally.refusalExamples ?? []),
    serverErrors: soak.tally.serverErrors,
    unavailableRetried: soak.tally.unavailable,
    connectionRetries: soak.tally.connectionRetries,
    rebuildStatus: soak.rebuildStatus,
    maxRssMiB: Math.round(Math.max(...values((sample) => sample.rssMiB))),
    maxLag: Math.max(...values((sample) => sample.lag)),
    lagAtEnd,
    verifyExit: verify.status,
    verifyOutput: `${verify.stdout}${verify.stderr}`.trim().split('\n').slice(-3),
    logProblems: problems.slice(0, 20),
    mdfAccrualsCompared: mdfAccruals.compared,
    mdfProblems: mdfAccruals.problems.slice(0, 20),
    samples: soak.samples,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
try {
  const { samples, ...result } = await soakRun(dataDir);
  const ok =
    result.verifyExit === 0 &&
    result.serverErrors.length === 0 &&
    result.logProblems.length === 0 &&
    result.mdfProblems.length === 0;
  mkdirSync(flags.out, { recursive: true });
  writeFileSync(join(flags.out, 'soak-samples.csv'), samplesCsv(samples));
  writeFileSync(join(flags.out, 'soak.svg'), samplesSvg(samples));
  writeFileSync(join(flags.out, 'soak-result.json'), JSON.stringify({ ok, ...result }, null, 2) + '\n');
  console.log(JSON.stringify({ ok, ...result }, null, 2));
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
