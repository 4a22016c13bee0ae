import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { benchRoot, seededLog } from './support/seeded-log.js';
import { loopDelayMaxMs, tableOnSeedCopy } from './support/service.js';

/**
 * Every GET route of the API loaded in turn, on a copy of a seeded log (200,000 events by default, seeded once into
 * .bench-data/): for the partner with the most commission lines (the largest pages, balance and pipeline) and the
 * first deal, registration, campaign and statement, the requests/s, p50, p99 and slowest answer of each, and the
 * service's peak RSS; beside each, the service's event loop's longest delay during the load (from /metrics). The
 * API's thread serves nothing else while it works on a read: that delay is the stall every other request sees.
 * The statement with the most lines is read too (13.6 MB of JSON at a million seeded events). A route that answers
 * anything but 2xx fails the run. `--only <text>` loads only the routes containing it; `--service <root>` runs the
 * service of another build (its dist/), for a comparison in the same run.
 * Usage: npm run bench:reads [-- --events 200000 --seconds 5 --connections 4 --only /statements --service <root>]
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const options = {
  events: option('events', 200_000),
  seconds: option('seconds', 5),
  connections: option('connections', 4),
};
const textOption = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const only = textOption('only');
const serviceRoot = textOption('service') ?? benchRoot;
const secret = 'bench-secret-that-is-at-least-32-characters';
const token = new JwtService({ secret }).sign({ sub: 'reads-bench', role: 'admin' }, { expiresIn: '1h' });
const authorization = `Bearer ${token}`;

/** The ids the routes read, taken from the copy's read models before the service starts (undefined: none there). */
function idsOf(dataDir: string): Record<string, string | undefined> {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const first = (sql: string, ...values: string[]) => db.prepare<string[], { id: string }>(sql).get(...values)?.id;
    const partner = first(
      'SELECT partner_id AS id FROM commission_lines GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1',
    );
    if (!partner) throw new Error('The seeded log has no commission line: seed more events');
    return {
      partner,
      line: first('SELECT line_id AS id FROM commission_lines WHERE partner_id = ? LIMIT 1', partner),
      deal: first('SELECT deal_id AS id FROM deals ORDER BY opened_at, deal_id LIMIT 1'),
      registration: first('SELECT registration_id AS id FROM registrations ORDER BY registration_id LIMIT 1'),
      statement: first('SELECT statement_id AS id FROM statements ORDER BY statement_id LIMIT 1'),
      statementLargest: first(
        'SELECT statement_id AS id FROM statement_lines GROUP BY statement_id ORDER BY count(*) DESC LIMIT 1',
      ),
      campaign: first('SELECT campaign_id AS id FROM campaigns ORDER BY campaign_id LIMIT 1'),
    };
  } finally {
    db.close();
  }
}

/** The routes, a route of one entity only when the log holds one. */
function routesOf(ids: Record<string, string | undefined>): string[] {
  const partner = `/partners/${encodeURIComponent(ids['partner']!)}`;
  const one = (collection: string, id: string | undefined) => (id ? [`/${collection}/${encodeURIComponent(id)}`] : []);
  return [
    '/partners?limit=50',
    '/partners?limit=20&q=a',
    partner,
    `${partner}/commission-lines?limit=50`,
    ...one('commission-lines', ids['line']),
    `${partner}/balance`,
    `${partner}/tier`,
    `${partner}/mdf-accruals`,
    `${partner}/mdf`,
    `${partner}/pipeline`,
    `${partner}/scorecard`,
    '/deals?limit=50',
    // A partner user's list of deals is always filtered to its own.
    `/deals?limit=50&partnerId=${encodeURIComponent(ids['partner']!)}`,
    ...one('deals', ids['deal']),
    '/registrations?limit=50',
    ...one('registrations', ids['registration']),
    '/campaigns?limit=50',
    ...one('campaigns', ids['campaign']),
    '/statements?limit=20',
    ...one('statements', ids['statement']),
    ...one('statements', ids['statementLargest']),
    '/rule-sets',
    '/events?limit=50',
  ];
}

/** One route's load: requests/s, p50, p99 and the slowest answer in ms, and the event loop's longest delay. */
async function load(baseUrl: string, path: string): Promise<string[]> {
  await loopDelayMaxMs(baseUrl, { authorization });
  const result = await autocannon({
    url: `${baseUrl}${path}`,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization },
  });
  const loopDelayMs = await loopDelayMaxMs(baseUrl, { authorization });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`GET ${path}: ${failed} of ${result.requests.total} requests failed or were not 2xx`);
  const { latency } = result;
  const figures = [latency.p50, latency.p99, latency.max, Math.round(loopDelayMs)];
  return [(result['2xx'] / options.seconds).toFixed(0), ...figures.map(String)];
}

const seed = seededLog(options.events);
await tableOnSeedCopy({
  seed,
  prefix: 'ledger-reads-bench-',
  serviceRoot,
  factsOf: idsOf,
  title: () =>
    `GET routes on a copy of ${seed.dataDir}, ${options.connections} connections, ${options.seconds} s each, ` +
    `the service of ${serviceRoot}`,
  columns: '| route | requests/s | p50 ms | p99 ms | max ms | event loop max delay ms |\n|---|---|---|---|---|---|',
  work: async (baseUrl, ids, rows) => {
    for (const path of routesOf(ids).filter((route) => only === undefined || route.includes(only)))
      rows.push(`| GET ${decodeURIComponent(path)} | ${(await load(baseUrl, path)).join(' | ')} |`);
  },
});
