import { Worker } from 'node:worker_threads';
import { onWorkerExit } from './malloc-arenas.js';
import { receivedError, sendableError, workerEntry, type SentError } from './scratch-build.js';
import type { Promotion } from './staging.js';

/**
 * The copy and swap of a rebuild in a worker thread (swap-worker.ts), so the API's event loop neither
 * copies rows nor builds indexes: the worker opens its own connection to the live WAL database, fills
 * the staging tables from the scratch databases in bounded transactions, then promotes them and moves
 * the checkpoints in one transaction. Readers on any connection see the old rows until that commit.
 * Every transaction of the worker checks that the projector that asked still holds the writer lock, and
 * beats its heartbeat (the projector's own heartbeat pauses meanwhile, so it never waits on the worker).
 */
export interface SwapWorkerData {
  readonly livePath: string;
  /** The writer lock's owner the worker writes for. */
  readonly owner: string;
  /** Each scratch database (attached as `rebuilt<index>`) and the tables to copy from it into staging tables. */
  readonly parts: readonly { readonly path: string; readonly tables: readonly string[] }[];
}

export type SwapRequest =
  | { readonly type: 'promote'; readonly position: bigint; readonly promotions: readonly Promotion[] }
  | { readonly type: 'close' };

export type SwapReply =
  { readonly type: 'filled' } | { readonly type: 'promoted' } | { readonly type: 'failed'; readonly error: SentError };

/** The API's side of one swap: `filled` once the staging tables are full, `promote` for the swap itself. */
export class SwapWorker {
  private readonly worker: Worker;
  private readonly replies: SwapReply[] = [];
  private waiting: ((reply: SwapReply) => void) | undefined;
  private readonly exited: Promise<void>;

  constructor(data: SwapWorkerData) {
    const entry = workerEntry('swap-worker');
    this.worker = new Worker(entry.url, { ...(entry.execArgv ? { execArgv: entry.execArgv } : {}), workerData: data });
    this.worker.on('message', (reply: SwapReply) => this.deliver(reply));
    this.worker.on('error', (error: Error) => this.deliver({ type: 'failed', error: sendableError(error) }));
    this.exited = new Promise((resolve) => {
      onWorkerExit(this.worker, (code) => {
        this.deliver({ type: 'failed', error: { name: 'Error', message: `The swap worker exited (code ${code})` } });
        resolve();
      });
    });
  }

  private deliver(reply: SwapReply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(reply);
    else this.replies.push(reply);
  }

  private async next(expected: 'filled' | 'promoted'): Promise<void> {
    const reply = this.replies.shift() ?? (await new Promise<SwapReply>((resolve) => (this.waiting = resolve)));
    if (reply.type === 'failed') throw receivedError(reply.error);
    if (reply.type !== expected) throw new Error(`The swap worker answered ${reply.type}, not ${expected}`);
  }

  /** Resolves once the staging tables hold every rebuilt row. */
  filled(): Promise<void> {
    return this.next('filled');
  }

  /** The swap: resolves once the transaction that promotes the staging tables has committed. */
  promote(position: bigint, promotions: readonly Promotion[]): Promise<void> {
    const request: SwapRequest = { type: 'promote', position, promotions };
    this.worker.postMessage(request);
    return this.next('promoted');
  }

  async close(): Promise<void> {
    const request: SwapRequest = { type: 'close' };
    this.worker.postMessage(request);
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
