import type { StoredEvent } from '#event-store';
import type { LogEntry, Producer } from 'kafkajs';
import { createRequire } from 'node:module';
import {
  assertTopicPrefix,
  groupByTopic,
  toOutboundMessage,
  topicPrefixDefault,
  type OutboundMessage,
} from './envelope.js';
import { silentLogger, type EventPublisher, type MessagingLogger } from './event-publisher.port.js';

/**
 * kafkajs (CommonJS, about 140 modules), loaded by the first publisher: a service without Kafka never needs it.
 * With its idle checks fixed (below); the tests' consumers take it from here too.
 */
let kafkaLibrary: typeof import('kafkajs') | undefined;
export function kafkajs(): typeof import('kafkajs') {
  if (kafkaLibrary) return kafkaLibrary;
  const require = createRequire(import.meta.url);
  kafkaLibrary = require('kafkajs') as typeof import('kafkajs');
  withoutIdleChecks(require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue });
  return kafkaLibrary;
}

/** What `withoutIdleChecks` touches of kafkajs's per-connection request queue (not in its typings). */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests: (this: RequestQueue) => void;
}

/**
 * kafkajs 2.2.4 (its last release) re-arms a check of its pending requests after every answer, and again after
 * every check, with a delay of `throttledUntil - Date.now()`: negative when nothing throttles, which Node runs
 * after 1 ms (and warns about: TimeoutNegativeWarning). So each broker connection wakes the event loop about
 * 900 times a second for as long as it is open, idle or not: about 21 ms of CPU a second per connection on this
 * machine, on the API's thread when the relay runs in the service (tulios/kafkajs#1704 and #1751, unmerged).
 * A check is needed only while a request waits or a throttle runs; the queue itself schedules one when a request
 * has to wait, so with neither nothing is armed. Asserted, not assumed: another kafkajs fails here at load.
 */
function withoutIdleChecks(requestQueue: { prototype: RequestQueue }): void {
  const schedule = requestQueue.prototype.scheduleCheckPendingRequests;
  if (typeof schedule !== 'function') throw new Error('kafkajs has no RequestQueue.scheduleCheckPendingRequests');
  requestQueue.prototype.scheduleCheckPendingRequests = function scheduleWhenNeeded(this: RequestQueue) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
}

export interface KafkaEventPublisherOptions {
  /** `host:port` of at least one broker (KAFKA_BROKERS, comma-separated in config). */
  readonly brokers: readonly string[];
  /** Topics are `<prefix>.<category>` (KAFKA_TOPIC_PREFIX). */
  readonly topicPrefix?: string;
  readonly clientId?: string;
  readonly connectionTimeoutMs?: number;
  /** How long one request may wait for the broker, including the wait for all in-sync replicas. */
  readonly requestTimeoutMs?: number;
  /**
   * Retries kafkajs makes inside one publish. Kept small on purpose: the relay retries the batch with
   * its own backoff, so one publish stays bounded in time and its state stays observable.
   */
  readonly retriesMax?: number;
  /**
   * The most message bytes (keys, values, headers) one produce request carries; a larger batch is sent
   * as several requests, one after the other. Brokers refuse record batches above `message.max.bytes`
   * (1 MiB by default), and one partition can receive a whole batch.
   */
  readonly requestBytesMax?: number;
  readonly logger?: MessagingLogger;
}

/**
 * The Kafka adapter, and the only file that imports kafkajs. A publish is one `sendBatch` with
 * `acks: -1` (every in-sync replica has the messages before the broker answers). The producer is not
 * idempotent: Debian's librdkafka mock cluster, which CI tests against, is too old for it (DESIGN §2);
 * `maxInFlightRequests: 1` keeps kafkajs's own retries from reordering a partition instead, and
 * duplicates from retries are what the consumers' deduplication by event id is for.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly producer: Producer;
  private readonly topicPrefix: string;
  private readonly requestTimeoutMs: number;
  private readonly requestBytesMax: number;
  private readonly logger: MessagingLogger;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(options: KafkaEventPublisherOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaEventPublisher needs at least one broker');
    this.topicPrefix = assertTopicPrefix(options.topicPrefix ?? topicPrefixDefault);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.requestBytesMax = options.requestBytesMax ?? 512 * 1024;
    this.logger = options.logger ?? silentLogger;
    const logger = this.logger;
    const { Kafka, Partitioners, logLevel } = kafkajs();
    const kafka = new Kafka({
      clientId: options.clientId ?? 'partner-ledger-relay',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: this.requestTimeoutMs,
      retry: { retries: options.retriesMax ?? 2, initialRetryTime: 200, maxRetryTime: 2_000 },
      logLevel: logLevel.WARN,
      // kafkajs warnings and errors go to the app's logger; the relay reports failed publishes itself.
      logCreator: () => (entry: LogEntry) => {
        const { message, ...context } = entry.log;
        logger.warn(`kafkajs ${entry.namespace}: ${message}`, context);
      },
    });
    this.producer = kafka.producer({
      // The Java client's partitioner (murmur2), so a key lands on the same partition whichever
      // language produced it, and kafkajs does not warn about its changed default.
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: false,
      maxInFlightRequests: 1,
    });
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (this.closed) throw new Error('The Kafka publisher is closed');
    if (events.length === 0) return;
    // Mapping first: an event that cannot be mapped fails the batch before anything is sent.
    const messages = events.map((event) => toOutboundMessage(event, this.topicPrefix));
    await this.connect();
    // kafkajs reconnects and refreshes metadata by itself after a broker outage; a failure here is
    // left to the caller's retry rather than tearing the connection down under another attempt.
    for (const chunk of chunksOf(messages, this.requestBytesMax)) {
      await this.producer.sendBatch({
        acks: -1,
        timeout: this.requestTimeoutMs,
        topicMessages: [...groupByTopic(chunk)].map(([topic, grouped]) => ({
          topic,
          messages: grouped.map((message) => ({
            key: message.key,
            value: message.value,
            headers: { ...message.headers },
          })),
        })),
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.disconnect();
  }

  private connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async disconnect(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (!connecting) return;
    try {
      await connecting.catch(() => undefined);
      await this.producer.disconnect();
    } catch (error) {
      this.logger.warn('Kafka producer did not disconnect cleanly', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** The size of a message on the wire, near enough to keep requests under a byte budget. */
function sizeOf(message: OutboundMessage): number {
  let size = Buffer.byteLength(message.key) + Buffer.byteLength(message.value) + 64;
  for (const [name, value] of Object.entries(message.headers)) size += name.length + Buffer.byteLength(value) + 8;
  return size;
}

/**
 * Splits messages, in order, into runs of at most `bytesMax` (a single larger message travels alone,
 * and the broker decides). Sending the runs one after another keeps the order of every stream.
 */
export function chunksOf(messages: readonly OutboundMessage[], bytesMax: number): OutboundMessage[][] {
  const chunks: OutboundMessage[][] = [];
  let current: OutboundMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (current.length > 0 && bytes + size > bytesMax) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
