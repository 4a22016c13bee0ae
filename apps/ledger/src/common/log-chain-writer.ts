import { Logger } from '@nestjs/common';
import {
  LogChainKeeper,
  logChainWriter,
  type CheckpointedConsumer,
  type EventStore,
  type LogBatch,
} from '#event-store';
import type { LedgerConfig } from '../config.js';
import type { Clock } from './tokens.js';

export const LOG_CHAIN_WRITER = Symbol('LOG_CHAIN_WRITER');

/**
 * EventStoreDB's chain stream is kept by the process that follows the log (the relay role), whether or not
 * Kafka is configured; SQLite chains every event in its appending transaction and needs no writer.
 */
export function createLogChainWriter(
  config: Pick<LedgerConfig, 'eventStore' | 'roles'>,
  store: EventStore,
  clock: Clock,
): CheckpointedConsumer<LogBatch> | null {
  if (config.eventStore.kind !== 'esdb' || !config.roles.has('relay')) return null;
  const logger = new Logger('LogChain');
  return logChainWriter(new LogChainKeeper({ log: store, chain: store }, () => clock.now()), store, {
    pollIntervalMs: 1_000,
    // The next wake-up or poll retries; verify reports the events not chained meanwhile.
    onError: (error) => logger.warn({ msg: 'extending the chain stream failed', error: String(error) }),
  });
}
