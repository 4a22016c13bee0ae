import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DefaultSerializer, serialize } from 'node:v8';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { commissionEngine, type LedgerEvent } from '#domain';
import { openDatabase, SqliteEventStore } from '#event-store';
import { promotionHistory } from '../../../domain/src/commission/testing/commission-examples.js';
import { designRuleSet, History, partner } from '../../../domain/src/commission/testing/commission-builders.js';
import { anEvent } from '../../../event-store/src/testing/event-store.contract.js';
import { chainedLink } from '../log-chain.js';
import { Projector, readModelDigest } from '../projector.js';
import { CommissionSnapshots } from './commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions.projection.js';
import { observingStarts, type RecomputeStart } from '../testing/commission-histories.js';

/**
 * Snapshots of the commission engine on disk: a restart loads the newest valid one and replays only the
 * log after it; a snapshot that is corrupt, of another version or past the checkpoint is reported and
 * ignored. Every case ends with rows equal to a fresh build, after events that read the restored memory
 * (a refund reversing a line earned before the snapshot).
 */
const history = promotionHistory();
// t3 was won before the close (in the snapshot); its refund and t5 come after the restart.
const events = history.events;
const refundAt = events.findIndex((event) => event.eventId === 'refund-t3');
history.wonDeal('t5', '2026-06-01', '5000.00', [partner('tau')]);
const head = events.slice(0, refundAt);
const positionOf = (file: string) => BigInt(/(\d+)/.exec(file)![1]!);
const tail = events.slice(refundAt);

async function appendAll(store: SqliteEventStore, list: readonly LedgerEvent[]): Promise<void> {
  for (const event of list) {
    const { version } = await store.readStream(event.stream);
    await store.appendToStream(
      event.stream,
      [anEvent({ eventId: event.eventId, type: event.type, data: event.data })],
      {
        expectedVersion: version,
      },
    );
  }
}

/**
 * Each case runs twice: written on the projector's thread in slices (an in-memory store, as in tests and
 * the CLI without a data folder), and by the snapshot worker, which folds the state itself from files.
 */
