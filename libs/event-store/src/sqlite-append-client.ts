import { Worker } from 'node:worker_threads';
import {
  asRead,
  DuplicateEventId,
  eventBuffers,
  StreamVersionConflict,
  type AppendResult,
  type BatchContents,
  type NewEvent,
  type StoredEvent,
  type StreamRead,
} from './event-store.port.js';

/** What the writer thread is asked, in order; `seq` numbers every request of one store. */
export type WorkerRequest =
  | AppendRequest
  | BatchRequest
  | { readonly seq: number; readonly op: 'commit' | 'defer-sync' | 'restore-sync' | 'close' };

/** A batch of appends written in one transaction, or none of them (EventStore.appendBatch). */
export interface BatchRequest {
  readonly seq: number;
  readonly op: 'batch';
  readonly contents: BatchContents;
  /** The seq of the batch this one was built on (0: none): refused if that one was. */
  readonly after: number;
}

export interface AppendRequest {
  readonly seq: number;
  readonly op: 'append';
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: number;
  /** Made in a deferred-commit scope: written at once in the writer's open transaction (see AppendScope). */
  readonly deferred: boolean;
}

/** An error as it crosses the thread boundary: the store's own errors keep their type and fields. */
export interface SentStoreError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stream?: string;
  readonly expectedVersion?: number;
  readonly actualVersion?: number;
  readonly eventId?: string;
}

export type WorkerReply =
  | { readonly seq: number; readonly ok: true; readonly value: unknown }
  | { readonly seq: number; readonly ok: false; readonly error: SentStoreError };

export interface WorkerReplies {
  readonly replies: readonly WorkerReply[];
  /** Group commits since the last message, for metrics. */
  readonly commits: readonly { readonly appends: number; readonly appendSeconds: readonly number[] }[];
  /** Transactions the writer committed so far (each one fsync). */
  readonly commitsTotal: number;
  /** The last request seq the writer had taken in when it sent this. */
  readonly received: number;
  /** Whether deferred-commit appends wait uncommitted in the writer's open transaction. */
  readonly deferredOpen: boolean;
  /** The writer's store stopped (a failed commit): nothing more can be appended. */
  readonly closed: boolean;
}

export function sendableStoreError(error: unknown): SentStoreError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message } = error;
  const fields = error as Partial<SentStoreError>;
  const code = typeof fields.code === 'string' ? { code: fields.code } : {};
  if (error instanceof StreamVersionConflict) {
    const { stream, expectedVersion, actualVersion } = error;
    return { name, message, stream, expectedVersion, ...(actualVersion === undefined ? {} : { actualVersion }) };
  }
  if (error instanceof DuplicateEventId) return { name, message, eventId: error.eventId };
  return { name, message, ...code };
}

export function receivedStoreError(sent: SentStoreError): Error {
  if (sent.name === 'StreamVersionConflict') {
    return new StreamVersionConflict(sent.stream!, sent.expectedVersion!, sent.actualVersion);
  }
  if (sent.name === 'DuplicateEventId') return new DuplicateEventId(sent.eventId!);
  // SQLite's codes (SQLITE_FULL, SQLITE_BUSY...) stay on the error: the API maps some of them to statuses.
  return Object.assign(new Error(sent.message), { name: sent.name, ...(sent.code ? { code: sent.code } : {}) });
}

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** Told the value before the waiting caller is, in the same turn as the reply (a deferred append's). */
  readonly onAnswer?: (value: unknown) => void;
}

/** Where the writer thread's code is: the compiled file in a build; under Jest the source, through swc hooks. */
function writerEntry(): { url: URL; execArgv?: string[] } {
  const compiled = !import.meta.url.endsWith('.ts');
  const url = new URL(compiled ? './sqlite-append-worker.js' : './sqlite-append-worker.ts', import.meta.url);
  if (compiled) return { url };
  const hooks = new URL('../../../test/kafka/typescript-hooks.js', import.meta.url).href;
  return { url, execArgv: [...process.execArgv, '--import', hooks] };
}

/**
 * The API thread's side of the writer thread (sqlite-append-worker.ts): requests queue in order and leave
 * together once per turn of the event loop; each answers when the writer replies, an append only after its
 * group commit returned from COMMIT (fsync done). The thread keeps the process alive only while a request
 * is outstanding, so a CLI that never closes its store still exits.
 */
