import { createHash } from 'node:crypto';
import { logChainOf } from './anchor.js';
import { CheckpointedConsumer, logBatches, type LogBatch } from './consumer.js';
import { chainTextOf, eventChainGenesis, eventChainHash } from './event-chain.js';
import { StreamVersionConflict, type EventStore, type NewEvent, type StoredEvent } from './event-store.port.js';

/**
 * The hash chain kept beside an EventStoreDB log (docs/decisions.md, "Tamper evidence beside the log"): a
 * stream of `LogChainExtended` events, each holding the position and chain hash of the next log events, in
 * log order. The hashes are the same chain as the SQLite rows' `chain_hash` (event-chain.ts). The stream is
 * `$`-prefixed, so the EventStoreDB adapter's readAll leaves it out of the log it chains. Each extension is
 * appended at the chain stream's expected version: two writers cannot fork it, the loser reads the winner's
 * links and goes on after them.
 */
export const logChainStream = '$ledger-chain';
export const logChainEventType = 'LogChainExtended';

export interface LogChainLink {
  /** The log event's position, as a decimal string. */
  readonly position: string;
  readonly hash: string;
}

export interface LogChainExtended {
  readonly links: readonly LogChainLink[];
}

/** The log as the chain reads it, and the store that holds the chain stream (the same one for EventStoreDB). */
export interface LogChainStores {
  readonly log: Pick<EventStore, 'readAll'>;
  readonly chain: Pick<EventStore, 'readStream' | 'appendToStream'>;
  /** The chain stream's name; tests give each their own. */
  readonly stream?: string;
}

interface ChainHead {
  /** The chain stream's version: extensions appended so far. */
  readonly version: number;
  readonly position: bigint;
  readonly hash: string;
}

function isExtension(data: unknown): data is LogChainExtended {
  const links = (data as Partial<LogChainExtended> | null)?.links;
  return (
    Array.isArray(links) &&
    links.every((link: Partial<LogChainLink>) => typeof link.position === 'string' && typeof link.hash === 'string')
  );
}

/** The links of one chain stream event, or a description of why it is not one. */
function linksOf(event: StoredEvent): readonly LogChainLink[] | string {
  if (event.type !== logChainEventType || !isExtension(event.data)) {
    return `chain stream event ${event.revision} is not a ${logChainEventType}`;
  }
  return event.data.links;
}

/** A UUID derived from the extension's place and content: two writers chaining the same batch write one event. */
function extensionId(stream: string, version: number, links: readonly LogChainLink[]): string {
  const hex = createHash('sha256')
    .update(`${stream}\n${version}\n${links[0]!.hash}\n${links.at(-1)!.hash}`)
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const [time, mid, version5, clock] = [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, hex.slice(17, 20)];
  return `${time}-${mid}-${version5}-${variant}${clock}-${hex.slice(20, 32)}`;
}

/**
 * Keeps the chain stream up with the log: `chain(events)` appends the links of log events after its head.
 * The head is read back from the stream (the last link of the last extension), so a restarted writer or
 * another process's writer goes on where the stream stands.
 */
export class LogChainKeeper {
  private head: ChainHead = { version: 0, position: 0n, hash: eventChainGenesis };
  private readonly stream: string;

  constructor(
    private readonly stores: LogChainStores,
    private readonly now: () => string,
  ) {
    this.stream = stores.stream ?? logChainStream;
  }

  get headPosition(): bigint {
    return this.head.position;
  }

  /** Catches the head up with extensions other writers appended (or this one before a restart). */
  async load(): Promise<void> {
    const { events } = await this.stores.chain.readStream(this.stream, { afterRevision: this.head.version });
    for (const event of events) {
      const links = linksOf(event);
      if (typeof links === 'string') throw new Error(`${this.stream}: ${links}`);
      const last = links.at(-1);
      this.head = last
        ? { version: event.revision, position: BigInt(last.position), hash: last.hash }
        : { ...this.head, version: event.revision };
    }
  }

