import { describeWithMockCluster, useMockCluster } from '../kafka/jest-mock-cluster.js';
import { startCollector } from '../kafka/kafka-collector.js';
import { readWholeLog } from '../support/ledger-log.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outageMs = Number(process.env['KAFKA_OUTAGE_MS'] ?? 10_000);

interface RelayHealth {
  readonly lag: string;
  readonly failuresConsecutive: number;
  readonly state: string;
}

async function relayHealth(ledger: LedgerHarness): Promise<RelayHealth> {
  const response = await ledger.http.get('/health');
  return (response.body as { details: { relay: RelayHealth } }).details.relay;
}

async function relayLagMetric(ledger: LedgerHarness): Promise<number> {
  const response = await ledger.http.get('/metrics').set(ledger.auth('ops'));
  const line = response.text.split('\n').find((candidate) => candidate.startsWith('ledger_relay_lag '));
  return Number(line?.split(' ')[1]);
}

describeWithMockCluster('the Kafka broker down for a while under load', () => {
  const cluster = useMockCluster();

  it('the relay backs off, lag grows in /metrics and /health, then it catches up: all delivered in order', async () => {
    await cluster().createTopic('outage.partner', 3);
    const ledger = await startLedger({
      KAFKA_BROKERS: cluster().bootstrapServers,
      KAFKA_TOPIC_PREFIX: 'outage',
      LEDGER_ROLES: 'api,projector,relay',
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
    let enrolled = 0;
    let stop = false;
    const client = async (name: string) => {
      for (let index = 0; !stop; index += 1) {
        const partnerId = `${name}-${index}`;
        await ledger.enroll(partnerId);
        await ledger.http
          .post(`/partners/${partnerId}/suspend`)
          .set(ledger.auth('partner_manager', 'maria'))
          .send({ reason: 'Compliance review' })
          .expect(200);
        enrolled += 1;
        await sleep(20);
      }
    };
    try {
      const load = Promise.all(['a', 'b', 'c'].map(client));
      await sleep(1000);
      await cluster().brokerDown();
      const lags: number[] = [];
      const healths: RelayHealth[] = [];
      for (const downAt = Date.now(); Date.now() - downAt < outageMs;) {
        await sleep(1000);
        lags.push(await relayLagMetric(ledger));
        healths.push(await relayHealth(ledger));
      }
      await cluster().brokerUp();
      stop = true;
      await load;
      // Lag grew while the broker was down, the relay retried (not failed) and the service stayed ready.
      expect(lags.at(-1)!).toBeGreaterThan(lags[0]!);
      expect(Math.max(...healths.map((health) => health.failuresConsecutive))).toBeGreaterThan(0);
      expect(healths.map((health) => health.state)).not.toContain('failed');

      const caughtUpBy = Date.now() + 60_000;
      while ((await relayHealth(ledger)).lag !== '0' && Date.now() < caughtUpBy) await sleep(250);
      expect(await relayHealth(ledger)).toMatchObject({ lag: '0', failuresConsecutive: 0 });
      expect(await relayLagMetric(ledger)).toBe(0);

      const events = (await readWholeLog(ledger.dataDir)).filter((event) => event.stream.startsWith('partner-'));
      const collector = await startCollector({
        brokers: cluster().brokers,
        topics: ['outage.partner'],
        groupId: 'outage-reader',
      });
      try {
        // One set per check (a set per event made each check quadratic, and the wait cubic, in the events).
        const allSeen = () => {
          const seen = new Set(collector.messages.map((message) => message.headers['event-id']));
          return events.every((event) => seen.has(event.eventId));
        };
        await collector.waitUntil(allSeen, 'every event', 30_000);
        // Per stream, first deliveries follow the revisions (a resent batch may repeat, never reorder).
        const firstSeen = new Map<string, number[]>();
        const ids = new Set<string>();
        for (const message of collector.messages) {
          const { id, revision } = JSON.parse(message.value) as { id: string; revision: number };
          if (ids.has(id)) continue;
          ids.add(id);
          firstSeen.set(message.key, [...(firstSeen.get(message.key) ?? []), revision]);
        }
        for (const [stream, revisions] of firstSeen)
          expect({ stream, revisions }).toEqual({ stream, revisions: revisions.map((_, index) => index + 1) });
        process.stdout.write(
          `kafka outage: ${outageMs} ms down, ${enrolled} partners, ${events.length} events delivered, ` +
            `lag peaked at ${Math.max(...lags)}\n`,
        );
      } finally {
        await collector.stop();
      }
    } finally {
      stop = true;
      await ledger.close();
    }
  }, 120_000);
});
