import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import { metadata } from '#domain/testing';
import { handleCommand, openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partnersProjection } from './partners/partners.projection.js';
import type { Projection } from './projection.js';
import { Projector } from './projector.js';
import { verifyLedger } from './verification.js';

/** Cannot apply the enrollment of `poison`. */
const fragile: Projection = {
  name: 'fragile',
  version: 1,
  tables: ['fragile_seen'],
  schema: 'CREATE TABLE IF NOT EXISTS fragile_seen (partner_id TEXT PRIMARY KEY)',
  bind: (db) => {
    const insert = db.prepare('INSERT INTO fragile_seen (partner_id) VALUES (?)');
    return (event) => {
      const { partnerId } = event.data as { partnerId: string };
      if (partnerId === 'poison') throw new Error('no region');
      insert.run(partnerId);
    };
  },
};

/** Records every partner it sees: stands wherever it was left, unlike partners. */
const seen: Projection = {
  ...fragile,
  name: 'seen',
  bind: (db) => {
    const insert = db.prepare('INSERT INTO fragile_seen (partner_id) VALUES (?)');
    return (event) => void insert.run((event.data as { partnerId: string }).partnerId);
  },
};

async function enrollAll(store: SqliteEventStore, partnerIds: readonly string[]): Promise<void> {
  for (const partnerId of partnerIds) {
    const command: PartnerCommand = {
      type: 'EnrollPartner',
      data: { partnerId, name: partnerId, kind: 'reseller', region: 'EMEA' },
      metadata: metadata(),
    };
    await handleCommand(store, partnerDecider, partnerStream(partnerId), command, {
      idempotencyKey: partnerId,
      correlationId: 'c',
      causationId: 'c',
    });
  }
}

describe('verifyLedger', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: ReturnType<typeof openDatabase>;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-verification-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    db = openDatabase(join(folder, 'read.sqlite'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('compares a snapshot, and reports a failed projection as not verified, naming its position', async () => {
    await enrollAll(store, ['a', 'poison', 'b']);
    const projections = [partnersProjection, fragile];
    const live = new Projector({ store, db, projections });
    const verification = await verifyLedger({ store, live, liveDb: db, projections, scratchDir: folder });
    expect(verification.ok).toBe(false);
    expect(verification.position).toBe(await store.headPosition());
    expect(verification.projections.map((projection) => [projection.name, projection.ok])).toEqual([
      ['partners', true],
      ['fragile', false],
    ]);
    expect(verification.projections[1]?.notCompared).toBe('failed at position 2: PartnerEnrolled: no region');
  });

  it('verifies a projection held before a recomputation at its own checkpoint, and no other behind', async () => {
    await enrollAll(store, ['a', 'b', 'c']);
    const projections = [partnersProjection, seen];
    // `seen` stays at position 2, as a projection held before a rule set reaching back at 3 stays.
    const before = new Projector({ store, db, projections, untilPosition: 2n });
    await before.runUntilCaughtUp();
    await before.stop();
    const live = new Projector({ store, db, projections: [partnersProjection] });
    await live.runUntilCaughtUp();
    await live.stop();
    const verify = () => verifyLedger({ store, live, liveDb: db, projections, scratchDir: folder });
    const behind = await verify();
    expect(behind.projections.map(({ name, ok, notCompared }) => ({ name, ok, notCompared }))).toEqual([
      { name: 'partners', ok: true, notCompared: undefined },
      { name: 'seen', ok: false, notCompared: 'at position 2, not 3' },
    ]);
    db.prepare("UPDATE projection_checkpoints SET recompute_position = '3' WHERE name = 'seen'").run();
    const held = await verify();
    expect(held.ok).toBe(true);
    expect(held.projections.map(({ name, ok, comparedAt }) => ({ name, ok, comparedAt }))).toEqual([
      { name: 'partners', ok: true, comparedAt: undefined },
      { name: 'seen', ok: true, comparedAt: '2' },
    ]);
    // Its rows are compared, not assumed: one changed behind its back differs.
    db.prepare("DELETE FROM fragile_seen WHERE partner_id = 'a'").run();
    expect((await verify()).projections[1]).toMatchObject({ name: 'seen', ok: false, comparedAt: '2' });
  });
});
