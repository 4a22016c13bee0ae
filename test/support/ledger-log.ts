import { openDatabase, SqliteEventStore } from '#event-store';
import { Projector, projections, verifyLedger, type Verification } from '#read-models';
import { join } from 'node:path';

// The log checks live beside the soak runner (bench/), which the build compiles; the suites use them from here.
export {
  logProblems,
  mdfAccrualProblems,
  readWholeLog,
  type AcknowledgedCommand,
} from '../../bench/support/ledger-log.js';

/** `ledger verify` in process: the chain and every projection against a rebuild (no service may be running). */
export async function verifyDataDir(dataDir: string): Promise<Verification> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const liveDb = openDatabase(join(dataDir, 'read-models.sqlite'));
  try {
    const live = new Projector({ store, db: liveDb, projections });
    const verification = await verifyLedger({ store, live, liveDb, projections });
    await live.stop();
    return verification;
  } finally {
    liveDb.close();
    await store.close();
  }
}

/** SQLite's own integrity check of both databases of a data folder: 'ok' each. */
export function integrityOf(dataDir: string): string[] {
  return ['events.sqlite', 'read-models.sqlite'].map((file) => {
    const db = openDatabase(join(dataDir, file));
    try {
      return `${file}: ${db.pragma('integrity_check', { simple: true }) as string}`;
    } finally {
      db.close();
    }
  });
}
