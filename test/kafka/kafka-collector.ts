import { kafkajs } from '#messaging';
import type { Consumer } from 'kafkajs';
import { AsyncApiContract } from './asyncapi-contract.js';

let contract: Promise<AsyncApiContract> | undefined;

/** docs/asyncapi.yaml, parsed once per test file: every collector checks what it receives against it. */
export function loadAsyncApiContract(): Promise<AsyncApiContract> {
  return (contract ??= AsyncApiContract.load());
}

/** A message as a consumer saw it, with headers decoded to text. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Collector {
  /** Everything received so far, in arrival order (order is meaningful per partition, so per key). */
  readonly messages: readonly ReceivedMessage[];
  /** Resolves once `condition` holds; fails after `timeoutMs` saying what it waited for. */
  waitUntil(
    condition: (messages: readonly ReceivedMessage[]) => boolean,
    description: string,
    timeoutMs?: number,
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A kafkajs consumer (in a fresh group, from the earliest offset) that collects every message of the
 * given topics: the tests read back what the relay published, as a downstream service would. The
 * topics must exist before it starts. Resolves once the group has been joined. Every message is checked
 * against docs/asyncapi.yaml as it arrives (asyncapi-contract.ts): a violation fails the test. Only the
 * publisher's transport suite opts out: its envelopes carry made-up payloads to test order and batching.
 */
export async function startCollector(options: {
  brokers: readonly string[];
  topics: readonly string[];
  groupId: string;
  /** false for transport tests that publish synthetic envelopes, not the relay's events (default true). */
  checkContract?: boolean;
}): Promise<Collector> {
  const asyncApi = options.checkContract === false ? undefined : await loadAsyncApiContract();
  const { Kafka, logLevel } = kafkajs();
  const kafka = new Kafka({
    clientId: `collector-${options.groupId}`,
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
  });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
  const messages: ReceivedMessage[] = [];
  let listeners: Array<() => void> = [];
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
      }
      const received = {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        headers,
      };
      asyncApi?.check(received);
      messages.push(received);
      for (const listener of listeners) listener();
      return Promise.resolve();
    },
  });
  await joined;

  return {
    messages,
    async waitUntil(condition, description, timeoutMs = 20_000) {
      if (condition(messages)) return;
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!condition(messages)) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${description}; received ${messages.length} messages`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners = listeners.filter((listener) => listener !== check);
        };
        listeners.push(check);
      });
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
