import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode } from '#domain';
import { onWorkerExit } from './malloc-arenas.js';
import {
  EsdbEventStore,
  openScratchDatabase,
  SqliteEventStore,
  type EventStore,
  type SqliteEventStoreOptions,
} from '#event-store';

/** Where a worker thread opens its own connection to the event store. */
export type StoreLocation =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'esdb'; readonly connectionString: string };

/** A live projection a recomputation's worker may start from: its snapshots and its database file. */
export interface WorkerSource {
  readonly name: string;
  readonly snapshotsDir: string;
  readonly path: string;
}

/** How a projector builds its scratch databases in a worker thread instead of on its own event loop. */
export interface WorkerBuildOptions {
  readonly store: StoreLocation;
  /** A module URL whose `projections` export the worker finds the projections in (the app's list by default). */
  readonly projectionsModule?: string;
}

/**
 * Where a build stopped, the projections whose engine state it saved there as a snapshot, and those
 * whose recomputation started from a position of the live projection (ProjectionBinding.startFrom).
 */
export interface Built {
  readonly position: bigint;
  readonly saved: readonly string[];
  readonly startedFrom: ReadonlyMap<string, bigint>;
}

/**
 * A scratch database being built from position 0 for a rebuild or a recomputation: `catchUp` applies
 * the log up to `until` (the head when asked) and answers the position reached; it is called again,
 * with the live projector paused, right before the swap. `saveTo` (projection name to the live
 * projection's snapshot folder): the memory built so far is written there as a snapshot, so the live
 * projector loads it after the swap instead of replaying the log.
 */
export interface ScratchBuild {
  catchUp(until: bigint, saveTo?: ReadonlyMap<string, string>): Promise<Built>;
  close(): Promise<void>;
}

/** The build met an event that changes what it already built (a rule set appended meanwhile): start over. */
export class BuildRestart extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildRestart';
  }
}

/**
 * The projector a scratch build drives (a Projector with `building: true`); named by its shape so this
 * module does not import the projector, which imports it.
 */
export interface ScratchBuilder {
  readonly position: bigint;
  readonly startedFrom: ReadonlyMap<string, bigint>;
  runTo(position: bigint): Promise<void>;
  assertBuilt(): void;
  onProgress(listener: (position: bigint) => void): () => void;
  saveSnapshots(dirs: ReadonlyMap<string, string>): Promise<string[]>;
  stop(): Promise<void>;
}

/** Builds on the calling thread: used inside the worker, and by projectors with no worker options (tests). */
export class InProcessBuild implements ScratchBuild {
  private readonly db: Database.Database;
  private readonly builder: ScratchBuilder;

  constructor(path: string, builderOf: (db: Database.Database) => ScratchBuilder, onProgress: (done: bigint) => void) {
    this.db = openScratchDatabase(path);
    this.builder = builderOf(this.db);
    this.builder.onProgress(onProgress);
  }

  async catchUp(until: bigint, saveTo?: ReadonlyMap<string, string>): Promise<Built> {
    await this.builder.runTo(until);
    this.builder.assertBuilt();
    const saved = saveTo ? await this.builder.saveSnapshots(saveTo) : [];
    return { position: this.builder.position, saved, startedFrom: this.builder.startedFrom };
  }

  async close(): Promise<void> {
    await this.builder.stop();
    this.db.close();
  }
}

/**
 * Lowers the calling worker thread's scheduling priority (nice 10), so on a machine with as many busy
 * threads as cores the API's event loop still gets the CPU first. Linux only: there
 * `/proc/thread-self` names the thread, and setpriority on a thread id applies to that thread alone.
 * Elsewhere, or when refused, the thread keeps its priority.
 */
export function yieldCpuToEventLoop(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, backgroundNice);
  } catch {
    // Not Linux, or not allowed: the work still runs, at the normal priority.
  }
}

const backgroundNice = 10;

/**
 * Frees, on the calling worker's own thread, the heap pages V8 keeps pooled for reuse; a worker calls it
 * last, before it closes its port. V8 hands the pool of an isolate that exits to another isolate of the
 * process, which unmaps every page of it in one task 8 s later: on the API's thread, 130-290 ms for what a
 * recomputation at 1M events leaves (docs/decisions.md). A last-resort collection here reduces the heap and
 * releases this isolate's pool, so what is left when it exits is freed by this thread.
 */
