import { SqliteEventStore, type NewEvent } from '#event-store';
import { KafkaEventPublisher, Relay, toOutboundMessage } from '#messaging';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockCluster } from '../test/kafka/mock-cluster-process.js';
import { formatSummary, machineLine, summarize } from './support/measure.js';

/**
 * Relay throughput: N events seeded into a SQLite event store (WAL, synchronous=FULL) are published by
 * the Relay (read batch, map to envelopes, sendBatch with acks=-1, fsynced checkpoint per batch) to
 * librdkafka's mock cluster on loopback. The baseline, measured in the same runs, is raw kafkajs
 * sendBatch of the same messages pre-built in memory, in batches of the same size: the cost of the
 * broker and the client alone.
 * Usage: npm run bench:relay [-- --events 50000 --runs 5 --batch 500]
 */
const options = parseOptions(process.argv.slice(2));

function parseOptions(argv: string[]): { events: number; runs: number; batch: number } {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    const parsed = index >= 0 ? Number(argv[index + 1]) : fallback;
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer`);
    return parsed;
  };
  return { events: value('events', 50_000), runs: value('runs', 5), batch: value('batch', 500) };
}

/** Events shaped like the ledger's (a few hundred bytes of JSON each), over 1,000 streams. */
function eventFor(index: number): NewEvent {
  const partnerId = `p-${index % 1_000}`;
  return {
    eventId: randomUUID(),
    type: 'DealWon',
    data: {
      dealId: `d-${index}`,
      lines: [{ sku: 'SKU-1', family: 'software', amount: '12500.00', discount: '0.05' }],
      billing: 'recurring',
      termMonths: 12,
      wonAt: '2026-02-10',
      partnerId,
    },
    metadata: {
      actor: 'bench',
      actorRole: 'partner_manager',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt: new Date().toISOString(),
      idempotencyKey: `k-${index}`,
      commandHash: 'h',
    },
  };
}

async function seed(store: SqliteEventStore, count: number): Promise<void> {
  // Ten events per append and 1,000 streams; appends to one stream are sequential.
  const streams = 1_000;
  const perAppend = 10;
  const versions = new Array<number>(streams).fill(0);
  let written = 0;
  while (written < count) {
    const appends: Promise<unknown>[] = [];
    for (let stream = 0; stream < streams && written < count; stream += 1) {
      const size = Math.min(perAppend, count - written);
      const events = Array.from({ length: size }, (_, offset) => eventFor(written + offset));
      appends.push(store.appendToStream(`deal-${stream}`, events, { expectedVersion: versions[stream]! }));
      versions[stream]! += size;
      written += size;
    }
    await Promise.all(appends);
  }
}

const folder = mkdtempSync(join(tmpdir(), 'ledger-relay-bench-'));
const cluster = await startMockCluster();
try {
  const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
  const seeding = Date.now();
  await seed(store, options.events);
  process.stderr.write(`seeded ${options.events} events in ${Date.now() - seeding} ms\n`);

  // The baseline's input: the same events, mapped once, outside the timing.
  const stored = await store.readAll({ after: 0n, limit: options.events });
  const prebuilt = stored.map((event) => toOutboundMessage(event, 'baseline'));
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
  await producer.connect();

  const relayRates: number[] = [];
  const baselineRates: number[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    // Baseline and relay alternate within every run, so drift on a shared machine hits both alike.
    const baselineStarted = performance.now();
    for (let start = 0; start < prebuilt.length; start += options.batch) {
      const chunk = prebuilt.slice(start, start + options.batch);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: `baseline${run}.deal`,
            messages: chunk.map((message) => ({
              key: message.key,
              value: message.value,
              headers: { ...message.headers },
            })),
          },
        ],
      });
    }
    const baselineRate = options.events / ((performance.now() - baselineStarted) / 1_000);
    baselineRates.push(baselineRate);

    const relay = new Relay({
      store,
      publisher: new KafkaEventPublisher({ brokers: cluster.brokers, topicPrefix: `relay${run}` }),
      checkpointPath: join(folder, `relay-${run}.sqlite`),
      batchSize: options.batch,
    });
    const relayStarted = performance.now();
    const progress = await relay.runUntilCaughtUp();
    const relayRate = options.events / ((performance.now() - relayStarted) / 1_000);
    await relay.stop();
    if (progress.published !== options.events)
      throw new Error(`The relay published ${progress.published} of ${options.events} events`);
    relayRates.push(relayRate);
    process.stderr.write(
      `run ${run}: relay ${relayRate.toFixed(0)} events/s, baseline ${baselineRate.toFixed(0)} events/s\n`,
    );
  }
  await producer.disconnect();
  await store.close();

  const relay = summarize(relayRates);
  const baseline = summarize(baselineRates);
  console.log(
    `\nRelay to the librdkafka mock cluster, ${options.events} events, batches of ${options.batch}, ` +
      `${options.runs} runs, ${cpus().length} cores, ${machineLine()}\n`,
  );
  console.log('| target | events/s median [min–max] | ratio to baseline |');
  console.log('|---|---|---|');
  console.log(
    `| relay (SQLite → envelopes → sendBatch acks=-1 → fsynced checkpoint) | ${formatSummary(relay)} | ` +
      `${(relay.median / baseline.median).toFixed(2)} |`,
  );
  console.log(`| baseline: raw kafkajs sendBatch of pre-built messages | ${formatSummary(baseline)} | 1.00 |`);
} finally {
  await cluster.stop();
  rmSync(folder, { recursive: true, force: true });
}
