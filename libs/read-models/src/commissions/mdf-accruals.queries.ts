import type Database from 'better-sqlite3';
import type { MdfAccrual } from '#domain';
import { projectionCheckpoint } from '../projector.js';

/** The accruals of the source events after a position, and where the next read starts. */
export interface MdfAccrualsBatch {
  /** The position the reader's checkpoint moves to once it has handled these accruals. */
  readonly through: bigint;
  /** By source position, then accrual id: the order the engine computed them in. */
  readonly accruals: readonly MdfAccrual[];
}

interface Statements {
  readonly sourcePositions: Database.Statement<[bigint, bigint, number], { source_position: bigint }>;
  readonly accruals: Database.Statement<[bigint, bigint], { accrual: string }>;
  readonly read: Database.Transaction<(after: bigint, sourcesMax: number) => MdfAccrualsBatch | undefined>;
}

const statementsByDb = new WeakMap<Database.Database, Statements>();

function statementsOf(db: Database.Database): Statements {
  const known = statementsByDb.get(db);
  if (known) return known;
  const sourcePositions = db.prepare<[bigint, bigint, number], { source_position: bigint }>(
    'SELECT DISTINCT source_position FROM commission_mdf_accruals WHERE source_position > ? AND source_position <= ? ' +
      'ORDER BY source_position LIMIT CAST(? AS INTEGER)',
  );
  const accruals = db.prepare<[bigint, bigint], { accrual: string }>(
    'SELECT accrual FROM commission_mdf_accruals WHERE source_position > ? AND source_position <= ? ' +
      'ORDER BY source_position, accrual_id',
  );
  const read = db.transaction((after: bigint, sourcesMax: number): MdfAccrualsBatch | undefined => {
    const until = projectionCheckpoint(db, 'commissions');
    if (until <= after) return undefined;
    const positions = sourcePositions.all(after, until, sourcesMax);
    const through = positions.length === sourcesMax ? BigInt(positions.at(-1)!.source_position) : until;
    return { through, accruals: accruals.all(after, through).map((row) => JSON.parse(row.accrual) as MdfAccrual) };
  });
  const statements = { sourcePositions, accruals, read };
  statementsByDb.set(db, statements);
  return statements;
}

/**
 * The MDF accruals the commission engine computed for source events after `after`, at most `sourcesMax`
 * source events' worth, and never past what the commission projection has applied (its rows are complete
 * up to its checkpoint). Read in one read transaction with that checkpoint, so the rows are those of the
 * checkpoint whatever another process commits meanwhile. Undefined when the projection is not past `after`.
 */
export function mdfAccrualsAfter(
  db: Database.Database,
  after: bigint,
  sourcesMax: number,
): MdfAccrualsBatch | undefined {
  if (!Number.isSafeInteger(sourcesMax) || sourcesMax < 1)
    throw new Error(`sourcesMax must be a positive integer, got ${sourcesMax}`);
  return statementsOf(db).read.deferred(after, sourcesMax);
}
