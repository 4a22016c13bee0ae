import { SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commissionEngine, Decimal } from '#domain';
import { History, partner, productLine, ruleSet } from '../../domain/src/commission/testing/commission-builders.js';
import { appendHistory } from '../../event-store/src/testing/append-history.js';
import { simulateRuleSet } from './simulation.js';

async function storeOf(history: History): Promise<SqliteEventStore> {
  const store = new SqliteEventStore({ path: ':memory:' });
  await appendHistory(store, history.events, { actor: 't', recordedAt: '2026-01-01T00:00:00Z' });
  return store;
}

describe('rule-set simulation', () => {
  const published = ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' });
  const history = new History();
  history.publish(published);
  for (const [partnerId, tier] of [
    ['gold-partner', 'gold'],
    ['silver-partner', 'silver'],
    ['plain-partner', null],
  ] as const) {
    history.enroll(partnerId);
    if (tier) history.override(partnerId, tier, '2026-01-01', '2026-12-31');
  }
  history.open('d1', [{ partnerId: 'gold-partner', role: 'sourcing', share: '1' }]);
  history.win('d1', '2026-02-01', [productLine('10000.00')]);
  history.open('d2', [
    { partnerId: 'silver-partner', role: 'sourcing', share: '0.5' },
    { partnerId: 'plain-partner', role: 'influencing', share: '0.5' },
  ]);
  history.win('d2', '2026-02-15', [productLine('10000.00')]);
  history.open('d3', [{ partnerId: 'gold-partner', role: 'sourcing', share: '1' }]);
  history.win('d3', '2026-05-10', [productLine('4000.00')]);

  it('raising only the top tier rate changes only the partners in that tier, with positive deltas', async () => {
    const store = await storeOf(history);
    const candidate = ruleSet({
      version: '2026.2-candidate',
      effectiveFrom: '2026-01-01',
      commission: { rates: { gold: '0.20' } },
    });
    const report = await simulateRuleSet({ store, candidate });
    const byPartner = (partnerId: string) => report.rows.filter((row) => row.partnerId === partnerId);
    expect(
      byPartner('gold-partner').map((row) => [row.period, row.commissionDelta, row.tierBefore, row.tierAfter]),
    ).toEqual([
      ['2026-Q1', '500.00', 'gold', 'gold'],
      ['2026-Q2', '200.00', 'gold', 'gold'],
    ]);
    for (const partnerId of ['silver-partner', 'plain-partner']) {
      expect(byPartner(partnerId).length).toBeGreaterThan(0);
      expect(
        byPartner(partnerId).every(
          (row) => row.commissionDelta === '0.00' && row.commissionBefore === row.commissionAfter,
        ),
      ).toBe(true);
    }
    expect(report.totals.commissionDelta).toBe('700.00');
    expect(report).toMatchObject({ candidate: { version: '2026.2-candidate' }, eventsReplayed: history.events.length });
    await store.close();
  });

  it('writes nothing and gives byte-identical output for the same log and candidate', async () => {
    const store = await storeOf(history);
    const candidate = ruleSet({
      version: '2026.3',
      effectiveFrom: '2026-04-01',
      commission: { rates: { silver: '0.12' } },
    });
    const head = await store.headPosition();
    const first = JSON.stringify(await simulateRuleSet({ store, candidate }));
    const second = JSON.stringify(await simulateRuleSet({ store, candidate, batchSize: 3 }));
    expect(second).toBe(first);
    expect(await store.headPosition()).toBe(head);
    await store.close();
  });

  it('in worker threads, one side after the other, gives the report of the one pass on this thread', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'simulation-spec-'));
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await appendHistory(store, history.events, { actor: 't', recordedAt: '2026-01-01T00:00:00Z' });
    const rates = { gold: '0.3' };
    const candidate = ruleSet({ version: '2026.4', effectiveFrom: '2026-04-01', commission: { rates } });
    const progress: number[] = [];
    const here = await simulateRuleSet({ store, candidate });
    const inWorkers = await simulateRuleSet({
      store,
      candidate,
      worker: { kind: 'sqlite', path },
      onProgress: (done) => progress.push(done),
    });
    expect(inWorkers).toEqual(here);
    expect(here.rows.some((row) => row.tierBefore === 'gold' && row.commissionDelta !== '0.00')).toBe(true);
    expect(progress.at(-1)).toBe(history.events.length);
    expect(progress).toEqual([...progress].sort((left, right) => left - right));
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses an invalid candidate and one that reuses a published version', async () => {
    const store = await storeOf(history);
    await expect(simulateRuleSet({ store, candidate: { version: 'x' } })).rejects.toMatchObject({
      code: 'RULE_SET_INVALID',
    });
    await expect(
      simulateRuleSet({ store, candidate: ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }) }),
    ).rejects.toMatchObject({ code: 'RULE_SET_VERSION_EXISTS' });
    await store.close();
  });

  it('gives the lines of a late close as a rebuild has them: once, with the tier of the close', async () => {
    const late = new History();
    late.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
    late.enroll('p1');
    for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
      late.wonDeal(`s${index}`, date, '40000.00');
    }
    late.wonDeal('early-q2', '2026-04-03', '10000.00', [partner('p1')], { eventId: 'early' });
    late.refund('early-q2', '2026-04-05', '5000.00', 'half-back');
    // Q1 closes after the Q2 deal events: known ahead, it gives them silver (registered would be 500.00 - 250.00).
    late.close('2026-Q1');
    const latest = commissionEngine.computeAll(late.events).lines.filter((line) => line.period === '2026-Q2');
    expect(latest.map((line) => [line.revision, line.tier.name, line.amount])).toEqual([
      [1, 'silver', '1000.00'],
      [1, 'silver', '-500.00'],
    ]);
    const store = await storeOf(late);
    const candidate = ruleSet({ version: '2027.1', effectiveFrom: '2027-01-01' });
    const report = await simulateRuleSet({ store, candidate, batchSize: 2 });
    const row = report.rows.find((entry) => entry.partnerId === 'p1' && entry.period === '2026-Q2');
    const expected = latest.reduce((sum, line) => sum.plus(line.amount), new Decimal(0)).toFixed(2);
    expect(expected).toBe('500.00');
    expect(row).toMatchObject({ commissionBefore: expected, commissionAfter: expected, commissionDelta: '0.00' });
    await store.close();
  });
});
