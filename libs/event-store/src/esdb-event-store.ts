import type {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult as EsdbAppendResult,
  JSONType,
  ReadPosition,
  RecordedEvent,
  ResolvedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { AppendScopes } from './append-scope.js';
import {
  DuplicateEventId,
  eventDataJson,
  StreamVersionConflict,
  type AppendResult,
  type AppendScope,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type ReadStreamOptions,
  type StreamRead,
} from './event-store.port.js';

/**
 * The client library (CommonJS), loaded when an adapter first needs it: with its gRPC stack it is about 180
 * modules, which a service on SQLite would otherwise load at every start for nothing.
 */
let clientLibrary: typeof import('@eventstore/db-client') | undefined;
function esdb(): typeof import('@eventstore/db-client') {
  clientLibrary ??= createRequire(import.meta.url)('@eventstore/db-client') as typeof import('@eventstore/db-client');
  return clientLibrary;
}

/*
 * The EventStoreDB / KurrentDB adapter. This is the only file that imports @eventstore/db-client, so
 * everything the server counts differently from the port is translated here and nowhere else:
 *
 * - Versions: the port counts a missing stream as version 0 and numbers events from 1; the server
 *   numbers events from 0 and calls a missing stream NO_STREAM. Port version n is server revision n-1.
 * - Positions: the port's position is the server's commit position. Every event the gRPC API writes
 *   is self-committed, so its commit position equals its prepare position and is unique and strictly
 *   increasing in $all; that is what lets a single bigint stand for a server Position.
 * - System events ($-prefixed streams or types: statistics, metadata, links, the server's own
 *   bookkeeping) are not ledger facts. readAll and headPosition skip them, on the client side,
 *   because client 6 cannot ask the server to filter a plain $all read.
 * - Retries: the server compares event ids only at the revisions an append's expected version points
 *   to. The port's wider rule (ids already in this stream, in this order, at any version, are a retry)
 *   is applied by reading the stream back whenever the server refuses an append or answers it as an
 *   idempotent repeat. An append at the stream's current version whose ids already sit earlier in the
 *   stream is therefore written again, undetected; handleCommand never makes one, because it reads
 *   the command keys in the stream before it appends.
 *
 * Needs a server that reports event positions on stream reads (the client documents them for servers
 * newer than EventStoreDB 22.6; every KurrentDB does); an older server is refused with a message
 * saying so instead of handing out wrong positions.
 */

export interface EsdbEventStoreOptions {
  /** esdb://host:2113?tls=false, esdb+discover://..., or the kurrentdb:// spellings of both. */
  readonly connectionString: string;
  /** Events fetched per round trip by readAll and headPosition (at least 2); bounds memory, not results. */
  readonly readPageMax?: number;
  /** Delay before re-opening the wake-up subscription after the server dropped it, doubled up to 30 s. */
  readonly resubscribeDelayMs?: number;
}

/**
 * The part of the client the adapter uses. Production passes nothing and gets a client connected to
 * the connection string; tests pass an imitation of the server to exercise the adapter without one.
 */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

/** A server position, structurally the client's Position type. */
export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** The server's "no position" (Position.End, all bits set): what it sends when it does not know one. */
const noPosition = 2n ** 64n - 1n;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The translations between the port's numbers and the server's, as pure functions so that they are
 * unit-tested without a server. Grouped in one object to keep the library's namespace tidy.
 */
export const esdbMapping = {
  /** Port expected version (0: the stream must not exist) to the server's expected revision. */
  toExpectedRevision(expectedVersion: number): typeof NO_STREAM | bigint {
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new Error(`expectedVersion must be a non-negative integer, got ${expectedVersion}`);
    }
    return expectedVersion === 0 ? esdb().NO_STREAM : BigInt(expectedVersion - 1);
  },

  /** A server event revision (from 0) to the port's revision (from 1). */
  toPortRevision(revision: bigint): number {
    const portRevision = revision + 1n;
    if (revision < 0n || portRevision > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error(`Stream revision ${revision} cannot be represented as a port revision`);
    }
    return Number(portRevision);
  },

  /** The server's idea of a stream's current revision (from a WrongExpectedVersion) to a port version. */
  toPortVersion(current: typeof NO_STREAM | bigint): number {
    return current === esdb().NO_STREAM ? 0 : esdbMapping.toPortRevision(current);
  },

  /**
   * The server revision to start a stream read at, to get what follows port revision `afterRevision`:
   * the event with port revision afterRevision+1 has server revision afterRevision.
   */
  toFromRevision(afterRevision: number): bigint {
    if (!Number.isSafeInteger(afterRevision) || afterRevision < 0) {
      throw new Error(`afterRevision must be a non-negative integer, got ${afterRevision}`);
    }
    return BigInt(afterRevision);
  },

  /**
   * The position to start a forward $all read at to see what follows port position `after`. The
   * server reads forwards from a position inclusively, so the event at `after` comes back first and
   * the caller drops it; 0n means the start of the log.
   */
  toReadPosition(after: bigint): ReadPosition {
    if (after < 0n) throw new Error(`Position must not be negative, got ${after}`);
    return after === 0n ? esdb().START : { commit: after, prepare: after };
  },

  /** A server position to the port's; undefined when the server sent none (or its "none" value). */
  toPortPosition(position: EsdbPosition | undefined): bigint | undefined {
    if (!position || position.commit === noPosition || position.commit < 0n) return undefined;
    return position.commit;
  },

  /** Server bookkeeping, links and metadata: nothing the ledger wrote as a fact. */
  isSystemEvent(stream: string, type: string): boolean {
    return stream.startsWith('$') || type.startsWith('$');
  },

  /** The client (version 6) predates the KurrentDB rename and only parses the esdb schemes. */
  toClientConnectionString(connectionString: string): string {
    return connectionString.replace(
      /^kurrentdb(\+discover)?:\/\//i,
      (_match, discover: string | undefined) => `esdb${discover ?? ''}://`,
    );
  },
};

