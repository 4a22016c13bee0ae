import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLine } from './support/measure.js';
import { benchRoot, seededLog } from './support/seeded-log.js';

/**
 * The heap the command pipeline's stream cache holds once it has seen every stream of an aggregate in a seeded log
 * (each loaded through `loadState` into one StreamStateCache large enough to keep them all), per aggregate: what a
 * long-running service holds for the streams its commands touched. Run with --expose-gc (the npm script does).
 * `--root` measures another build's library (a baseline's worktree) on the same log.
 * Usage: npm run bench:stream-cache [-- --events 200000 --root DIR]
 */
const argv = process.argv.slice(2);
const optionOf = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const eventsWanted = Number(optionOf('events') ?? 200_000);
const root = optionOf('root') ?? benchRoot;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (npm run bench:stream-cache does)');

type Decider = object;
interface Library {
  readonly SqliteEventStore: new (options: { path: string }) => { close(): void };
  readonly StreamStateCache: new (streamsMax: number) => object;
  loadState(store: object, decider: Decider, stream: string, cache: object): Promise<unknown>;
}
const library = (await import(pathToFileURL(join(root, 'dist/libs/event-store/src/index.js')).href)) as Library;
const domain = (await import(pathToFileURL(join(root, 'dist/libs/domain/src/index.js')).href)) as Record<
  string,
  Decider
>;
const deciders: Record<string, Decider | undefined> = {
  'deal-': domain['dealDecider'],
  'registration-': domain['registrationDecider'],
  'customer-': domain['customerLockDecider'],
  'mdf-': domain['mdfDecider'],
  'statement-': domain['statementDecider'],
  'partner-': domain['partnerDecider'],
  'campaign-': domain['campaignDecider'],
};

const { dataDir } = seededLog(eventsWanted);
const path = join(dataDir, 'events.sqlite');
const log = new Database(path, { readonly: true });
const streamsOf = log.prepare<[string], { stream: string; events: number }>(
  `SELECT stream, count(*) AS events FROM events WHERE stream LIKE ? || '%' GROUP BY stream`,
);
const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

console.log(`Stream cache over ${dataDir}, ${machineLine()}, library ${root}\n`);
console.log('| streams | count | events | heap held MB | bytes per event |');
console.log('|---|---|---|---|---|');
const held: object[] = [];
for (const [prefix, decider] of Object.entries(deciders)) {
  if (!decider) throw new Error(`${root} exports no decider for ${prefix} streams`);
  const streams = streamsOf.all(prefix);
  if (streams.length === 0) {
    console.log(`| ${prefix}* | 0 | 0 | — | — |`);
    continue;
  }
  const store = new library.SqliteEventStore({ path });
  // A few streams first, into a cache let go of: what a first load allocates once (code, the store's statements).
  const warm = new library.StreamStateCache(10);
  for (const { stream } of streams.slice(0, 10)) await library.loadState(store, decider, stream, warm);
  const before = heapUsed();
  // Held from outside the loop until measured: a cache unused after its loads may be collected before.
  held.push(new library.StreamStateCache(streams.length + 1));
  for (const { stream } of streams) await library.loadState(store, decider, stream, held[0]!);
  const heldBytes = heapUsed() - before;
  held.length = 0;
  store.close();
  const events = streams.reduce((sum, { events: count }) => sum + count, 0);
  const row = [`${prefix}*`, streams.length, events, (heldBytes / 2 ** 20).toFixed(1), (heldBytes / events).toFixed(0)];
  console.log(`| ${row.join(' | ')} |`);
}
log.close();
