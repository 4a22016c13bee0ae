import type { StoredEvent } from '#event-store';
import { categoryOf, envelopeHeaders, toOutboundMessage, topicPrefixDefault } from '../envelope.js';
import type { CatalogEntry } from './event-catalog.js';

/*
 * Renders docs/asyncapi.yaml (AsyncAPI 3.0) from the event catalog. Every example is the output of the
 * relay's own envelope mapping, so the documentation cannot drift from what is published.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const plainKey = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** YAML for JSON values: block style, strings always double-quoted (JSON string syntax is valid YAML). */
export function toYaml(value: Json, indent = 0): string {
  const pad = ' '.repeat(indent);
  const scalar = (item: Json): string | undefined => {
    if (item === null) return 'null';
    if (typeof item === 'string') return JSON.stringify(item);
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    if (Array.isArray(item) && item.length === 0) return '[]';
    if (!Array.isArray(item) && typeof item === 'object' && Object.keys(item).length === 0) return '{}';
    return undefined;
  };
  const simple = scalar(value);
  if (simple !== undefined) return `${pad}${simple}\n`;
  if (Array.isArray(value)) {
    return (value as readonly Json[])
      .map((item) => {
        const itemScalar = scalar(item);
        if (itemScalar !== undefined) return `${pad}- ${itemScalar}\n`;
        // The first line of the nested block goes after the dash; the rest keeps its indentation.
        const block = toYaml(item, indent + 2);
        return `${pad}- ${block.slice(indent + 2)}`;
      })
      .join('');
  }
  return Object.entries(value as { readonly [key: string]: Json })
    .map(([key, item]) => {
      const name = plainKey.test(key) ? key : JSON.stringify(key);
      const itemScalar = scalar(item);
      return itemScalar !== undefined
        ? `${pad}${name}: ${itemScalar}\n`
        : `${pad}${name}:\n${toYaml(item, indent + 2)}`;
    })
    .join('');
}

const decimal = /^-?\d+\.\d+$|^-?\d+$/;
const date = /^\d{4}-\d{2}-\d{2}$/;

