import type { StoredEvent } from '#event-store';
import { assertTopicPrefix, toOutboundMessage, topicPrefixDefault, type OutboundMessage } from './envelope.js';
import type { EventPublisher } from './event-publisher.port.js';

interface Waiter {
  readonly count: number;
  readonly resolve: () => void;
}

/**
 * An in-memory publisher for tests: it maps events exactly as the Kafka adapter does and records the
 * messages it "acknowledged". Failures and stalls can be injected to exercise the relay's retries and
 * shutdown without a broker.
 */
export class RecordingEventPublisher implements EventPublisher {
  /** Every acknowledged message, in acknowledgement order (duplicates included). */
  readonly messages: OutboundMessage[] = [];
  /** Calls to publish, including failed and held ones. */
  publishCalls = 0;
  /** The most publishes that were ever in progress at the same time. */
  concurrencyMax = 0;
  closed = false;
  private readonly topicPrefix: string;
  private failures: Array<Error> = [];
  private stalls = 0;
  private held: Promise<void> | undefined;
  private inProgress = 0;
  private waiters: Waiter[] = [];

  constructor(options: { topicPrefix?: string } = {}) {
    this.topicPrefix = assertTopicPrefix(options.topicPrefix ?? topicPrefixDefault);
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (this.closed) throw new Error('The publisher is closed');
    this.publishCalls += 1;
    this.inProgress += 1;
    this.concurrencyMax = Math.max(this.concurrencyMax, this.inProgress);
    try {
      // Map before anything else so an unmappable event fails the call, as it does on Kafka.
      const messages = events.map((event) => toOutboundMessage(event, this.topicPrefix));
      if (this.stalls > 0) {
        this.stalls -= 1;
        // Never answers, like a broker that accepted the connection and went silent.
        await new Promise<never>(() => undefined);
      }
      if (this.held) await this.held;
      const failure = this.failures.shift();
      if (failure) throw failure;
      this.messages.push(...messages);
      this.notify();
    } finally {
      this.inProgress -= 1;
    }
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The next `count` publishes fail with `error` and record nothing. */
  failNext(count: number, error: Error = new Error('injected publish failure')): void {
    for (let index = 0; index < count; index += 1) this.failures.push(error);
  }

  /** The next `count` publishes never settle and record nothing. */
  stallNext(count: number): void {
    this.stalls += count;
  }

  /** Publishes wait (in flight, unacknowledged) until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Resolves once at least `count` messages have been acknowledged. */
  waitForMessages(count: number): Promise<void> {
    if (this.messages.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private notify(): void {
    const ready = this.waiters.filter((waiter) => this.messages.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.messages.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}
