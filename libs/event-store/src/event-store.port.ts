/**
 * The event store port. Two adapters implement it (SQLite, EventStoreDB) and one contract suite
 * (event-store.contract.ts) holds both to the same behaviour.
 *
 * Versions: a stream that does not exist is at version 0; each appended event raises the version by
 * one, so an event's `revision` is the stream version right after it (the first event is revision 1).
 * Positions: the global order of the log, strictly increasing, as bigint (EventStoreDB commit
 * positions do not fit a JS number); on the wire they are decimal strings.
 */
export interface EventMetadata {
  /** Who caused the event (the authenticated subject), and in which role. */
  readonly actor: string;
  readonly actorRole: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** When the ledger recorded it (ISO-8601 UTC), from the injected clock. */
  readonly recordedAt: string;
  /** The key of the command that produced it and a fingerprint of that command's payload. */
  readonly idempotencyKey: string;
  readonly commandHash: string;
  readonly [key: string]: unknown;
}

export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  /** The event's data; undefined when `dataUtf8` carries it. */
  readonly data: unknown;
  /**
   * The data as the UTF-8 of its JSON (`JSON.stringify(data)`), when the caller serialized it already: an event decided
   * in another thread crosses threads as a buffer that is moved, not copied (a statement can be megabytes, and
   * cloning a string of 16 MB held the sending thread 60–260 ms). Every adapter stores it as it would store `data`.
   * A thread that hands the event on (`eventBuffers`) can no longer read it.
   */
  readonly dataUtf8?: Uint8Array;
  readonly metadata: EventMetadata;
}

export interface StoredEvent extends Omit<NewEvent, 'dataUtf8'> {
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
}

const utf8 = new TextDecoder();

/** The event's data as the store keeps it: JSON text. */
export function eventDataJson(event: NewEvent): string {
  return event.dataUtf8 ? utf8.decode(event.dataUtf8) : JSON.stringify(event.data);
}

/** The buffers of events whose data is bytes, each once: the transfer list of a message that hands them on. */
export function eventBuffers(events: readonly NewEvent[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const event of events) if (event.dataUtf8) buffers.add(event.dataUtf8.buffer as ArrayBuffer);
  return [...buffers];
}

/** A new event as a read gives it back once stored: data and metadata through JSON. */
export function asRead(event: NewEvent): Pick<NewEvent, 'eventId' | 'type' | 'data' | 'metadata'> {
  const { eventId, type, metadata } = event;
  const data: unknown = JSON.parse(eventDataJson(event));
  return { eventId, type, data, metadata: JSON.parse(JSON.stringify(metadata)) as EventMetadata };
}

export interface AppendResult {
  /** The stream version after the append (the revision of the last event). */
  readonly nextExpectedVersion: number;
  /** The global position of the last appended event. */
  readonly position: bigint;
  /** The store held these events already (an earlier identical append): this is its result, and nothing was written. */
  readonly retried?: true;
}

export interface ReadStreamOptions {
  readonly afterRevision?: number;
  readonly maxCount?: number;
}

export interface StreamRead {
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

/**
 * How appends made inside `EventStore.withAppendScope` behave (an import's lines run in one).
 * - `deferred-commit`: each append is checked and written at once, seen by this process's later reads of its
 *   stream, and acknowledged before it is durable; `commitPending` (or any other writer's commit) makes every
 *   such append durable together: many commands, one transaction, one fsync. Until then `readAll` and
 *   `headPosition` show only committed events, so no consumer can see what a crash would take back.
 * - `refuse`: every append fails with the error `refusal` makes (a dry run that must append nothing).
 */
export type AppendScope = DeferredCommitScope | BatchScope | { readonly kind: 'refuse'; readonly refusal: () => Error };

/**
 * A deferred-commit scope, with two optional hooks through which an import overlaps its lines (an adapter
 * that does not call them only makes the import run its lines one after the other):
 * - `appending`: told, in the same turn, when an append of the scope is handed to the store (not answered yet);
 * - `reading`: asked before a stream read of the scope; the read waits for the promise it returns, if any.
 */
export interface DeferredCommitScope {
  readonly kind: 'deferred-commit';
  readonly appending?: (stream: string) => void;
  readonly reading?: (stream: string) => Promise<void> | undefined;
}

/**
 * An import line's scope in a batch (append-batch.ts): its append joins `batch` instead of going to the store
 * alone, and is answered once the whole batch is written (`EventStore.appendBatch`); its reads see the batch's
 * appends. `appending` is told, in the same turn, when the line hands its append over.
 */
export interface BatchScope {
  readonly kind: 'batch';
  readonly batch: PendingBatch;
  readonly appending?: (stream: string) => void;
}

/** One append of a batch, as the store writes it. */
export interface BatchedAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: number;
}

