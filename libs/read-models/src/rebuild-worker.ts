import type Database from 'better-sqlite3';
import { scanPageCacheKib } from '#event-store';
import { parentPort, workerData } from 'node:worker_threads';
import { typesReadBy, type BuildSource, type Projection } from './projection.js';
import {
  HeapBound,
  InProcessBuild,
  openLiveReadOnly,
  openStore,
  sendableError,
  releasePooledPages,
  yieldCpuToEventLoop,
  type StoreLocation,
  type WorkerReply,
  type WorkerSource,
} from './scratch-build.js';
import { Projector } from './projector.js';

/**
 * A worker thread that builds a scratch read-model database from the log (a rebuild, or the
 * recomputation after a rule set that reaches back), so the API's event loop only attaches and swaps.
 * It opens its own connection to the event store and answers `catch-up` with the position reached.
 */
interface BuildData {
  readonly store: StoreLocation;
  readonly projectionsModule?: string;
  readonly names: readonly string[];
  readonly path: string;
  readonly batchSize: number;
  /** Live projections a recomputation may start from, opened read only here. */
  readonly sources: readonly WorkerSource[];
  /** The live database, opened read only here for its hash chain (ProjectorOptions.live). */
  readonly livePath: string | undefined;
}

yieldCpuToEventLoop();
const data = workerData as BuildData;
const port = parentPort!;
const send = (reply: WorkerReply) => port.postMessage(reply);
const registry = (await import(data.projectionsModule ?? './projections.js')) as { projections: readonly Projection[] };
const projections = registry.projections.filter((projection) => data.names.includes(projection.name));
// The data of the events no projection of this part reads stays unread, as does every event's metadata.
const dataOf = typesReadBy(projections);
const store = openStore(data.store, { scratchReads: dataOf ? { dataOf } : {}, pageCacheKib: scanPageCacheKib });
const liveDatabases: Database.Database[] = [];
const openLive = (path: string) => {
  const db = openLiveReadOnly(path);
  liveDatabases.push(db);
  return db;
};
const sources = new Map<string, BuildSource>(
  data.sources.map((source) => [source.name, { snapshotsDir: source.snapshotsDir, db: openLive(source.path) }]),
);
const live = data.livePath === undefined ? undefined : openLive(data.livePath);
const heap = new HeapBound();
// Let go of at close, so that the collection before the worker exits can free what it built.
let build: InProcessBuild | undefined = new InProcessBuild(
  data.path,
  (db) =>
    new Projector({
      store,
      db,
      projections,
      batchSize: data.batchSize,
      building: true,
      sources,
      ...(live ? { live } : {}),
    }),
  (done) => {
    send({ type: 'progress', done });
    heap.check();
  },
);

type BuildRequest = { type: 'catch-up'; until: bigint; saveTo?: ReadonlyMap<string, string> } | { type: 'close' };

port.on('message', (message: BuildRequest) => {
  if (message.type === 'catch-up') {
    build!.catchUp(message.until, message.saveTo).then(
      (built) => {
        // A save point (ParallelBuild), even with nothing to save: what this part folded (and its snapshot's
        // encoding) is garbage now, while another part still builds or encodes. Not after the tail's catch-up, which
        // the live projector waits for.
        if (message.saveTo) heap.collect();
        send({ type: 'built', built });
      },
      (error: unknown) => send({ type: 'failed', error: sendableError(error) }),
    );
    return;
  }
  void (async () => {
    await build?.close().catch(() => undefined);
    build = undefined;
    await store.close().catch(() => undefined);
    for (const db of liveDatabases) db.close();
    releasePooledPages();
    port.close();
  })();
});
