import { afterAll, beforeAll } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { startCollector, type Collector } from '../../../test/kafka/kafka-collector.js';
import { describeWithContainerRuntime } from '../../event-store/src/testing/container-runtime.js';
import { KafkaEventPublisher } from './kafka-event-publisher.js';
import { contractCategories, eventPublisherContract } from './testing/event-publisher.contract.js';

/*
 * The same contract against a real Kafka broker (single-node KRaft) in a container, where a container
 * runtime exists; elsewhere the suite is skipped with the reason in its title and on stderr. The mock
 * cluster suite (kafka-event-publisher.spec.ts) covers the wire protocol on every machine.
 */
const image = 'apache/kafka:3.9.1';
const listenerPort = 9092;

/**
 * Kafka must advertise the address clients reach it on, which is only known once the container runs
 * (mapped port, Docker host). The container therefore waits for a file holding the advertised
 * listener before starting the broker; the test writes it as soon as the port is mapped.
 */
async function startKafka(): Promise<{ container: StartedTestContainer; brokers: string[] }> {
  const container = await new GenericContainer(image)
    .withExposedPorts(listenerPort)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${listenerPort},BROKER://:9093,CONTROLLER://:9094`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withEntrypoint(['sh', '-c'])
    .withCommand([
      'echo "waiting for the advertised listener"; while [ ! -s /tmp/advertised ]; do sleep 0.1; done; ' +
        'export KAFKA_ADVERTISED_LISTENERS="$(cat /tmp/advertised)"; exec /etc/kafka/docker/run',
    ])
    .withWaitStrategy(Wait.forLogMessage('waiting for the advertised listener'))
    .withStartupTimeout(120_000)
    .start();
  const broker = `${container.getHost()}:${container.getMappedPort(listenerPort)}`;
  await container.copyContentToContainer([
    { content: `PLAINTEXT://${broker},BROKER://localhost:9093`, target: '/tmp/advertised' },
  ]);
  return { container, brokers: [broker] };
}

/** Creates the topics, retrying while the broker is still starting (bounded). */
async function createTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({
    clientId: 'contract-admin',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, maxRetryTime: 2_000 },
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

await describeWithContainerRuntime('Kafka in a container (testcontainers)', () => {
  let kafka: { container: StartedTestContainer; brokers: string[] } | undefined;
  beforeAll(async () => {
    kafka = await startKafka();
  }, 180_000);
  afterAll(async () => {
    await kafka?.container.stop();
  });

  eventPublisherContract(`real Kafka (${image})`, async () => {
    const topicPrefix = 'contract';
    const topics = contractCategories.map((category) => `${topicPrefix}.${category}`);
    const brokers = kafka!.brokers;
    await createTopics(brokers, topics);
    const collector: Collector = await startCollector({
      brokers,
      topics,
      groupId: `contract-${Date.now()}`,
      checkContract: false,
    });
    const publishers: KafkaEventPublisher[] = [];
    return {
      topicPrefix,
      createPublisher() {
        const publisher = new KafkaEventPublisher({ brokers, topicPrefix });
        publishers.push(publisher);
        return publisher;
      },
      async delivered(filter, count) {
        await collector.waitUntil((messages) => messages.filter(filter).length >= count, `${count} messages`, 60_000);
        return collector.messages.filter(filter);
      },
      async dispose() {
        await collector.stop();
        for (const publisher of publishers) await publisher.close();
      },
    };
  });
});