/** What a store writes of a batch: its appends in order, and the stream versions its reads relied on. */
export interface BatchContents {
  readonly appends: readonly BatchedAppend[];
  /** Streams read with none of the batch's appends on them, and the version read: refused if one moved. */
  readonly reads: readonly (readonly [stream: string, version: number])[];
}

/** What a store needs of a batch of appends (AppendBatch). */
export interface PendingBatch {
  /** Joins the batch; settles once the batch is written (the append's result) or refused. */
  add(stream: string, events: readonly NewEvent[], expectedVersion: number): Promise<AppendResult>;
  /** A read the batch answers without the store's rows, if it can (then the write checks it held). */
  known(stream: string, afterRevision: number): StreamRead | undefined;
  /** A read of the store's committed rows with the batch's appends (and those of `builtOn`) on top. */
  overlay(stream: string, committed: StreamRead, afterRevision: number): StreamRead;
  /** Nothing joins afterwards: what to write. */
  close(): BatchContents;
  /** Written and durable: one result per append, in order. */
  written(results: readonly AppendResult[]): void;
  /** Nothing of it was written. */
  refused(): void;
  /** The batch it was built on, while that one is still being written: refused if that one is. */
  readonly builtOn: PendingBatch | undefined;
  /** Refused, or built on a refused batch. */
  readonly failed: boolean;
  /** The store's handle on it once sent (the writer thread's request number). */
  sentAs: number | undefined;
}

export interface EventStore {
  /**
   * Reads a stream in order; `afterRevision` skips what a caller has already folded. `maxCount` asks for a page: at
   * most that many events when the store can (a read inside an append scope gives them all), and while a page is full
   * its `version` is its last event's revision, so a caller reads again after it until a page comes back short.
   */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StreamRead>;
  /**
   * Appends atomically if the stream is exactly at `expectedVersion` (0: must not exist), else throws
   * StreamVersionConflict and writes nothing. Appending events whose ids are already stored, in this
   * stream and in this order, is a retry: it writes nothing and returns the original result.
   */
  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: { expectedVersion: number },
  ): Promise<AppendResult>;
  /**
   * Reads the global log in order, strictly after `after` (0n: from the start), at most `limit` events (a scratch
   * build's SQLite store returns fewer when their data is large, as readAllOf does).
   */
  readAll(options: { after: bigint; limit: number }): Promise<readonly StoredEvent[]>;
  /**
   * A window of the log for a reader that applies only some event types: the next `limit` events after `after`,
   * none past `until`, of which it returns those of `types` and the window's last event, whatever its type, so the
   * reader learns how far it read (its position moves past the events it leaves out); `windowSize` counts every
   * event of the window. Empty when nothing follows `after` up to `until`. An adapter may end a window early when
   * its data is large (SQLite: after 8 M characters), so that a reader's batch stays bounded in memory; the
   * window's last event is then the last one returned. The SQLite adapter filters in the query
   * (a commission build reads a quarter of the log's rows); EventStoreDB's, which cannot filter a read of $all,
   * filters what it read.
   */
  readAllOf(options: {
    after: bigint;
    until: bigint;
    limit: number;
    types: ReadonlySet<string>;
  }): Promise<{ readonly events: readonly StoredEvent[]; readonly windowSize: number }>;
  /** The position of the newest event (0n when the log is empty). */
  headPosition(): Promise<bigint>;
  /** Calls the listener after events are appended (a wake-up hint: consumers still read with readAll). */
  onAppended(listener: () => void): () => void;
  /** Runs `work` with its appends (those in its async context) behaving as `scope` says. */
  withAppendScope<T>(scope: AppendScope, work: () => Promise<T>): Promise<T>;
  /** Makes every append acknowledged in a `deferred-commit` scope durable; resolves once it is (fsync). */
  commitPending(): Promise<void>;
  /**
   * Writes a batch's appends in order in one transaction (one fsync), each at its exact expected version, or
   * none of them: any refusal, or a batch it was built on refused, refuses it whole (the promise rejects).
   * Optional: an adapter without it (EventStoreDB) runs imports line by line.
   */
  appendBatch?(batch: PendingBatch): Promise<void>;
  /** The scope the caller's appends run in (withAppendScope), if any. */
  currentAppendScope?(): AppendScope | undefined;
  close(): Promise<void>;
}

export class StreamVersionConflict extends Error {
  override readonly name = 'StreamVersionConflict';
  constructor(
    readonly stream: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
  ) {
    super(`Stream ${stream} is at version ${actualVersion ?? 'unknown'}, expected ${expectedVersion}`);
  }
}

/** An event id that is already stored somewhere else than this exact retry: never a silent overwrite. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored in a different place`);
  }
}
