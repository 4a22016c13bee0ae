import type { StoredEvent } from '#event-store';
import type { EventPublisher } from './event-publisher.port.js';

/**
 * The publisher when no broker is configured: it acknowledges everything at once. The app does not
 * start a relay in that case; this exists so code that takes a publisher never needs a null check.
 */
export class NoopEventPublisher implements EventPublisher {
  publish(_events: readonly StoredEvent[]): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