export function releasePooledPages(): void {
  garbageCollector()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** How a HeapBound bounds: each `heap` is V8's unless a spec gives another. */
export interface HeapBoundOptions {
  /** Below it a heap is left to V8 (at 206k events, 96 MB left 5 or 6 collections per side). */
  readonly floorBytes?: number;
  /** How far the heap may grow past what the last full collection left. */
  readonly growthMax?: number;
  readonly heap?: HeapControl;
}

/**
 * Keeps a worker's heap within `growthMax` times (twice unless told) what its last full collection left, above a
 * floor. Left alone, V8 lets an old generation fill with about three times its live objects before collecting (a
 * simulation side at 206k events: about 160 MB for 46-48 MB live), and every page once used counts in the process's
 * peak RSS. `check` runs between batches: one `getHeapStatistics` call, and now and then a full collection.
 */
export class HeapBound {
  private liveBytes = 0;
  private readonly floorBytes: number;
  private readonly growthMax: number;
  private readonly heap: HeapControl;

  constructor(options: HeapBoundOptions = {}) {
    this.floorBytes = options.floorBytes ?? 96 * 1024 * 1024;
    this.growthMax = options.growthMax ?? 2;
    this.heap = options.heap ?? v8Heap();
  }

  /** Whether it collected. */
  check(): boolean {
    if (this.heap.usedBytes() <= Math.max(this.floorBytes, this.growthMax * this.liveBytes)) return false;
    this.collected(false);
    return true;
  }

  /**
   * A full collection now that also gives back the pages it empties: after garbage no batch follows to notice (a
   * part that has built waits for the other, or has written its snapshot), so its pages do not stay in the process's
   * RSS meanwhile. At 1M events the commission part kept 255 MB of heap for 136 MB live after an ordinary one.
   */
  collect(): void {
    this.collected(true);
  }

  private collected(release: boolean): void {
    this.heap.collect(release);
    this.liveBytes = this.heap.usedBytes();
  }
}

export interface HeapControl {
  readonly usedBytes: () => number;
  /** A full collection; with `release`, one that also gives back the pages it empties (more rounds, slower). */
  readonly collect: (release: boolean) => void;
}

function v8Heap(): HeapControl {
  return {
    usedBytes: () => v8.getHeapStatistics().used_heap_size,
    collect: (release) => (release ? releasePooledPages() : garbageCollector()({ type: 'major', execution: 'sync' })),
  };
}

/** This thread's `gc`, once taken (each worker thread has its own isolate, so its own module and `gc`). */
let collectorOfThread: ((options: object) => void) | undefined;
/** Tries at taking it: each is a flag set twice and a context made, well under a millisecond. */
const collectorAttemptsMax = 10_000;

/**
 * V8's `gc`, taken once per thread from a context made while --expose-gc is on; the flag is off again when this
 * returns. V8's flags belong to the process: another thread may turn the flag off between this one's turning it on
 * and making its context (two build workers collecting at once: 149 of 160 threads failed so in a stress script),
 * and that context then has no `gc`. So a context without one is tried again.
 */
export function garbageCollector(): (options: object) => void {
  for (let attempt = 0; collectorOfThread === undefined; attempt += 1) {
    if (attempt === collectorAttemptsMax) throw new Error(`V8's gc not exposed after ${attempt} attempts`);
    v8.setFlagsFromString('--expose-gc');
    try {
      collectorOfThread = runInNewContext("typeof gc === 'function' ? gc : undefined") as typeof collectorOfThread;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  return collectorOfThread;
}

/** The live read-model database, opened read only by a worker (a build's sources and chain, a snapshot's fold). */
export function openLiveReadOnly(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.defaultSafeIntegers(true);
  return db;
}

/**
 * The store a worker thread reads the log from. `scratchReads`: a SQLite store reads the log as a scratch build needs
 * it; `pageCacheKib`: scanPageCacheKib for a worker that reads the log once, front to back (SqliteEventStoreOptions).
 */
export function openStore(
  location: StoreLocation,
  options: Pick<SqliteEventStoreOptions, 'scratchReads' | 'pageCacheKib'> = {},
): EventStore {
  return location.kind === 'sqlite'
    ? new SqliteEventStore({ path: location.path, ...options })
    : new EsdbEventStore({ connectionString: location.connectionString });
}

export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly done: bigint }
  | { readonly type: 'built'; readonly built: Built }
  | { readonly type: 'failed'; readonly error: SentError };

/** An error as a thread sends it: a DomainError whole; any other with its name, message and code (SQLITE_CORRUPT). */
export function sendableError(error: unknown): SentError {
  if (error instanceof DomainError) {
    return { name: error.name, message: error.message, code: error.code, details: { ...error.details } };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function receivedError(sent: SentError): Error {
  if (sent.name === 'DomainError') return new DomainError(sent.code as ErrorCode, sent.message, sent.details ?? {});
  if (sent.name === 'BuildRestart') return new BuildRestart(sent.message);
  return Object.assign(new Error(sent.message), sent.code === undefined ? {} : { code: sent.code });
}

/**
 * The worker entry `name`, next to the module `beside` (this file unless told): compiled JS in a build; under Jest
 * (sources run by swc) the TS file, loaded through the same swc hooks the relay's crash test uses.
 */
export function workerEntry(name: string, beside = import.meta.url): { url: URL; execArgv?: string[] } {
  if (!beside.endsWith('.ts')) return { url: new URL(`./${name}.js`, beside) };
  const hooks = new URL('../../../test/kafka/typescript-hooks.js', import.meta.url);
  return {
    url: new URL(`./${name}.ts`, beside),
    execArgv: [...process.execArgv, '--import', hooks.href],
  };
}

/**
 * The young generation of a build worker's heap. A build parses batches of thousands of events that die
 * young; left to its defaults V8 grows each worker's young generation to about 100 MB, most of a build's
 * peak RSS (docs/benchmarks.md, "Rebuild and simulation over a seeded log"). Capped, the scavenges run
 * more often over a space that fits the cache, at no measured cost in time.
 */
const buildYoungGenerationMb = 16;

/** Builds in a worker thread with its own store connection and scratch database; this thread only waits. */
export class WorkerBuild implements ScratchBuild {
  private readonly worker: Worker;
  private waiting: { resolve: (built: Built) => void; reject: (error: unknown) => void } | undefined;
  private exited: Promise<void>;

  constructor(
    options: WorkerBuildOptions,
    names: readonly string[],
    path: string,
    settings: {
      batchSize: number;
      onProgress: (done: bigint) => void;
      sources?: readonly WorkerSource[];
      /** The live database on disk, opened read only for its hash chain (ProjectorOptions.live). */
      livePath?: string | undefined;
    },
  ) {
    const entry = workerEntry('rebuild-worker');
    this.worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      resourceLimits: { maxYoungGenerationSizeMb: buildYoungGenerationMb },
      workerData: {
        store: options.store,
        projectionsModule: options.projectionsModule,
        names,
        path,
        batchSize: settings.batchSize,
        sources: settings.sources ?? [],
        livePath: settings.livePath,
      },
    });
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') settings.onProgress(reply.done);
      else if (reply.type === 'built') this.settle((waiting) => waiting.resolve(reply.built));
      else this.settle((waiting) => waiting.reject(receivedError(reply.error)));
    });
    this.worker.on('error', (error) => this.settle((waiting) => waiting.reject(error)));
    this.exited = new Promise((resolve) => {
      onWorkerExit(this.worker, (code) => {
        this.settle((waiting) => waiting.reject(new Error(`The rebuild worker exited (code ${code})`)));
        resolve();
      });
    });
  }

  private settle(action: (waiting: NonNullable<WorkerBuild['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) action(waiting);
  }

  catchUp(until: bigint, saveTo?: ReadonlyMap<string, string>): Promise<Built> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage({ type: 'catch-up', until, saveTo });
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The first reach of a save point: every part collects, none saves. */
const nothingToSave: ReadonlyMap<string, string> = new Map();

/**
 * Several builds side by side, each of some of the projections into its own scratch database and
 * (in worker threads) on its own core, each reading the log itself; every part stops at the same
 * position, and the progress is that of the slowest part.
 */
export class ParallelBuild implements ScratchBuild {
  private readonly done: bigint[];
  private readonly builds: ScratchBuild[];

  constructor(
    parts: number,
    open: (part: number, onProgress: (done: bigint) => void) => ScratchBuild,
    onProgress: (done: bigint) => void,
  ) {
    this.done = Array.from({ length: parts }, () => 0n);
    this.builds = this.done.map((_, part) =>
      open(part, (done) => {
        this.done[part] = done;
        onProgress(this.done.reduce((low, next) => (next < low ? next : low)));
      }),
    );
  }

  /**
   * With `saveTo`, every part reaches `until` first and only then saves: a snapshot's encoding (the engine's state
   * copied, then serialized) no longer meets the other part's build in the process's memory, and a part with nothing
   * to save collects its garbage then (rebuild-worker.ts). A 1M rebuild's peak RSS: 773–903 MB against 964–1,471 MB
   * (docs/benchmarks.md), for the encoding's time after the slowest part (7% at 206k events). The first reach is a
   * save point too, with nothing to save: a part that is there first collects what its fold left while it waits
   * (at 1M events the commission part's heap held 180 MB, 130 live, for the other part's last 10 s).
   */
  async catchUp(until: bigint, saveTo?: ReadonlyMap<string, string>): Promise<Built> {
    if (saveTo) await Promise.all(this.builds.map((build) => build.catchUp(until, nothingToSave)));
    const reached = await Promise.all(this.builds.map((build) => build.catchUp(until, saveTo)));
    const position = reached[0]!.position;
    if (reached.some((other) => other.position !== position)) {
      const positions = reached.map((other) => other.position).join(', ');
      throw new Error(`The parts of a rebuild stopped at different positions: ${positions}`);
    }
    const startedFrom = new Map(reached.flatMap((other) => [...other.startedFrom]));
    return { position, saved: reached.flatMap((other) => other.saved), startedFrom };
  }

  async close(): Promise<void> {
    await Promise.all(this.builds.map((build) => build.close()));
  }
}
