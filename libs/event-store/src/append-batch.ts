import { DomainError, invariant } from '#domain';
import {
  asRead,
  eventDataJson,
  StreamVersionConflict,
  type AppendResult,
  type BatchContents,
  type BatchedAppend,
  type NewEvent,
  type PendingBatch,
  type StoredEvent,
  type StreamRead,
} from './event-store.port.js';
import { StreamStateCache, type CachedStream } from './handle-command.js';

interface Waiting extends BatchedAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Its events as the reads of the batch see them until the writer answers, with provisional positions. */
  readonly provisional: ProvisionalEvent[];
  /** The provisional position of its first event (the next ones count down from it). */
  readonly provisionalFirst: bigint;
}

type ProvisionalEvent = { -readonly [K in keyof StoredEvent]: StoredEvent[K] };

type EventRead = ReturnType<typeof asRead>;

/** An append as the batch's reads see it: its stream's revision after it, and its events. */
interface Overlaid {
  readonly revisionLast: number;
  readonly read: () => readonly StoredEvent[];
}

/** What a dry run's append holds beside its bytes: its closure, its entry, its position (measured, benchmarks.md). */
const appendHeldBytes = 400;

/** An append's events with provisional positions, counting down from `first`. */
function provisionalOf(
  stream: string,
  events: EventRead[],
  expectedVersion: number,
  first: bigint,
): ProvisionalEvent[] {
  return events.map((event, index) => ({
    ...event,
    stream,
    revision: expectedVersion + index + 1,
    position: first - BigInt(index),
  }));
}

/**
 * A dry run's append, kept for the whole file as UTF-8 JSON (off the heap, about half its events' objects) that a
 * read parses again; built apart from `add`, so that the closure holds the bytes and not the events.
 */
function textOverlaid(
  stream: string,
  events: readonly NewEvent[],
  expectedVersion: number,
  first: bigint,
): Overlaid & { readonly heldBytes: number } {
  const texts = events.map(
    (event) =>
      `{"eventId":${JSON.stringify(event.eventId)},"type":${JSON.stringify(event.type)},` +
      `"data":${eventDataJson(event)},"metadata":${JSON.stringify(event.metadata)}}`,
  );
  const text = Buffer.from(`[${texts.join(',')}]`);
  const read = () => provisionalOf(stream, JSON.parse(text.toString()) as EventRead[], expectedVersion, first);
  return { revisionLast: expectedVersion + events.length, read, heldBytes: text.length + appendHeldBytes };
}

/**
 * The most streams a batch's layer of the command cache holds (a dry run's batch spans a whole file); a stream it
 * lets go is folded again from the store's rows and the batch's appends.
 */
const layerStreamsMax = 10_000;

/** Provisional positions are negative and never reused, so one can never pass for a stored position. */
let provisionalNext = -1n;

/**
 * Many commands' appends decided in memory and written by the store in one transaction (one message to the
 * writer thread, one fsync), in order, each at its exact expected version. Until the batch is written, the
 * reads made in its scope see its appends (read-your-writes for the lines after), with provisional (negative)
 * positions that `positionOf` maps to the stored ones afterwards; nothing outside the scope sees them, not
 * even the command cache (`cache` is the batch's own layer over the shared one). An append is answered only
 * once the batch is written and durable. The writer refuses the whole batch if any append fails its version
 * check (a concurrent command moved the stream), and every batch built on a refused one: nothing of either
 * is written, every line answers a refusal the import throws away, and the import runs those lines again
 * one by one. A batch may be built on the one before it while that one is still being written (`previous`).
 */
export class AppendBatch implements PendingBatch {
  readonly appends: Waiting[] = [];
  private readonly byStream = new Map<string, Overlaid[]>();
  /**
   * Streams the batch read with none of its appends on them, at the committed version it saw: the store
   * checks each is still there when it writes the batch (refused otherwise), so a later read of the same
   * stream in the batch needs no query: the batch is written only if the answer was true.
   */
  private readonly reads = new Map<string, number>();
  private state: 'open' | 'sent' | 'written' | 'failed' = 'open';
  /** The store's handle on the written batch (the writer's request number), for the batch built on it. */
  sentAs: number | undefined;
  private layer: LayeredStateCache | undefined;
  private heldBytesSum = 0;

