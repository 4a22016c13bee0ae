import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import { metadata } from '#domain/testing';
import { handleCommand, openDatabase, SqliteEventStore } from '#event-store';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { partnersProjection, PartnerQueries } from './partners/partners.projection.js';
import type { Projection, ProjectionBinding } from './projection.js';
import { Projector } from './projector.js';
import { removeStaleScratch } from './scratch.js';
import { projections } from './projections.js';

async function enroll(store: SqliteEventStore, partnerId: string, status: 'active' | 'suspended' = 'active') {
  const command: PartnerCommand = {
    type: 'EnrollPartner',
    data: { partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' },
    metadata: metadata(),
  };
  await handleCommand(store, partnerDecider, partnerStream(partnerId), command, {
    idempotencyKey: partnerId,
    correlationId: 'c',
    causationId: 'c',
  });
  if (status === 'suspended') {
    const suspend: PartnerCommand = {
      type: 'SuspendPartner',
      data: { partnerId, reason: 'audit' },
      metadata: metadata(),
    };
    await handleCommand(store, partnerDecider, partnerStream(partnerId), suspend, {
      idempotencyKey: `${partnerId}-s`,
      correlationId: 'c',
      causationId: 'c',
    });
  }
}

/** A temporary folder with an event store in it, made for each test of the enclosing describe and removed after. */
function useTemporaryStore(receive: (made: { folder: string; store: SqliteEventStore }) => void): void {
  let made: { folder: string; store: SqliteEventStore };
  beforeEach(() => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    made = { folder, store: new SqliteEventStore({ path: join(folder, 'events.sqlite') }) };
    receive(made);
  });
  afterEach(async () => {
    await made.store.close();
    rmSync(made.folder, { recursive: true, force: true });
  });
}

/** A projection that keeps memory (a count of the events applied) and fails its batch while `failing()` holds. */
function countingProjection(failing: () => boolean = () => false): { seen: () => number; projection: Projection } {
  let committed = 0;
  let pending = 0;
  return {
    seen: () => committed,
    projection: {
      name: 'counting',
      version: 1,
      tables: ['counts'],
      schema: 'CREATE TABLE IF NOT EXISTS counts (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)',
      bind: (database) => {
        const write = database.prepare(
          'INSERT INTO counts (id, total) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET total = excluded.total',
        );
        return {
          apply: () => {
            // A machine error (not the event's fault): the whole batch is retried, nothing is marked failed.
            if (failing()) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
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
}

describe('Projector', () => {
  let folder: string;
  let store: SqliteEventStore;
  useTemporaryStore((made) => ({ folder, store } = made));

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
    expect(
      new PartnerQueries(db).page({ status: 'suspended' }, { limit: 100 }).items.map((partner) => partner.partnerId),
    ).toEqual(['p0', 'p3', 'p6', 'p9']);
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
    await expect(projector.waitFor(head + 1n, 50)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'after' }] },
    });
    db.close();
  });
});

describe('Projector with a projection that keeps memory', () => {
  it('restores memory from the log at start, commits it with each batch and drops it on a failed batch', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    let failNext = false;
    const counting = () => countingProjection(() => failNext);
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
  it('is starting while its memory loads and until the log is applied to the head, then no longer', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    for (const id of ['a', 'b']) await enroll(store, id);
    await new Projector({ store, db, projections: [countingProjection().projection] }).runUntilCaughtUp();
    await enroll(store, 'c');

    // A restart whose memory loads slowly (a large snapshot): the resume waits until the test lets it go.
    let loaded!: () => void;
    const loading = new Promise<void>((resolve) => (loaded = resolve));
    const { projection } = countingProjection();
    const slowResume: Projection = {
      ...projection,
      bind: (database, options) => {
        const binding = projection.bind(database, options) as ProjectionBinding;
        return { ...binding, resume: () => loading.then(() => 0n) };
      },
    };
    const restarted = new Projector({ store, db, projections: [slowResume], pollIntervalMs: 10_000 });
    restarted.start();
    // Its checkpoint is one event behind, well within the lag a ready service may have: starting says why not.
    expect(await restarted.status()).toMatchObject({ starting: 'restoring memory', lag: 1n, healthy: true });
    loaded();
    // Shares the first run (a call during a run makes it go round once more), which then settles.
    await restarted.runUntilCaughtUp();
    const status = await restarted.status();
    expect(status.starting).toBeUndefined();
    expect(status.lag).toBe(0n);
    await restarted.stop();
    db.close();
    await store.close();
  });
});

