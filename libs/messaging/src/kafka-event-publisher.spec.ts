import { describe, expect, it } from '@jest/globals';
import { describeWithMockCluster, useMockCluster } from '../../../test/kafka/jest-mock-cluster.js';
import { startCollector, type Collector } from '../../../test/kafka/kafka-collector.js';
import { toOutboundMessage } from './envelope.js';
import { chunksOf, KafkaEventPublisher } from './kafka-event-publisher.js';
import { contractCategories, eventPublisherContract } from './testing/event-publisher.contract.js';
import { aStoredEvent, aStreamOfEvents } from './testing/stored-events.js';

/*
 * The Kafka adapter against librdkafka's mock cluster on 127.0.0.1, over the real wire protocol, in
 * every `npm test`. Messages are read back by a kafkajs consumer group, as a downstream service would.
 */
describe('KafkaEventPublisher', () => {
  it('splits a batch into requests under the byte budget, in order, a large message alone', () => {
    const events = aStreamOfEvents('deal-1', 10, 1n);
    const messages = events.map((event) => toOutboundMessage(event, 'p'));
    const size = messages[0]!.value.length + 300;
    const chunks = chunksOf(messages, size * 3);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.map((chunk) => chunk.length)).toEqual([3, 3, 3, 1]);
    const large = toOutboundMessage(
      aStoredEvent({ stream: 'deal-1', revision: 11, position: 11n, data: { blob: 'x'.repeat(10_000) } }),
      'p',
    );
    expect(chunksOf([messages[0]!, large, messages[1]!], size * 3).map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });
});

describeWithMockCluster('KafkaEventPublisher on the librdkafka mock cluster', () => {
  const cluster = useMockCluster();

  eventPublisherContract('Kafka on the librdkafka mock cluster', async () => {
    const topicPrefix = 'contract';
    const topics = contractCategories.map((category) => `${topicPrefix}.${category}`);
    // Several partitions per topic, so per-stream order is checked where it could actually break.
    for (const topic of topics) await cluster().createTopic(topic, 3);
    const collector: Collector = await startCollector({
      brokers: cluster().brokers,
      topics,
      groupId: `contract-${Date.now()}`,
      checkContract: false,
    });
    const publishers: KafkaEventPublisher[] = [];
    return {
      topicPrefix,
      createPublisher() {
        const publisher = new KafkaEventPublisher({ brokers: cluster().brokers, topicPrefix });
        publishers.push(publisher);
        return publisher;
      },
      async delivered(filter, count) {
        await collector.waitUntil((messages) => messages.filter(filter).length >= count, `${count} messages`);
        return collector.messages.filter(filter);
      },
      async dispose() {
        await collector.stop();
        for (const publisher of publishers) await publisher.close();
      },
    };
  });

  it('delivers a batch sent as several requests completely and in stream order', async () => {
    const topicPrefix = 'chunked';
    await cluster().createTopic(`${topicPrefix}.deal`, 2);
    const collector = await startCollector({
      brokers: cluster().brokers,
      topics: [`${topicPrefix}.deal`],
      groupId: `chunked-${Date.now()}`,
      checkContract: false,
    });
    const publisher = new KafkaEventPublisher({ brokers: cluster().brokers, topicPrefix, requestBytesMax: 4_096 });
    try {
      const events = [...aStreamOfEvents('deal-a', 60, 1n), ...aStreamOfEvents('deal-b', 60, 61n)];
      await publisher.publish(events);
      await collector.waitUntil((messages) => messages.length >= events.length, `${events.length} messages`);
      for (const stream of ['deal-a', 'deal-b']) {
        const revisions = collector.messages
          .filter((message) => message.key === stream)
          .map((message) => (JSON.parse(message.value) as { revision: number }).revision);
        expect(revisions).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
      }
    } finally {
      await publisher.close();
      await collector.stop();
    }
  });
});