export class SqliteAppendClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: WorkerRequest[] = [];
  private sendScheduled = false;
  private seq = 0;
  private lastDeferredSeq = 0;
  /**
   * The events of deferred-commit appends the writer answered and has not committed, by stream, as it
   * holds them: with this thread's committed rows, what the writer's transaction reads (see readStream).
   */
  private readonly uncommitted = new Map<string, StoredEvent[]>();
  private readonly syncSignal = new SharedArrayBuffer(4);
  /** The writer stopped (failed commit, crash): the reason, once it has. */
  stopped: Error | undefined;

  constructor(
    path: string,
    groupCommitMax: number | undefined,
    private readonly onReplies: (message: WorkerReplies, appended: boolean) => void,
  ) {
    const entry = writerEntry();
    this.worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      workerData: { path, groupCommitMax, syncSignal: this.syncSignal },
    });
    this.worker.unref();
    this.worker.on('message', (message: WorkerReplies) => this.received(message));
    this.worker.on('error', (error: Error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The event store's writer thread exited (code ${code})`)));
  }

  append(stream: string, events: readonly NewEvent[], expectedVersion: number, deferred: boolean) {
    const seq = this.nextSeq();
    const request = { seq, op: 'append', stream, events, expectedVersion, deferred } as const;
    if (!deferred) return this.request<AppendResult>(request);
    this.lastDeferredSeq = seq;
    return this.request<AppendResult>(request, (value) => this.keepUncommitted(request, value as AppendResult));
  }

  /**
   * A committed read of this thread's connection, with the deferred appends the writer holds uncommitted
   * on top: what the writer's own connection would answer, without a round trip to it. Every uncommitted
   * append is answered (its events are here) before its caller can read again; one committed meanwhile is
   * in both, and the committed rows win.
   */
  withUncommitted(stream: string, committed: StreamRead, afterRevision: number): StreamRead {
    const pending = this.uncommitted.get(stream);
    const last = pending?.at(-1)?.revision ?? 0;
    if (!pending || last <= committed.version) return committed;
    const after = Math.max(committed.version, afterRevision);
    return { version: last, events: [...committed.events, ...pending.filter((event) => event.revision > after)] };
  }

  /** Sends a batch (one request); `after`: the seq of the batch it was built on, 0 for none. */
  appendBatch(contents: BatchContents, after: number): { seq: number; results: Promise<AppendResult[]> } {
    const seq = this.nextSeq();
    return { seq, results: this.request<AppendResult[]>({ seq, op: 'batch', contents, after }) };
  }

  commitPending(): Promise<void> {
    return this.request({ seq: this.nextSeq(), op: 'commit' });
  }

  deferSync(): () => void {
    this.send({ seq: this.nextSeq(), op: 'defer-sync' });
    return () => this.restoreSync();
  }

  async close(): Promise<void> {
    try {
      if (!this.stopped) await this.request({ seq: this.nextSeq(), op: 'close' });
    } finally {
      this.worker.removeAllListeners('exit');
      await this.worker.terminate();
    }
  }

  /** Waits synchronously (the seed's restore is synchronous) until the writer synced its connection. */
  private restoreSync(): void {
    const signal = new Int32Array(this.syncSignal);
    Atomics.store(signal, 0, 0);
    this.send({ seq: this.nextSeq(), op: 'restore-sync' });
    this.sendNow();
    while (Atomics.load(signal, 0) === 0 && !this.stopped) Atomics.wait(signal, 0, 0, 1000);
    if (Atomics.load(signal, 0) !== 1) throw new Error('The event store could not sync after the bulk load');
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /**
   * The events an answered append wrote. A retry's answer (its events stored already) wrote nothing: it is
   * known here by a stream already past the expected version in this batch; a retry of committed events
   * is kept too, harmlessly, as the committed rows it repeats win in `withUncommitted`.
   */
  private keepUncommitted(request: AppendRequest, result: AppendResult): void {
    const { stream, events, expectedVersion } = request;
    const pending = this.uncommitted.get(stream);
    if ((pending?.at(-1)?.revision ?? 0) > expectedVersion) return;
    const firstPosition = result.position - BigInt(events.length - 1);
    const stored = events.map((event, index) => ({
      // As a read gives it back: the writer stores data and metadata as JSON.
      ...asRead(event),
      stream,
      revision: expectedVersion + index + 1,
      position: firstPosition + BigInt(index),
    }));
    if (pending) pending.push(...stored);
    else this.uncommitted.set(stream, stored);
  }

  private request<T>(request: WorkerRequest, onAnswer?: (value: unknown) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stopped) return reject(this.stopped);
      const answered = onAnswer ? { onAnswer } : {};
      this.waiting.set(request.seq, { resolve: resolve as (value: unknown) => void, reject, ...answered });
      if (this.waiting.size === 1) this.worker.ref();
      this.send(request);
    });
  }

  private send(request: WorkerRequest): void {
    this.outbox.push(request);
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    setImmediate(() => this.sendNow());
  }

  private sendNow(): void {
    this.sendScheduled = false;
    if (this.outbox.length === 0) return;
    const requests = this.outbox;
    this.outbox = [];
    // An event whose data is bytes hands its buffer over (NewEvent.dataUtf8).
    this.worker.postMessage(
      requests,
      eventBuffers(requests.flatMap((request) => ('events' in request ? request.events : []))),
    );
  }

  private received(message: WorkerReplies): void {
    if (message.closed && !this.stopped) this.stopped = new Error('The event store is closed');
    let appended = message.commits.length > 0;
    for (const entry of message.replies) {
      const waiting = this.waiting.get(entry.seq);
      if (!waiting) continue;
      this.waiting.delete(entry.seq);
      if (entry.ok) waiting.onAnswer?.(entry.value);
      if (entry.ok) waiting.resolve(entry.value);
      else waiting.reject(receivedStoreError(entry.error));
    }
    // Closed only when the writer says so after taking in every deferred append sent so far: all committed.
    if (!message.deferredOpen && message.received >= this.lastDeferredSeq) this.uncommitted.clear();
    if (this.waiting.size === 0) this.worker.unref();
    if (message.replies.length === 0 && !appended) return;
    appended ||= message.replies.some((entry) => entry.ok) && !message.deferredOpen;
    this.onReplies(message, appended);
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.worker.unref();
  }
}
