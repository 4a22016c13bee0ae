import type { StoredEvent } from '#event-store';

/**
 * The public shape of an event on Kafka (DESIGN §7, docs/kafka.md). Downstream services rebuild their
 * state from it alone, so it carries the stream coordinates (stream, revision, position) as well as
 * the fact; it never carries the ledger's internal command bookkeeping.
 */
export interface EventEnvelope {
  /** The event id: unique, stable across redeliveries; consumers deduplicate by it. */
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** The stream the event belongs to, which is also the message key. */
  readonly stream: string;
  /** 1 for the first event of a stream, then contiguous: a gap means a consumer missed something. */
  readonly revision: number;
  /** The global log position, a decimal string (EventStoreDB positions do not fit a JS number). */
  readonly position: string;
  /**
   * When the fact happened in business terms: the event's own business date (`YYYY-MM-DD`) or
   * date-time when its data carries one, otherwise `recordedAt`. See `occurredAtOf`.
   */
  readonly occurredAt: string;
  /** When the ledger recorded the event (ISO-8601 UTC date-time). */
  readonly recordedAt: string;
  readonly data: unknown;
  readonly metadata: EnvelopeMetadata;
}

export interface EnvelopeMetadata {
  readonly actor: string;
  readonly actorRole: string;
  readonly correlationId: string;
  readonly causationId: string;
}

/** A message ready for the broker; `value` is the JSON text of `envelope`. */
export interface OutboundMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<EnvelopeHeader, string>>;
  readonly envelope: EventEnvelope;
}

export const envelopeHeaders = ['event-id', 'event-type', 'schema-version', 'correlation-id'] as const;
export type EnvelopeHeader = (typeof envelopeHeaders)[number];

export const topicPrefixDefault = 'partner-ledger';

/** Kafka's rule for topic names: at most 249 characters from this set. */
const legalTopic = /^[a-zA-Z0-9._-]{1,249}$/;

/** A business date, or an ISO-8601 date-time with a zone. */
const dateOrDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function assertTopicPrefix(prefix: string): string {
  // The prefix plus ".statement" must still be a legal topic, so leave room for the longest category.
  if (!legalTopic.test(prefix) || prefix.length > 200) {
    throw new Error(`Kafka topic prefix "${prefix}" must be 1 to 200 characters of letters, digits, ".", "_" and "-"`);
  }
  return prefix;
}

/**
 * The category of a stream: its name before the first "-" (`deal-42` is a `deal`), and the whole
 * name for streams without one (`program`). Ids may contain "-" (UUIDs), the category never does.
 */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export function topicFor(stream: string, topicPrefix: string): string {
  const topic = `${topicPrefix}.${categoryOf(stream)}`;
  // A stream name the ledger did not mean to create must stop the relay loudly, never be dropped.
  if (!legalTopic.test(topic))
    throw new Error(`Stream "${stream}" maps to "${topic}", which is not a legal Kafka topic name`);
  return topic;
}

/**
 * The business moment of an event. Every ledger event names its own moment `<verb>At` after the last
 * word of its type (`PartnerEnrolled.enrolledAt`, `DealWon.wonAt`, `RuleSetPublished.publishedAt`); that
 * field wins. Failing that, a single `...At` field holding a date or date-time is used. Anything else
 * (no such field, or several and none named after the type) falls back to `recordedAt`, so the field is
 * always present. Dates such as `protectedUntil` or `effectiveFrom` describe other moments and are
 * never picked.
 */
export function occurredAtOf(type: string, data: unknown, recordedAt: string): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return recordedAt;
  const fields = data as Record<string, unknown>;
  const verb = /([A-Z][a-z0-9]*)$/.exec(type)?.[1];
  if (verb) {
    const named = fields[`${verb.toLowerCase()}At`];
    if (typeof named === 'string' && dateOrDateTime.test(named)) return named;
  }
  const candidates = Object.entries(fields).filter(
    ([key, value]) => key.endsWith('At') && typeof value === 'string' && dateOrDateTime.test(value),
  );
  return candidates.length === 1 ? (candidates[0]![1] as string) : recordedAt;
}

/** The schema version travels in metadata when a type's data has changed shape; 1 until then. */
function schemaVersionOf(event: StoredEvent): number {
  const declared = event.metadata['schemaVersion'];
  return typeof declared === 'number' && Number.isSafeInteger(declared) && declared >= 1 ? declared : 1;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  const { metadata } = event;
  return {
    id: event.eventId,
    type: event.type,
    schemaVersion: schemaVersionOf(event),
    stream: event.stream,
    revision: event.revision,
    position: event.position.toString(),
    occurredAt: occurredAtOf(event.type, event.data, metadata.recordedAt),
    recordedAt: metadata.recordedAt,
    data: event.data,
    // An allow-list: idempotency keys and command hashes are the ledger's own retry bookkeeping, and
    // metadata added later must not reach every subscriber without a decision.
    metadata: {
      actor: metadata.actor,
      actorRole: metadata.actorRole,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
    },
  };
}

export function toOutboundMessage(event: StoredEvent, topicPrefix: string): OutboundMessage {
  const envelope = toEnvelope(event);
  return {
    topic: topicFor(event.stream, topicPrefix),
    key: event.stream,
    value: JSON.stringify(envelope),
    headers: {
      'event-id': envelope.id,
      'event-type': envelope.type,
      'schema-version': String(envelope.schemaVersion),
      'correlation-id': envelope.metadata.correlationId,
    },
    envelope,
  };
}

/**
 * Groups messages by topic, keeping their relative order: within a topic (and so within a key) the
 * broker receives them in log order, which is what preserves order per stream.
 */
export function groupByTopic(messages: readonly OutboundMessage[]): Map<string, OutboundMessage[]> {
  const byTopic = new Map<string, OutboundMessage[]>();
  for (const message of messages) {
    const list = byTopic.get(message.topic);
    if (list) list.push(message);
    else byTopic.set(message.topic, [message]);
  }
  return byTopic;
}
