import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '#event-store';
import { randomUUID } from 'node:crypto';
import type { EventPublisher } from '../event-publisher.port.js';
import { aStoredEvent, metadataExample } from './stored-events.js';

/** A message as the destination delivers it to a consumer, headers decoded to text. */
export interface DeliveredMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PublisherHarness {
  /** Every publisher of one harness writes to the same destination under this prefix. */
  readonly topicPrefix: string;
  createPublisher(): EventPublisher;
  /**
   * The delivered messages that satisfy `filter`, in delivery order, once at least `count` of them
   * are there; rejects (after a bounded wait where delivery is asynchronous) if they never are.
   */
  delivered(filter: (message: DeliveredMessage) => boolean, count: number): Promise<DeliveredMessage[]>;
  dispose(): Promise<void>;
}

/** The categories the contract publishes to; a Kafka harness creates these topics beforehand. */
export const contractCategories = ['partner', 'deal', 'program', 'registration'] as const;

const unique = () => randomUUID().replaceAll('-', '').slice(0, 12);
let positionNext = 1_000_000n;
const positions = (count: number) => {
  const first = positionNext;
  positionNext += BigInt(count);
  return first;
};

/**
 * What every EventPublisher must do (DESIGN §7): one topic per category, the stream as key, the
 * envelope as JSON value with its headers, per-stream order within and across batches, and a publish
 * that resolves only once everything is delivered. Streams are unique per test, so a shared broker
 * needs no cleanup.
 */
export function eventPublisherContract(adapter: string, open: () => Promise<PublisherHarness>): void {
  describe(`EventPublisher contract: ${adapter}`, () => {
    const subject = openedForSuite(open);
    describe('messages', () => messageCases(subject));
    describe('delivery', () => deliveryCases(subject));
    describe('refusals', () => refusalCases(subject));
  });
}

/** The harness and publisher every case of one adapter's suite shares. */
interface Subject {
  readonly harness: () => PublisherHarness;
  readonly publisher: () => EventPublisher;
}

/** Opens the harness and a publisher once for the suite, and closes them after it. */
function openedForSuite(open: () => Promise<PublisherHarness>): Subject {
  let harness: PublisherHarness;
  let publisher: EventPublisher;
  beforeAll(async () => {
    harness = await open();
    publisher = harness.createPublisher();
  }, 60_000);
  afterAll(async () => {
    await publisher?.close();
    await harness?.dispose();
  });
  return { harness: () => harness, publisher: () => publisher };
}