describe.each([
  ['on the projector thread', false],
  ['by a worker thread folding the state itself', true],
])('commission snapshots on disk, written %s', (_mode, inWorker) => {
  let dir: string;
  let dataDir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let warnings: string[];
  let snapshots: CommissionSnapshots;
  /** The reads of the log (after which position, of which types), to tell a replay from 0 from one of the tail. */
  let reads: { after: bigint; types?: ReadonlySet<string> }[];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'commission-snapshots-'));
    dir = join(dataDir, 'snapshots');
    const storePath = inWorker ? join(dataDir, 'events.sqlite') : ':memory:';
    store = new SqliteEventStore({ path: storePath });
    db = openDatabase(inWorker ? join(dataDir, 'read-models.sqlite') : ':memory:');
    warnings = [];
    snapshots = new CommissionSnapshots({
      dir,
      everyEvents: 3,
      warn: (message) => warnings.push(message),
      ...(inWorker ? { worker: { store: { kind: 'sqlite' as const, path: storePath }, fromPosition: 0 } } : {}),
    });
    // The worker writes with its own instance: this one must not encode anything.
    if (inWorker) jest.spyOn(snapshots, 'write').mockRejectedValue(new Error('written on the projector thread'));
    reads = [];
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => {
      reads.push({ after: options?.after ?? 0n });
      return readAll(options);
    };
    const readAllOf = store.readAllOf.bind(store);
    store.readAllOf = (options) => {
      reads.push({ after: options.after, types: options.types });
      return readAllOf(options);
    };
  });
  afterEach(async () => {
    await snapshots.close();
    db.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Snapshots only before a quarter's first deal event and at closes (no event count due), kept. */
  const quarterlySnapshots = () =>
    new CommissionSnapshots({
      dir: join(dataDir, 'quarterly'),
      everyEvents: 0,
      keep: 20,
      warn: (message) => warnings.push(message),
      ...(inWorker
        ? { worker: { store: { kind: 'sqlite' as const, path: join(dataDir, 'events.sqlite') }, fromPosition: 0 } }
        : {}),
    });

  const projectorWith = (projection = commissionsProjectionWith(snapshots)) =>
    new Projector({ store, db, projections: [projection], batchSize: 2 });

  /** Projects the head of the history two events at a time, writing snapshots; the files, newest first. */
  async function projectHead(): Promise<string[]> {
    const projector = projectorWith();
    for (let at = 0; at < head.length; at += 2) {
      await appendAll(store, head.slice(at, at + 2));
      await projector.runUntilCaughtUp();
      await snapshots.idle();
    }
    return readdirSync(dir).sort().reverse();
  }

  /** Restarts, applies the tail and checks the rows against a fresh database; the first read after. */
  async function restartAndCompare(): Promise<{ after: bigint; types?: ReadonlySet<string> }> {
    reads = [];
    const restarted = projectorWith();
    await restarted.runUntilCaughtUp();
    const firstRead = reads[0]!;
    await appendAll(store, tail);
    await restarted.runUntilCaughtUp();
    const fresh = openDatabase(':memory:');
    await new Projector({ store, db: fresh, projections: [commissionsProjection] }).runUntilCaughtUp();
    expect(readModelDigest(db, [commissionsProjection])).toBe(readModelDigest(fresh, [commissionsProjection]));
    fresh.close();
    return firstRead;
  }

  it('writes snapshots at checkpoints, keeps the newest three, and a restart replays only the tail', async () => {
    const files = await projectHead();
    expect(files.length).toBe(3);
    expect(files.every((name) => /^commissions-\d{20}\.snap$/.test(name))).toBe(true);
    const newest = positionOf(files[0]!);
    expect(newest).toBeGreaterThan(0n);
    // It reads only the engine's events.
    expect(await restartAndCompare()).toEqual({ after: newest, types: commissionEngine.engineInputTypes });
    expect(warnings).toEqual([]);
  });

  it('writes the state right before the first deal event of a new quarter (a late close starts there)', async () => {
    const quarterly = quarterlySnapshots();
    const quarters = new History();
    quarters.publish(designRuleSet());
    quarters.enroll('acme');
    quarters.wonDeal('jan', '2026-01-10', '1000.00', [partner('acme')]);
    const april = quarters.wonDeal('apr', '2026-04-03', '1000.00', [partner('acme')]);
    quarters.wonDeal('may', '2026-05-03', '1000.00', [partner('acme')]);
    await appendAll(store, quarters.events);
    await new Projector({ store, db, projections: [commissionsProjectionWith(quarterly)] }).runUntilCaughtUp();
    await quarterly.idle();
    // No close and no event count due: the only snapshots are those before a quarter's first deal event.
    const positions = readdirSync(join(dataDir, 'quarterly')).map(positionOf).sort();
    expect(positions).toEqual([april.position - 1n]);
    await quarterly.close();
    expect(warnings).toEqual([]);
  });

  it('has the quarter start that one catch-up asked for on disk before its late close recomputes', async () => {
    const quarterly = quarterlySnapshots();
    const starts: RecomputeStart[] = [];
    const projector = new Projector({
      store,
      db,
      projections: [observingStarts(commissionsProjectionWith(quarterly), store, starts)],
    });
    // Q1 earns silver at its close; an April deal is projected in the same catch-up as that late close.
    const quarters = new History();
    quarters.publish(designRuleSet());
    quarters.enroll('acme');
    for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
      quarters.wonDeal(`q1-${index}`, date, '40000.00', [partner('acme')]);
    }
    await appendAll(store, quarters.events);
    await projector.runUntilCaughtUp();
    await quarterly.idle();
    const projected = quarters.events.length;
    const april = quarters.wonDeal('apr', '2026-04-03', '10000.00', [partner('acme')]);
    quarters.close('2026-Q1');
    await appendAll(store, quarters.events.slice(projected));
    await projector.runUntilCaughtUp();
    // The build from 0 of a fresh projection, then the recomputation: right before April's first deal event.
    expect(starts.map((start) => start.from)).toEqual([0n, april.position - 1n]);
    await quarterly.close();
    expect(warnings).toEqual([]);
  });

  it('a restart from a snapshot equals a restart from position 0', async () => {
    await projectHead();
    const fromSnapshot = await restartAndCompare();
    const digest = readModelDigest(db, [commissionsProjection]);

    // The same log through a projector without snapshots, restarted the same way.
    const plainDb = openDatabase(':memory:');
    const plain = new Projector({ store, db: plainDb, projections: [commissionsProjection], batchSize: 2 });
    await plain.runUntilCaughtUp();
    reads = [];
    await new Projector({ store, db: plainDb, projections: [commissionsProjection] }).runUntilCaughtUp();
    expect(reads[0]!.after).toBe(0n);
    expect(fromSnapshot.after).toBeGreaterThan(0n);
    expect(readModelDigest(plainDb, [commissionsProjection])).toBe(digest);
    plainDb.close();
  });

  it('a corrupted snapshot is reported, naming the file, and ignored for an older one', async () => {
    const [newest, older] = await projectHead();
    const path = join(dir, newest!);
    const bytes = readFileSync(path);
    for (const at of [bytes.length - 5, bytes.length - 40]) bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(path, bytes);

    expect((await restartAndCompare()).after).toBe(positionOf(older!));
    expect(warnings).toEqual([`Commission snapshot ${path} ignored: its checksum does not match`]);
  });

  it('a snapshot made at another chain link than the one at its position is reported and ignored', async () => {
    const [newest, older] = await projectHead();
    const path = join(dir, newest!);
    const text = readFileSync(path).toString('latin1');
    const link = /"link":"([0-9a-f]{64})"/.exec(text)![1]!;
    expect(link).toBe(chainedLink(db, positionOf(newest!)));
    // As if the log the snapshot was made from held other events up to there (the same length: the header's room).
    const other = `${link.slice(0, -1)}${link.endsWith('0') ? '1' : '0'}`;
    writeFileSync(path, Buffer.from(text.replace(link, other), 'latin1'));

    expect((await restartAndCompare()).after).toBe(positionOf(older!));
    expect(warnings).toEqual([
      `Commission snapshot ${path} ignored: it was made at chain link ${other} of position ${positionOf(newest!)}, ` +
        `and the read models chained link ${link} there: it is a snapshot of another log`,
    ]);
  });

  it('a snapshot of another projection version, or past the checkpoint, is reported and ignored', async () => {
    const { version } = commissionsProjection;
    const files = await projectHead();
    for (const name of files) {
      const path = join(dir, name);
      const text = readFileSync(path).toString('latin1');
      const stale = text.replace(`"version":${version}`, `"version":${version - 1}`);
      writeFileSync(path, Buffer.from(stale, 'latin1'));
    }
    // A snapshot named past the checkpoint (a copy of a good one: its name is what is checked first).
    const past = join(dir, `commissions-${'99999'.padStart(20, '0')}.snap`);
    renameSync(join(dir, files[0]!), past);

    expect((await restartAndCompare()).after).toBe(0n);
    expect(warnings[0]).toBe(
      `Commission snapshot ${past} ignored: its position 99999 is past the checkpoint ${head.length}`,
    );
    expect(warnings.slice(1)).toEqual(
      files
        .slice(1)
        .map(
          (name) =>
            `Commission snapshot ${join(dir, name)} ignored: ` +
            `it was written by version ${version - 1} of the projection, not ${version}`,
        ),
    );
  });
});