  /**
   * `neverWritten`: a dry run's batch. Each append is answered at once with its provisional position and the batch
   * is never sent, so every line decides on the appends of the lines before it and nothing reaches the store.
   */
  constructor(
    private previousBatch?: AppendBatch,
    private readonly options: { readonly neverWritten?: boolean } = {},
  ) {}

  /** The command cache the batch's lines use: its own layer over the previous batch's and `shared`. */
  cacheOver(shared: StreamStateCache): StreamStateCache {
    // Below it, the previous batch's layer only while that batch is being written: no chain of layers is kept.
    this.layer ??= new LayeredStateCache(shared, () => this.previous?.layer);
    return this.layer;
  }

  /** A dry run's batch: about how many bytes its appends hold (textOverlaid). */
  get heldBytes(): number {
    return this.heldBytesSum;
  }

  get builtOn(): PendingBatch | undefined {
    return this.previous;
  }

  /** The batch this one is built on while it is being written (once written, it is in the committed rows). */
  private get previous(): AppendBatch | undefined {
    const state = this.previousBatch?.state;
    return state === 'sent' || state === 'failed' ? this.previousBatch : undefined;
  }

  get failed(): boolean {
    return this.state === 'failed' || this.previousBatch?.state === 'failed';
  }

  /** Joins the batch (called by the store); the promise settles once the batch is written or refused. */
  add(stream: string, events: readonly NewEvent[], expectedVersion: number): Promise<AppendResult> {
    if (this.state !== 'open') return Promise.reject(this.closedError());
    const last = this.lastRevision(stream);
    // A line decided on a state older than the batch's own appends: decided again by handleCommand's retry.
    if (last !== undefined && last !== expectedVersion)
      return Promise.reject(new StreamVersionConflict(stream, expectedVersion, last));
    const provisionalFirst = provisionalNext;
    provisionalNext -= BigInt(events.length);
    const revisionLast = expectedVersion + events.length;
    if (this.options.neverWritten) {
      const overlaid = textOverlaid(stream, events, expectedVersion, provisionalFirst);
      this.heldBytesSum += overlaid.heldBytes;
      this.overlaid(stream, overlaid);
      const position = provisionalFirst - BigInt(events.length - 1);
      return Promise.resolve({ nextExpectedVersion: revisionLast, position });
    }
    return new Promise((resolve, reject) => {
      // As a read gives it back: the store keeps data and metadata as JSON.
      const provisional = provisionalOf(stream, events.map(asRead), expectedVersion, provisionalFirst);
      const waiting = { stream, events, expectedVersion, resolve, reject, provisional, provisionalFirst };
      this.appends.push(waiting);
      this.overlaid(stream, { revisionLast, read: () => provisional });
    });
  }

  private overlaid(stream: string, append: Overlaid): void {
    const onStream = this.byStream.get(stream);
    if (onStream) onStream.push(append);
    else this.byStream.set(stream, [append]);
  }

  /**
   * A read the batch answers without the store: a stream it appends to, from a caller whose state reaches
   * the version its first append there expects (had another writer moved the stream since, that append
   * refuses the whole batch), or a stream it already read, from a caller at the version it read.
   */
  known(stream: string, afterRevision: number): StreamRead | undefined {
    if (this.failed) return undefined;
    const pending = this.pendingAll(stream);
    if (pending.length > 0) {
      if (afterRevision < pending[0]!.revision - 1) return undefined;
      return { version: pending.at(-1)!.revision, events: pending.filter((event) => event.revision > afterRevision) };
    }
    const read = this.reads.get(stream);
    return read !== undefined && read === afterRevision ? { version: read, events: [] } : undefined;
  }

  /** A committed read with the batch's (and a previous batch's) unwritten appends on top. */
  overlay(stream: string, committed: StreamRead, afterRevision: number): StreamRead {
    if (this.failed) return committed;
    const pending = this.pendingAll(stream);
    if (pending.length === 0 && !this.reads.has(stream)) this.reads.set(stream, committed.version);
    const last = pending.at(-1)?.revision ?? 0;
    if (last <= committed.version) return committed;
    const after = Math.max(committed.version, afterRevision);
    return { version: last, events: [...committed.events, ...pending.filter((event) => event.revision > after)] };
  }

