import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { chmodSync, closeSync, fsyncSync, openSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { AppendScopes } from './append-scope.js';
import {
  DuplicateEventId,
  eventDataJson,
  StreamVersionConflict,
  type AppendResult,
  type AppendScope,
  type BatchContents,
  type BatchedAppend,
  type EventStore,
  type NewEvent,
  type PendingBatch,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamRead,
} from './event-store.port.js';
import { eventChainGenesis, eventChainHash, migrateEventChain, type ChainedEventText } from './event-chain.js';
import { KnownVersions } from './known-versions.js';
import { SqliteAppendClient, type WorkerReplies } from './sqlite-append-client.js';
import { ThreadSignal } from './thread-signal.js';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:' for tests. */
  readonly path: string;
  /** How many queued appends one transaction (one fsync) takes at most. */
  readonly groupCommitMax?: number;
  /** Told after each group commit, for metrics: how many appends it took and how long each waited in all. */
  readonly onCommitted?: (commit: GroupCommit) => void;
  /**
   * Appends (statements, chain hashes, the group commit's fsync) run in a writer thread with its own
   * connection, off the caller's event loop: the default for a file. `false` (and ':memory:', which one
   * connection alone can see) appends on the calling thread.
   */
  readonly appendWorker?: boolean;
  /** This store's connection's page cache in KiB, when not SQLite's default (a writer's: writerPageCacheKib). */
  readonly pageCacheKib?: number;
  /**
   * A store a scratch build reads the log from (rebuild-worker): `readAll` leaves out every event's
   * metadata, which no projection reads, and the data of the events whose type is not in `dataOf` (all
   * of them carry it when absent). Reading what was left out throws.
   */
  readonly scratchReads?: { readonly dataOf?: ReadonlySet<string> };
  /**
   * Whether this store's commits are announced to the other threads of the process that follow the same file
   * (ThreadSignal; default true). The writer thread's store leaves that to the store it writes for, which
   * announces a commit once its reply arrives, so every follower hears each commit once.
   */
  readonly announceToThreads?: boolean;
}

/** One committed transaction of the group commit. */
export interface GroupCommit {
  readonly appends: number;
  /** Per append, seconds from appendToStream to the commit that made it durable. */
  readonly appendSeconds: readonly number[];
}

interface EventRow {
  position: number | bigint;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend extends BatchedAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  readonly queuedAtMs: number;
}

/**
 * The log's reads. CAST(? AS …) where a parameter meets an index or a LIMIT: SQLite 3.54 (built with STAT4) plans
 * a bare parameter there by its value, so it compiled these statements again at every run (a uprobe on
 * `sqlite3Reprepare` counted one per run; a stream read took 3–4× as long). A cast is planned once, to the same
 * index search (the spec checks each plan).
 */
export const eventReads = {
  streamVersion: 'SELECT max(revision) AS version FROM events WHERE stream = CAST(? AS TEXT)',
  stream:
    'SELECT * FROM events WHERE stream = CAST(? AS TEXT) AND revision > ? ORDER BY revision LIMIT CAST(? AS INTEGER)',
  all: 'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT CAST(? AS INTEGER)',
  /** What KnownVersions follows: each new event's stream and revision, without its data. */
  streamsAfter:
    'SELECT position, stream, revision FROM events WHERE position > ? ORDER BY position LIMIT CAST(? AS INTEGER)',
  allCommitted: 'SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT CAST(? AS INTEGER)',
  /** A scratch build's read: `data` is the column or an expression that leaves out the types it does not read. */
  scratch: (data: string) =>
    `SELECT ${scratchColumns(data)} FROM events WHERE position > ? ORDER BY position LIMIT CAST(? AS INTEGER)`,
  /** How many of the next events (at most a limit) follow a position up to another, and the last one's position. */
  window:
    'SELECT max(position) AS last, count(*) AS size FROM ' +
    '(SELECT position FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT CAST(? AS INTEGER))',
  /** readAllOf: the events of some types in a window, and its last event (`types`: a list of SQL strings). */
  typed: (columns: string, types: string) =>
    `SELECT ${columns} FROM events WHERE position > ? AND position <= ? ` +
    `AND (type IN (${types}) OR position = CAST(? AS INTEGER)) ORDER BY position`,
} as const;

/** The columns a scratch build reads: never the metadata, and the data as `data` says. */
function scratchColumns(data: string): string {
  return `position, event_id, stream, revision, type, ${data}`;
}

/** Event types as a list of SQL string literals. */
function sqlList(types: Iterable<string>): string {
  return [...types].map((type) => `'${type.replaceAll("'", "''")}'`).join(', ');
}

