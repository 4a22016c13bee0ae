import type { StoredEvent } from '#event-store';

/**
 * Where the relay sends stored events. One adapter, Kafka (kafka-event-publisher.ts); without a broker
 * the app starts no relay at all (createRelay), and the recording publisher stands in for tests.
 * One contract suite (testing/event-publisher.contract.ts) holds every adapter to the same behaviour.
 */
export interface EventPublisher {
  /**
   * Publishes the events in the order given and resolves only once the destination has acknowledged
   * every one of them. A rejection says nothing about which ones arrived: some may have, so the
   * caller retries the whole batch and downstream consumers deduplicate by event id (at least once).
   */
  publish(events: readonly StoredEvent[]): Promise<void>;
  /** Releases connections; publishing after close is an error. */
  close(): Promise<void>;
}

/** Structured logging without tying the library to a logger; the app adapts pino to it. */
export interface MessagingLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
