import { afterAll, beforeAll } from '@jest/globals';
import { startMockCluster, type MockCluster } from './mock-cluster-process.js';

/**
 * Starts a mock cluster before the enclosing suite and stops it after. If the helper cannot be built
 * (no librdkafka-dev, no compiler), beforeAll throws and every test of the suite fails with that
 * message: the wire-protocol suites must never be skipped silently.
 */
export function useMockCluster(options: { brokers?: number } = {}): () => MockCluster {
  let cluster: MockCluster | undefined;
  beforeAll(async () => {
    cluster = await startMockCluster(options);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('The Kafka mock cluster is not running; see the error of the suite setup');
    return cluster;
  };
}