/** The data column of a scratch build: the types whose data it reads (all when absent). */
function scratchDataOf(dataOf: ReadonlySet<string> | undefined): string {
  return dataOf === undefined ? 'data' : `CASE WHEN type IN (${sqlList(dataOf)}) THEN data END AS data`;
}

/**
 * The data, in characters, after which a build's read (readAll's, readAllOf's) ends early. At 1M events a quarter's
 * close puts 543 payout statements (100 MB of text, 140 MB once parsed) in one batch of 5,000 positions: the build
 * worker that projects statements held them all at once, and its heap bound (twice the live heap) doubled that.
 */
const readCharsMax = 8 * 1024 * 1024;

/**
 * A read's rows, or fewer: those up to the one whose data passes `readCharsMax` in all (a build's batch holds its
 * rows and what they parse into until it has applied them all).
 */
function rowsWithinData<Row extends { data: string | null }>(rows: IterableIterator<Row>): Row[] {
  const read: Row[] = [];
  let chars = 0;
  for (const row of rows) {
    read.push(row);
    chars += row.data?.length ?? 0;
    if (chars >= readCharsMax) break;
  }
  return read;
}

/** Distinct sets of types readAllOf keeps a query for; more are not expected (see typedRead). */
const typedReadsMax = 16;

/** The largest position a row can hold (SQLite's INTEGER is 64-bit signed): nothing is ever stored after it. */
const positionMax = 2n ** 63n - 1n;

const schema = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    chain_hash TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
`;

/**
 * Makes a database file, and its -wal and -shm files if present, readable by the owner only (0600): they
 * hold the whole ledger. The file is created here rather than by SQLite, which would create it 0644;
 * SQLite creates the -wal and -shm files with the mode of the database file, so they follow.
 */
function restrictToOwner(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    // Files left 0644 by an earlier version are tightened too.
    if ((mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

/**
 * Opens a SQLite database the way every ledger file must be opened: WAL for concurrent readers and
 * synchronous=FULL, because in WAL mode NORMAL can lose a committed transaction on power failure.
 * The files are the owner's only (restrictToOwner).
 */
export function openDatabase(path: string, remedy = ''): Database.Database {
  restrictToOwner(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma(`journal_size_limit = ${walFileBytesMax}`);
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db?.close();
    throw unreadableDatabase(path, error, remedy) ?? error;
  }
}

/**
 * The error of a file SQLite cannot read as a database (not one, or damaged where opening reads it), naming the file
 * and what to do (`remedy`, a sentence); undefined for any other error. SQLite's own says only "file is not a
 * database", and a service that cannot start then printed that under a stack.
 */
function unreadableDatabase(path: string, error: unknown, remedy: string): Error | undefined {
  const damage = databaseDamage(error);
  if (!damage) return undefined;
  const text = `${path} cannot be read as a SQLite database (${damage.code}: ${damage.reason}).${remedy}`;
  return Object.assign(new Error(text), { code: damage.code, cause: error });
}

/**
 * SQLite's code and words when `error` says a database file is damaged (SQLITE_CORRUPT; SQLITE_NOTADB for a damaged
 * header), which no retry mends; undefined for any other error. Errors of the native module come from another realm
 * under test runners, so they are read by shape, not `instanceof`.
 */
export function databaseDamage(error: unknown): { code: string; reason: string } | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') return undefined;
  return { code, reason: typeof message === 'string' ? message : code };
}

/** What to do when the event log cannot be read: it is the source of every figure, and nothing derives it. */
export const logRemedy =
  " It is the ledger's event log, from which everything else is derived: restore it from a backup (`ledger backup` " +
  'makes one), move read-models.sqlite and snapshots/ aside, start again, then run `ledger verify`.';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY (SQLite's busy handler). */
const busyTimeoutMs = 5000;
/** The longest pause between two tries of a write held off by another connection (writeUnlocked). */
const busyRetryMsMax = 32;

/**
 * Runs `write` (statements on `db`, one transaction at most) without SQLite's busy handler, which sleeps on the
 * calling thread while another connection holds the write lock. On the API's thread that sleep held every request:
 * the MDF reactor's checkpoint, written behind the projector thread's commits, stopped the event loop for up to 79
 * ms during an import (docs/benchmarks.md). A write held off changes nothing; it is tried again after a timer,
 * backing off from 1 to 32 ms, for `waitMsMax` (as long as the busy handler would have waited), then its
 * SQLITE_BUSY is thrown.
 */
export async function writeUnlocked<Result>(
  db: Database.Database,
  write: () => Result,
  waitMsMax = busyTimeoutMs,
): Promise<Result> {
  const startedMs = performance.now();
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, busyRetryMsMax)) {
    const attempt = tryWrite(db, write);
    if ('written' in attempt) return attempt.written;
    if (performance.now() - startedMs + pauseMs > waitMsMax) throw attempt.busy;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

function tryWrite<Result>(db: Database.Database, write: () => Result): { written: Result } | { busy: unknown } {
  db.pragma('busy_timeout = 0');
  try {
    return { written: write() };
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return { busy: error };
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/**
 * A scratch database for work that is thrown away if the process dies (a rebuild's fresh tables,
 * which are copied into the live file in one durable transaction): no fsync, no WAL.
 */
export function openScratchDatabase(path: string): Database.Database {
  restrictToOwner(path);
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${scanPageCacheKib}`);
  db.defaultSafeIntegers(true);
  return db;
}

