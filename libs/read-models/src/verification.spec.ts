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

describe('verifyLedger', () => {
  it('compares a snapshot, and reports a failed projection as not verified, naming its position', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-verification-'));
    const store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    const db = openDatabase(join(folder, 'read.sqlite'));
    for (const partnerId of ['a', 'poison', 'b']) {
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
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
