import { JwtService } from '@nestjs/jwt';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { percentile } from './support/measure.js';
import { benchRoot, seededLog } from './support/seeded-log.js';
import { healthWhile, request, tableOnSeedCopy } from './support/service.js';

/**
 * The API's responsiveness after a start on a copy of a seeded log (200,000 events by default), with the compiled
 * service: while GET /health/live is polled every 20 ms, first the service's first seconds once ready (the protocol
 * reconciler and the other work of a start), then a deal won by the active partner with the most MDF accruals (its
 * fund is folded for the first time when the MDF reactor accrues on it). For each: how long, /health/live p99 and
 * slowest, and the service's event loop's longest delay (from /metrics). `--service <root>` runs the service of
 * another build (its dist/), for a comparison in the same run.
 * Usage: npm run bench:after-start [-- --events 200000 --seconds 20 --service <root>]
 */
const argv = process.argv.slice(2);
const textOption = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const eventsWanted = Number(textOption('events') ?? 200_000);
const secondsIdle = Number(textOption('seconds') ?? 20);
const serviceRoot = textOption('service') ?? benchRoot;
/** How long the reactor is given to accrue on the fund after the win. */
const secondsAfterWin = 5;
const jwt = new JwtService({ secret: 'bench-secret-that-is-at-least-32-characters' });
const as = (role: string, sub: string) => ({
  Authorization: `Bearer ${jwt.sign({ sub, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});

/** The active partner with the most MDF accruals (the longest fund), from a copy. */
function partnerOf(dataDir: string): { partnerId: string; accruals: number } {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare<[], { partnerId: string; accruals: number }>(
        'SELECT p.partner_id AS partnerId, count(a.accrual_id) AS accruals FROM partners p ' +
          'LEFT JOIN commission_mdf_accruals a ON a.partner_id = p.partner_id ' +
          "WHERE p.status = 'active' GROUP BY p.partner_id ORDER BY accruals DESC, p.partner_id LIMIT 1",
      )
      .get();
    if (!row) throw new Error('The seeded log has no active partner: seed more events');
    return row;
  } finally {
    db.close();
  }
}

/** A command that must succeed. */
async function command(url: string, body: object): Promise<void> {
  const answer = await request(url, {
    method: 'POST',
    headers: as('partner_manager', 'maria'),
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  if (answer.status >= 300) throw new Error(`POST ${url}: ${answer.status} ${text}`);
}

/** `work` timed while /health/live is polled every 20 ms: seconds, /health/live p99 and max, longest loop delay. */
async function measured(baseUrl: string, work: () => Promise<void>): Promise<number[]> {
  const { seconds, healthMs, loopDelayMs } = await healthWhile(baseUrl, as('ops', 'ops-bench'), work);
  return [seconds, percentile(healthMs, 0.99), percentile(healthMs, 1), loopDelayMs];
}

/** Opens and wins a deal for the partner today, then gives the MDF reactor time to accrue on its fund. */
async function firstWin(baseUrl: string, partnerId: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const dealId = 'bench-after-start-d1';
  await command(`${baseUrl}/deals`, {
    dealId,
    customer: { name: 'After Start Co', domain: 'after-start-bench.example.com' },
    partners: [{ partnerId, role: 'sourcing', share: '1' }],
    currency: 'USD',
    openedAt: today,
  });
  await command(`${baseUrl}/deals/${dealId}/win`, {
    lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '100000.00' }],
    billing: 'one_time',
    wonAt: today,
  });
  await new Promise((resolve) => setTimeout(resolve, secondsAfterWin * 1000));
}

const row = (label: string, figures: number[]) => {
  const [seconds, p99, max, loop] = figures;
  return `| ${label} | ${seconds!.toFixed(1)} | ${p99!.toFixed(1)} | ${max!.toFixed(1)} | ${loop!.toFixed(1)} |`;
};

const seed = seededLog(eventsWanted);
await tableOnSeedCopy({
  seed,
  prefix: 'ledger-after-start-bench-',
  serviceRoot,
  factsOf: partnerOf,
  title: () => `After a start on a copy of ${seed.dataDir}, the service of ${serviceRoot}`,
  columns:
    '| phase | seconds | /health/live p99 ms | /health/live max ms | event loop max delay ms |\n|---|---|---|---|---|',
  work: async (baseUrl, partner, rows) => {
    const idle = () => new Promise<void>((resolve) => setTimeout(resolve, secondsIdle * 1000));
    rows.push(row(`the first ${secondsIdle} s once ready`, await measured(baseUrl, idle)));
    const won = await measured(baseUrl, () => firstWin(baseUrl, partner.partnerId));
    rows.push(
      row(`a deal won by ${partner.partnerId} (${partner.accruals} MDF accruals), then ${secondsAfterWin} s`, won),
    );
  },
});