/** Topic, key, value and headers of what is published. */
function messageCases({ harness, publisher }: Subject): void {
  it('publishes to <prefix>.<category>, keyed by stream, with the JSON envelope and its headers', async () => {
    const id = unique();
    const first = positions(3);
    const enrolled = aStoredEvent({
      stream: `partner-${id}`,
      revision: 1,
      position: first,
      type: 'PartnerEnrolled',
      data: { partnerId: id, name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-02-09' },
    });
    const won = aStoredEvent({
      stream: `deal-${id}-x`,
      revision: 3,
      position: first + 1n,
      type: 'DealWon',
      data: {
        dealId: `${id}-x`,
        lines: [{ sku: 'S-1', family: 'software', amount: '1250.00', discount: '0.10' }],
        billing: 'one_time',
        wonAt: '2026-02-08',
      },
      metadata: { ...metadataExample, correlationId: `corr-${id}` },
    });
    const published = aStoredEvent({
      stream: 'program',
      revision: 7,
      position: first + 2n,
      type: 'RuleSetPublished',
      data: {
        version: `v-${id}`,
        effectiveFrom: '2026-04-01',
        rules: { currency: 'USD' },
        rationale: 'test',
        publishedAt: '2026-02-10',
      },
    });
    await publisher().publish([enrolled, won, published]);

    const ids = new Set([enrolled.eventId, won.eventId, published.eventId]);
    const messages = await harness().delivered((message) => ids.has(message.headers['event-id'] ?? ''), 3);
    const byId = new Map(messages.map((message) => [message.headers['event-id'], message]));
    expect(messages).toHaveLength(3);

    const dealMessage = byId.get(won.eventId)!;
    expect(dealMessage.topic).toBe(`${harness().topicPrefix}.deal`);
    expect(dealMessage.key).toBe(`deal-${id}-x`);
    expect(dealMessage.headers).toEqual({
      'event-id': won.eventId,
      'event-type': 'DealWon',
      'schema-version': '1',
      'correlation-id': `corr-${id}`,
    });
    expect(JSON.parse(dealMessage.value)).toEqual({
      id: won.eventId,
      type: 'DealWon',
      schemaVersion: 1,
      stream: `deal-${id}-x`,
      revision: 3,
      position: (first + 1n).toString(),
      occurredAt: '2026-02-08',
      recordedAt: '2026-02-10T12:00:00.000Z',
      data: won.data,
      metadata: { actor: 'alice', actorRole: 'partner_manager', correlationId: `corr-${id}`, causationId: 'cause-1' },
    });
    // Amounts travel as the decimal strings they were recorded as, never as JSON numbers.
    expect(dealMessage.value).toContain('"amount":"1250.00"');

    const { topicPrefix } = harness();
    expect(byId.get(enrolled.eventId)).toMatchObject({ topic: `${topicPrefix}.partner`, key: `partner-${id}` });
    const enrolledValue = JSON.parse(byId.get(enrolled.eventId)!.value);
    expect(enrolledValue).toMatchObject({
      type: 'PartnerEnrolled',
      occurredAt: '2026-02-09',
      position: first.toString(),
    });
    expect(byId.get(published.eventId)).toMatchObject({ topic: `${harness().topicPrefix}.program`, key: 'program' });
    const publishedValue = JSON.parse(byId.get(published.eventId)!.value);
    expect(publishedValue).toMatchObject({ type: 'RuleSetPublished', occurredAt: '2026-02-10', revision: 7 });
  });
}

/** Order per stream, completeness, and the empty batch. */
function deliveryCases({ harness, publisher }: Subject): void {
  it('keeps the order of every stream within a batch and across batches', async () => {
    const id = unique();
    const streams = [`partner-${id}`, `deal-${id}`, `registration-${id}`, `deal-${id}-2`];
    const perStream = 12;
    const first = positions(streams.length * perStream);
    // Interleaved as the global log interleaves them: round-robin over the streams.
    const events: StoredEvent[] = [];
    for (let revision = 1; revision <= perStream; revision += 1) {
      for (const stream of streams) {
        events.push(aStoredEvent({ stream, revision, position: first + BigInt(events.length), data: { revision } }));
      }
    }
    for (let start = 0; start < events.length; start += 10) await publisher().publish(events.slice(start, start + 10));

    const keys = new Set(streams);
    const messages = await harness().delivered((message) => keys.has(message.key), events.length);
    expect(messages).toHaveLength(events.length);
    for (const stream of streams) {
      const revisions = messages
        .filter((message) => message.key === stream)
        .map((message) => (JSON.parse(message.value) as { revision: number }).revision);
      expect(revisions).toEqual(Array.from({ length: perStream }, (_, index) => index + 1));
    }
  });

  it('delivers a large batch completely once publish resolves', async () => {
    const id = unique();
    const count = 2_000;
    const first = positions(count);
    const events = Array.from({ length: count }, (_, index) =>
      aStoredEvent({
        stream: `${index % 2 === 0 ? 'partner' : 'deal'}-${id}-${index % 50}`,
        revision: Math.floor(index / 50) + 1,
        position: first + BigInt(index),
      }),
    );
    await publisher().publish(events);
    const ids = new Set(events.map((event) => event.eventId));
    const messages = await harness().delivered((message) => ids.has(message.headers['event-id'] ?? ''), count);
    expect(new Set(messages.map((message) => message.headers['event-id'])).size).toBe(count);
  });

  it('resolves at once for an empty batch', async () => {
    await expect(publisher().publish([])).resolves.toBeUndefined();
  });
}

/** What a publisher refuses. */
function refusalCases({ harness, publisher }: Subject): void {
  it('rejects a batch holding an event whose stream maps to no legal topic', async () => {
    const event = aStoredEvent({ stream: 'no such/stream', revision: 1, position: positions(1) });
    await expect(publisher().publish([event])).rejects.toThrow('not a legal Kafka topic');
  });

  it('refuses to publish once closed', async () => {
    const closing = harness().createPublisher();
    await closing.close();
    const event = aStoredEvent({ stream: `partner-${unique()}`, revision: 1, position: positions(1) });
    await expect(closing.publish([event])).rejects.toThrow('closed');
  });
}