/** A JSON Schema inferred from an example value; decimal strings and dates are marked by format. */
function schemaOf(value: unknown): Json {
  if (value === null) return { type: 'null' };
  if (typeof value === 'string') {
    if (date.test(value)) return { type: 'string', format: 'date' };
    if (decimal.test(value))
      return { type: 'string', format: 'decimal', description: 'A decimal number as a string, exact' };
    return { type: 'string' };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (Array.isArray(value)) return value.length > 0 ? { type: 'array', items: schemaOf(value[0]) } : { type: 'array' };
  const entries = Object.entries(value as Record<string, unknown>);
  return {
    type: 'object',
    ...(entries.length > 0 ? { required: entries.map(([key]) => key) } : {}),
    properties: Object.fromEntries(entries.map(([key, item]) => [key, schemaOf(item)])),
  };
}

/**
 * An event's data schema: inferred from its example, with the fields the entry says may be absent, may be null,
 * are described in words (opaque) or occur instead of one the example shows (unshown).
 */
function dataSchemaOf(entry: CatalogEntry): Json {
  const { optional, opaque = {}, nullable = [], unshown = {} } = entry;
  const fieldOf = (key: string, item: unknown): Json => {
    const description = opaque[key];
    const inferred = description === undefined ? schemaOf(item) : opaqueSchemaOf(item, description);
    return nullable.includes(key) ? { oneOf: [inferred, { type: 'null' }] } : inferred;
  };
  const entries = Object.entries(entry.data as Record<string, unknown>);
  return {
    type: 'object',
    required: entries.map(([key]) => key).filter((key) => !optional.includes(key)),
    properties: Object.fromEntries(
      [...entries, ...Object.entries(unshown)].map(([key, item]) => [key, fieldOf(key, item)]),
    ),
  };
}

/** A field documented in words: its kind (a list or an object) and the description, without an inferred shape. */
function opaqueSchemaOf(item: unknown, description: string): Json {
  return Array.isArray(item)
    ? { type: 'array', items: { type: 'object' }, description }
    : { type: 'object', description };
}

const metadataExample = {
  actor: 'alice@example.com',
  actorRole: 'partner_manager',
  correlationId: '7d0c3a52-5b0e-4f0a-9a53-2f2f7f1c9e10',
  causationId: '7d0c3a52-5b0e-4f0a-9a53-2f2f7f1c9e10',
  recordedAt: '2026-04-03T09:14:27.512Z',
  idempotencyKey: 'not published',
  commandHash: 'not published',
};

/** A deterministic, UUID-shaped event id for the n-th example. */
function exampleId(index: number): string {
  const hex = (index + 1).toString(16).padStart(12, '0');
  return `5f0c8a52-1b6e-5c39-9d51-${hex}`;
}

function storedExample(entry: CatalogEntry, index: number, revisions: Map<string, number>): StoredEvent {
  const revision = (revisions.get(entry.stream) ?? 0) + 1;
  revisions.set(entry.stream, revision);
  return {
    eventId: exampleId(index),
    type: entry.type,
    data: entry.data,
    metadata: { ...metadataExample, ...entry.actor },
    stream: entry.stream,
    revision,
    position: BigInt(1000 + index),
  };
}

const categoryDescriptions: Record<string, string> = {
  partner:
    'Partner lifecycle: enrollment, suspension, reinstatement, offboarding, tier overrides. ' +
    'Key: `partner-<partnerId>`.',
  registration: 'Deal registrations and their approval. Key: `registration-<registrationId>`.',
  customer:
    'The channel-conflict lock: which registration holds a customer. ' +
    'Key: `customer-<customerKey>` (the normalized domain).',
  deal: 'Deals and their revenue events (won, renewed, expanded, refunded, churned). Key: `deal-<dealId>`.',
  campaign: 'Joint marketing campaigns. Key: `campaign-<campaignId>`.',
  mdf: 'Market development funds per partner. Key: `mdf-<partnerId>`.',
  program:
    'Program-wide facts: rule-set publications and period closes. ' +
    'Key: `program` (one stream, so one partition: total order).',
  statement:
    'Payout statements and disputes. Key: `statement-<partnerId>-<period>`, and `statement-<partnerId>-first` for ' +
    'FirstStatementClaimed.',
};

export function renderAsyncApi(catalog: readonly CatalogEntry[]): string {
  const categories = [...new Set(catalog.map((entry) => categoryOf(entry.stream)))];
  const messages = messagesOf(catalog);
  const { channels, operations } = channelsOf(catalog, categories);
  const document: Json = {
    asyncapi: '3.0.0',
    info: {
      title: 'Partner Ledger events',
      version: '1.0.0',
      description:
        'Every event stored by the Partner Ledger, published by its relay to one Kafka topic per stream category, ' +
        'keyed by stream name (so the events of a stream stay in order on one partition), at least once. ' +
        'See docs/kafka.md for ordering, delivery, deduplication and the occurredAt rule. ' +
        "This file is generated from the relay's own envelope mapping by libs/messaging/src/asyncapi.spec.ts " +
        '(UPDATE_DOCS=1 to regenerate).',
    },
    defaultContentType: 'application/json',
    servers: {
      ledger: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'Whatever KAFKA_BROKERS points the ledger at.',
      },
    },
    channels,
    operations,
    components: {
      parameters: {
        prefix: {
          default: topicPrefixDefault,
          description: 'KAFKA_TOPIC_PREFIX of the ledger (default "partner-ledger").',
        },
      },
      schemas: envelopeSchemas(),
      messages,
    },
  };
  const banner = '# Generated by libs/messaging/src/asyncapi.spec.ts from the event catalog; do not edit by hand.';
  return `${banner}\n${toYaml(document)}`;
}

/** One message per event type, with its schema and an example the relay's own mapping produced. */
function messagesOf(catalog: readonly CatalogEntry[]): Record<string, Json> {
  const revisions = new Map<string, number>();
  const messages: Record<string, Json> = {};
  for (const [index, entry] of catalog.entries()) {
    const message = toOutboundMessage(storedExample(entry, index, revisions), topicPrefixDefault);
    const planned = entry.status === 'planned';
    const data = dataSchemaOf(entry);
    const key = { type: 'string', description: `The stream name, e.g. "${entry.stream}"` };
    messages[entry.type] = {
      name: entry.type,
      title: entry.type,
      summary: planned
        ? `${entry.summary} (Planned: not published yet; the data shape may still change.)`
        : entry.summary,
      contentType: 'application/json',
      ...(planned ? { 'x-status': 'planned' } : {}),
      headers: { $ref: '#/components/schemas/Headers' },
      payload: {
        allOf: [
          { $ref: '#/components/schemas/Envelope' },
          { type: 'object', properties: { type: { const: entry.type }, data } },
        ],
      },
      bindings: { kafka: { key, bindingVersion: '0.5.0' } },
      examples: [
        { name: `${entry.type}Example`, headers: { ...message.headers }, payload: JSON.parse(message.value) as Json },
      ],
    };
  }
  return messages;
}

