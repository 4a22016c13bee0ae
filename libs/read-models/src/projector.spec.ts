import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import { metadata } from '#domain/testing';
import { handleCommand, openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partnersProjection, PartnerQueries } from './partners/partners.projection.js';
import { Projector } from './projector.js';
import { projections } from './projections.js';

async function enroll(store: SqliteEventStore, partnerId: string, status: 'active' | 'suspended' = 'active') {
  const command: PartnerCommand = { type: 'EnrollPartner', data: { partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' }, metadata: metadata() };
  await handleCommand(store, partnerDecider, partnerStream(partnerId), command, { idempotencyKey: partnerId, correlationId: 'c', causationId: 'c' });
  if (status === 'suspended') {
    const suspend: PartnerCommand = { type: 'SuspendPartner', data: { partnerId, reason: 'audit' }, metadata: metadata() };
    await handleCommand(store, partnerDecider, partnerStream(partnerId), suspend, { idempotencyKey: `${partnerId}-s`, correlationId: 'c', causationId: 'c' });
  }
}

describe('Projector', () => {
  let folder: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('applies the log in small batches and equals a full rebuild', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    const projector = new Projector({ store, db, projections: [partnersProjection], batchSize: 3 });
    for (let index = 0; index < 10; index += 1) {
      await enroll(store, `p${index}`, index % 3 === 0 ? 'suspended' : 'active');
      if (index % 4 === 0) await projector.runUntilCaughtUp();
    }
    await projector.runUntilCaughtUp();
    expect(projector.position).toBe(await store.headPosition());
    const incremental = projector.digest();
    expect(new PartnerQueries(db).list({ status: 'suspended', limit: 100, offset: 0 }).map((partner) => partner.partnerId)).toEqual(['p0', 'p3', 'p6', 'p9']);
    await projector.rebuild();
    expect(projector.digest()).toBe(incremental);
    db.close();
  });

  it('keeps rows and checkpoint together across a restart, and applying a batch again changes nothing', async () => {
    const path = join(folder, 'read.sqlite');
    let db = openDatabase(path);
    await enroll(store, 'a');
    await enroll(store, 'b', 'suspended');
    await new Projector({ store, db, projections: [partnersProjection] }).runUntilCaughtUp();
    const before = new Projector({ store, db, projections: [partnersProjection] }).digest();
    db.close();

    db = openDatabase(path);
    const restarted = new Projector({ store, db, projections: [partnersProjection] });
    expect(restarted.position).toBe(await store.headPosition());
    // Force the same events through the batch path again: the checkpoint guard must skip them.
    restarted.position = 0n;
    await restarted.runUntilCaughtUp();
    expect(restarted.digest()).toBe(before);
    db.close();
  });

  it('rebuilds a projection whose version changed when it starts', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    await enroll(store, 'a');
    await new Projector({ store, db, projections: [partnersProjection] }).runUntilCaughtUp();
    db.exec("UPDATE partners SET name = 'tampered'");
    const bumped = { ...partnersProjection, version: partnersProjection.version + 1 };
    const projector = new Projector({ store, db, projections: [bumped] });
    expect(projector.position).toBe(0n);
    await projector.runUntilCaughtUp();
    expect(new PartnerQueries(db).get('a')?.name).toBe('Partner a');
    db.close();
  });

  it('waits for a position to be applied, and reports when it does not arrive in time', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    const projector = new Projector({ store, db, projections: [partnersProjection] });
    projector.start();
    await enroll(store, 'a');
    const head = await store.headPosition();
    await projector.waitFor(head, 2000);
    expect(new PartnerQueries(db).get('a')?.status).toBe('active');
    await projector.stop();
    await expect(projector.waitFor(head + 1n, 50)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'after' }] } });
    db.close();
  });
});

