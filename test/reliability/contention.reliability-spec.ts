import type { EventStore } from '#event-store';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Many clients on one aggregate, and each command delivered more than once: the invariants hold,
 * every answer is a success or a clear conflict (never a 5xx), and every command takes effect once.
 */
describe('contention and duplicate delivery', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const manager = () => ledger.auth('partner_manager', 'maria');

  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
    for (const partnerId of ['acme', 'initech']) {
      await ledger.http
        .post('/partners')
        .set(manager())
        .send({ partnerId, name: partnerId, kind: 'reseller', region: 'EMEA' })
        .expect(201);
    }
    await ledger.http
      .post('/deals')
      .set(manager())
      .send({
        dealId: 'big',
        customer: { name: 'Globex', domain: 'globex.com' },
        partners: [
          { partnerId: 'acme', role: 'sourcing', share: '0.5' },
          { partnerId: 'initech', role: 'influencing', share: '0.5' },
        ],
        currency: 'USD',
      })
      .expect(201);
    await ledger.http
      .post('/deals/big/win')
      .set(manager())
      .send({
        lines: [{ sku: 'S', family: 'software', amount: '1000.00' }],
        billing: 'recurring',
        termMonths: 12,
        wonAt: '2026-02-10',
      })
      .expect(200);
  });
  afterEach(() => ledger.close());

  it('60 concurrent refunds on one deal never refund more than was won, and conflicts are answered 4xx', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        ledger.http
          .post('/deals/big/refund')
          .set({ ...manager(), 'Idempotency-Key': `refund-${index}` })
          .send({ amount: '25.00', refundedAt: '2026-02-10' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status < 500)).toBe(true);
    const accepted = statuses.filter((status) => status === 200).length;
    const refused = responses
      .filter((response) => response.status >= 400)
      .map((response) => response.body.error as string);
    expect(new Set(refused)).toEqual(
      new Set(refused.filter((code) => code === 'DEAL_REFUND_EXCEEDS_WON' || code === 'CONCURRENCY_CONFLICT')),
    );
    const refunds = (await store.readStream('deal-big')).events.filter((event) => event.type === 'DealRefunded');
    expect(refunds).toHaveLength(accepted);
    // Queued per stream in the process, every refund is decided on the latest state: exactly 1000 / 25 pass.
    expect(accepted).toBe(40);
    // Revisions stay contiguous under contention.
    expect((await store.readStream('deal-big')).events.map((event) => event.revision)).toEqual(
      Array.from({ length: 2 + accepted }, (_, index) => index + 1),
    );
  });

  it('each command sent 1-3 times at once with the same Idempotency-Key takes effect exactly once', async () => {
    const commands = Array.from({ length: 40 }, (_, index) => ({
      key: `duplicate-${index}`,
      path: index % 2 === 0 ? '/deals/big/refund' : '/partners',
      body:
        index % 2 === 0
          ? { amount: '1.00', refundedAt: '2026-02-10' }
          : { partnerId: `dup-${index}`, name: `Dup ${index}`, kind: 'technology', region: 'APAC' },
      copies: 1 + (index % 3),
    }));
    const head = await store.headPosition();
    const answers = await Promise.all(
      commands.map((command) =>
        Promise.all(
          Array.from({ length: command.copies }, () =>
            ledger.http
              .post(command.path)
              .set({ ...manager(), 'Idempotency-Key': command.key })
              .send(command.body),
          ),
        ),
      ),
    );
    const events = await store.readAll({ after: head, limit: 1000 });
    commands.forEach((command, index) => {
      const copies = answers[index]!;
      // Every copy succeeds with the same answer, and the log holds the command once.
      expect(copies.map((copy) => copy.status)).toEqual(copies.map(() => (command.path === '/partners' ? 201 : 200)));
      expect(new Set(copies.map((copy) => JSON.stringify(copy.body))).size).toBe(1);
      // The store keeps the key scoped to the user who sent it.
      expect(
        events.filter((event) => event.metadata.idempotencyKey === clientIdempotencyKey('maria', command.key)),
      ).toHaveLength(1);
    });
    expect(events).toHaveLength(commands.length);
  });

  it('two processes on one store: their conflicts are retried, answered 409 only when retries run out', async () => {
    const second = await startLedger({}, ledger.dataDir);
    try {
      const apps = [ledger, second];
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          apps[index % 2]!.http.post('/deals/big/refund')
            .set({ ...apps[index % 2]!.auth('partner_manager', 'maria'), 'Idempotency-Key': `cross-${index}` })
            .send({ amount: '10.00', refundedAt: '2026-02-10' }),
        ),
      );
      expect(
        responses.every(
          (response) =>
            response.status === 200 || (response.status === 409 && response.body.error === 'CONCURRENCY_CONFLICT'),
        ),
      ).toBe(true);
      const accepted = responses.filter((response) => response.status === 200).length;
      const refunds = (await store.readStream('deal-big')).events.filter((event) => event.type === 'DealRefunded');
      expect(refunds).toHaveLength(accepted);
      expect(accepted).toBeGreaterThan(20);
    } finally {
      await second.app.close();
    }
  });
});
