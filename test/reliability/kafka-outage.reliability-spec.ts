import { writeFileSync } from 'node:fs';
import { describeWithMockCluster, useMockCluster } from '../kafka/jest-mock-cluster.js';
import { startCollector } from '../kafka/kafka-collector.js';
import { readWholeLog } from '../support/ledger-log.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// `npm run test:outage -- --minutes 3` (scripts/outage.mjs) lengthens the outage and asks for the figures.
const outageMs = Number(process.env['KAFKA_OUTAGE_MS'] ?? 10_000);
const reportPath = process.env['KAFKA_OUTAGE_REPORT'];

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

  it(
    'the relay backs off, lag grows in /metrics and /health, then it catches up: all delivered in order',
    async () => {
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
          enrolled += 1;
          // A dozen events per partner (suspended and reinstated in turn): the order per stream is checked
          // over many revisions, not two.
          for (let turn = 0; turn < 12 && !stop; turn += 1) {
            await ledger.http
              .post(`/partners/${partnerId}/${turn % 2 === 0 ? 'suspend' : 'reinstate'}`)
              .set(ledger.auth('partner_manager', 'maria'))
              .send({ reason: 'Compliance review' })
              .expect(200);
            await sleep(20);
          }
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
        const upAt = Date.now();
        stop = true;
        await load;
        // Lag grew while the broker was down, the relay retried (not failed) and the service stayed ready.
        expect(lags.at(-1)!).toBeGreaterThan(lags[0]!);
        expect(Number(healths.at(-1)!.lag)).toBeGreaterThan(Number(healths[0]!.lag));
        expect(Math.max(...healths.map((health) => health.failuresConsecutive))).toBeGreaterThan(0);
        expect(healths.map((health) => health.state)).not.toContain('failed');

        const caughtUpBy = Date.now() + 60_000 + outageMs;
        while ((await relayHealth(ledger)).lag !== '0' && Date.now() < caughtUpBy) await sleep(250);
        const catchUpMs = Date.now() - upAt;
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
          await collector.waitUntil(allSeen, 'every event', 30_000 + outageMs / 2);
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
          const figures = {
            outageMs,
            partnersEnrolled: enrolled,
            eventsDelivered: events.length,
            streams: firstSeen.size,
            messagesRead: collector.messages.length,
            lagMax: Math.max(...lags),
            lagEverySecond: lags,
            failuresConsecutiveMax: Math.max(...healths.map((health) => health.failuresConsecutive)),
            catchUpMs,
          };
          if (reportPath) writeFileSync(reportPath, JSON.stringify(figures, null, 2));
          const { lagEverySecond: _lags, ...summary } = figures;
          process.stdout.write(`kafka outage: ${JSON.stringify(summary)}\n`);
        } finally {
          await collector.stop();
        }
      } finally {
        stop = true;
        await ledger.close();
      }
    },
    300_000 + 2 * outageMs,
  );
});