  /**
   * Appends the links of `events` (log events in order) that lie after the head; on a version conflict
   * another writer got there first: reload its links and chain only what is still after them.
   */
  async chain(events: readonly StoredEvent[]): Promise<void> {
    for (;;) {
      const after = events.filter((event) => event.position > this.head.position);
      if (after.length === 0) return;
      let hash = this.head.hash;
      const links = after.map((event) => {
        hash = eventChainHash(hash, chainTextOf(event));
        return { position: event.position.toString(), hash };
      });
      const extension: NewEvent = {
        eventId: extensionId(this.stream, this.head.version + 1, links),
        type: logChainEventType,
        data: { links } satisfies LogChainExtended,
        metadata: this.metadataOf(links),
      };
      try {
        const result = await this.stores.chain.appendToStream(this.stream, [extension], {
          expectedVersion: this.head.version,
        });
        this.head = { version: result.nextExpectedVersion, position: after.at(-1)!.position, hash };
        return;
      } catch (error) {
        if (!(error instanceof StreamVersionConflict)) throw error;
        await this.load();
      }
    }
  }

  /** Chains every log event after the head, `batchSize` per extension. */
  async extend(batchSize = 1000): Promise<void> {
    await this.load();
    for (;;) {
      const events = await this.stores.log.readAll({ after: this.head.position, limit: batchSize });
      if (events.length === 0) return;
      await this.chain(events);
    }
  }

  private metadataOf(links: readonly LogChainLink[]): NewEvent['metadata'] {
    const id = `${this.stream}:${links[0]!.position}`;
    return {
      actor: 'ledger-chain',
      actorRole: 'system',
      correlationId: id,
      causationId: id,
      recordedAt: this.now(),
      idempotencyKey: id,
      commandHash: links.at(-1)!.hash,
    };
  }
}

/**
 * The chain writer of the process that follows the log (the relay role, for EventStoreDB): a checkpointed
 * consumer whose checkpoint is the chain stream's head, so it needs no checkpoint file of its own.
 */
export function logChainWriter(
  keeper: LogChainKeeper,
  store: Pick<EventStore, 'readAll' | 'onAppended'>,
  options: { pollIntervalMs: number; onError: (error: unknown) => void; batchSize?: number },
): CheckpointedConsumer<LogBatch> {
  return new CheckpointedConsumer({
    store,
    pollIntervalMs: options.pollIntervalMs,
    checkpoint: () => keeper.headPosition,
    beforeRun: () => keeper.load(),
    readBatch: logBatches(store, options.batchSize ?? 1000),
    handleBatch: (batch) => keeper.chain(batch.events),
    onError: options.onError,
  });
}

export type LogChainVerdict =
  | {
      readonly ok: true;
      readonly eventsChecked: number;
      readonly headPosition: bigint;
      /** Log events after the chain's head: appended since the writer last ran, not yet chained. */
      readonly unchained: number;
    }
  | { readonly ok: false; readonly position: bigint; readonly reason: string; readonly eventsChecked: number };

/**
 * Recomputes the chain over the log and compares it, link by link, with the chain stream: the first log
 * position whose event was edited, removed or inserted is named. Events after the chain's head pass as
 * not yet chained (the writer follows the log); an anchor covers them once taken.
 */
export async function verifyLogChain(stores: LogChainStores): Promise<LogChainVerdict> {
  const stream = stores.stream ?? logChainStream;
  const { events } = await stores.chain.readStream(stream);
  const log = logChainOf(stores.log);
  let checked = 0;
  let headPosition = 0n;
  for (const event of events) {
    const links = linksOf(event);
    if (typeof links === 'string') return { ok: false, position: headPosition, reason: links, eventsChecked: checked };
    for (const link of links) {
      const fail = (position: bigint, reason: string) =>
        ({ ok: false, position, reason, eventsChecked: checked }) as const;
      const linked = BigInt(link.position);
      const next = await log.next();
      if (next.done) return fail(linked, 'the log ends before this chained event (events removed)');
      const { position, hash } = next.value;
      if (position < linked) return fail(position, 'the log holds an event the chain never saw (inserted)');
      if (position > linked) return fail(linked, 'the chained event is missing from the log (removed)');
      if (hash !== link.hash) return fail(position, 'the event differs from its chained hash');
      checked += 1;
      headPosition = position;
    }
  }
  let unchained = 0;
  for await (const _link of log) unchained += 1;
  return { ok: true, eventsChecked: checked, headPosition, unchained };
}
