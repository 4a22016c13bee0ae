import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldMdfFigures, mdfDecider, mdfStream, type MdfEvent } from '#domain';
import { openDatabase, SqliteEventStore } from '#event-store';
import { mdfAccrualsAfter, MdfQueries, Projector, projections } from '#read-models';
import {
  History,
  partner,
  productLine,
  ruleSet,
} from '../../../../libs/domain/src/commission/testing/commission-builders.js';
import { anEvent } from '../../../../libs/event-store/src/testing/event-store.contract.js';
import { CommandPipeline } from '../common/command-pipeline.js';
import type { Clock } from '../common/tokens.js';
import { MdfAccrualReactor } from './mdf-accrual.reactor.js';

/**
 * The MDF accrual reactor against a real store and read models: accruals reach the fund once, whatever
 * happens around them (a crash between the append and the checkpoint, a restart, a replay into a fresh
 * read-model database, the same accrual delivered again), and a refusal does not stop the ones after it.
 */
describe('MDF accrual reactor', () => {
  const clock: Clock = { now: () => '2026-06-01T12:00:00.000Z' };
  let folder: string;
  let store: SqliteEventStore;
  let pipeline: CommandPipeline;
  let db: Database.Database;
  let projector: Projector;
  let versions: Map<string, number>;

  /** The history of the engine's builders, appended to the store (it gives each event a fresh id). */
  async function record(history: History): Promise<void> {
    for (const event of history.events.splice(0)) {
      const version = versions.get(event.stream) ?? 0;
      // The engine's builders leave out what only the read models need: the customer key of an opened deal.
      const data =
        event.type === 'DealOpened'
          ? {
              ...(event.data as { customer: { domain: string } }),
              customerKey: (event.data as { customer: { domain: string } }).customer.domain,
            }
          : event.data;
      await store.appendToStream(event.stream, [anEvent({ type: event.type, data })], { expectedVersion: version });
      versions.set(event.stream, version + 1);
    }
  }

  function openReadModels(path: string): { db: Database.Database; projector: Projector; reactor: MdfAccrualReactor } {
    const readDb = openDatabase(path);
    const readProjector = new Projector({ store, db: readDb, projections });
    return {
      db: readDb,
      projector: readProjector,
      reactor: new MdfAccrualReactor({ store, db: readDb, projector: readProjector, pipeline }),
    };
  }

  async function fund(partnerId: string): Promise<MdfEvent[]> {
    return (await store.readStream(mdfStream(partnerId))).events as unknown as MdfEvent[];
  }

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mdf-reactor-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    pipeline = new CommandPipeline(store, clock);
    versions = new Map();
    ({ db, projector } = openReadModels(join(folder, 'read-models.sqlite')));
  });

  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Rules that accrue 1% for registered partners; p1 alone on d1, p1 and p2 split on d2. */
  async function twoWonDeals(): Promise<void> {
    const history = new History();
    history.publish(ruleSet({ mdf: { accrualRates: { registered: '0.01', silver: '0.02', gold: '0.03' } } }));
    history.enroll('p1');
    history.enroll('p2');
    history.wonDeal('d1', '2026-02-10', '10000.00');
    history.wonDeal('d2', '2026-02-11', '5000.00', [partner('p1', '0.6'), partner('p2', '0.4', 'influencing')]);
    await record(history);
  }

  it("accrues each engine accrual on the partner's fund once, after the projector, saves the checkpoint", async () => {
    await twoWonDeals();
    const reactor = new MdfAccrualReactor({ store, db, projector, pipeline });
    // Before the projector has applied the deals there is nothing to accrue.
    await reactor.runUntilCaughtUp();
    expect(await fund('p1')).toEqual([]);

    await projector.runUntilCaughtUp();
    await reactor.runUntilCaughtUp();
    const p1 = await fund('p1');
    expect(p1.map((event) => [event.type, event.data.amount])).toEqual([
      ['MdfAccrued', '100.00'],
      ['MdfAccrued', '30.00'],
    ]);
    expect((await fund('p2')).map((event) => event.data.amount)).toEqual(['20.00']);
    expect(p1[0]).toMatchObject({
      data: {
        partnerId: 'p1',
        dealId: 'd1',
        currency: 'USD',
        businessDate: '2026-02-10',
        ruleSetVersion: '2026.1',
        tier: 'registered',
        rate: '0.01',
        accruedAt: '2026-06-01',
      },
    });
    expect((p1[0] as unknown as { metadata: { actor: string; idempotencyKey: string } }).metadata).toMatchObject({
      actor: 'system:mdf-accrual-reactor',
      idempotencyKey: `accrue:${(p1[0]!.data as { sourceEventId: string }).sourceEventId}`,
    });
    expect(reactor.position).toBe(projector.position);

    // The read model of the fund folds them like the domain does.
    await projector.runUntilCaughtUp();
    const { partnerId: _partnerId, ...figures } = foldMdfFigures(p1);
    expect(new MdfQueries(db).fund('p1').figures).toEqual(figures);
    expect(figures).toMatchObject({ accrued: '130.00', available: '130.00' });
  });

  it("saves its checkpoint once the projector's connection lets go of the file, not holding this thread", async () => {
    await twoWonDeals();
    await projector.runUntilCaughtUp();
    const reactor = new MdfAccrualReactor({ store, db, projector, pipeline });
    // Another connection holds the read models' write lock, as the projector's thread does while it commits.
    const holder = openDatabase(join(folder, 'read-models.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    let released = false;
    // A timer of this thread lets go: SQLite's busy handler would keep it from firing, and give up after 5 s.
    const release = setTimeout(() => {
      released = true;
      holder.exec('COMMIT');
    }, 50);
    try {
      await reactor.runUntilCaughtUp();
    } finally {
      clearTimeout(release);
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    expect(released).toBe(true);
    expect((await fund('p1')).map((event) => event.data.amount)).toEqual(['100.00', '30.00']);
    expect(reactor.position).toBe(projector.position);
  });

  it(
    'never accrues twice: a crash between append and checkpoint, a restart, ' +
      'a duplicate delivery, a replay into a fresh database',
    async () => {
      await twoWonDeals();
      await projector.runUntilCaughtUp();

      // A crash right after p1's append: the checkpoint is not saved, so the batch is delivered again.
      const crashing = {
        runEach: async (...args: Parameters<CommandPipeline['runEach']>) => {
          const outcomes = await pipeline.runEach(...args);
          if (args[1] === mdfStream('p1')) throw new Error('crash after the append');
          return outcomes;
        },
      };
      const crashed = new MdfAccrualReactor({ store, db, projector, pipeline: crashing });
      await expect(crashed.runUntilCaughtUp()).rejects.toThrow('crash after the append');
      expect((await fund('p1')).length).toBe(2);
      expect(crashed.position).toBe(0n);

      // Restart: a new reactor on the same database finishes the batch; the replayed accrual records nothing.
      const restarted = new MdfAccrualReactor({ store, db, projector, pipeline });
      expect(restarted.position).toBe(0n);
      await restarted.runUntilCaughtUp();
      const head = await store.headPosition();
      expect((await fund('p1')).length).toBe(2);
      expect((await fund('p2')).length).toBe(1);

      // A duplicate delivery: the saved checkpoint goes back to 0, and a reactor started on it delivers it all again.
      db.prepare(`UPDATE mdf_accrual_reactor SET position = '0'`).run();
      const redelivering = new MdfAccrualReactor({ store, db, projector, pipeline });
      expect(redelivering.position).toBe(0n);
      await redelivering.runUntilCaughtUp();
      expect(redelivering.position).toBe(projector.position);
      expect(await store.headPosition()).toBe(head);

      // A replay: a fresh read-model database rebuilds everything and starts the reactor at 0.
      const fresh = openReadModels(join(folder, 'fresh.sqlite'));
      await fresh.projector.runUntilCaughtUp();
      await fresh.reactor.runUntilCaughtUp();
      expect(fresh.reactor.position).toBe(fresh.projector.position);
      expect(await store.headPosition()).toBe(head);
      fresh.db.close();

      // Accruals computed again with other figures (a recomputation) keep the first one: the key names the source
      // event.
      db.prepare(`UPDATE commission_mdf_accruals SET accrual = json_set(accrual, '$.amount', '999.00')`).run();
      db.prepare(`UPDATE mdf_accrual_reactor SET position = '0'`).run();
      const recomputed = new MdfAccrualReactor({ store, db, projector, pipeline });
      await recomputed.runUntilCaughtUp();
      expect(recomputed.position).toBe(projector.position);
      expect(await store.headPosition()).toBe(head);
      expect((await fund('p1')).map((event) => event.data.amount)).toEqual(['100.00', '30.00']);
      expect(recomputed.refusals()).toEqual([]);
    },
  );

  it('moves past events without accruals in memory between saves, and reads them again after a start', async () => {
    await twoWonDeals();
    await projector.runUntilCaughtUp();
    const reactor = new MdfAccrualReactor({ store, db, projector, pipeline, emptyBatchesSavedEveryMs: 60_000 });
    await reactor.runUntilCaughtUp();
    const saved = () => db.prepare<[], { position: string }>('SELECT position FROM mdf_accrual_reactor').get();
    const savedAfterAccruals = saved();
    expect(savedAfterAccruals?.position).toBe(String(reactor.position));
    // Events with no accruals (partners enrolled), then the fund's own appends: the reactor follows them all.
    const history = new History();
    for (let index = 3; index <= 6; index += 1) history.enroll(`p${index}`);
    await record(history);
    await projector.runUntilCaughtUp();
    await reactor.runUntilCaughtUp();
    expect(reactor.position).toBe(projector.position);
    expect(saved()).toEqual(savedAfterAccruals);
    // A restart reads that stretch again from the saved checkpoint and finds nothing to append.
    const head = await store.headPosition();
    const restarted = new MdfAccrualReactor({ store, db, projector, pipeline });
    expect(restarted.position).toBe(BigInt(savedAfterAccruals!.position));
    await restarted.runUntilCaughtUp();
    expect(restarted.position).toBe(projector.position);
    expect(await store.headPosition()).toBe(head);
    // Its first batch is saved, accruals or not; the next ones once the interval has passed.
    expect(saved()?.position).toBe(String(projector.position));
  });

  it("appends a batch's accruals fund by fund, one append per fund, recognizing one appended alone", async () => {
    const history = new History();
    history.publish(ruleSet({ mdf: { accrualRates: { registered: '0.01', silver: '0.02', gold: '0.03' } } }));
    history.enroll('p1');
    history.enroll('p2');
    for (let deal = 1; deal <= 4; deal += 1) {
      const split = [partner('p1', '0.5'), partner('p2', '0.5', 'influencing')];
      history.wonDeal(`d${deal}`, `2026-02-1${deal}`, '1000.00', split);
    }
    await record(history);
    await projector.runUntilCaughtUp();
    // The first accrual of p1 was appended alone (as a reactor did before accruals were grouped).
    const accrual = mdfAccrualsAfter(db, 0n, 1)!.accruals.find((candidate) => candidate.partnerId === 'p1')!;
    const { dealId, amount, currency, businessDate, ruleSetVersion, tier, rate } = accrual;
    const sourceEventId = accrual.source.eventId;
    const key = `accrue:${sourceEventId}`;
    await pipeline.run(
      mdfDecider,
      mdfStream('p1'),
      {
        type: 'AccrueMdf',
        data: { partnerId: 'p1', sourceEventId, dealId, amount, currency, businessDate, ruleSetVersion, tier, rate },
      },
      { actor: MdfAccrualReactor.actor, idempotencyKey: key, correlationId: sourceEventId, requestId: sourceEventId },
    );

    const appends: string[] = [];
    const append = store.appendToStream.bind(store);
    store.appendToStream = (stream, events, options) => {
      appends.push(stream);
      return append(stream, events, options);
    };
    await new MdfAccrualReactor({ store, db, projector, pipeline }).runUntilCaughtUp();
    expect(appends.sort()).toEqual([mdfStream('p1'), mdfStream('p2')]);
    const p1 = await fund('p1');
    expect(p1.map((event) => event.data.amount)).toEqual(['5.00', '5.00', '5.00', '5.00']);
    const keyOf = (event: MdfEvent) => (event as unknown as { metadata: { idempotencyKey: string } }).metadata;
    const keys = p1.map((event) => keyOf(event).idempotencyKey);
    expect(new Set(keys).size).toBe(4);
    expect(keys[0]).toBe(key);
    expect((await fund('p2')).length).toBe(4);
  });

  it('records a refusal of the fund and goes on with the accruals after it', async () => {
    const history = new History();
    history.publish(ruleSet({ mdf: { accrualRates: { registered: '0.01', silver: '0.02', gold: '0.03' } } }));
    // From the second quarter the program is run in EUR: the fund, kept in USD, refuses EUR accruals.
    history.publish(
      ruleSet({
        version: '2026.2',
        effectiveFrom: '2026-04-01',
        currency: 'EUR',
        mdf: { accrualRates: { registered: '0.01', silver: '0.02', gold: '0.03' } },
      }),
    );
    history.enroll('p1');
    history.wonDeal('d1', '2026-02-10', '10000.00');
    history.open('d2', [partner('p1')], 'EUR');
    history.win('d2', '2026-04-10', [productLine('2000.00')], { programCurrency: 'EUR' });
    history.open('d3', [partner('p1')], 'EUR');
    history.win('d3', '2026-04-11', [productLine('3000.00')], { programCurrency: 'EUR' });
    await record(history);
    await projector.runUntilCaughtUp();
    const reactor = new MdfAccrualReactor({ store, db, projector, pipeline });
    await reactor.runUntilCaughtUp();

    expect((await fund('p1')).map((event) => [event.data.amount, event.data.currency])).toEqual([['100.00', 'USD']]);
    expect(reactor.refusals()).toEqual([
      expect.objectContaining({ partnerId: 'p1', code: 'MDF_CURRENCY_MISMATCH' }),
      expect.objectContaining({ partnerId: 'p1', code: 'MDF_CURRENCY_MISMATCH' }),
    ]);
    expect(reactor.position).toBe(projector.position);
    expect(reactor.status()).toMatchObject({ healthy: true, refusals: 2 });
  });

  it('follows the projector by itself once started', async () => {
    const reactor = new MdfAccrualReactor({ store, db, projector, pipeline, pollIntervalMs: 20 });
    projector.start();
    reactor.start();
    try {
      await twoWonDeals();
      const deadline = Date.now() + 10_000;
      while ((await fund('p1')).length < 2 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await fund('p1')).map((event) => event.data.amount)).toEqual(['100.00', '30.00']);
    } finally {
      await reactor.stop();
      await projector.stop();
    }
  });
});
