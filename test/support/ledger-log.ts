import { openDatabase, SqliteEventStore, type StoredEvent } from '#event-store';
import { Projector, projections, verifyLedger, type Verification } from '#read-models';
import { join } from 'node:path';

/** Every event of a data folder's log, in order (the service must not be writing meanwhile). */
export async function readWholeLog(dataDir: string): Promise<StoredEvent[]> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  try {
    const events: StoredEvent[] = [];
    for (let after = 0n; ;) {
      const batch = await store.readAll({ after, limit: 5000 });
      if (batch.length === 0) return events;
      events.push(...batch);
      after = batch.at(-1)!.position;
    }
  } finally {
    await store.close();
  }
}

/** A command the ledger acknowledged: its (scoped) idempotency key and the stream it wrote. */
export interface AcknowledgedCommand {
  readonly key: string;
  readonly stream: string;
}

/**
 * What is wrong with the log against the acknowledged commands: a command missing, or a key whose
 * events are not one command (in two streams, or not at consecutive revisions: written twice or half).
 */
export function logProblems(events: readonly StoredEvent[], acknowledged: readonly AcknowledgedCommand[]): string[] {
  const byKey = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const key = event.metadata.idempotencyKey;
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  const problems = acknowledged
    .filter((command) => !byKey.get(command.key)?.some((event) => event.stream === command.stream))
    .map((command) => `acknowledged ${command.key} on ${command.stream} is not in the log`);
  for (const [key, keyed] of byKey) {
    if (new Set(keyed.map((event) => event.stream)).size !== 1) problems.push(`${key} wrote to several streams`);
    if (keyed.some((event, index) => event.revision !== keyed[0]!.revision + index))
      problems.push(`${key} is not one command at consecutive revisions`);
  }
  return problems;
}

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