describe('zero-downtime rebuild', () => {
  it('counts the passes that read the log ahead in its progress, before it applies anything', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    for (let index = 0; index < 30; index += 1) await enroll(store, `p${index}`);
    const { projection } = countingProjection();
    let reported = 0n;
    const doneWhileReading: bigint[] = [];
    // Like the commission engine: knows some events ahead, then reads the log once, before the build applies.
    const readingAhead: Projection = {
      ...projection,
      lookahead: { stream: 'partner-p0', types: new Set(['PartnerEnrolled']) },
      bind: (database, options) => ({
        ...(projection.bind(database, options) as ProjectionBinding),
        lookAhead: () => doneWhileReading.push(reported),
      }),
    };
    const projector = new Projector({ store, db, projections: [readingAhead] });
    await projector.runUntilCaughtUp();
    doneWhileReading.length = 0;
    const progress: { done: bigint; total: bigint; state: string }[] = [];
    await projector.rebuild({
      onProgress: ({ done, total, state }) => {
        reported = done;
        progress.push({ done, total, state });
      },
    });
    // The lookahead events come from their stream; the one pass ahead over the log is half of the work.
    expect(doneWhileReading).toEqual([0n]);
    const building = progress.filter((entry) => entry.state === 'building').map((entry) => entry.done);
    expect(building).toEqual([0n, 15n, 30n]);
    expect(progress.at(-1)).toMatchObject({ done: 30n, total: 30n, state: 'done' });
    await projector.stop();
    db.close();
    await store.close();
  });

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

describe("an operator's rebuild cut short", () => {
  let folder: string;
  let store: SqliteEventStore;
  useTemporaryStore((made) => ({ folder, store } = made));
  const askedAt = (db: ReturnType<typeof openDatabase>) =>
    db.prepare("SELECT rebuild_asked_at FROM projection_checkpoints WHERE name = 'partners'").pluck().get();
  const until = async (condition: () => boolean) => {
    for (let attempt = 0; attempt < 500 && !condition(); attempt += 1) await new Promise((ok) => setTimeout(ok, 10));
    expect(condition()).toBe(true);
  };

  it('runs again at the next start of a process that follows the log, and once it ended, not again', async () => {
    const path = join(folder, 'read-models.sqlite');
    const db = openDatabase(path);
    await enroll(store, 'a');
    // The process dies between the build and the swap: its swap never comes.
    const dying = new Projector({ store, db, projections: [partnersProjection], onSwapStep: () => new Promise(noop) });
    await dying.runUntilCaughtUp();
    db.exec("UPDATE partners SET name = 'stale'");
    await dying.startRebuild();
    await until(() => dying.rebuildStatus()?.state === 'swapping');
    expect(askedAt(db)).toEqual(expect.any(String));
    // A CLI's projector (it does not follow the log) leaves it to the service.
    const cli = new Projector({ store, db: openDatabase(path), projections: [partnersProjection] });
    await cli.runUntilCaughtUp();
    expect(cli.rebuildStatus()).toBeUndefined();

    // The next start, on this host with the dead process's pid: it takes the lock over at once.
    const next = new Projector({
      store,
      db: openDatabase(path),
      projections: [partnersProjection],
      pollIntervalMs: 20,
    });
    next.start();
    await until(() => next.rebuildStatus()?.state === 'done');
    expect(next.rebuildStatus()).toMatchObject({ kind: 'rebuild', projections: ['partners'], resumed: true });
    expect(new PartnerQueries(db).get('a')?.name).toBe('Partner a');
    expect(askedAt(db)).toBeNull();
    await next.stop();

    const after = new Projector({
      store,
      db: openDatabase(path),
      projections: [partnersProjection],
      pollIntervalMs: 20,
    });
    after.start();
    await after.runUntilCaughtUp();
    expect(after.rebuildStatus()).toBeUndefined();
    await after.stop();
    db.close();
  });
});

function noop(): void {}

const schemaNames = (db: ReturnType<typeof openDatabase>, type: 'table' | 'index') =>
  db
    .prepare<[string], { name: string }>('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name')
    .all(type)
    .map((row) => row.name);

describe('swapping rebuilt rows in through staging tables', () => {
  it('leaves no staging table and the same indexes as a fresh database', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    const projector = new Projector({ store, db, projections });
    for (let index = 0; index < 5; index += 1) await enroll(store, `p${index}`);
    await projector.runUntilCaughtUp();
    const indexesBefore = schemaNames(db, 'index');
    db.exec("UPDATE partners SET name = 'stale'");
    await projector.rebuild();
    expect(schemaNames(db, 'table').filter((name) => name.endsWith('__next'))).toEqual([]);
    expect(schemaNames(db, 'index')).toEqual(indexesBefore);
    expect(new PartnerQueries(db).get('p3')?.name).toBe('Partner p3');
    db.close();
    await store.close();
  });

  it('drops the staging tables a crash left behind when the writer starts', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const db = openDatabase(':memory:');
    await enroll(store, 'a');
    await new Projector({ store, db, projections }).runUntilCaughtUp();
    db.exec('CREATE TABLE partners__next AS SELECT * FROM partners');
    const restarted = new Projector({ store, db, projections });
    await restarted.runUntilCaughtUp();
    expect(schemaNames(db, 'table')).not.toContain('partners__next');
    expect(new PartnerQueries(db).get('a')?.name).toBe('Partner a');
    db.close();
    await store.close();
  });

  it("builds into a scratch database with only the indexes the projections' own statements read through", async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const scratch = openDatabase(':memory:');
    for (let index = 0; index < 5; index += 1) await enroll(store, `p${index}`);
    const builder = new Projector({ store, db: scratch, projections, building: true });
    await builder.runTo(await store.headPosition());
    const named = schemaNames(scratch, 'index').filter((name) => !name.startsWith('sqlite_autoindex_'));
    expect(named).toEqual(['commission_tier_evaluations_changes']);
    expect(projections.flatMap((projection) => projection.buildIndexes ?? [])).toEqual(named);
    await builder.stop();
    scratch.close();
    await store.close();
  });

  it('declares every index that the statements a projection prepares when it binds read through', () => {
    const db = openDatabase(':memory:');
    for (const projection of projections) db.exec(projection.schema);
    for (const projection of projections) {
      const prepared: string[] = [];
      const prepare = db.prepare.bind(db);
      const recording = Object.assign(Object.create(db) as typeof db, {
        prepare: (sql: string) => (prepared.push(sql), prepare(sql)),
      });
      projection.bind(recording, { building: true });
      const read = new Set(prepared.flatMap((sql) => indexesReadBy(db, sql)));
      expect({ [projection.name]: [...read].sort() }).toEqual({ [projection.name]: projection.buildIndexes ?? [] });
    }
    db.close();
  });
});