describe('CommissionSnapshots.dueAt', () => {
  it('is due every `everyEvents`, or once the log has grown by `growthShareMin` of itself if that is more', () => {
    const spaced = new CommissionSnapshots({ dir: tmpdir(), everyEvents: 10, growthShareMin: 0.5 });
    expect([spaced.dueAt(9n, 0n), spaced.dueAt(10n, 0n)]).toEqual([false, true]);
    expect([spaced.dueAt(29n, 20n), spaced.dueAt(30n, 20n)]).toEqual([false, true]);
    expect([spaced.dueAt(149n, 100n), spaced.dueAt(150n, 100n)]).toEqual([false, true]);
    expect([spaced.dueAt(151n, 101n), spaced.dueAt(152n, 101n)]).toEqual([false, true]);
    const fixed = new CommissionSnapshots({ dir: tmpdir(), everyEvents: 10 });
    expect([fixed.dueAt(109n, 100n), fixed.dueAt(110n, 100n)]).toEqual([false, true]);
    const off = new CommissionSnapshots({ dir: tmpdir(), everyEvents: 0, growthShareMin: 0.5 });
    expect(off.dueAt(1_000n, 0n)).toBe(false);
  });
});

describe('CommissionSnapshots.write', () => {
  it('writes one position twice at once, each through its own temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commission-snapshots-twice-'));
    const snapshots = new CommissionSnapshots({ dir, everyEvents: 0 });
    const state = commissionEngine.initialState();
    const { version } = commissionsProjection;
    const writes = await Promise.allSettled([0, 1].map(() => snapshots.write(state, version, 8, 'e0')));
    expect(writes.map((write) => write.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(readdirSync(dir)).toEqual([`commissions-${'0'.padStart(20, '0')}.snap`]);
    const loaded = await snapshots.loadNewest(
      0n,
      version,
      () => 'e0',
      () => undefined,
    );
    expect(loaded?.position).toBe(0n);
    await snapshots.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes back its temporary file when the write fails, so a full disk keeps nothing of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commission-snapshots-failed-'));
    const snapshots = new CommissionSnapshots({ dir, everyEvents: 0 });
    const many = new History();
    many.publish(designRuleSet());
    for (let index = 0; index < 20; index += 1) many.enroll(`p${index}`);
    const state = commissionEngine.applyAll(commissionEngine.initialState(), many.events).state;
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const refused = jest.spyOn(DefaultSerializer.prototype, 'releaseBuffer');
    refused.mockImplementationOnce(() => {
      throw full;
    });
    await expect(snapshots.write(state, commissionsProjection.version, Infinity, 'e0')).rejects.toBe(full);
    refused.mockRestore();
    expect(readdirSync(dir)).toEqual([]);
    await snapshots.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a large state to the file a group at a time, and it loads back equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commission-snapshots-large-'));
    const snapshots = new CommissionSnapshots({ dir, everyEvents: 0 });
    const many = new History();
    many.publish(designRuleSet());
    for (let index = 0; index < 50; index += 1) many.enroll(`p${index}`);
    many.enroll('shared');
    for (let index = 0; index < 400; index += 1) {
      many.wonDeal(`d${index}`, '2026-02-10', '1200.00', [partner(`p${index % 50}`, '0.6'), partner('shared', '0.4')]);
    }
    const state = commissionEngine.applyAll(commissionEngine.initialState(), many.events).state;
    const released = jest.spyOn(DefaultSerializer.prototype, 'releaseBuffer');
    const { version } = commissionsProjection;
    const timing = await snapshots.write(state, version, Infinity, 'e-large');
    // Each group of containers and the root is a piece of its own: more than one means the body was never whole.
    expect(released.mock.calls.length).toBeGreaterThan(3);
    released.mockRestore();
    const file = readFileSync(join(dir, readdirSync(dir)[0]!));
    expect(file.indexOf(0x0a)).toBe(511);
    expect(file.length).toBe(512 + timing.bytes);
    const loaded = await snapshots.loadNewest(
      state.position,
      version,
      () => 'e-large',
      () => undefined,
    );
    expect(loaded).toEqual(state);
    // Once its user has replayed the log after it, in slices: each of the 800 lines' dates, currency, rule set and
    // tier texts, its id in its map and in itself, each deal's currency and roles were read as strings of their own
    // (15,057 replaced).
    snapshots.shareLoadedStrings();
    expect(await snapshots.lastSharing).toBeGreaterThan(800 * 10);
    expect(loaded).toEqual(state);
    await snapshots.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('CommissionSnapshots.loadNewest, given bodies whose checksum matches', () => {
  /** A piece of a body: its length (4 bytes, little-endian) and the value as v8.serialize writes it. */
  const piece = (value: unknown): Buffer => {
    const bytes = serialize(value);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    return Buffer.concat([length, bytes]);
  };

  /** A snapshot file at `position` as the writer lays it out, its header naming `body`'s length and checksum. */
  const fileWith = (
    dir: string,
    position: number,
    body: Buffer,
    format = 6,
    link: string | null = `link${position}`,
  ) => {
    const header = JSON.stringify({
      format,
      projection: 'commissions',
      version: commissionsProjection.version,
      position: String(position),
      ...(link === null ? {} : { link }),
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes: body.length,
    });
    const path = join(dir, `commissions-${String(position).padStart(20, '0')}.snap`);
    writeFileSync(path, Buffer.concat([Buffer.from(`${header.padEnd(511, ' ')}\n`), body]));
    return path;
  };

  it('reports and ignores a body cut in a piece, a group not a list, a dangling reference, an old format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commission-snapshots-malformed-'));
    const cut = Buffer.concat([piece([{ position: 4n }]), piece({ $: 0 })]);
    const files = [
      fileWith(dir, 5, Buffer.concat([piece([]), piece({ position: 5n })]), 6, null),
      fileWith(dir, 4, cut.subarray(0, cut.length - 3)),
      fileWith(dir, 3, Buffer.concat([piece('not a list'), piece({ $: 0 })])),
      fileWith(dir, 2, Buffer.concat([piece([{ partners: { $: 7 } }]), piece({ $: 0 })])),
      fileWith(dir, 1, Buffer.concat([piece([]), piece({ position: 1n })]), 5),
    ];
    const warnings: string[] = [];
    const snapshots = new CommissionSnapshots({ dir, everyEvents: 0, warn: (message) => warnings.push(message) });

    const chained = (position: bigint) => `link${position}`;
    await expect(
      snapshots.loadNewest(10n, commissionsProjection.version, chained, () => undefined),
    ).resolves.toBeUndefined();

    const reasons = [
      /its header carries no chain link \(an older snapshot\)/,
      /its body ends before byte \d+/,
      /its body has a group that is not a list/,
      /a reference to container 7, which it does not hold/,
      /its body is in format 5, not 6/,
    ];
    expect(warnings).toHaveLength(files.length);
    warnings.forEach((warning, index) => {
      expect(warning).toContain(`Commission snapshot ${files[index]} ignored: `);
      expect(warning).toMatch(reasons[index]!);
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
