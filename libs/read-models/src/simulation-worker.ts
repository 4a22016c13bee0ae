import { parentPort, workerData } from 'node:worker_threads';
import { commissionEngine, encodeCommissionState } from '#domain';
import { scanPageCacheKib } from '#event-store';
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
 * candidate) over the log with its own store connection, off the API's event loop. It answers the side's
 * totals and its tier view (simulation.ts asks the tiers of rows of it), then exits.
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
const store = openStore(data.store, {
  scratchReads: { dataOf: commissionEngine.engineInputTypes },
  pageCacheKib: scanPageCacheKib,
});
// The simulation's peak RSS at 206k events: 389-393 MB against 540-549 MB unbounded. A side is the simulation's
// peak, alone: at half again what is live, not twice, a 1M one peaked at 497-515 MB instead of 567 in the same time
// (docs/benchmarks.md).
const heap = new HeapBound({ growthMax: 1.5 });

try {
  const side = new SimulationSide(data.ruleSets);
  const replayed = await foldLog(store, [side], {
    head: data.head,
    batchSize: data.batchSize,
    onProgress: (done) => {
      port.postMessage({ type: 'progress', done });
      heap.check();
    },
  });
  const view = side.finish();
  // The state is garbage now. Collected before the answer is made, its pages are gone before the answer's are taken:
  // at 1M events the simulation's peak was the answer made beside a side's whole heap, and then the worker's last
  // collection (a compacting one) with the state still live (docs/benchmarks.md, "The engine's state on a diet").
  heap.collect();
  port.postMessage({
    type: 'folded',
    replayed,
    commission: sendableTotals(side.commission),
    accrual: sendableTotals(side.accrual),
    tierView: view && encodeCommissionState(view),
  });
} catch (error) {
  port.postMessage({ type: 'failed', error: sendableError(error) });
} finally {
  await store.close();
  releasePooledPages();
  port.close();
}