/**
 * Client errors are recognized by their `type` (the client's ErrorType values) rather than by class,
 * which holds for every copy of the client module and for test imitations alike.
 */
function isClientError(error: unknown, type: 'wrong-expected-version' | 'stream-not-found'): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

async function collect<E>(read: StreamingRead<E>): Promise<E[]> {
  const items: E[] = [];
  for await (const item of read) items.push(item);
  return items;
}

function toStoredEvent(event: RecordedEvent, position: bigint): StoredEvent {
  if (!event.isJson) {
    // The ledger writes JSON only; a binary event in a ledger stream was written by something else,
    // and folding its bytes as if they were data would corrupt every projection downstream.
    throw new Error(`Event ${event.id} in ${event.streamId} is not JSON; the ledger cannot read it`);
  }
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    stream: event.streamId,
    revision: esdbMapping.toPortRevision(event.revision),
    position,
  };
}

/**
 * The EventStore port on EventStoreDB or KurrentDB. One instance holds one client (one gRPC channel);
 * a call fails fast with the client's UnavailableError when the server cannot be reached, and close()
 * waits for the calls in flight before it disposes of the client.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly readPageMax: number;
  private readonly resubscribeDelayMs: number;
  private readonly emitter = new EventEmitter();
  private readonly inFlight = new Set<Promise<unknown>>();
  private subscription: AllStreamSubscription | undefined;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private resubscribeAttempts = 0;
  /** Set when a subscription was lost: the next one to go live wakes listeners to catch up on the gap. */
  private wakeOnConfirmation = false;
  private wakeScheduled = false;
  private closed = false;
  private readonly scopes = new AppendScopes();

  constructor(options: EsdbEventStoreOptions, client?: EsdbClient) {
    this.client =
      client ??
      esdb().EventStoreDBClient.connectionString(esdbMapping.toClientConnectionString(options.connectionString));
    this.readPageMax = options.readPageMax ?? 4096;
    // A forward page returns the event at its start position again, so a page of one could never move on.
    if (!Number.isSafeInteger(this.readPageMax) || this.readPageMax < 2)
      throw new Error(`readPageMax must be an integer of at least 2, got ${this.readPageMax}`);
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 1000;
    this.emitter.setMaxListeners(100);
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<StreamRead> {
    return this.track(async () => {
      const fromRevision = esdbMapping.toFromRevision(options.afterRevision ?? 0);
      const { maxCount } = options;
      const resolved = await this.readStreamEvents(stream, { fromRevision, ...(maxCount ? { maxCount } : {}) });
      if (resolved === undefined) return { version: 0, events: [] };
      const events = resolved.map((item) => this.toStoredStreamEvent(item));
      const version = events.at(-1)?.revision ?? (await this.streamVersion(stream));
      return { version, events };
    });
  }

  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: { expectedVersion: number },
  ): Promise<AppendResult> {
    const scope = this.scopes.current();
    if (scope?.kind === 'refuse') return Promise.reject(scope.refusal());
    return this.track(async () => {
      if (events.length === 0) throw new Error('An append needs at least one event');
      const expectedRevision = esdbMapping.toExpectedRevision(options.expectedVersion);
      for (const event of events) {
        // The server keeps event ids as UUIDs and hands them back lowercase: anything else would be
        // refused by the server or would not round-trip to the id the ledger derived.
        if (!uuidPattern.test(event.eventId))
          throw new Error(`Event id ${event.eventId} must be a lowercase UUID for EventStoreDB`);
        if (event.data === undefined && event.dataUtf8 === undefined)
          throw new Error(`Event ${event.eventId} has no data`);
      }
      const proposed = events.map((event) =>
        esdb().jsonEvent({
          id: event.eventId,
          type: event.type,
          data: JSON.parse(eventDataJson(event)) as JSONType,
          metadata: event.metadata,
        }),
      );
      let written: EsdbAppendResult;
      try {
        written = await this.client.appendToStream(stream, proposed, { expectedRevision });
      } catch (error) {
        if (!isClientError(error, 'wrong-expected-version')) throw error;
        const { actualVersion } = error as { actualVersion?: typeof NO_STREAM | bigint };
        return this.refused(
          stream,
          events,
          options.expectedVersion,
          actualVersion === undefined ? undefined : esdbMapping.toPortVersion(actualVersion),
        );
      }
      // A connection string with throwOnAppendFailure=false makes the client report a refusal instead
      // of throwing it; its current revision is not reliable on that path, so it is not reported.
      if (!written.success) return this.refused(stream, events, options.expectedVersion, undefined);
      this.scheduleWake();
      const position = esdbMapping.toPortPosition(written.position);
      if (position !== undefined) {
        return { nextExpectedVersion: esdbMapping.toPortRevision(written.nextExpectedRevision), position };
      }
      // The server answers an idempotent write (these ids were already written at this version) with
      // no position; the original result is read back so a retry gets exactly what the first call got.
      const original = await this.findRetry(stream, events);
      if (!original)
        throw new Error(
          `EventStoreDB reported no position for an append to ${stream}, and the events are not in the stream`,
        );
      return original;
    });
  }

  /** Every append here is durable when acknowledged: a deferred-commit scope changes nothing. */
  withAppendScope<T>(scope: AppendScope, work: () => Promise<T>): Promise<T> {
    return this.scopes.run(scope, work);
  }

  commitPending(): Promise<void> {
    return Promise.resolve();
  }

  readAll(options: { after: bigint; limit: number }): Promise<readonly StoredEvent[]> {
    return this.track(async () => {
      if (!Number.isSafeInteger(options.limit) || options.limit < 1)
        throw new Error(`limit must be a positive integer, got ${options.limit}`);
      const found: StoredEvent[] = [];
      // A commit position is an unsigned 64-bit number below noPosition: nothing follows it, and the client cannot
      // send a larger one.
      if (options.after >= noPosition) return found;
      let cursor = options.after;
      let from = esdbMapping.toReadPosition(cursor);
      // System events do not count towards the limit, so a page may have to be followed by another.
      // Each page asks for one more than is missing because the event at the cursor comes back again.
      for (;;) {
        const pageSize = Math.min(options.limit - found.length + 1, this.readPageMax);
        const page = await collect(
          this.client.readAll({ fromPosition: from, maxCount: pageSize, direction: esdb().FORWARDS }),
        );
        for (const item of page) {
          const event = item.event;
          if (!event) continue;
          const position = event.position.commit;
          if (position <= cursor) continue;
          cursor = position;
          if (found.length < options.limit && !esdbMapping.isSystemEvent(event.streamId, event.type)) {
            found.push(toStoredEvent(event, position));
          }
        }
        if (found.length >= options.limit || page.length < pageSize) return found;
        // A full page always holds an event past the cursor (pages are at least 2 long); guard anyway,
        // because a page that does not move would loop forever.
        if (typeof from === 'object' && cursor <= from.commit)
          throw new Error('EventStoreDB returned a forward page that did not move');
        from = { commit: cursor, prepare: cursor };
      }
    });
  }

  async readAllOf(options: {
    after: bigint;
    until: bigint;
    limit: number;
    types: ReadonlySet<string>;
  }): Promise<{ readonly events: readonly StoredEvent[]; readonly windowSize: number }> {
    // A plain read of $all cannot be filtered by the server (client 6): the window is read whole, then filtered.
    const window = (await this.readAll(options)).filter((event) => event.position <= options.until);
    const last = window.at(-1);
    const events = window.filter((event) => options.types.has(event.type) || event === last);
    return { events, windowSize: window.length };
  }

  headPosition(): Promise<bigint> {
    return this.track(async () => {
      // Backwards from the end until the first ledger event; the server's own bookkeeping does not move the head.
      let from: typeof END | EsdbPosition = esdb().END;
      const pageSize = Math.min(100, this.readPageMax);
      for (;;) {
        const page: AllStreamResolvedEvent[] = await collect(
          this.client.readAll({ fromPosition: from, maxCount: pageSize, direction: esdb().BACKWARDS }),
        );
        for (const item of page) {
          const event = item.event;
          if (event && !esdbMapping.isSystemEvent(event.streamId, event.type)) return event.position.commit;
        }
        const last = page.at(-1)?.event;
        if (!last || page.length < pageSize) return 0n;
        // A backward read from an event's position returns what precedes it, so every page moves on.
        if (from !== esdb().END && last.position.commit >= from.commit)
          throw new Error('EventStoreDB returned a backward page that did not move');
        from = last.position;
      }
    });
  }

  /**
   * Wake-ups come from two sources. This adapter's own appends wake listeners at once, which covers a
   * process that writes and consumes (the usual deployment). A live subscription to $all, filtered to
   * non-system event types, covers appends made by other processes (LEDGER_ROLES split across
   * processes); it opens with the first listener and closes with the last. Wake-ups are hints only:
   * consumers still read with readAll, so a duplicate or a missed one costs latency, never data.
   */
  onAppended(listener: () => void): () => void {
    this.emitter.on('appended', listener);
    this.ensureSubscription();
    return () => {
      this.emitter.off('appended', listener);
      if (this.emitter.listenerCount('appended') === 0) this.stopSubscription();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSubscription();
    // Let accepted appends finish: disposing the client would cancel them and leave their outcome unknown.
    await Promise.allSettled([...this.inFlight]);
    this.emitter.removeAllListeners();
    await this.client.dispose();
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    const running = operation();
    this.inFlight.add(running);
    const forget = () => this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  /**
   * The server refuses a stale version, but the port also calls an append a retry when its event ids
   * already sit in this stream in this order at another version; only a read of the stream tells.
   */
  private async refused(
    stream: string,
    events: readonly NewEvent[],
    expectedVersion: number,
    actualVersion: number | undefined,
  ): Promise<AppendResult> {
    const retried = await this.findRetry(stream, events);
    if (retried) return retried;
    throw new StreamVersionConflict(stream, expectedVersion, actualVersion);
  }

  /** All events of a stream from a revision on; undefined when the stream does not exist. */
  private async readStreamEvents(
    stream: string,
    options: { fromRevision: bigint; maxCount?: number; direction?: typeof FORWARDS | typeof BACKWARDS },
  ): Promise<ResolvedEvent[] | undefined> {
    try {
      return await collect(
        this.client.readStream(stream, {
          fromRevision: options.fromRevision,
          maxCount: options.maxCount,
          direction: options.direction ?? esdb().FORWARDS,
        }),
      );
    } catch (error) {
      if (isClientError(error, 'stream-not-found')) return undefined;
      throw error;
    }
  }

  private async streamVersion(stream: string): Promise<number> {
    try {
      const [last] = await collect(
        this.client.readStream(stream, { fromRevision: esdb().END, maxCount: 1, direction: esdb().BACKWARDS }),
      );
      return last?.event ? esdbMapping.toPortRevision(last.event.revision) : 0;
    } catch (error) {
      if (isClientError(error, 'stream-not-found')) return 0;
      throw error;
    }
  }

  private toStoredStreamEvent(item: ResolvedEvent): StoredEvent {
    const event = item.event;
    if (!event) throw new Error('EventStoreDB returned a stream entry without an event');
    const position = esdbMapping.toPortPosition(event.position);
    if (position === undefined) {
      throw new Error(
        `EventStoreDB sent no position for event ${event.id}; stream reads need a server newer than EventStoreDB 22.6`,
      );
    }
    return toStoredEvent(event, position);
  }

  /**
   * The port's retry rule, as the SQLite adapter applies it: the events' ids already stored in this
   * stream, in this order, at consecutive revisions, mean the original append's result; some of them
   * stored but not like that is a DuplicateEventId; none of them stored is not a retry. It reads the
   * whole stream, which is acceptable because it only runs after a refused or idempotent append.
   * Ids reused in another stream are not detected here: the server keeps no global id index.
   */
  private async findRetry(stream: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const stored = (await this.readStreamEvents(stream, { fromRevision: 0n })) ?? [];
    const byId = new Map<string, StoredEvent>();
    for (const item of stored) {
      const event = this.toStoredStreamEvent(item);
      byId.set(event.eventId, event);
    }
    const first = byId.get(events[0]!.eventId);
    if (!first) {
      const stray = events.find((event) => byId.has(event.eventId));
      if (stray) throw new DuplicateEventId(stray.eventId);
      return undefined;
    }
    let last = first;
    for (const [index, event] of events.entries()) {
      const match = byId.get(event.eventId);
      if (!match || match.revision !== first.revision + index) throw new DuplicateEventId(event.eventId);
      last = match;
    }
    return { nextExpectedVersion: last.revision, position: last.position, retried: true };
  }

  /** Coalesces wake-ups that arrive in the same turn of the event loop into one call per listener. */
  private scheduleWake(): void {
    if (this.wakeScheduled || this.closed) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      if (!this.closed) this.emitter.emit('appended');
    });
  }

  private ensureSubscription(): void {
    if (this.closed || this.subscription || this.resubscribeTimer || this.emitter.listenerCount('appended') === 0)
      return;
    const subscription = this.client.subscribeToAll({ fromPosition: esdb().END, filter: esdb().excludeSystemEvents() });
    this.subscription = subscription;
    subscription.on('confirmation', () => {
      this.resubscribeAttempts = 0;
      if (this.wakeOnConfirmation) {
        this.wakeOnConfirmation = false;
        this.scheduleWake();
      }
    });
    subscription.on('data', (item: AllStreamResolvedEvent) => {
      const event = item.event;
      if (event && !esdbMapping.isSystemEvent(event.streamId, event.type)) this.scheduleWake();
    });
    const dropped = () => {
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      if (this.closed || this.emitter.listenerCount('appended') === 0) return;
      // Back off while the server is away; once a new subscription is live, wake listeners so that they
      // catch up on whatever was appended while none was.
      this.wakeOnConfirmation = true;
      const delay = Math.min(this.resubscribeDelayMs * 2 ** this.resubscribeAttempts, 30_000);
      this.resubscribeAttempts += 1;
      this.resubscribeTimer = setTimeout(() => {
        this.resubscribeTimer = undefined;
        this.ensureSubscription();
      }, delay);
      this.resubscribeTimer.unref();
    };
    subscription.on('error', dropped);
    subscription.on('close', dropped);
  }

  private stopSubscription(): void {
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) void subscription.unsubscribe().catch(() => undefined);
  }
}
