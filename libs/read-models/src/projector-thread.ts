import { Worker } from 'node:worker_threads';
import { onWorkerExit } from './malloc-arenas.js';
import {
  Projector,
  type ProjectionReport,
  type ProjectorOptions,
  type ProjectorStatus,
  type RebuildProgress,
} from './projector.js';
import { receivedError, workerEntry, type SentError, type StoreLocation } from './scratch-build.js';
import type { SnapshotPlace } from './commissions/commission-snapshots.js';

/** What the thread opens for itself: plain data, as a worker receives it. */
export interface ProjectorThreadSettings {
  readonly store: StoreLocation;
  /** The read models' database, by the same path as the API's connection names it (the applied signal's name). */
  readonly readModelsPath: string;
  /** The commission engine's snapshots (CommissionSnapshots), loaded by the thread and written by its worker. */
  readonly snapshots?: SnapshotPlace;
  readonly label: string;
  readonly pollIntervalMs: number;
  readonly wakeSpacing?: ProjectorOptions['wakeSpacing'];
  readonly batchSize?: number;
}

type ThreadMethod = 'status' | 'projectionReports' | 'runUntilCaughtUp' | 'startRebuild';

export type ThreadRequest =
  | { readonly type: 'call'; readonly id: number; readonly method: ThreadMethod; readonly only?: readonly string[] }
  | { readonly type: 'stop' };

export type ThreadReply =
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly value?: unknown;
      readonly error?: SentError;
      readonly rebuild: RebuildProgress | undefined;
    }
  | {
      readonly type: 'rebuilt';
      readonly id: number;
      readonly error?: SentError;
      readonly rebuild: RebuildProgress | undefined;
    }
  | { readonly type: 'log'; readonly context: string; readonly message: string };

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A thread that died is started again after this, while the service runs. */
const restartDelayMs = 1000;
/** A stop that outlasts this is ended by terminating the thread: a kill, which the log and read models survive. */
const stopGraceMs = 15_000;

/**
 * The service's projector in a worker thread of its own (projector-thread-worker.ts), so the API's event loop
 * serves requests while the thread applies the log beside it, on the second core: the store's commits wake it and
 * its batches wake the readers of `?after=` (ThreadSignal). This object is the API's side. As an unstarted
 * Projector on the API's connections it reads what every process shares (checkpoints, failures, `waitFor`), and it
 * asks the thread for what only the thread knows (its start, its last error, the writer lock, rebuilds). A thread
 * that dies is reported and started again; it resumes from its checkpoints like a restarted process.
 */
export class ProjectorThread extends Projector {
  private thread: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private callsTotal = 0;
  private readonly calls = new Map<number, Waiting>();
  private readonly rebuilds = new Map<number, Waiting>();
  private rebuildSeen: RebuildProgress | undefined;

  constructor(
    options: ProjectorOptions,
    private readonly settings: ProjectorThreadSettings,
    private readonly log: (level: 'warn' | 'error', context: string, message: string) => void,
  ) {
    super(options);
  }

  override start(): void {
    if (this.thread) return;
    this.stopping = false;
    const entry = workerEntry('projector-thread-worker');
    const worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      workerData: this.settings,
    });
    worker.on('message', (reply: ThreadReply) => this.received(reply));
    worker.on('error', (error: Error) =>
      this.log('error', 'Projector', `The projector thread failed: ${error.message}`),
    );
    this.exited = new Promise((resolve) =>
      onWorkerExit(worker, (code) => {
        this.thread = undefined;
        this.settleAll(new Error(`The projector thread exited (code ${code})`));
        if (!this.stopping) {
          this.log('error', 'Projector', `The projector thread exited (code ${code}); starting it again`);
          setTimeout(() => this.stopping || this.start(), restartDelayMs).unref();
        }
        resolve();
      }),
    );
    this.thread = worker;
  }

  /** The thread stops its projector, snapshots and connections, then exits. */
  override async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.thread;
    if (!worker) return;
    const request: ThreadRequest = { type: 'stop' };
    worker.postMessage(request);
    const timer = setTimeout(() => void worker.terminate(), stopGraceMs);
    await this.exited;
    clearTimeout(timer);
  }

  override async status(): Promise<ProjectorStatus> {
    if (this.thread) return (await this.call('status')) as ProjectorStatus;
    const error = 'The projector thread is not running';
    return { ...(await super.status()), healthy: false, error };
  }

  override async projectionReports(): Promise<ProjectionReport[]> {
    if (!this.thread) return super.projectionReports();
    return (await this.call('projectionReports')) as ProjectionReport[];
  }

  /** As of the thread's last answer: every answer brings the rebuild's progress along. */
  override rebuildStatus(): RebuildProgress | undefined {
    return this.rebuildSeen;
  }

  override async runUntilCaughtUp(): Promise<void> {
    await this.call('runUntilCaughtUp');
  }

  override async startRebuild(options: { only?: readonly string[] } = {}): Promise<{ done: Promise<void> }> {
    // The thread answers the call, then `rebuilt` under the same id once the rebuild ends.
    const id = this.callsTotal;
    const done = new Promise<void>((resolve, reject) => this.rebuilds.set(id, { resolve: () => resolve(), reject }));
    try {
      await this.call('startRebuild', options.only);
    } catch (error) {
      this.rebuilds.delete(id);
      throw error;
    }
    return { done };
  }

  override async rebuild(options: { only?: readonly string[] } = {}): Promise<void> {
    const { done } = await this.startRebuild(options);
    await done;
  }

  private call(method: ThreadMethod, only?: readonly string[]): Promise<unknown> {
    const worker = this.thread;
    if (!worker) return Promise.reject(new Error('The projector thread is not running'));
    const id = this.callsTotal++;
    const request: ThreadRequest = { type: 'call', id, method, ...(only ? { only } : {}) };
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private received(reply: ThreadReply): void {
    if (reply.type === 'log') return this.log('warn', reply.context, reply.message);
    const pending = reply.type === 'reply' ? this.calls : this.rebuilds;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    this.rebuildSeen = reply.rebuild;
    if (reply.error) waiting?.reject(receivedError(reply.error));
    else waiting?.resolve(reply.type === 'reply' ? reply.value : undefined);
  }

  private settleAll(error: Error): void {
    for (const waiting of [...this.calls.values(), ...this.rebuilds.values()]) waiting.reject(error);
    this.calls.clear();
    this.rebuilds.clear();
  }
}
