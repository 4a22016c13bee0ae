import type { EventStore } from '../event-store.port.js';
import { anEvent } from './event-store.contract.js';

/** An event of a built history (as the commission builders' History records it), not yet in a store. */
export interface HistoryEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Appends a built history to a store one event at a time, in order, each at its stream's next version,
 * as an admin seeding it would: the history's event id is the idempotency key.
 */
export async function appendHistory(
  store: EventStore,
  events: readonly HistoryEvent[],
  seededBy: { actor: string; recordedAt: string },
): Promise<void> {
  const versions = new Map<string, number>();
  for (const event of events) {
    const version = versions.get(event.stream) ?? 0;
    const metadata = {
      actor: seededBy.actor,
      actorRole: 'admin',
      correlationId: 'c',
      causationId: 'c',
      recordedAt: seededBy.recordedAt,
      idempotencyKey: event.eventId,
      commandHash: 'h',
    };
    await store.appendToStream(
      event.stream,
      [{ eventId: crypto.randomUUID(), type: event.type, data: event.data, metadata }],
      { expectedVersion: version },
    );
    versions.set(event.stream, version + 1);
  }
}

/** Appends one event at a time at its stream's next version, counting versions itself: a store the test owns. */
export function streamAppender(
  store: EventStore,
): (stream: string, type: string, data: Record<string, unknown>) => Promise<void> {
  const versions = new Map<string, number>();
  return async (stream, type, data) => {
    const version = versions.get(stream) ?? 0;
    await store.appendToStream(stream, [anEvent({ type, data })], { expectedVersion: version });
    versions.set(stream, version + 1);
  };
}
