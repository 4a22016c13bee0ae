import Database from 'better-sqlite3';
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
 * What is wrong with the log against the acknowledged commands: a command missing, an acknowledged key in two
 * streams, or a key whose events in a stream are not one command (not at consecutive revisions: written twice or
 * half). The MDF reactor's keys name a source event and accrue on each partner's fund (`accrue:<event id>`), so a
 * key is one command per stream.
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
  for (const key of new Set(acknowledged.map((command) => command.key))) {
    if (new Set(byKey.get(key)?.map((event) => event.stream)).size > 1)
      problems.push(`${key} wrote to several streams`);
  }
  for (const [key, keyed] of byKey) {
    for (const stream of new Set(keyed.map((event) => event.stream))) {
      const inStream = keyed.filter((event) => event.stream === stream);
      if (inStream.some((event, index) => event.revision !== inStream[0]!.revision + index))
        problems.push(`${key} is not one command at consecutive revisions of ${stream}`);
    }
  }
  return problems;
}

/** The MDF accruals compared by `mdfAccrualProblems`, and what was wrong with them. */
export interface MdfAccrualCheck {
  readonly compared: number;
  readonly problems: string[];
}

/**
 * What is wrong with the MDF funds against the commission read model (which `ledger verify` has found equal to a
 * rebuild): each accrual the read model holds for a deal event up to the MDF reactor's checkpoint is in its
 * partner's fund once, with the same amount, unless the fund refused it (recorded); and no fund holds an accrual
 * the read model lacks. Rows after the checkpoint are the reactor's next batch, not yet due.
 */
export function mdfAccrualProblems(events: readonly StoredEvent[], readModelsPath: string): MdfAccrualCheck {
  const accrued = new Map<string, string[]>();
  for (const event of events.filter((event) => event.type === 'MdfAccrued')) {
    const { sourceEventId, partnerId, amount } = event.data as {
      sourceEventId: string;
      partnerId: string;
      amount: string;
    };
    const id = `${sourceEventId}:${partnerId}`;
    accrued.set(id, [...(accrued.get(id) ?? []), amount]);
  }
  const db = new Database(readModelsPath, { readonly: true });
  try {
    const through = db
      .prepare<[], { position: string }>("SELECT position FROM mdf_accrual_reactor WHERE name = 'mdf-accruals'")
      .get()?.position;
    const all = db
      .prepare<[], { accrual_id: string; amount: string; source_position: bigint }>(
        'SELECT accrual_id, amount, source_position FROM commission_mdf_accruals',
      )
      .safeIntegers()
      .all();
    const rows = all.filter((row) => row.source_position <= BigInt(through ?? '0'));
    const inRows = new Set(all.map((row) => row.accrual_id));
    const refused = new Set(
      db
        .prepare<[], { accrual_id: string }>('SELECT accrual_id FROM mdf_accrual_refusals')
        .all()
        .map((row) => row.accrual_id),
    );
    const problems: string[] = [];
    for (const row of rows.filter((row) => !refused.has(row.accrual_id))) {
      const amounts = accrued.get(row.accrual_id) ?? [];
      if (amounts.length !== 1 || amounts[0] !== row.amount)
        problems.push(`accrual ${row.accrual_id} of ${row.amount} is in its fund as [${amounts.join(', ')}]`);
    }
    for (const id of accrued.keys()) if (!inRows.has(id)) problems.push(`the fund accrued ${id}, which no row holds`);
    return { compared: rows.length, problems };
  } finally {
    db.close();
  }
}
