import type { EventStore, NewEvent } from '#event-store';
import { randomUUID } from 'node:crypto';
import { metadataExample } from './stored-events.js';

export function aNewEvent(
  type = 'PartnerSuspended',
  data: unknown = { reason: 'test', suspendedAt: '2026-02-10' },
): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: metadataExample };
}

/** Per category, an event of its topic as the consumer documentation describes it. */
const seedExamples: Record<string, { type: string; data: Record<string, unknown> }> = {
  partner: { type: 'PartnerSuspended', data: { partnerId: 'p-100', reason: 'test', suspendedAt: '2026-02-10' } },
  deal: { type: 'DealStageAdvanced', data: { dealId: 'd-300', stage: 'proposal', advancedAt: '2026-02-10' } },
  registration: {
    type: 'DealRegistrationRejected',
    data: { registrationId: 'r-200', partnerId: 'p-100', reason: 'test', rejectedAt: '2026-02-10' },
  },
};

/**
 * Appends `count` events to the store, round-robin over `streams` streams of a few categories, one
 * event per append (the way commands write), concurrently so the store's group commit batches them.
 * Returns the streams with how many events each received.
 */
export async function seedEvents(
  store: EventStore,
  count: number,
  options: { streams?: number; prefix?: string } = {},
): Promise<Map<string, number>> {
  const streamCount = options.streams ?? 10;
  const prefix = options.prefix ?? randomUUID().slice(0, 8);
  const categories = ['partner', 'deal', 'registration'];
  const versions = new Map<string, number>();
  const names = Array.from(
    { length: streamCount },
    (_, index) => `${categories[index % categories.length]}-${prefix}-${index}`,
  );
  // Appends to one stream must be sequential (expected versions); different streams run concurrently.
  const perStream = new Map<string, number>(names.map((name) => [name, 0]));
  for (let index = 0; index < count; index += 1) {
    const name = names[index % names.length]!;
    perStream.set(name, perStream.get(name)! + 1);
  }
  await Promise.all(
    names.map(async (name) => {
      const total = perStream.get(name)!;
      const { type, data } = seedExamples[name.split('-')[0]!]!;
      for (let version = 0; version < total; version += 1) {
        // A documented event of the stream's category (docs/asyncapi.yaml), numbered.
        await store.appendToStream(name, [aNewEvent(type, { ...data, seq: version + 1 })], {
          expectedVersion: version,
        });
      }
      versions.set(name, total);
    }),
  );
  return versions;
}
