import type { EventMetadata, StoredEvent } from '#event-store';
import { randomUUID } from 'node:crypto';

export const metadataExample: EventMetadata = {
  actor: 'alice',
  actorRole: 'partner_manager',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  recordedAt: '2026-02-10T12:00:00.000Z',
  idempotencyKey: 'key-1',
  commandHash: 'hash-1',
};

/** A stored event with only the fields a test cares about; the rest are plausible defaults. */
export function aStoredEvent(
  fields: Partial<StoredEvent> & Pick<StoredEvent, 'stream' | 'revision' | 'position'>,
): StoredEvent {
  return {
    eventId: randomUUID(),
    type: 'PartnerSuspended',
    data: { note: 'test' },
    metadata: metadataExample,
    ...fields,
  };
}

/** `count` events of one stream, revisions from `revisionFirst`, positions from `positionFirst`. */
export function aStreamOfEvents(
  stream: string,
  count: number,
  positionFirst: bigint,
  revisionFirst = 1,
): StoredEvent[] {
  return Array.from({ length: count }, (_, index) =>
    aStoredEvent({ stream, revision: revisionFirst + index, position: positionFirst + BigInt(index), data: { index } }),
  );
}