/** One channel per stream category (its topic), and the operation of consuming it. */
function channelsOf(
  catalog: readonly CatalogEntry[],
  categories: readonly string[],
): { channels: Record<string, Json>; operations: Record<string, Json> } {
  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  for (const category of categories) {
    const types = catalog.filter((entry) => categoryOf(entry.stream) === category).map((entry) => entry.type);
    channels[category] = {
      address: `{prefix}.${category}`,
      description: categoryDescriptions[category] ?? `Events of the ${category} streams.`,
      parameters: { prefix: { $ref: '#/components/parameters/prefix' } },
      messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    };
    operations[`receive${category[0]!.toUpperCase()}${category.slice(1)}Events`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${category}` },
      summary: `Consume the ${category} topic. Deduplicate by the event-id header: delivery is at least once.`,
      messages: types.map((type) => ({ $ref: `#/channels/${category}/messages/${type}` })),
    };
  }
  return { channels, operations };
}

/** The envelope every message carries, its metadata and its headers. */
function envelopeSchemas(): Record<string, Json> {
  return {
    Envelope: {
      type: 'object',
      required: [
        'id',
        'type',
        'schemaVersion',
        'stream',
        'revision',
        'position',
        'occurredAt',
        'recordedAt',
        'data',
        'metadata',
      ],
      properties: {
        id: {
          type: 'string',
          format: 'uuid',
          description: 'The event id: unique and stable across redeliveries. Deduplicate by it.',
        },
        type: { type: 'string', description: 'The event type; names are stable forever.' },
        schemaVersion: {
          type: 'integer',
          minimum: 1,
          description: "The version of this type's data shape; 1 for every type today.",
        },
        stream: { type: 'string', description: 'The stream (aggregate) the event belongs to; also the message key.' },
        revision: {
          type: 'integer',
          minimum: 1,
          description: "The event's number within its stream: 1, 2, 3… without gaps.",
        },
        position: {
          type: 'string',
          pattern: '^[0-9]+$',
          description: 'The global log position, a decimal string (may exceed 2^53). Increases along the log.',
        },
        occurredAt: {
          type: 'string',
          description:
            "When the fact happened in business terms: the event's business date (YYYY-MM-DD) " +
            'when its data has one (all current types), else recordedAt.',
        },
        recordedAt: { type: 'string', format: 'date-time', description: 'When the ledger recorded the event (UTC).' },
        data: { type: 'object', description: 'The fact itself; amounts are decimal strings, dates YYYY-MM-DD.' },
        metadata: { $ref: '#/components/schemas/Metadata' },
      },
    },
    Metadata: {
      type: 'object',
      required: ['actor', 'actorRole', 'correlationId', 'causationId'],
      properties: {
        actor: {
          type: 'string',
          description:
            'Who caused the event: the authenticated subject, or `system:<component>` for what the ledger appends ' +
            'by itself (system:mdf-accrual-reactor, system:protocol-reconciler).',
        },
        actorRole: {
          type: 'string',
          description:
            'The role the actor acted in: admin, finance, partner_manager, ops, auditor or partner; admin for a ' +
            '`system:` actor (count people by actor, not by role).',
        },
        correlationId: { type: 'string', description: 'Shared by everything one request caused.' },
        causationId: { type: 'string', description: 'What directly caused this event (a command or another event).' },
      },
    },
    Headers: {
      type: 'object',
      required: [...envelopeHeaders],
      properties: {
        'event-id': { type: 'string', description: 'Equals envelope id.' },
        'event-type': { type: 'string', description: 'Equals envelope type: filter without parsing the value.' },
        'schema-version': { type: 'string', description: 'Equals envelope schemaVersion, as text.' },
        'correlation-id': { type: 'string', description: 'Equals envelope metadata.correlationId.' },
      },
    },
  };
}
