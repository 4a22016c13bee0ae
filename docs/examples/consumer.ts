/**
 * A downstream service consuming Partner Ledger events (docs/kafka.md): it keeps each partner's status
 * in its own SQLite database and applies every event exactly once, although Kafka delivers at least
 * once. The trick is to record the event id in the same transaction as the change it causes: a
 * redelivered event finds its id already there and is skipped, and a crash between the two cannot
 * happen because there is no "between".
 *
 * Run it against any broker the ledger publishes to (needs kafkajs and better-sqlite3; Node 24 runs
 * TypeScript directly):
 *   KAFKA_BROKERS=localhost:9092 KAFKA_TOPIC_PREFIX=partner-ledger node docs/examples/consumer.ts
 */
import Database from 'better-sqlite3';
import { Kafka } from 'kafkajs';
import { pathToFileURL } from 'node:url';

/** The message value: see docs/kafka.md for every field. */
export interface LedgerEnvelope {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    readonly actor: string;
    readonly actorRole: string;
    readonly correlationId: string;
    readonly causationId: string;
  };
}

/** What a consumer gets from kafkajs, reduced to what deduplication needs. */
export interface IncomingMessage {
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
  readonly value: Buffer | string | null;
}

export type Outcome = 'applied' | 'duplicate' | 'ignored';

/**
 * Returns a message handler that applies each event at most once to `db`. `apply` runs inside the
 * transaction that records the event id, so both commit together or not at all.
 */
export function createDeduplicatingHandler(
  db: Database.Database,
  apply: (envelope: LedgerEnvelope) => void,
): (message: IncomingMessage) => Outcome {
  db.exec('CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, position TEXT NOT NULL)');
  const remember = db.prepare('INSERT OR IGNORE INTO processed_events (event_id, position) VALUES (?, ?)');
  const handle = db.transaction((envelope: LedgerEnvelope): Outcome => {
    // The insert is the check: no row added means this event id was applied before.
    if (remember.run(envelope.id, envelope.position).changes === 0) return 'duplicate';
    apply(envelope);
    return 'applied';
  });
  return (message) => {
    if (message.value === null) return 'ignored';
    const envelope = JSON.parse(message.value.toString()) as LedgerEnvelope;
    // A future schema version may change the data's shape: skip (and alert) rather than misread it.
    if (envelope.schemaVersion !== 1) return 'ignored';
    return handle(envelope);
  };
}

/** The example's own read model: the status of every partner. */
function partnerStatusModel(db: Database.Database): (envelope: LedgerEnvelope) => void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS partner_status (' +
      'partner_id TEXT PRIMARY KEY, status TEXT NOT NULL, since TEXT NOT NULL)',
  );
  const upsert = db.prepare(
    'INSERT INTO partner_status (partner_id, status, since) VALUES (?, ?, ?) ' +
      'ON CONFLICT (partner_id) DO UPDATE SET status = excluded.status, since = excluded.since',
  );
  const statusAfter: Record<string, string> = {
    PartnerEnrolled: 'active',
    PartnerSuspended: 'suspended',
    PartnerReinstated: 'active',
    PartnerOffboarded: 'offboarded',
  };
  return (envelope) => {
    const status = statusAfter[envelope.type];
    // Events of other types on the topic (and types added later) are not this model's business.
    if (status) upsert.run(String(envelope.data['partnerId']), status, envelope.occurredAt);
  };
}

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? 'localhost:9092').split(',');
  const prefix = process.env['KAFKA_TOPIC_PREFIX'] ?? 'partner-ledger';
  const db = new Database(process.env['CONSUMER_DB'] ?? 'partner-status.sqlite');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const handle = createDeduplicatingHandler(db, partnerStatusModel(db));

  const consumer = new Kafka({ clientId: 'partner-status-example', brokers }).consumer({
    groupId: 'partner-status-example',
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [`${prefix}.partner`], fromBeginning: true });
  // eachMessage commits the offset only after the handler returns, so a crash re-reads the message
  // and deduplication absorbs the repeat. Messages of one stream share a key, hence a partition, and
  // arrive in order.
  await consumer.run({
    eachMessage: ({ message }) => {
      const outcome = handle(message);
      const eventType = message.headers?.['event-type']?.toString();
      console.log(`${outcome}: ${eventType} ${message.key?.toString()}`);
      return Promise.resolve();
    },
  });
  const shutdown = () => void consumer.disconnect().finally(() => db.close());
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
