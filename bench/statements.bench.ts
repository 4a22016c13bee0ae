import { JwtService } from '@nestjs/jwt';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { nextPeriod } from '#domain';
import { benchRoot, seededLog } from './support/seeded-log.js';
import { healthWhile, request, tableOnSeedCopy } from './support/service.js';

/**
 * Quarter end on a copy of a seeded log (200,000 events by default) with the compiled service running: finance closes
 * the next quarter, then issues and approves the statement of the partner with the most commission lines and of a
 * typical one (the median of the partners with a line in the quarter), while GET /health/live is polled every 20 ms.
 * For each: the statement's lines and bytes, how long issuing and approving took, the slowest /health/live answer,
 * and the service's event loop's longest delay (from /metrics) during each. `--service <root>` runs the service of
 * another build (its dist/), for a comparison in the same run.
 * Usage: npm run bench:statements [-- --events 200000 --service <root>]
 */
const argv = process.argv.slice(2);
const textOption = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const eventsWanted = Number(textOption('events') ?? 200_000);
const serviceRoot = textOption('service') ?? benchRoot;
const jwt = new JwtService({ secret: 'bench-secret-that-is-at-least-32-characters' });
/** Two finance users: the issuer may not approve its own statement. */
const as = (role: string, sub: string) => ({
  Authorization: `Bearer ${jwt.sign({ sub, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});

/** The quarter to close (the one after the newest statement's) and the partners by commission lines, from a copy. */
function planOf(dataDir: string): { period: string; partners: { label: string; partnerId: string }[] } {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const newest = db.prepare<[], { period: string | null }>('SELECT max(period) AS period FROM statements').get();
    if (!newest?.period) throw new Error('The seeded log has no statement: seed more events');
    const period = nextPeriod(newest.period);
    const byLines = (where: string, ...values: string[]) =>
      db
        .prepare<string[], { partnerId: string }>(
          `SELECT partner_id AS partnerId FROM commission_lines ${where} GROUP BY partner_id ` +
            'ORDER BY count(*) DESC, partner_id',
        )
        .all(...values)
        .map((row) => row.partnerId);
    const largest = byLines('')[0]!;
    // Among the partners with a line in the quarter: one with the median count of them.
    const inPeriod = byLines('WHERE period = ?', period);
    const typical = inPeriod[Math.floor(inPeriod.length / 2)]!;
    return {
      period,
      partners: [
        { label: 'the most commission lines', partnerId: largest },
        { label: 'the median partner of the quarter', partnerId: typical },
      ],
    };
  } finally {
    db.close();
  }
}

/** Runs `work` while polling /health/live every 20 ms: its seconds, the slowest answer, the loop's longest delay. */
async function measured(baseUrl: string, work: () => Promise<void>): Promise<number[]> {
  const { seconds, healthMs, loopDelayMs } = await healthWhile(baseUrl, as('ops', 'ops-bench'), work);
  return [seconds, healthMs.at(-1) ?? 0, loopDelayMs];
}

/** A command that must succeed; its answer's body is read to the end. */
async function command(url: string, headers: Record<string, string>, body: object): Promise<{ position: string }> {
  const answer = await request(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await answer.text();
  if (answer.status >= 300) throw new Error(`POST ${url}: ${answer.status} ${text}`);
  return JSON.parse(text) as { position: string };
}

/** Closes the quarter, then waits until the read models have applied the close (`?after=`). */
async function closed(baseUrl: string, period: string): Promise<void> {
  const { position } = await command(`${baseUrl}/periods/${period}/close`, as('finance', 'fiona'), {});
  for (;;) {
    const answer = await request(`${baseUrl}/statements?limit=1&after=${position}`, {
      headers: as('finance', 'fiona'),
    });
    await answer.arrayBuffer();
    if (answer.status === 200) return;
    if (answer.status !== 503) throw new Error(`?after= answered ${answer.status}`);
  }
}

/** Issues and approves one partner's statement: its row of the table. */
async function quarterEnd(baseUrl: string, period: string, partner: { label: string; partnerId: string }) {
  const { partnerId } = partner;
  const statementId = `${partnerId}-${period}`;
  const issued = await measured(baseUrl, async () => {
    await command(`${baseUrl}/statements`, as('finance', 'fiona'), { partnerId, period });
  });
  const approved = await measured(baseUrl, async () => {
    await command(`${baseUrl}/statements/${statementId}/approve`, as('finance', 'frank'), {});
  });
  const body = await (
    await request(`${baseUrl}/statements/${statementId}`, { headers: as('finance', 'fiona') })
  ).text();
  const lines = (JSON.parse(body) as { lines: unknown[] }).lines.length;
  const [issueSeconds, issueHealthMs, issueLoopMs] = issued;
  const [approveSeconds, approveHealthMs, approveLoopMs] = approved;
  const figures = [
    `${partnerId}, ${partner.label}`,
    lines,
    (Buffer.byteLength(body) / 1e6).toFixed(1),
    issueSeconds!.toFixed(2),
    issueHealthMs!.toFixed(0),
    issueLoopMs!.toFixed(0),
    approveSeconds!.toFixed(2),
    approveHealthMs!.toFixed(0),
    approveLoopMs!.toFixed(0),
  ];
  return `| ${figures.join(' | ')} |`;
}

const seed = seededLog(eventsWanted);
await tableOnSeedCopy({
  seed,
  prefix: 'ledger-statements-bench-',
  serviceRoot,
  factsOf: planOf,
  title: (plan) => `Statements of ${plan.period} on a copy of ${seed.dataDir}, the service of ${serviceRoot}`,
  columns:
    '| partner | lines | MB | issue s | /health/live max ms | event loop max delay ms | approve s | ' +
    '/health/live max ms | event loop max delay ms |\n|---|---|---|---|---|---|---|---|---|',
  work: async (baseUrl, plan, rows) => {
    await closed(baseUrl, plan.period);
    for (const partner of plan.partners) rows.push(await quarterEnd(baseUrl, plan.period, partner));
  },
});