/** The indexes other than a key's that SQLite's plan for `sql` reads through (its parameters bound to null). */
function indexesReadBy(db: ReturnType<typeof openDatabase>, sql: string): string[] {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((match) => match[1]!))];
  const values =
    named.length > 0
      ? [Object.fromEntries(named.map((name) => [name, null]))]
      : Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
  const plan = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(...values);
  return plan
    .map((step) => /INDEX (\w+)/.exec(step.detail)?.[1])
    .filter((name): name is string => name !== undefined && !name.startsWith('sqlite_autoindex_'));
}

/** A projection that cannot apply the enrollment of `poisoned` while `broken.now` holds (a bug, later fixed). */
function fragileProjection(poisoned: string, broken: { now: boolean }): Projection {
  return {
    name: 'fragile',
    version: 1,
    tables: ['fragile_seen'],
    schema: 'CREATE TABLE IF NOT EXISTS fragile_seen (partner_id TEXT PRIMARY KEY)',
    bind: (database) => {
      const insert = database.prepare('INSERT INTO fragile_seen (partner_id) VALUES (?)');
      return (event) => {
        const partnerId = (event.data as { partnerId: string }).partnerId;
        if (event.type !== 'PartnerEnrolled') return;
        if (broken.now && partnerId === poisoned) throw new TypeError(`cannot read the region of ${partnerId}`);
        insert.run(partnerId);
      };
    },
  };
}

