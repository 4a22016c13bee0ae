import { SqliteEventStore, type StoredEvent } from '#event-store';
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