/**
 * What a WAL file is cut back to when a writer starts it over after a checkpoint. SQLite otherwise keeps the file at
 * the largest it ever grew while any connection stays open: a rebuild's swap copies a million events' read models in
 * transactions of up to 330 MB.
 */
const walFileBytesMax = 64 * 1024 * 1024;

/** SQLite's default WAL size that starts a checkpoint, in pages. */
const defaultCheckpointPages = 1000;
/** The WAL size that starts a checkpoint during a bulk load: 64 MiB of 4 KiB pages. */
const bulkCheckpointPages = 16_384;

/**
 * The page cache of a connection that writes a file no other connection writes (the log's appender, the read
 * models' projector), in KiB; better-sqlite3 builds SQLite with a default of 16 MB (`SQLITE_DEFAULT_CACHE_SIZE`).
 * Each append inserts into two indexes of keys spread over the whole log (event ids, stream and revision), each
 * projector batch into indexes of event and deal ids: with the default, at a million events nearly every insert
 * read its index pages back from the OS, a system call each. What the writer caches stays valid between its
 * commits. A cap, not an allocation.
 */
export const writerPageCacheKib = 65_536;

/**
 * The page cache, in KiB, of a connection that reads the log once from front to back (a worker's build, simulation
 * or snapshot fold) or fills a scratch file. Such a connection would fill the default 16 MB with pages it never reads
 * again: the four of a rebuild's two build workers were 63 MB of its peak at a million events. Not the live
 * projector thread's: it reads streams again and again, and with 2 MB deal wins ran at 0.94× (docs/benchmarks.md,
 * "The engine's state on a diet, and a build's page caches").
 */
export const scanPageCacheKib = 2048;

/**
 * Bulk loading (the seed): until the returned function is called, commits on `db` no longer wait for their
 * fsync (synchronous=NORMAL). In WAL mode a killed process still loses nothing committed; a power loss may
 * lose the last commits but never corrupts the file (the seed re-appends them when run again). The returned
 * function restores synchronous=FULL and fsyncs the database and its WAL, so everything committed meanwhile
 * is durable once it returns. An in-memory database has nothing to sync.
 */
