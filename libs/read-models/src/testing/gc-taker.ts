import { parentPort } from 'node:worker_threads';
import { garbageCollector } from '../scratch-build.js';

/**
 * A worker thread for scratch-build.spec.ts: takes V8's gc through `garbageCollector` while other threads do the
 * same, runs a collection with it, and answers `ok` or what went wrong.
 */
try {
  garbageCollector()({ type: 'minor' });
  parentPort!.postMessage('ok');
} catch (error) {
  parentPort!.postMessage(error instanceof Error ? error.message : String(error));
}