describe('Projector with a projection that keeps memory', () => {
  it('restores memory from the log at start, commits it with each batch and drops it on a failed batch', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    let failNext = false;
    const counting = () => {
      let committed = 0;
      let pending = 0;
      return {
        seen: () => committed,
        projection: {
          name: 'counting',
          version: 1,
          tables: ['counts'],
          schema: 'CREATE TABLE IF NOT EXISTS counts (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)',
          bind: (database: typeof db) => {
            const write = database.prepare('INSERT INTO counts (id, total) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET total = excluded.total');
            return {
              apply: () => {
                if (failNext) throw new Error('disk full');
                pending += 1;
                write.run(pending);
              },
              restore: () => (pending += 1),
              commit: () => (committed = pending),
              rollback: () => (pending = committed),
              reset: () => (pending = committed = 0),
            };
          },
        },
      };
    };
    for (const id of ['a', 'b', 'c']) await enroll(store, id);
    const first = counting();
    await new Projector({ store, db, projections: [first.projection] }).runUntilCaughtUp();
    expect(first.seen()).toBe(3);

    // A new process: the memory is rebuilt from the log up to the checkpoint, without writing rows.
    await enroll(store, 'd');
    const second = counting();
    const restarted = new Projector({ store, db, projections: [second.projection] });
    failNext = true;
    await expect(restarted.runUntilCaughtUp()).rejects.toThrow('disk full');
    expect(second.seen()).toBe(3);
    failNext = false;
    await restarted.runUntilCaughtUp();
    expect(second.seen()).toBe(4);
    expect(db.prepare('SELECT total FROM counts').get()).toEqual({ total: 4n });
    await restarted.rebuild();
    expect(second.seen()).toBe(4);
    db.close();
    await store.close();
  });
});

describe('zero-downtime rebuild', () => {
  it('keeps serving the old rows while it builds, follows appends made meanwhile, then swaps at once', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    const projector = new Projector({ store, db, projections: [partnersProjection], batchSize: 2 });
    for (let index = 0; index < 9; index += 1) await enroll(store, `p${index}`);
    await projector.runUntilCaughtUp();
    const before = projector.digest();
    db.exec("UPDATE partners SET name = 'stale' WHERE partner_id = 'p0'");
    const queries = new PartnerQueries(db);
    const seenDuringBuild: string[] = [];
    let late: Promise<void> | undefined;
    await projector.rebuild({
      onProgress: (progress) => {
        if (progress.state !== 'building') return;
        seenDuringBuild.push(queries.get('p0')!.name);
        late ??= enroll(store, 'late');
      },
    });
    expect(seenDuringBuild.every((name) => name === 'stale')).toBe(true);
    expect(queries.get('p0')?.name).toBe('Partner p0');
    await late;
    await projector.runUntilCaughtUp();
    expect(queries.get('late')?.status).toBe('active');
    expect(projector.position).toBe(await store.headPosition());
    const fresh = new Projector({ store, db: openDatabase(':memory:'), projections: [partnersProjection] });
    await fresh.runUntilCaughtUp();
    expect(projector.digest()).toBe(fresh.digest());
    expect(before).not.toBe(projector.digest());
    expect(projector.rebuildStatus()).toMatchObject({ state: 'done', projections: ['partners'] });
    db.close();
    await store.close();
  });

  it('rebuilds only the named projection, and refuses an unknown name', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    const projector = new Projector({ store, db, projections });
    await enroll(store, 'a');
    await projector.runUntilCaughtUp();
    db.exec("UPDATE partners SET name = 'stale'");
    await expect(projector.rebuild({ only: ['nothing'] })).rejects.toMatchObject({ code: 'PROJECTION_UNKNOWN' });
    await projector.rebuild({ only: ['deals'] });
    expect(new PartnerQueries(db).get('a')?.name).toBe('stale');
    await projector.rebuild({ only: ['partners'] });
    expect(new PartnerQueries(db).get('a')?.name).toBe('Partner a');
    db.close();
    await store.close();
  });
});
