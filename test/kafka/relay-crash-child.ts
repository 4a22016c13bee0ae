/*
 * The relay in a process of its own, for the crash test: it publishes with the real Kafka adapter and,
 * once the broker has acknowledged batch number CRASH_AFTER_BATCH, announces it on stdout and hangs
 * before the checkpoint can be saved, so the parent can kill -9 it at exactly that moment.
 */
import { SqliteEventStore, type StoredEvent } from '#event-store';
import { KafkaEventPublisher, Relay, type EventPublisher } from '#messaging';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const store = new SqliteEventStore({ path: setting('STORE_PATH') });
const kafka = new KafkaEventPublisher({
  brokers: setting('KAFKA_BROKERS').split(','),
  topicPrefix: setting('KAFKA_TOPIC_PREFIX'),
});
const crashAfterBatch = Number(setting('CRASH_AFTER_BATCH'));
let batches = 0;

const publisher: EventPublisher = {
  async publish(events: readonly StoredEvent[]) {
    await kafka.publish(events);
    batches += 1;
    if (batches === crashAfterBatch) {
      process.stdout.write(`acknowledged ${events[0]!.position} ${events.at(-1)!.position}\n`);
      await new Promise<never>(() => undefined);
    }
  },
  close: () => kafka.close(),
};

const relay = new Relay({
  store,
  publisher,
  checkpointPath: setting('CHECKPOINT_PATH'),
  batchSize: Number(setting('BATCH_SIZE')),
});
await relay.runUntilCaughtUp();
process.stdout.write('caught up without crashing\n');
await relay.stop();
await store.close();
