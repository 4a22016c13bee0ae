import { parentPort, workerData } from 'node:worker_threads';
import type { Projection } from './projection.js';
import {
  InProcessBuild,
  openStore,
  sendableError,
  yieldCpuToEventLoop,
  type StoreLocation,
  type WorkerReply,
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
}

yieldCpuToEventLoop();
const data = workerData as BuildData;
const port = parentPort!;
const send = (reply: WorkerReply) => port.postMessage(reply);
const registry = (await import(data.projectionsModule ?? './projections.js')) as { projections: readonly Projection[] };
const store = openStore(data.store);
const projections = registry.projections.filter((projection) => data.names.includes(projection.name));
const build = new InProcessBuild(
  data.path,
  (db) => new Projector({ store, db, projections, batchSize: data.batchSize, building: true }),
  (done) => send({ type: 'progress', done }),
);

port.on('message', (message: { type: 'catch-up'; until: bigint } | { type: 'close' }) => {
  if (message.type === 'catch-up') {
    build.catchUp(message.until).then(
      (position) => send({ type: 'built', position }),
      (error: unknown) => send({ type: 'failed', error: sendableError(error) }),
    );
    return;
  }
  void (async () => {
    await build.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    port.close();
  })();
});
