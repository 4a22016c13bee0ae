import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/** Sums the samples of one metric whose labels include every given label (Prometheus text format). */
function sampleSum(scrape: string, metric: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of scrape.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    const text = match[2] ?? '';
    if (Object.entries(labels).every(([name, value]) => text.includes(`${name}="${value}"`))) sum += Number(match[3]);
  }
  return sum;
}

describe('GET /metrics after 100 commands over HTTP', () => {
  let ledger: LedgerHarness;
  let scrape: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const partnerIds = Array.from({ length: 97 }, (_, index) => `metrics-p${index}`);
    await ledger.enroll(...partnerIds);
    // Three refusals: a partner that does not exist cannot be suspended.
    for (const id of ['ghost-1', 'ghost-2', 'ghost-3']) {
      const refused = await ledger.http
        .post(`/partners/${id}/suspend`)
        .set(ledger.auth('partner_manager'))
        .send({ reason: 'late payments' });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    await ledger.caughtUp();
    const response = await ledger.http.get('/metrics').set(ledger.auth('ops')).expect(200);
    scrape = response.text;
  });
  afterAll(() => ledger.close());

  it('counts every command once, by type and outcome', () => {
    expect(sampleSum(scrape, 'ledger_commands_total')).toBe(100);
    expect(sampleSum(scrape, 'ledger_commands_total', { type: 'EnrollPartner', outcome: 'accepted' })).toBe(97);
    expect(sampleSum(scrape, 'ledger_commands_total', { type: 'SuspendPartner', outcome: 'refused' })).toBe(3);
  });

  it('times every request by method, route pattern and status', () => {
    expect(sampleSum(scrape, 'ledger_http_request_duration_seconds_count')).toBeGreaterThanOrEqual(100);
    const enrollments = { method: 'POST', route: '/partners', status: '201' };
    expect(sampleSum(scrape, 'ledger_http_request_duration_seconds_count', enrollments)).toBe(97);
    const suspensions = { method: 'POST', route: '/partners/:id/suspend' };
    expect(sampleSum(scrape, 'ledger_http_request_duration_seconds_count', suspensions)).toBe(3);
  });

  it('reports the group commit: appends per transaction and each append’s latency', () => {
    expect(sampleSum(scrape, 'ledger_event_store_group_commit_appends_sum')).toBe(97);
    const commits = sampleSum(scrape, 'ledger_event_store_group_commit_appends_count');
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(97);
    expect(sampleSum(scrape, 'ledger_event_store_append_duration_seconds_count')).toBe(97);
  });

  it('reports the event-loop delay and each projection’s lag (zero once caught up)', () => {
    expect(scrape).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
    for (const projection of ['partners', 'deals', 'commissions', 'statements']) {
      expect(scrape).toContain(`ledger_projection_lag{projection="${projection}"} 0\n`);
    }
    expect(scrape).toMatch(/^ledger_projector_lag 0$/m);
  });
});