export function deferSync(db: Database.Database): () => void {
  db.pragma('synchronous = NORMAL');
  // Fewer, larger checkpoints: a page the load rewrites again and again (an index leaf of random keys) is copied
  // into the file once per checkpoint, and each checkpoint ends with an fsync. At the default (1,000 pages) a
  // seed of a million events wrote about 54 GB for 2.5 GB of files.
  db.pragma(`wal_autocheckpoint = ${bulkCheckpointPages}`);
  return () => {
    db.pragma('synchronous = FULL');
    db.pragma(`wal_autocheckpoint = ${defaultCheckpointPages}`);
    if (db.memory || db.name === '') return;
    // A passive checkpoint moves what it can into the file; the fsyncs below cover what stays in the WAL.
    db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of [db.name, `${db.name}-wal`]) {
      let fd: number;
      try {
        fd = openSync(file, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  };
}

/** What the checks at the start of `appendToStream` let through (the writer thread gets no other). */
function isAppendable(events: readonly NewEvent[], options: { expectedVersion: number }): boolean {
  return events.length > 0 && Number.isSafeInteger(options.expectedVersion) && options.expectedVersion >= 0;
}

function isMemoryPath(path: string): boolean {
  return path === '' || path === ':memory:' || path.includes('mode=memory');
}

type ScratchRow = Omit<EventRow, 'metadata' | 'data'> & { data: string | null };

/**
 * An event as a scratch build reads it (SqliteEventStoreOptions.scratchReads): its data parsed when read,
 * if the build reads it; reading the data left in the file, or the metadata, throws. Instances of classes, not
 * object literals with getters: one allocation per event, with the getters on the prototype (a rebuild makes one
 * per event read, 7.9% of a build worker's samples as literals).
 */
abstract class ScratchEventBase {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
  readonly type: string;

  constructor(row: ScratchRow) {
    this.eventId = row.event_id;
    this.stream = row.stream;
    this.revision = Number(row.revision);
    this.position = BigInt(row.position);
    this.type = row.type;
  }

  get metadata(): StoredEvent['metadata'] {
    return unread('metadata');
  }
}

class ScratchEvent extends ScratchEventBase implements StoredEvent {
  constructor(
    row: ScratchRow,
    readonly data: unknown,
  ) {
    super(row);
  }
}

class ScratchEventWithoutData extends ScratchEventBase implements StoredEvent {
  get data(): unknown {
    return unread(`data of ${this.type} events`);
  }
}

function toScratchEvent(row: ScratchRow): StoredEvent {
  return row.data === null ? new ScratchEventWithoutData(row) : new ScratchEvent(row, JSON.parse(row.data));
}

function unread(what: string): never {
  throw new Error(`This build did not read the ${what} (SqliteEventStoreOptions.scratchReads, Projection.reads)`);
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    stream: row.stream,
    revision: Number(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as StoredEvent['metadata'],
  };
}

/**
 * The embedded event store. Appends are queued and committed together on the next turn of the
 * event loop: concurrent commands share one transaction and one fsync (group commit), and each
 * append is checked and written inside a savepoint so one conflict never fails its neighbours.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly emitter = new EventEmitter();
  /** This store's commits, heard by the other threads of the process that follow the same file (and theirs here). */
  private readonly appendedSignal: ThreadSignal;
  private readonly groupCommitMax: number;
  private readonly path: string;
  private readonly onCommitted: ((commit: GroupCommit) => void) | undefined;
  private queue: PendingAppend[] = [];
  /** Transactions committed (each one fsync); fewer than appends when group commit works. */
  commitsTotal = 0;
  private flushScheduled = false;
  private closed = false;
  private readonly statements;
  private readonly appendOne;
  private readonly commitGroup;
  private readonly writeAll;
  private readonly knownVersions: KnownVersions;
  /** See observedInTask. */
  private taskObservation: bigint | undefined;
  /** The streams and versions the current group transaction appended, remembered once it commits. */
  private appendedInGroup: Array<[string, number]> = [];
  private readonly scopes = new AppendScopes();
  private readonly appendWorker: boolean;
  /** A scratch build's read of the log (SqliteEventStoreOptions.scratchReads). */
  private readonly scratchRead: Database.Statement<[bigint, number], Parameters<typeof toScratchEvent>[0]> | undefined;
  /** The data a scratch build reads: the column, or an expression that leaves out the types it does not read. */
  private readonly scratchData: string | undefined;
  /** readAllOf's query per set of types (a few sets, each named in code: a projection's or a build part's). */
  private readonly typedReads = new Map<string, Database.Statement<[bigint, bigint, bigint], EventRow>>();
  /** The writer thread, started by the first append (a store only read from never starts one). */
  private writer: SqliteAppendClient | undefined;
  /**
   * While deferred-commit appends wait in an open transaction: the head of the log as committed, the most
   * that readAll and headPosition show (a consumer must never apply what a crash would take back).
   */
  private committedHead: bigint | undefined;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openDatabase(options.path, logRemedy);
    if (options.pageCacheKib !== undefined) this.db.pragma(`cache_size = -${options.pageCacheKib}`);
    this.db.exec(schema);
    migrateEventChain(this.db);
    this.groupCommitMax = options.groupCommitMax ?? 1000;
    this.onCommitted = options.onCommitted;
    this.appendWorker = (options.appendWorker ?? true) && !isMemoryPath(options.path);
    this.path = options.path;
    const announced = (options.announceToThreads ?? true) && !isMemoryPath(options.path);
    this.appendedSignal = new ThreadSignal(announced ? `appended:${resolvePath(options.path)}` : undefined);
    this.emitter.setMaxListeners(100);
    this.statements = {
      streamVersion: this.db.prepare<[string], { version: bigint | null }>(eventReads.streamVersion),
      readStream: this.db.prepare<[string, number, number], EventRow>(eventReads.stream),
      readAll: this.db.prepare<[bigint, number], EventRow>(eventReads.all),
      readAllCommitted: this.db.prepare<[bigint, bigint, number], EventRow>(eventReads.allCommitted),
      byEventId: this.db.prepare<[string], EventRow>('SELECT * FROM events WHERE event_id = ?'),
      head: this.db.prepare<[], { position: bigint | null }>('SELECT max(position) AS position FROM events'),
      window: this.db.prepare<[bigint, bigint, number], { last: bigint | null; size: bigint }>(eventReads.window),
      dataVersion: this.db.prepare<[], bigint>('PRAGMA data_version').pluck(),
      streamsAfter: this.db.prepare<[bigint, number], { position: bigint; stream: string; revision: bigint }>(
        eventReads.streamsAfter,
      ),
      insert: this.db.prepare(
        'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, chain_hash) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // AUTOINCREMENT's next position is past the largest ever used (sqlite_sequence), not only the largest left.
      chainHead: this.db.prepare<[], { used: bigint | null; hash: string | null }>(
        `SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'events') AS used,
           (SELECT chain_hash FROM events ORDER BY position DESC LIMIT 1) AS hash`,
      ),
    };
    this.scratchData = options.scratchReads && scratchDataOf(options.scratchReads.dataOf);
    this.scratchRead =
      this.scratchData === undefined
        ? undefined
        : this.db.prepare<[bigint, number], Parameters<typeof toScratchEvent>[0]>(eventReads.scratch(this.scratchData));
    this.appendOne = this.db.transaction((pending: PendingAppend): AppendResult => this.write(pending));
    this.commitGroup = this.db.transaction((group: PendingAppend[]) => group.map((pending) => this.attempt(pending)));
    // A batch is written whole or not at all: the first append that throws rolls the transaction back.
    this.writeAll = this.db.transaction(
      (group: readonly BatchedAppend[], reads: BatchContents['reads']): AppendResult[] => {
        for (const [stream, version] of reads) {
          const actual = this.currentVersion(stream);
          if (actual !== version) throw new StreamVersionConflict(stream, version, actual);
        }
        return group.map((append) => this.write(append));
      },
    );
    this.knownVersions = new KnownVersions({
      dataVersion: () => this.statements.dataVersion.get()!,
      head: () => this.statements.head.get()?.position ?? 0n,
      after: (position, limit) =>
        this.statements.streamsAfter
          .all(position, limit)
          .map((row) => ({ position: row.position, stream: row.stream, revision: Number(row.revision) })),
    });
  }

  /** See `deferSync`: commits stop waiting for fsync until the returned function syncs and restores FULL. */
  deferSync(): () => void {
    this.assertOpen();
    if (this.appendWorker) return this.writerThread().deferSync();
    return deferSync(this.db);
  }

  /** Whether deferred-commit appends wait uncommitted in this store's open transaction. */
  get deferredOpen(): boolean {
    return this.committedHead !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<StreamRead> {
    const scope = this.scopes.current();
    const before = scope?.kind === 'deferred-commit' ? scope.reading?.(stream) : undefined;
    const afterRevision = options.afterRevision ?? 0;
    return (before ?? Promise.resolve()).then(() => {
      const known = scope?.kind === 'batch' ? scope.batch.known(stream, afterRevision) : undefined;
      if (known) return known;
      // A page only outside any scope: a scope's bookkeeping below reads a stream to its end.
      const limit = scope === undefined ? (options.maxCount ?? -1) : -1;
      const read = this.readCommitted(stream, afterRevision, limit);
      // A full page ends before the committed rows do: what follows them comes with the next page.
      if (read.events.length === limit) return read;
      // Deferred appends wait uncommitted in the writer's transaction, which only its connection sees: the
      // writer's client keeps their events until they are committed (an import's read-your-writes).
      const committed = this.writer ? this.writer.withUncommitted(stream, read, afterRevision) : read;
      // A batch's lines read the appends of the lines before them, not written yet (append-batch.ts).
      return scope?.kind === 'batch' ? scope.batch.overlay(stream, committed, afterRevision) : committed;
    });
  }

  /**
   * The known versions observed once per task: reads until the microtasks queued so far have run share one
   * observation, as if they were one read transaction begun before them. Each task observes anew, so a read
   * still starts after the input that led to it (a request, a writer's reply) arrived. A read transaction
   * costs this connection a lock and a look at the WAL, about half a stream read, once the writer has committed.
   */
  private observedInTask(): bigint {
    if (this.taskObservation !== undefined) return this.taskObservation;
    const observed = this.knownVersions.observe();
    this.taskObservation = observed;
    queueMicrotask(() => (this.taskObservation = undefined));
    return observed;
  }

  /** The events after `afterRevision`, at most `limit` of them (-1: all). */
  private readCommitted(stream: string, afterRevision: number, limit = -1): StreamRead {
    this.assertOpen();
    const known = this.knownVersions;
    // A whole stream's read (a command creating it, mostly) cannot be answered from a version: it observes
    // nothing, and remembers what it read only when this task has observed already.
    const observed = afterRevision > 0 ? this.observedInTask() : this.taskObservation;
    // Nothing appended since the caller's revision, by this connection or any other: nothing to query.
    if (afterRevision > 0 && known.get(stream) === afterRevision) return { version: afterRevision, events: [] };
    const events = this.statements.readStream.all(stream, afterRevision, limit).map(toStoredEvent);
    // Nothing after a revision the caller has seen means the stream is still at that revision (a stream only
    // grows; a revision of an open batch that the writer's client keeps is added back by withUncommitted).
    const version = events.at(-1)?.revision ?? afterRevision;
    // A full page may have more after it: the stream's version is known only from its last page.
    if (observed !== undefined && events.length !== limit) known.set(stream, version, observed);
    return { version, events };
  }

  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: { expectedVersion: number },
  ): Promise<AppendResult> {
    const appendScope = this.scopes.current();
    if (appendScope?.kind === 'batch' && !this.closed && isAppendable(events, options)) {
      const joined = appendScope.batch.add(stream, events, options.expectedVersion);
      appendScope.appending?.(stream);
      return joined;
    }
    if (this.appendWorker && !this.closed && appendScope?.kind !== 'refuse' && isAppendable(events, options)) {
      const deferred = appendScope?.kind === 'deferred-commit';
      const sent = this.writerThread().append(stream, events, options.expectedVersion, deferred);
      if (deferred) appendScope.appending?.(stream);
      return sent;
    }
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('The event store is closed'));
      if (events.length === 0) return reject(new Error('An append needs at least one event'));
      if (!Number.isSafeInteger(options.expectedVersion) || options.expectedVersion < 0) {
        return reject(new Error(`expectedVersion must be a non-negative integer, got ${options.expectedVersion}`));
      }
      const queuedAtMs = performance.now();
      const pending = { stream, events, expectedVersion: options.expectedVersion, resolve, reject, queuedAtMs };
      if (appendScope?.kind === 'refuse') return reject(appendScope.refusal());
      if (appendScope?.kind === 'deferred-commit') {
        appendScope.appending?.(stream);
        return this.appendDeferred(pending);
      }
      this.queue.push(pending);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  readAll(options: { after: bigint; limit: number }): Promise<readonly StoredEvent[]> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      if (options.after >= positionMax) return [];
      // A build's store never appends, so nothing it reads is uncommitted.
      if (this.scratchRead && this.committedHead === undefined) {
        return rowsWithinData(this.scratchRead.iterate(options.after, options.limit)).map(toScratchEvent);
      }
      const rows =
        this.committedHead === undefined
          ? this.statements.readAll.all(options.after, options.limit)
          : this.statements.readAllCommitted.all(options.after, this.committedHead, options.limit);
      return rows.map(toStoredEvent);
    });
  }

  readAllOf(options: {
    after: bigint;
    until: bigint;
    limit: number;
    types: ReadonlySet<string>;
  }): Promise<{ readonly events: readonly StoredEvent[]; readonly windowSize: number }> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      if (!Number.isSafeInteger(options.limit) || options.limit < 1)
        throw new Error(`limit must be a positive integer, got ${options.limit}`);
      if (options.after >= positionMax) return { events: [], windowSize: 0 };
      // Deferred appends wait uncommitted: as readAll, nothing past the committed head.
      const head = this.committedHead ?? positionMax;
      const until = head < options.until ? head : options.until;
      const window = this.statements.window.get(options.after, until, options.limit)!;
      if (window.last === null) return { events: [], windowSize: 0 };
      const rows = rowsWithinData(this.typedRead(options.types).iterate(options.after, window.last, window.last));
      const events = this.scratchData === undefined ? rows.map(toStoredEvent) : rows.map(toScratchEvent);
      const last = BigInt(rows.at(-1)!.position);
      // Cut short by its data, the window ends at its last row.
      const size =
        last === window.last ? window.size : this.statements.window.get(options.after, last, options.limit)!.size;
      return { events, windowSize: Number(size) };
    });
  }

  private typedRead(types: ReadonlySet<string>): Database.Statement<[bigint, bigint, bigint], EventRow> {
    const key = [...types].sort().join(',');
    let statement = this.typedReads.get(key);
    if (!statement) {
      // Bounded: the sets come from code, not from requests.
      if (this.typedReads.size >= typedReadsMax) this.typedReads.clear();
      const columns = this.scratchData === undefined ? '*' : scratchColumns(this.scratchData);
      statement = this.db.prepare(eventReads.typed(columns, sqlList(types)));
      this.typedReads.set(key, statement);
    }
    return statement;
  }

  headPosition(): Promise<bigint> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      return this.committedHead ?? this.statements.head.get()?.position ?? 0n;
    });
  }

  /** This store's own commits, and those another thread of this process made to the same file. */
  onAppended(listener: () => void): () => void {
    this.emitter.on('appended', listener);
    const unsubscribe = this.appendedSignal.on(listener);
    return () => {
      this.emitter.off('appended', listener);
      unsubscribe();
    };
  }

  private announceAppended(): void {
    this.emitter.emit('appended');
    this.appendedSignal.post();
  }

  withAppendScope<T>(scope: AppendScope, work: () => Promise<T>): Promise<T> {
    return this.scopes.run(scope, work);
  }

  currentAppendScope(): AppendScope | undefined {
    return this.scopes.current();
  }

  /**
   * Writes a batch in one transaction, in the writer thread when there is one (one message); the batch's
   * appends are answered once it is durable. Refused whole if any append is, or the batch it was built on.
   */
  appendBatch(batch: PendingBatch): Promise<void> {
    const builtOnRefused = batch.failed;
    const contents = batch.close();
    // A batch that appends nothing still has its reads checked: its lines' refusals and replays relied on them.
    const toWrite = contents.appends.length > 0 || contents.reads.length > 0;
    if (!builtOnRefused && toWrite && this.appendWorker && !this.closed) {
      const sent = this.writerThread().appendBatch(contents, batch.builtOn?.sentAs ?? 0);
      batch.sentAs = sent.seq;
      return sent.results.then(
        (results) => batch.written(results),
        (error: unknown) => {
          batch.refused();
          throw error;
        },
      );
    }
    // In this thread the batch is settled at once, so a batch built on it sees whether it was refused.
    try {
      if (builtOnRefused) throw new Error('The batch this one was built on was refused');
      batch.written(toWrite ? this.writeBatch(contents) : []);
      return Promise.resolve();
    } catch (error) {
      batch.refused();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * A batch's appends in one transaction on this connection, in order, each at its exact expected version,
   * once every stream it read is checked to be at the version read; the first check or append that fails
   * rolls them all back and throws. Any deferred appends waiting are committed first.
   */
  writeBatch({ appends, reads }: BatchContents): AppendResult[] {
    this.assertOpen();
    this.commitDeferred();
    const startedAtMs = performance.now();
    const observed = this.knownVersions.observe();
    this.appendedInGroup = [];
    const results = this.writeAll.immediate(appends, reads);
    if (appends.length === 0) return results;
    this.commitsTotal += 1;
    for (const [stream, version] of this.appendedInGroup) this.knownVersions.set(stream, version, observed);
    const seconds = (performance.now() - startedAtMs) / 1000;
    this.onCommitted?.({ appends: appends.length, appendSeconds: appends.map(() => seconds) });
    this.announceAppended();
    return results;
  }

  commitPending(): Promise<void> {
    if (this.writer && !this.closed) return this.writer.commitPending();
    return Promise.resolve().then(() => {
      this.assertOpen();
      this.commitDeferred();
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.writer) return this.closeWithWriter(this.writer);
    // Drain what is queued: an append that was accepted must be committed (or refused) before closing.
    while (this.queue.length > 0) this.flush();
    if (this.closed) return Promise.resolve();
    this.commitDeferred();
    this.closed = true;
    this.db.close();
    this.appendedSignal.close();
    return Promise.resolve();
  }

  /** The writer thread drains what is queued and commits what is deferred, then this connection closes. */
  private async closeWithWriter(writer: SqliteAppendClient): Promise<void> {
    this.writer = undefined;
    try {
      await writer.close();
    } finally {
      this.closed = true;
      this.db.close();
      this.appendedSignal.close();
    }
  }

  private writerThread(): SqliteAppendClient {
    this.writer ??= new SqliteAppendClient(this.path, this.groupCommitMax, (message, appended) =>
      this.writerReplied(message, appended),
    );
    return this.writer;
  }

  private writerReplied(message: WorkerReplies, appended: boolean): void {
    this.commitsTotal = message.commitsTotal;
    for (const commit of message.commits) this.onCommitted?.(commit);
    if (appended) this.announceAppended();
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue.splice(0, this.groupCommitMax);
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (group.length === 0) return;
    let outcomes: Array<{ result?: AppendResult; error?: unknown }>;
    const observed = this.knownVersions.observe();
    this.appendedInGroup = [];
    try {
      if (this.committedHead === undefined) outcomes = this.commitGroup.immediate(group);
      else {
        // Deferred appends wait in an open transaction: the group joins it (as savepoints) and commits it all.
        outcomes = this.commitGroup(group);
        this.commitDeferred();
      }
    } catch (error) {
      // The whole transaction failed (disk full, I/O error): nothing of the group was written.
      for (const pending of group) pending.reject(error);
      return;
    }
    if (this.closed) return;
    this.commitsTotal += 1;
    for (const [stream, version] of this.appendedInGroup) this.knownVersions.set(stream, version, observed);
    if (this.onCommitted) {
      const committedAtMs = performance.now();
      const appendSeconds = group.map((pending) => (committedAtMs - pending.queuedAtMs) / 1000);
      this.onCommitted({ appends: group.length, appendSeconds });
    }
    // Resolve only after COMMIT returned: the fsync is done and every acknowledged append is durable.
    outcomes.forEach((outcome, index) => {
      const pending = group[index]!;
      if (outcome.result) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.result)) this.announceAppended();
  }

  /**
   * An append in a deferred-commit scope: checked and written now, inside the open transaction (begun if
   * none is), and acknowledged before it is durable; the next commit makes it so.
   */
  private appendDeferred(pending: PendingAppend): void {
    if (this.committedHead === undefined) {
      const head = this.statements.head.get()?.position ?? 0n;
      this.db.exec('BEGIN IMMEDIATE');
      this.committedHead = head;
    }
    const observed = this.knownVersions.observe();
    this.appendedInGroup = [];
    let result: AppendResult;
    try {
      result = this.appendOne(pending);
    } catch (error) {
      pending.reject(error);
      return;
    }
    for (const [stream, version] of this.appendedInGroup) this.knownVersions.set(stream, version, observed);
    pending.resolve(result);
  }

  /**
   * Commits the open deferred transaction, if any (one fsync). A failed commit takes back appends this
   * process already acknowledged to its own commands and cached: the store stops rather than serve them.
   */
  private commitDeferred(): void {
    if (this.committedHead === undefined) return;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.stopAfterFailedCommit();
      throw error;
    }
    this.committedHead = undefined;
    this.commitsTotal += 1;
    this.announceAppended();
  }

  private stopAfterFailedCommit(): void {
    this.closed = true;
    this.committedHead = undefined;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }

  /** One append inside the group transaction; a nested transaction is a savepoint in better-sqlite3. */
  private attempt(pending: PendingAppend): { result?: AppendResult; error?: unknown } {
    try {
      return { result: this.appendOne(pending) };
    } catch (error) {
      return { error };
    }
  }

  private write(pending: BatchedAppend): AppendResult {
    const actualVersion = this.currentVersion(pending.stream);
    if (actualVersion !== pending.expectedVersion) {
      // A retry's events sit right after the version it expected, so only a stream that moved can hold one.
      const retried = this.findRetry(pending);
      if (retried) return retried;
      throw new StreamVersionConflict(pending.stream, pending.expectedVersion, actualVersion);
    }
    let revision = actualVersion;
    let position = 0n;
    for (const event of pending.events) {
      revision += 1;
      position = this.insert(event, pending.stream, revision);
    }
    this.appendedInGroup.push([pending.stream, revision]);
    return { nextExpectedVersion: revision, position };
  }

  /** Inserts one event; its id stored anywhere already (the unique index says so) is a DuplicateEventId. */
  private insert(event: NewEvent, stream: string, revision: number): bigint {
    try {
      const { eventId, type } = event;
      const [data, metadata] = [eventDataJson(event), JSON.stringify(event.metadata)];
      const { position, hash } = this.chainLink({ eventId, stream, revision, type, data, metadata });
      this.statements.insert.run(position, eventId, stream, revision, type, data, metadata, hash);
      return position;
    } catch (error) {
      // The stream's version was checked in this transaction, so the only unique key left to break is the id.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DuplicateEventId(event.eventId);
      }
      throw error;
    }
  }

  /**
   * The position and chain hash of the next row (event-chain.ts), read inside the appending transaction so
   * a rolled-back savepoint or another process's commit can never leave a stale head. Every inserted row takes one.
   */
  private chainLink(event: Omit<ChainedEventText, 'position'>): { position: bigint; hash: string } {
    const head = this.statements.chainHead.get()!;
    const position = (head.used ?? 0n) + 1n;
    return { position, hash: eventChainHash(head.hash ?? eventChainGenesis, { position, ...event }) };
  }

  /** An append whose event ids are already stored, in this stream and in this order, is a retry. */
  private findRetry(pending: BatchedAppend): AppendResult | undefined {
    const first = this.statements.byEventId.get(pending.events[0]!.eventId);
    if (!first) {
      for (const event of pending.events.slice(1)) {
        if (this.statements.byEventId.get(event.eventId)) throw new DuplicateEventId(event.eventId);
      }
      return undefined;
    }
    let last = toStoredEvent(first);
    if (last.stream !== pending.stream) throw new DuplicateEventId(last.eventId);
    for (const [index, event] of pending.events.entries()) {
      const row = this.statements.byEventId.get(event.eventId);
      if (!row || row.stream !== pending.stream || Number(row.revision) !== Number(first.revision) + index) {
        throw new DuplicateEventId(event.eventId);
      }
      last = toStoredEvent(row);
    }
    return { nextExpectedVersion: last.revision, position: last.position, retried: true };
  }

  private currentVersion(stream: string): number {
    return Number(this.statements.streamVersion.get(stream)?.version ?? 0);
  }

  private assertOpen(): void {
    if (this.closed || this.writer?.stopped) throw new Error('The event store is closed');
  }
}
