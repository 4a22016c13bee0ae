import { useMockCluster } from '../../../test/kafka/jest-mock-cluster.js';
import { startCollector, type Collector } from '../../../test/kafka/kafka-collector.js';
import { KafkaEventPublisher } from './kafka-event-publisher.js';
import { contractCategories, eventPublisherContract } from './testing/event-publisher.contract.js';

/*
 * The Kafka adapter against librdkafka's mock cluster on 127.0.0.1, over the real wire protocol, in
 * every `npm test`. Messages are read back by a kafkajs consumer group, as a downstream service would.
 */
const cluster = useMockCluster();

eventPublisherContract('Kafka on the librdkafka mock cluster', async () => {
  const topicPrefix = 'contract';
  const topics = contractCategories.map((category) => `${topicPrefix}.${category}`);
  // Several partitions per topic, so per-stream order is checked where it could actually break.
  for (const topic of topics) await cluster().createTopic(topic, 3);
  const collector: Collector = await startCollector({ brokers: cluster().brokers, topics, groupId: `contract-${Date.now()}` });
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
