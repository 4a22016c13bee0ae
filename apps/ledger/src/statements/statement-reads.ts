import { Worker } from 'node:worker_threads';
import {
  onWorkerExit,
  receivedError,
  workerEntry,
  type PageRequest,
  type SentError,
  type StatementPageFilters,
  type StoreLocation,
} from '#read-models';

/** Who reads: a partner user is shown its statements without the staff's identities (partner-statement-view.ts). */
export type StatementAudience = 'staff' | 'partner';

/** One statement as JSON, or a page of statements as JSON or as CSV (one row per line). */
export type StatementRead =
  | { readonly kind: 'statement'; readonly statementId: string; readonly audience: StatementAudience }
  | {
      readonly kind: 'page';
      readonly filters: StatementPageFilters;
      readonly request: PageRequest;
      readonly audience: StatementAudience;
      readonly format: 'json' | 'csv';
    };

export interface StatementReadAsked {
  readonly id: number;
  readonly read: StatementRead;
}

/** The body's bytes (null: no such statement), their buffer transferred, or the error the read threw. */
export type StatementReadAnswer =
  { readonly id: number; readonly body: Uint8Array | null } | { readonly id: number; readonly error: SentError };

export interface StatementReadsSettings {
  readonly store: StoreLocation;
  readonly readModelsPath: string;
}

interface Waiting {
  readonly worker: Worker;
  readonly resolve: (body: Buffer | null) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Statements read and serialized in a worker thread (statement-reads-worker.ts), with its own connections to the log
 * and the read models; the API's thread only sends the bytes. A statement as issued is the data of its issue event,
 * which grows with the partner's lines: at a million seeded events the largest is 13.6 MB of JSON, and reading,
 * parsing, shaping and serializing it held the API's event loop for more than half a second (docs/benchmarks.md,
 * "Statements read off the API's thread"). One thread answers in order; it starts at the first read, and a thread
 * that dies fails the reads it held and is started again by the next.
 */
export class StatementReads {
  private worker: Worker | undefined;
  private askedTotal = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly settings: StatementReadsSettings) {}

  /** The answer's body, UTF-8; null when the statement does not exist. */
  read(read: StatementRead): Promise<Buffer | null> {
    const worker = this.worker ?? this.started();
    const id = this.askedTotal++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.postMessage({ id, read } satisfies StatementReadAsked);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    const entry = workerEntry('statement-reads-worker', import.meta.url);
    const worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      workerData: this.settings,
    });
    // An idle reader never keeps the process alive; the service closes it at shutdown.
    worker.unref();
    worker.on('message', (answer: StatementReadAnswer) => this.answered(answer));
    worker.on('error', (error: Error) => this.failAll(worker, error));
    onWorkerExit(worker, (code) => this.failAll(worker, new Error(`The statement reader exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private answered(answer: StatementReadAnswer): void {
    const waiting = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (!waiting) return;
    if ('error' in answer) waiting.reject(receivedError(answer.error));
    else waiting.resolve(answer.body && Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.length));
  }

  /** Every read the thread held fails; the next read starts a new thread. */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const [id, waiting] of this.waiting) {
      if (waiting.worker !== worker) continue;
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}
