import { JwtService } from '@nestjs/jwt';
import { SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithMockCluster, useMockCluster } from '../kafka/jest-mock-cluster.js';
import { startCollector } from '../kafka/kafka-collector.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'relay-e2e-secret-that-is-at-least-32-chars';
const token = new JwtService({ secret }).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: '1h' });
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const partners = Array.from({ length: 25 }, (_, index) => `p${index}`);

/** Each partner's commands in order; every one carries its own Idempotency-Key so a resend is the same command. */
function commandsOf(partnerId: string) {
  return [
    {
      key: `${partnerId}-enroll`,
      path: '/partners',
      body: { partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' },
    },
    { key: `${partnerId}-suspend`, path: `/partners/${partnerId}/suspend`, body: { reason: 'Compliance review' } },
    { key: `${partnerId}-reinstate`, path: `/partners/${partnerId}/reinstate`, body: { reason: 'Cleared' } },
  ];
}

async function send(service: ServiceProcess, partnerId: string, acknowledged: Set<string>): Promise<void> {
  for (const command of commandsOf(partnerId)) {
    const response = await fetch(`${service.baseUrl}${command.path}`, {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': command.key },
      body: JSON.stringify(command.body),
    });
    expect([200, 201]).toContain(response.status);
    acknowledged.add(command.key);
  }
}

describeWithMockCluster('the service relays every event to Kafka (librdkafka mock cluster), across a kill -9', () => {
  const cluster = useMockCluster();
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-relay-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('relays enrollments, suspensions, reinstatements: envelope, key, headers, stream order, none lost', async () => {
    await cluster().createTopic('partner-ledger.partner', 3);
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, KAFKA_BROKERS: cluster().bootstrapServers };
    const acknowledged = new Set<string>();

    const first = await startService(env);
    const burst = Promise.all(partners.map((partnerId) => send(first, partnerId, acknowledged).catch(() => undefined)));
    while (acknowledged.size < 30) await new Promise((resolve) => setTimeout(resolve, 2));
    first.child.kill('SIGKILL');
    await first.exited;
    await burst;

    // After the restart every command is sent again: acknowledged ones replay, the rest take effect.
    const second = await startService(env);
    await Promise.all(partners.map((partnerId) => send(second, partnerId, acknowledged)));
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const stored = await store.readAll({ after: 0n, limit: 10_000 });
    await store.close();
    expect(stored).toHaveLength(partners.length * 3);

    const collector = await startCollector({
      brokers: cluster().brokers,
      topics: ['partner-ledger.partner'],
      groupId: `relay-e2e-${Date.now()}`,
    });
    try {
      const received = () => new Set(collector.messages.map((message) => message.headers['event-id']));
      await collector.waitUntil(
        () => stored.every((event) => received().has(event.eventId)),
        'every stored event on its topic',
        30_000,
      );
      for (const event of stored) {
        const message = collector.messages.find((candidate) => candidate.headers['event-id'] === event.eventId)!;
        expect(message.key).toBe(event.stream);
        expect(message.headers).toMatchObject({
          'event-type': event.type,
          'schema-version': '1',
          'correlation-id': event.metadata.correlationId,
        });
        expect(JSON.parse(message.value)).toMatchObject({
          id: event.eventId,
          type: event.type,
          stream: event.stream,
          revision: event.revision,
          position: event.position.toString(),
          data: event.data,
          metadata: { actor: 'maria' },
        });
      }
      // Per stream, the first delivery of each event follows the stream's revisions; duplicates (from
      // the batch in flight at the kill) come only after the original and consumers drop them by event-id.
      for (const partnerId of partners) {
        const firstSeen: string[] = [];
        for (const message of collector.messages.filter((candidate) => candidate.key === `partner-${partnerId}`)) {
          const type = JSON.parse(message.value).type as string;
          if (!firstSeen.includes(message.headers['event-id']!)) firstSeen.push(message.headers['event-id']!, type);
        }
        expect(firstSeen.filter((_, index) => index % 2 === 1)).toEqual([
          'PartnerEnrolled',
          'PartnerSuspended',
          'PartnerReinstated',
        ]);
      }
    } finally {
      await collector.stop();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