describe('a projection that cannot apply an event', () => {
  let folder: string;
  let store: SqliteEventStore;
  useTemporaryStore((made) => ({ folder, store } = made));

  it('fails alone at that event, keeps failing across a restart, and the others go on', async () => {
    const path = join(folder, 'read.sqlite');
    const broken = { now: true };
    let db = openDatabase(path);
    const projector = new Projector({
      store,
      db,
      projections: [partnersProjection, fragileProjection('bad', broken)],
      batchSize: 2,
    });
    await enroll(store, 'a');
    await enroll(store, 'bad');
    const poisonPosition = await store.headPosition();
    await enroll(store, 'c');
    await projector.runUntilCaughtUp();
    const head = await store.headPosition();

    expect(projector.failures()).toEqual([
      {
        name: 'fragile',
        failure: expect.objectContaining({
          position: poisonPosition,
          error: expect.stringContaining('cannot read the region of bad'),
        }),
      },
    ]);
    expect(new PartnerQueries(db).get('c')?.status).toBe('active');
    // The failed projection stops right before the poison (same batch as 'a'), and applies nothing after it.
    expect(db.prepare('SELECT partner_id FROM fragile_seen').all()).toEqual([{ partner_id: 'a' }]);
    expect(projector.projectionStatuses()[1]).toMatchObject({ name: 'fragile', position: poisonPosition - 1n });
    const reports = await projector.projectionReports();
    expect(reports.map((report) => [report.name, report.state])).toEqual([
      ['partners', 'caught_up'],
      ['fragile', 'failed'],
    ]);
    await expect(projector.status()).resolves.toMatchObject({
      healthy: false,
      failed: [{ name: 'fragile', position: poisonPosition.toString() }],
    });
    await projector.waitFor(head, 50, ['partners']);
    await expect(projector.waitFor(head, 50)).rejects.toMatchObject({
      code: 'PROJECTION_FAILED',
      details: { projection: 'fragile', position: poisonPosition.toString() },
    });
    db.close();

    db = openDatabase(path);
    const restarted = new Projector({ store, db, projections: [partnersProjection, fragileProjection('bad', broken)] });
    await enroll(store, 'd');
    await restarted.runUntilCaughtUp();
    expect(new PartnerQueries(db).get('d')?.status).toBe('active');
    expect(restarted.failures().map((entry) => entry.name)).toEqual(['fragile']);
    db.close();
  });

  it('a rebuild meeting the event again refuses (PROJECTION_REBUILD_FAILED); once fixed it recovers', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    const broken = { now: true };
    const projector = new Projector({ store, db, projections: [partnersProjection, fragileProjection('bad', broken)] });
    for (const id of ['a', 'bad', 'c']) await enroll(store, id);
    await projector.runUntilCaughtUp();
    const poisonPosition = projector.failures()[0]!.failure.position;

    await expect(projector.rebuild({ only: ['fragile'] })).rejects.toMatchObject({
      code: 'PROJECTION_REBUILD_FAILED',
      details: { projection: 'fragile', position: poisonPosition.toString() },
    });
    expect(projector.rebuildStatus()).toMatchObject({ state: 'failed', code: 'PROJECTION_REBUILD_FAILED' });

    broken.now = false;
    await enroll(store, 'd');
    await projector.rebuild({ only: ['fragile'] });
    expect(projector.failures()).toEqual([]);
    expect(
      db
        .prepare('SELECT partner_id FROM fragile_seen ORDER BY partner_id')
        .all()
        .map((row) => (row as { partner_id: string }).partner_id),
    ).toEqual(['a', 'bad', 'c', 'd']);
    await projector.waitFor(await store.headPosition(), 50);
    db.close();
  });
});

