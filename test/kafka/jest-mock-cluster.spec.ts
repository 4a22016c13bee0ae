import { describe, expect, it } from '@jest/globals';
import { planMockClusterSuites } from './jest-mock-cluster.js';
import { MockClusterUnavailable, requiredPackagesHint } from './mock-cluster-process.js';

/** What building the helper throws on a machine without librdkafka-dev (the compiler cannot find -lrdkafka). */
function missingLibrdkafka(): never {
  throw new MockClusterUnavailable(
    'Cannot build the Kafka mock cluster helper (cc test/kafka/mock-cluster.c -lrdkafka): ' +
      'fatal error: librdkafka/rdkafka.h: No such file or directory\n' +
      `To run the Kafka suites, ${requiredPackagesHint}.`,
  );
}

describe('the Kafka suites on a machine without librdkafka', () => {
  it('are skipped with the reason and the install command', () => {
    const plan = planMockClusterSuites(missingLibrdkafka, {});
    expect(plan).toEqual({ run: false, reason: expect.stringContaining('librdkafka/rdkafka.h') });
    expect(plan.run === false && plan.reason).toContain('apt-get install -y librdkafka-dev gcc libc6-dev');
  });

  it('fail under CI, which must always run them', () => {
    expect(planMockClusterSuites(missingLibrdkafka, { CI: 'true' })).toEqual({
      run: 'fail',
      reason: expect.stringContaining('librdkafka/rdkafka.h'),
    });
    expect(planMockClusterSuites(missingLibrdkafka, { CI: 'false' }).run).toBe(false);
  });

  it('run wherever the helper builds, under CI or not', () => {
    const builds = () => '/tmp/mock-cluster';
    expect(planMockClusterSuites(builds, {})).toEqual({ run: true });
    expect(planMockClusterSuites(builds, { CI: 'true' })).toEqual({ run: true });
  });
});
