import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { MdfAccrualReactor } from '../../apps/ledger/src/mdf/mdf-accrual.reactor.js';
import {
  History,
  partner,
  productLine,
  ruleSet,
} from '../../libs/domain/src/commission/testing/commission-builders.js';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendHistory } from '../../libs/event-store/src/testing/append-history.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

describe('rule-set simulation over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  beforeAll(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
    const history = new History();
    history.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
    history.enroll('gold-partner');
    history.override('gold-partner', 'gold', '2026-01-01', '2026-12-31');
    history.enroll('plain-partner');
    history.open('d1', [
      { partnerId: 'gold-partner', role: 'sourcing', share: '0.5' },
      { partnerId: 'plain-partner', role: 'influencing', share: '0.5' },
    ]);
    history.win('d1', '2026-02-01', [productLine('10000.00')]);
    await appendHistory(store, history.events, { actor: 'seed', recordedAt: '2026-02-02T00:00:00Z' });
    // The MDF accrual the win causes is appended in the background: let it land before measuring the head.
    await ledger.caughtUp();
    await ledger.app.get(MdfAccrualReactor).runUntilCaughtUp();
  });
  afterAll(() => ledger.close());

  const candidate = ruleSet({
    version: '2026.2',
    effectiveFrom: '2026-01-01',
    commission: { rates: { gold: '0.20' } },
  });

  it('answers the per-partner, per-period difference as JSON, writing nothing', async () => {
    const head = await store.headPosition();
    const response = await ledger.http.post('/rule-sets/simulate').set(ledger.auth('ops')).send(candidate).expect(200);
    expect(response.body.rows).toEqual([
      expect.objectContaining({
        partnerId: 'gold-partner',
        period: '2026-Q1',
        commissionBefore: '750.00',
        commissionAfter: '1000.00',
        commissionDelta: '250.00',
        tierBefore: 'gold',
        tierAfter: 'gold',
      }),
      expect.objectContaining({
        partnerId: 'plain-partner',
        period: '2026-Q1',
        commissionDelta: '0.00',
        tierBefore: 'registered',
        tierAfter: 'registered',
      }),
    ]);
    expect(response.body.totals).toMatchObject({ commissionDelta: '250.00' });
    expect(await store.headPosition()).toBe(head);
  });

  it('answers CSV on request, identical on every call', async () => {
    const first = await ledger.http
      .post('/rule-sets/simulate?format=csv')
      .set(ledger.auth('ops'))
      .send(candidate)
      .expect(200);
    expect(first.headers['content-type']).toContain('text/csv');
    expect(first.text.split('\n')[0]).toBe(
      'partnerId,period,currency,commissionBefore,commissionAfter,commissionDelta,tierBefore,tierAfter,' +
        'mdfAccrualBefore,mdfAccrualAfter,mdfAccrualDelta',
    );
    expect(first.text).toContain('gold-partner,2026-Q1,USD,750.00,1000.00,250.00,gold,gold');
    const second = await ledger.http
      .post('/rule-sets/simulate?format=csv')
      .set(ledger.auth('ops'))
      .send(candidate)
      .expect(200);
    expect(second.text).toBe(first.text);
  });

  it('refuses an invalid candidate with the path of each problem, and roles other than ops', async () => {
    const invalid = await ledger.http
      .post('/rule-sets/simulate')
      .set(ledger.auth('ops'))
      .send({ ...candidate, version: '2026.9', commission: { ...candidate.commission, rates: { registered: '-1' } } })
      .expect(400);
    expect(invalid.body.error).toBe('RULE_SET_INVALID');
    expect(JSON.stringify(invalid.body.details)).toContain('commission.rates');
    await ledger.http.post('/rule-sets/simulate').set(ledger.auth('finance')).send(candidate).expect(403);
    await ledger.http
      .post('/rule-sets/simulate')
      .set(ledger.auth('partner', 'p', 'gold-partner'))
      .send(candidate)
      .expect(403);
    await ledger.http.post('/rule-sets/simulate?format=xml').set(ledger.auth('ops')).send(candidate).expect(400);
  });

  it('runs two simulations at once and refuses more with 429 and Retry-After, until one has ended', async () => {
    const simulate = () => ledger.http.post('/rule-sets/simulate').set(ledger.auth('ops')).send(candidate);
    // Sent together: each replays in worker threads for longer than the others take to arrive.
    const answers = await Promise.all([simulate(), simulate(), simulate(), simulate()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429, 429]);
    const busy = answers.find((answer) => answer.status === 429)!;
    expect(busy.headers['retry-after']).toBe('10');
    expect(busy.body).toEqual({
      error: 'SIMULATIONS_BUSY',
      message: '2 simulations are already running: simulate this one when one has ended',
      details: { rule: 'simulationsRunningMax', limit: 2, retryAfterSeconds: 10 },
    });
    // The slots are given back as the simulations end.
    await simulate().expect(200);
    expect((await Promise.all([simulate(), simulate()])).map((answer) => answer.status)).toEqual([200, 200]);
  });
});

describe('a simulation cut short', () => {
  let ledger: LedgerHarness;
  let port: number;
  const candidate = ruleSet({ version: '2026.2', effectiveFrom: '2026-01-01', commission: { rates: { gold: '0.2' } } });
  const seededBy = { actor: 'seed', recordedAt: '2026-02-02T00:00:00Z' };

  beforeEach(async () => {
    ledger = await startLedger();
    await ledger.app.listen(0, '127.0.0.1');
    port = (ledger.app.getHttpServer().address() as AddressInfo).port;
    // Enough history that a simulation runs for seconds (2.7 s here), not the milliseconds its stop takes.
    const store = ledger.app.get(EVENT_STORE);
    const program = new History();
    program.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
    for (let index = 0; index < 40; index += 1) program.enroll(`p${index}`);
    await appendHistory(store, program.events, seededBy);
    const deals = new History();
    for (let index = 0; index < 10_000; index += 1)
      deals.wonDeal(`d${index}`, '2026-02-01', '1000.00', [partner(`p${index % 40}`)]);
    // A deal's stream at a time, 500 at once: their appends share the store's commits.
    const byStream = new Map<string, (typeof deals.events)[number][]>();
    for (const event of deals.events) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
    const streams = [...byStream.values()];
    for (let index = 0; index < streams.length; index += 500)
      await Promise.all(streams.slice(index, index + 500).map((events) => appendHistory(store, events, seededBy)));
  });
  afterEach(() => ledger.close());

  /** Sends a simulation over a connection of its own; `answer` settles with its status, or 0 if it was cut. */
  function simulate(): { answer: Promise<number>; leave: () => void } {
    const body = JSON.stringify(candidate);
    const outgoing = httpRequest({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/rule-sets/simulate',
      headers: { ...ledger.auth('ops'), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    const answer = new Promise<number>((resolve) => {
      outgoing.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      });
      outgoing.on('error', () => resolve(0));
    });
    outgoing.end(body);
    return { answer, leave: () => outgoing.destroy() };
  }

  const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

  it('stops the simulations whose clients left, and gives their slots back at once', async () => {
    const left = [simulate(), simulate()];
    await pause(300);
    for (const simulation of left) simulation.leave();
    // Had they run on, both slots would stay taken for seconds more: this one would be refused 429.
    await pause(1000);
    expect(await simulate().answer).toBe(200);
  });

  it('answers a simulation running when the service stops 503 SERVICE_STOPPING, without holding the stop', async () => {
    const running = simulate();
    await pause(300);
    const stopping = ledger.app.close();
    expect(await running.answer).toBe(503);
    await stopping;
  });
});