describe('one writer per read-model database', () => {
  let folder: string;
  let store: SqliteEventStore;
  useTemporaryStore((made) => ({ folder, store } = made));

  const holdBy = (db: ReturnType<typeof openDatabase>, pid: number) =>
    db
      .prepare(
        'INSERT OR REPLACE INTO projector_lock (id, owner, pid, host, label, started_at, heartbeat_at) ' +
          "VALUES (1, 'other', ?, ?, 'ledger service', '2026-01-01T00:00:00Z', ?)",
      )
      .run(pid, hostname(), Date.now());

  it('refuses to project or rebuild while a live process holds the lock; takes over from a dead one', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    const projector = new Projector({ store, db, projections: [partnersProjection] });
    await enroll(store, 'a');
    holdBy(db, process.ppid);
    await expect(projector.runUntilCaughtUp()).rejects.toMatchObject({
      code: 'PROJECTOR_LOCKED',
      details: { pid: process.ppid, label: 'ledger service' },
    });
    await expect(projector.rebuild()).rejects.toMatchObject({ code: 'PROJECTOR_LOCKED' });
    expect(projector.tryBecomeWriter()).toBe(false);
    expect(new PartnerQueries(db).get('a')).toBeUndefined();

    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    holdBy(db, gone);
    await projector.runUntilCaughtUp();
    expect(new PartnerQueries(db).get('a')?.status).toBe('active');
    db.close();
  });

  it('names the process that keeps the read models in its status, and none once that process is gone', async () => {
    const db = openDatabase(join(folder, 'read.sqlite'));
    const projector = new Projector({ store, db, projections: [partnersProjection] });
    expect((await projector.status()).keeper).toBeUndefined();
    holdBy(db, process.ppid);
    expect((await projector.status()).keeper).toBe(`ledger service (pid ${process.ppid} on ${hostname()})`);
    holdBy(db, spawnSync(process.execPath, ['-e', '']).pid);
    expect((await projector.status()).keeper).toBeUndefined();
    db.close();
  });

  it('a process that does not project waits on the shared checkpoint and never writes the read models', async () => {
    const path = join(folder, 'read.sqlite');
    const writerDb = openDatabase(path);
    const readerDb = openDatabase(path);
    const writer = new Projector({ store, db: writerDb, projections: [partnersProjection], pollIntervalMs: 10 });
    const reader = new Projector({ store, db: readerDb, projections: [partnersProjection] });
    await enroll(store, 'a');
    await expect(reader.waitFor(await store.headPosition(), 100)).rejects.toMatchObject({ code: 'READ_MODEL_BEHIND' });
    expect(new PartnerQueries(readerDb).get('a')).toBeUndefined();

    writer.start();
    await enroll(store, 'b');
    await reader.waitFor(await store.headPosition(), 2000);
    expect(new PartnerQueries(readerDb).get('b')?.status).toBe('active');
    await expect(reader.status()).resolves.toMatchObject({ writer: false, lag: 0n });
    await writer.stop();
    writerDb.close();
    readerDb.close();
  });

  it('a projector whose checkpoint moved under it replays its memory before the next batch', async () => {
    const path = join(folder, 'read.sqlite');
    const counting = () => countingProjection().projection;
    const firstDb = openDatabase(path);
    const secondDb = openDatabase(path);
    const first = new Projector({ store, db: firstDb, projections: [counting()] });
    for (const id of ['a', 'b']) await enroll(store, id);
    await first.runUntilCaughtUp();
    // Another projector takes over and moves the checkpoint on; the first must not count from its stale memory.
    await enroll(store, 'c');
    await new Projector({ store, db: secondDb, projections: [counting()] }).runUntilCaughtUp();
    await enroll(store, 'd');
    await first.runUntilCaughtUp();
    expect(firstDb.prepare('SELECT total FROM counts').get()).toEqual({ total: 4n });
    firstDb.close();
    secondDb.close();
  });
});

describe('scratch folders', () => {
  it('removes those of processes that are gone and keeps those of live ones', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ledger-scratch-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(join(parent, `ledger-rebuild-${gone}-abc`));
    mkdirSync(join(parent, `ledger-verify-${gone}-abc`));
    mkdirSync(join(parent, `ledger-rebuild-${process.pid}-abc`));
    mkdirSync(join(parent, 'unrelated'));
    removeStaleScratch(parent);
    expect(readdirSync(parent).sort()).toEqual([`ledger-rebuild-${process.pid}-abc`, 'unrelated']);
    rmSync(parent, { recursive: true, force: true });
  });
});
