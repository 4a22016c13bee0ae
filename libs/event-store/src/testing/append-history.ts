import type { EventStore } from '../event-store.port.js';

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
