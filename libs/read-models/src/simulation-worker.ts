import { parentPort, workerData } from 'node:worker_threads';
import { commissionEngine } from '#domain';
import {
  HeapBound,
  openStore,
  releasePooledPages,
  sendableError,
  yieldCpuToEventLoop,
  type StoreLocation,
} from './scratch-build.js';
import { foldLog, sendableTotals, SimulationSide, type RuleSetsKnown } from './simulation-side.js';

/**
 * A worker thread that folds one side of a simulation (the published rule sets, or those with the
 * candidate) over the log with its own store connection, so the two sides run on two cores and
 * neither runs on the API's event loop. It answers the side's totals, then the tiers asked for.
 */
interface SideData {
  readonly store: StoreLocation;
  readonly ruleSets: RuleSetsKnown;
  readonly head: bigint;
  readonly batchSize: number;
}

yieldCpuToEventLoop();
const data = workerData as SideData;
const port = parentPort!;
// A side folds only the engine, which reads the data of its inputs and no event's metadata (scratchReads).
const store = openStore(data.store, { scratchReads: { dataOf: commissionEngine.engineInputTypes } });
// Let go of at close, so that the collection before the worker exits can free the side's figures.
let side: SimulationSide | undefined = new SimulationSide(data.ruleSets);
// The simulation's peak RSS at 206k events: 389-393 MB against 540-549 MB unbounded (docs/benchmarks.md).
const heap = new HeapBound();

port.on('message', (message: { type: 'tiers'; keys: string[] } | { type: 'close' }) => {
  if (message.type === 'tiers') {
    port.postMessage({ type: 'tiers', tiers: side!.tiers(message.keys) });
    return;
  }
  side = undefined;
  void store.close().finally(() => {
    releasePooledPages();
    port.close();
  });
});

try {
  const replayed = await foldLog(store, [side], {
    head: data.head,
    batchSize: data.batchSize,
    onProgress: (done) => {
      port.postMessage({ type: 'progress', done });
      heap.check();
    },
  });
  port.postMessage({
    type: 'folded',
    replayed,
    commission: sendableTotals(side.commission),
    accrual: sendableTotals(side.accrual),
  });
} catch (error) {
  port.postMessage({ type: 'failed', error: sendableError(error) });
}
