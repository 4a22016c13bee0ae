import { parentPort, workerData } from 'node:worker_threads';
import type { AppendRequest, BatchRequest, WorkerReply, WorkerReplies, WorkerRequest } from './sqlite-append-client.js';
import { sendableStoreError } from './sqlite-append-client.js';
import { writerPageCacheKib, SqliteEventStore, type GroupCommit } from './sqlite-event-store.js';

/**
 * The event store's writer thread: its own connection, an in-thread SqliteEventStore that does the group
 * commit (statements, chain hashes, fsync) exactly as the store always has, so the API's event loop never
 * waits on SQLite for an append. Requests arrive in order; replies leave in batches, one message per turn.
 */
const { path, groupCommitMax, syncSignal } = workerData as {
  path: string;
  groupCommitMax: number | undefined;
  syncSignal: SharedArrayBuffer;
};
const commits: GroupCommit[] = [];
const store = new SqliteEventStore({
  path,
  appendWorker: false,
  announceToThreads: false,
  pageCacheKib: writerPageCacheKib,
  ...(groupCommitMax === undefined ? {} : { groupCommitMax }),
  onCommitted: (commit) => commits.push(commit),
});
const deferred = { kind: 'deferred-commit' } as const;
let replies: WorkerReply[] = [];
let received = 0;
let replyScheduled = false;
let restoreSync: (() => void) | undefined;
/** Batches refused, until the batch built on each has been refused too. */
const refusedBatches = new Set<number>();

function reply(entry: WorkerReply): void {
  replies.push(entry);
  if (replyScheduled) return;
  replyScheduled = true;
  setImmediate(sendReplies);
}

function sendReplies(): void {
  replyScheduled = false;
  const message: WorkerReplies = {
    replies,
    commits: commits.splice(0),
    commitsTotal: store.commitsTotal,
    received,
    deferredOpen: store.deferredOpen,
    closed: store.isClosed,
  };
  replies = [];
  parentPort!.postMessage(message);
}

function answer(seq: number, work: () => Promise<unknown>): void {
  work().then(
    (value) => reply({ seq, ok: true, value }),
    (error: unknown) => reply({ seq, ok: false, error: sendableStoreError(error) }),
  );
}

function append(request: AppendRequest): Promise<unknown> {
  const options = { expectedVersion: request.expectedVersion };
  if (!request.deferred) return store.appendToStream(request.stream, request.events, options);
  return store.withAppendScope(deferred, () => store.appendToStream(request.stream, request.events, options));
}

/** Written at once, in the order the requests came (no other append runs in between). */
function batch(request: BatchRequest): Promise<unknown> {
  try {
    if (request.after > 0 && refusedBatches.delete(request.after))
      throw new Error('The batch this one was built on was refused');
    return Promise.resolve(store.writeBatch(request.contents));
  } catch (error) {
    refusedBatches.add(request.seq);
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Restores synchronous=FULL and syncs, then wakes the caller, which waits synchronously (Atomics.wait). */
function restore(): void {
  const signal = new Int32Array(syncSignal);
  try {
    restoreSync?.();
    restoreSync = undefined;
    Atomics.store(signal, 0, 1);
  } catch {
    Atomics.store(signal, 0, 2);
  }
  Atomics.notify(signal, 0);
}

function handle(request: WorkerRequest): void {
  received = request.seq;
  switch (request.op) {
    case 'append':
      return answer(request.seq, () => append(request));
    case 'batch':
      return answer(request.seq, () => batch(request));
    case 'commit':
      return answer(request.seq, () => store.commitPending());
    case 'defer-sync':
      restoreSync ??= store.deferSync();
      return;
    case 'restore-sync':
      return restore();
    case 'close':
      // Replies to the appends the close drained go first (they settle before the close does).
      return answer(request.seq, () => store.close());
  }
}

parentPort!.on('message', (requests: readonly WorkerRequest[]) => {
  for (const request of requests) handle(request);
});
