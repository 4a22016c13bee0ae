import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScratchDatabase, type EventStore } from '#event-store';
import { verifyLogChain, type ChainVerdict } from './log-chain.js';
import type { Projection } from './projection.js';
import { Projector, readModelDigest } from './projector.js';

export interface ProjectionVerdict {
  readonly name: string;
  readonly ok: boolean;
  readonly digestLive: string;
  readonly digestRebuilt: string;
  /** The first row that differs: its table, and the position of the last event applied to it when the row has one. */
  readonly difference?: { readonly table: string; readonly position: string | null; readonly live: unknown; readonly rebuilt: unknown };
}

export interface Verification {
  readonly ok: boolean;
  readonly position: bigint;
  readonly chain: ChainVerdict;
  readonly projections: readonly ProjectionVerdict[];
}

const json = (row: unknown) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

function firstDifference(live: Database.Database, rebuilt: Database.Database, projection: Projection): ProjectionVerdict['difference'] {
  for (const table of projection.tables) {
    const columns = live.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((column) => column.name);
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
 * models at the same position.
 */
export async function verifyLedger(options: {
  store: EventStore;
  live: Projector;
  liveDb: Database.Database;
  projections: readonly Projection[];
  scratchDir?: string;
  onProgress?: (stage: 'chain' | 'rebuild', done: number, total: number) => void;
}): Promise<Verification> {
  const total = Number(await options.store.headPosition());
  const chain = await verifyLogChain(options.store, options.liveDb, { onProgress: (done) => options.onProgress?.('chain', done, total) });
  const folder = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'ledger-verify-'));
  const scratch = openScratchDatabase(join(folder, 'read-models.sqlite'));
  try {
    const fresh = new Projector({ store: options.store, db: scratch, projections: options.projections, batchSize: 2000 });
    const progress = setInterval(() => options.onProgress?.('rebuild', Number(fresh.position), total), 500);
    try {
      // Both sides must stand at the same position; a running service may append meanwhile.
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await options.live.runUntilCaughtUp();
        await fresh.runUntilCaughtUp();
        if (options.live.position === fresh.position) break;
      }
    } finally {
      clearInterval(progress);
    }
    options.onProgress?.('rebuild', Number(fresh.position), total);
    const projections = options.projections.map((projection): ProjectionVerdict => {
      const digestLive = readModelDigest(options.liveDb, [projection]);
      const digestRebuilt = readModelDigest(scratch, [projection]);
      if (digestLive === digestRebuilt) return { name: projection.name, ok: true, digestLive, digestRebuilt };
      const difference = firstDifference(options.liveDb, scratch, projection);
      return { name: projection.name, ok: false, digestLive, digestRebuilt, ...(difference ? { difference } : {}) };
    });
    return { ok: chain.ok && projections.every((projection) => projection.ok), position: fresh.position, chain, projections };
  } finally {
    scratch.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
