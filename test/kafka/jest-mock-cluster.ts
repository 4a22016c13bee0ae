import { afterAll, beforeAll, describe } from '@jest/globals';
import { loadAsyncApiContract } from './kafka-collector.js';
import { ensureMockClusterBinary, startMockCluster, type MockCluster } from './mock-cluster-process.js';

/*
 * The Kafka suites run against librdkafka's mock cluster, a C helper built on first use. Where it cannot
 * be built (no librdkafka-dev, no compiler: a fresh machine with Node alone), `npm test` skips those suites
 * visibly: the title and stderr carry the reason and the install command. Under CI (CI=true) they are
 * declared as usual and fail with that message, so CI, which installs librdkafka (.ci/run), always runs them.
 */

export type MockClusterPlan =
  | { readonly run: true }
  | { readonly run: false; readonly reason: string }
  | { readonly run: 'fail'; readonly reason: string };

/** Whether to run, skip or fail the Kafka suites, given whether the helper builds and the environment. */
export function planMockClusterSuites(
  build: () => unknown,
  env: Readonly<Record<string, string | undefined>>,
): MockClusterPlan {
  try {
    build();
    return { run: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
    return ci ? { run: 'fail', reason } : { run: false, reason };
  }
}

let plan: MockClusterPlan | undefined;

/** Built once per test file (Jest gives every file its own module registry). */
function mockClusterPlan(): MockClusterPlan {
  plan ??= planMockClusterSuites(ensureMockClusterBinary, process.env);
  return plan;
}

/** `describe` for a suite that needs the mock cluster: skipped with its reason printed where it cannot run. */
export function describeWithMockCluster(title: string, body: () => void): void {
  const current = mockClusterPlan();
  if (current.run !== false) {
    describe(title, body);
    return;
  }
  const reason = current.reason.replace(/\s+/g, ' ');
  process.stderr.write(`\n[skipped] ${title}: ${reason} (under CI=true this fails instead)\n`);
  describe.skip(`${title} [skipped: ${reason}]`, body);
}

/**
 * Starts a mock cluster before the enclosing suite and stops it after. Where the helper cannot be built
 * under CI, beforeAll throws and every test of the suite fails with that message.
 */
export function useMockCluster(options: { brokers?: number } = {}): () => MockCluster {
  let cluster: MockCluster | undefined;
  // Suites declared with describeWithMockCluster are skipped then: starting a cluster would only fail.
  if (mockClusterPlan().run !== false) {
    beforeAll(async () => {
      cluster = await startMockCluster(options);
    }, 60_000);
    // Parsing docs/asyncapi.yaml takes seconds (tens on a busy machine): done once here, not in a test's time.
    beforeAll(() => loadAsyncApiContract(), 180_000);
    afterAll(async () => {
      await cluster?.stop();
    });
  }
  return () => {
    if (!cluster) throw new Error('The Kafka mock cluster is not running; see the error of the suite setup');
    return cluster;
  };
}
