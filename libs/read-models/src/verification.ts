import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openScratchDatabase, type EventStore } from '#event-store';
import { verifyLogChain, type ChainVerdict } from './log-chain.js';
import type { Projection } from './projection.js';
import { Projector, readModelDigest } from './projector.js';
import { makeScratchFolder } from './scratch.js';

export interface ProjectionVerdict {
  readonly name: string;
  readonly ok: boolean;
  readonly digestLive: string;
  readonly digestRebuilt: string;
  /** Where its rows were compared, when not at the verification's position: held before a recomputation. */
  readonly comparedAt?: string;
  /** Why the rows were not compared: the projection failed at an event, or stands at another position. */
  readonly notCompared?: string;
  /** The first row that differs: its table, and the position of the last event applied to it when the row has one. */
  readonly difference?: {
    readonly table: string;
    readonly position: string | null;
    readonly live: unknown;
    readonly rebuilt: unknown;
  };
}

export interface Verification {
  readonly ok: boolean;
  readonly position: bigint;
  readonly chain: ChainVerdict;
  readonly projections: readonly ProjectionVerdict[];
}

const json = (row: unknown) =>
  JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

function firstDifference(
  live: Database.Database,
  rebuilt: Database.Database,
  projection: Projection,
): ProjectionVerdict['difference'] {
  for (const table of projection.tables) {
    const columns = live
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all(table)
      .map((column) => column.name);
    const order = columns.map((_, index) => index + 1).join(', ');
    const liveRows = live.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate();
    const rebuiltRows = rebuilt.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate();
    for (;;) {
      const a = liveRows.next();
      const b = rebuiltRows.next();
      if (a.done && b.done) break;
      if (a.done || b.done || json(a.value) !== json(b.value)) {
        liveRows.return?.();
        rebuiltRows.return?.();
        const row = (a.done ? b.value : a.value) as Record<string, unknown> | undefined;
        const position = row && 'position' in row ? String(row['position']) : null;
        return { table, position, live: a.done ? null : a.value, rebuilt: b.done ? null : b.value };
      }
    }
  }
  return undefined;
}

/**
 * What an auditor runs to trust the ledger: the hash chain over the log, then every projection
 * re-derived from the log in a scratch database and compared, digest and row, with the live read
 * models at the same position. The live side is a snapshot (VACUUM INTO, one read transaction), so
 * a service projecting meanwhile changes nothing the comparison sees; the re-derivation stops at the
 * snapshot's checkpoint. Only when no other process keeps the read models are they caught up first.
 */