  /** Hands the appends, and the versions of the streams read, to the writer; nothing joins afterwards. */
  close(): BatchContents {
    invariant(!this.options.neverWritten, "A dry run's batch is never written");
    this.state = 'sent';
    const appends = this.appends.map(({ stream, events, expectedVersion }) => ({ stream, events, expectedVersion }));
    return { appends, reads: [...this.reads] };
  }

  /** The writer's answers, one per append in order: provisional positions become the stored ones. */
  written(results: readonly AppendResult[]): void {
    this.state = 'written';
    this.appends.forEach((waiting, index) => {
      const result = results[index]!;
      const first = result.position - BigInt(waiting.provisional.length - 1);
      waiting.provisional.forEach((event, offset) => (event.position = first + BigInt(offset)));
      waiting.resolve(result);
    });
  }

  /**
   * Once every line of the batch has ended and its positions are mapped: a written batch's cached states
   * are the streams' true states; a refused one's are dropped. It lets go of the batch before it.
   */
  finish(): void {
    if (this.state === 'written') this.layer?.promote();
    this.previousBatch = undefined;
  }

  /**
   * Refused by the writer: every append answers a version conflict, so handleCommand forgets the stream's
   * cached state and decides again; the retry's append is refused for good (CONCURRENCY_CONFLICT).
   */
  refused(): void {
    this.state = 'failed';
    for (const waiting of this.appends) {
      const { stream, expectedVersion } = waiting;
      waiting.reject(new StreamVersionConflict(stream, expectedVersion, undefined));
    }
  }

  /** A position a line answered: a provisional one mapped to where its event was stored. */
  positionOf(position: bigint): bigint {
    if (position >= 0n) return position;
    for (const { provisional, provisionalFirst } of this.appends) {
      const index = Number(provisionalFirst - position);
      if (index >= 0 && index < provisional.length) return provisional[index]!.position;
    }
    return this.previousBatch?.positionOf(position) ?? position;
  }

  private pendingAll(stream: string): StoredEvent[] {
    const previous = this.previous?.pendingOf(stream) ?? [];
    const own = this.pendingOf(stream);
    return previous.length === 0 ? own : [...previous, ...own];
  }

  private pendingOf(stream: string): StoredEvent[] {
    return (this.byStream.get(stream) ?? []).flatMap((append) => append.read());
  }

  private lastRevision(stream: string): number | undefined {
    return this.overlayLast(stream) ?? this.previous?.overlayLast(stream);
  }

  private overlayLast(stream: string): number | undefined {
    const onStream = this.byStream.get(stream);
    return onStream?.at(-1)?.revisionLast;
  }

  private closedError(): Error {
    if (this.failed)
      return new DomainError(
        'CONCURRENCY_CONFLICT',
        'The batch this line was in was refused; the line runs again alone',
      );
    return new Error('A line in a batch appended twice: its route must be marked appendsOnce only if it appends once');
  }
}

/**
 * The command cache as a batch's lines see it: their states (built on the batch's unwritten appends) stay
 * in the batch's layer, over the previous batch's layer and the shared cache, and reach the shared cache
 * only once the batch is written. An entry taken from below gets its own copy of the command keys, which
 * the lines' folds add to.
 */
class LayeredStateCache extends StreamStateCache {
  private readonly own = new Map<string, CachedStream<unknown>>();

  constructor(
    private readonly shared: StreamStateCache,
    private readonly below: () => LayeredStateCache | undefined,
  ) {
    super(0);
  }

  override get<State>(stream: string): CachedStream<State> | undefined {
    const own = this.own.get(stream);
    if (own) return own as CachedStream<State>;
    const below = this.below()?.get<State>(stream) ?? this.shared.get<State>(stream);
    if (!below) return undefined;
    const copy = { ...below, commands: new Map(below.commands) };
    this.set(stream, copy);
    return copy;
  }

  override set<State>(stream: string, entry: CachedStream<State>): void {
    this.own.delete(stream);
    this.own.set(stream, entry);
    if (this.own.size > layerStreamsMax) this.own.delete(this.own.keys().next().value!);
  }

  override delete(stream: string): void {
    this.own.delete(stream);
    this.shared.delete(stream);
  }

  /** The batch is written: its states are the streams' true states now. */
  promote(): void {
    for (const [stream, entry] of this.own) this.shared.set(stream, entry);
  }
}
