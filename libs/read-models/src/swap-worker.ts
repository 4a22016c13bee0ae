import { DomainError } from '#domain';
import { openDatabase } from '#event-store';
import { parentPort, workerData } from 'node:worker_threads';
import { releasePooledPages, sendableError, yieldCpuToEventLoop } from './scratch-build.js';
import { fillStaging, promoteRebuilt } from './staging.js';
import type { SwapReply, SwapRequest, SwapWorkerData } from './swap.js';

/**
 * Copies a rebuild's rows into the live database and swaps them in, off the API's event loop (swap.ts).
 * Larger copy transactions than on the API's thread: nobody waits on them but the projector's writes, which are
 * paused during a swap, so the copy is time the live projection stands still. At a million events the copy took
 * 9.1 s in transactions of 5,000 rows, 6.3 s of 20,000, 5.6–6.0 s of 50,000 and 5.6 s of 200,000
 * (docs/benchmarks.md); the largest, all of a table of statements, writes about 330 MB to the WAL.
 */
const rowsPerBatch = 50_000;

yieldCpuToEventLoop();
const data = workerData as SwapWorkerData;
const port = parentPort!;
const send = (reply: SwapReply) => port.postMessage(reply);
const db = openDatabase(data.livePath);
const holder = db.prepare<[], { owner: string }>('SELECT owner FROM projector_lock WHERE id = 1');
const beat = db.prepare('UPDATE projector_lock SET heartbeat_at = ? WHERE owner = ?');

/** Inside each write transaction: the projector that asked still holds the lock; its lease is renewed. */
function guard(): void {
  if (holder.get()?.owner !== data.owner) {
    throw new DomainError('PROJECTOR_LOCKED', 'The projector no longer holds the read-model lock', {});
  }
  beat.run(Date.now(), data.owner);
}

async function fill(): Promise<void> {
  // The staging rows need no fsync of their own: a crash drops them, and the promotion's commit (FULL)
  // syncs the WAL with every frame written before it. WAL with NORMAL never corrupts the file.
  db.pragma('synchronous = NORMAL');
  const attach = db.prepare('ATTACH DATABASE ? AS ?');
  data.parts.forEach((part, index) => attach.run(part.path, `rebuilt${index}`));
  // Attached until the worker closes: a recomputation's tail is merged from them inside the swap transaction.
  for (const [index, part] of data.parts.entries()) {
    await fillStaging(db, `rebuilt${index}`, part.tables, guard, rowsPerBatch);
  }
}

fill().then(
  () => send({ type: 'filled' }),
  (error: unknown) => send({ type: 'failed', error: sendableError(error) }),
);

port.on('message', (request: SwapRequest) => {
  if (request.type === 'close') {
    db.close();
    releasePooledPages();
    port.close();
    return;
  }
  try {
    db.pragma('synchronous = FULL');
    db.transaction(() => {
      guard();
      promoteRebuilt(db, request.promotions, request.position);
    }).immediate();
    send({ type: 'promoted' });
  } catch (error) {
    send({ type: 'failed', error: sendableError(error) });
  }
});
