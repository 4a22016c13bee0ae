import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CommissionState } from '#domain';
import { scanPageCacheKib } from '#event-store';
import { openLiveReadOnly, openStore, yieldCpuToEventLoop } from '../scratch-build.js';
import {
  chainedLinkOf,
  CommissionSnapshots,
  type SnapshotReply,
  type SnapshotRequest,
  type SnapshotWorkerData,
} from './commission-snapshots.js';
import { commissionStateAt } from './commissions.projection.js';

/**
 * A worker thread that writes the commission engine's snapshots, so the API's event loop neither encodes
 * nor writes them: asked for position X, it folds the state the live projection committed at X itself
 * (from its previous state when still valid, else from the newest valid snapshot on disk, else from 0)
 * and writes it to disk, atomically. It reads the log from its own store connection and the recorded
 * rule sets from the live read-model database, read only.
 */
yieldCpuToEventLoop();
const data = workerData as SnapshotWorkerData;
const port = parentPort!;
const send = (reply: SnapshotReply) => port.postMessage(reply);
const store = openStore(data.store, { pageCacheKib: scanPageCacheKib });
const snapshots = new CommissionSnapshots({
  dir: data.dir,
  everyEvents: data.everyEvents,
  keep: data.keep,
  warn: (message) => send({ type: 'warn', message }),
});
const databases = new Map<string, Database.Database>();
let memory: CommissionState | undefined;
let queue = Promise.resolve();

function readModelsAt(path: string): Database.Database {
  let db = databases.get(path);
  if (!db) {
    db = openLiveReadOnly(path);
    databases.set(path, db);
  }
  return db;
}

async function save(request: SnapshotRequest): Promise<void> {
  try {
    const db = readModelsAt(request.readModelsPath);
    const until = request.position;
    memory = await commissionStateAt({ db, snapshots, store, until, ...(memory ? { memory } : {}) });
    // In a worker the event loop has nothing else to do: no slices.
    const link = chainedLinkOf(db, memory.position);
    send({ type: 'saved', timing: await snapshots.write(memory, request.version, Infinity, link) });
  } catch (error) {
    memory = undefined;
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (request: SnapshotRequest) => {
  queue = queue.then(() => save(request));
});