export async function verifyLedger(options: {
  store: EventStore;
  live: Projector;
  liveDb: Database.Database;
  projections: readonly Projection[];
  scratchDir?: string;
  onProgress?: (stage: 'chain' | 'rebuild', done: number, total: number) => void;
}): Promise<Verification> {
  if (options.live.tryBecomeWriter()) await options.live.runUntilCaughtUp();
  const folder = makeScratchFolder('verify', options.scratchDir);
  const snapshotPath = join(folder, 'live.sqlite');
  options.liveDb.prepare('VACUUM INTO ?').run(snapshotPath);
  const snapshot = openScratchDatabase(snapshotPath);
  const scratches: Database.Database[] = [];
  try {
    const checkpoints = snapshotCheckpoints(snapshot);
    const position = [...checkpoints.values()]
      .filter((row) => row.failed_position === null)
      .reduce((high, row) => (BigInt(row.position) > high ? BigInt(row.position) : high), 0n);
    const chain = await verifyLogChain(options.store, snapshot, {
      onProgress: (done) => options.onProgress?.('chain', done, Number(position)),
    });
    const projections: ProjectionVerdict[] = [];
    for (const [target, group] of derivationGroups(options.projections, checkpoints, position)) {
      const scratch = openScratchDatabase(join(folder, `read-models-${target}.sqlite`));
      scratches.push(scratch);
      await derive(options, scratch, group, target);
      for (const projection of group)
        projections.push(compareProjection(snapshot, scratch, projection, checkpoints.get(projection.name), target));
    }
    return { ok: chain.ok && projections.every((projection) => projection.ok), position, chain, projections };
  } finally {
    snapshot.close();
    for (const scratch of scratches) scratch.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The projections to re-derive, by the position to derive them to: the highest checkpoint, except for a projection
 * held before a recomputation (a rule set reaching back, a late close), whose rows stand at its own checkpoint until
 * the recomputed ones swap in. Verified there, a verify run while a recomputation is under way is not a failure.
 */
function derivationGroups(
  projections: readonly Projection[],
  checkpoints: ReadonlyMap<string, CheckpointRow>,
  position: bigint,
): Map<bigint, Projection[]> {
  const groups = new Map<bigint, Projection[]>();
  for (const projection of projections) {
    const checkpoint = checkpoints.get(projection.name);
    const held = checkpoint?.recompute_position != null && checkpoint.failed_position === null;
    const target = held ? BigInt(checkpoint.position) : position;
    groups.set(target, [...(groups.get(target) ?? []), projection]);
  }
  return groups;
}

/** The projections of `group` derived from the log up to `target` in a scratch database, with progress. */
async function derive(
  options: Parameters<typeof verifyLedger>[0],
  scratch: Database.Database,
  group: readonly Projection[],
  target: bigint,
): Promise<void> {
  const fresh = new Projector({
    store: options.store,
    db: scratch,
    projections: group,
    batchSize: 2000,
    untilPosition: target,
  });
  const progress = setInterval(() => options.onProgress?.('rebuild', Number(fresh.position), Number(target)), 500);
  try {
    await fresh.runUntilCaughtUp();
  } finally {
    clearInterval(progress);
    await fresh.stop();
  }
  options.onProgress?.('rebuild', Number(fresh.position), Number(target));
}

interface CheckpointRow {
  name: string;
  position: string;
  failed_position: string | null;
  failed_error: string | null;
  /** Set while the projection is held before a recomputation (projector.ts). */
  recompute_position: string | null;
}

function snapshotCheckpoints(snapshot: Database.Database): Map<string, CheckpointRow> {
  const rows = snapshot
    .prepare<[], CheckpointRow>(
      'SELECT name, position, failed_position, failed_error, recompute_position FROM projection_checkpoints',
    )
    .all();
  return new Map(rows.map((row) => [row.name, row]));
}

/** A projection that failed, or stands elsewhere than the others, differs by definition; else its rows are compared. */
function compareProjection(
  live: Database.Database,
  rebuilt: Database.Database,
  projection: Projection,
  checkpoint: CheckpointRow | undefined,
  position: bigint,
): ProjectionVerdict {
  if (!checkpoint || checkpoint.failed_position !== null || BigInt(checkpoint.position) !== position) {
    const where = checkpoint?.failed_position ?? checkpoint?.position ?? '0';
    const reason = checkpoint?.failed_error
      ? `failed at position ${checkpoint.failed_position}: ${checkpoint.failed_error}`
      : `at position ${checkpoint?.position ?? 0}, not ${position}`;
    return {
      name: projection.name,
      ok: false,
      digestLive: '',
      digestRebuilt: '',
      notCompared: reason,
      difference: { table: projection.tables[0] ?? '', position: where, live: reason, rebuilt: null },
    };
  }
  const digestLive = readModelDigest(live, [projection]);
  const digestRebuilt = readModelDigest(rebuilt, [projection]);
  const compared = { name: projection.name, digestLive, digestRebuilt };
  const where = checkpoint.recompute_position === null ? {} : { comparedAt: checkpoint.position };
  if (digestLive === digestRebuilt) return { ...compared, ...where, ok: true };
  const difference = firstDifference(live, rebuilt, projection);
  return { ...compared, ...where, ok: false, ...(difference ? { difference } : {}) };
}
