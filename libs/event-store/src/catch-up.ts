import type { EventStore, StoredEvent } from './event-store.port.js';

export interface CatchUpOptions {
  readonly after: bigint;
  readonly batchSize: number;
  /** Stops after this many batches even if more remain, so one call never runs unbounded. */
  readonly batchesMax?: number;
}

/**
 * Reads the global log after a checkpoint in bounded batches and hands each batch to `apply`, which
 * must persist its own checkpoint. Returns the last position applied, once a batch comes back short
 * (caught up) or the batch budget is spent.
 */
export async function catchUp(
  store: EventStore,
  options: CatchUpOptions,
  apply: (batch: readonly StoredEvent[]) => Promise<void> | void,
): Promise<{ position: bigint; caughtUp: boolean }> {
  let position = options.after;
  const batchesMax = options.batchesMax ?? Number.MAX_SAFE_INTEGER;
  for (let batches = 0; batches < batchesMax; batches += 1) {
    const batch = await store.readAll({ after: position, limit: options.batchSize });
    if (batch.length > 0) {
      await apply(batch);
      position = batch.at(-1)!.position;
    }
    if (batch.length < options.batchSize) return { position, caughtUp: true };
  }
  return { position, caughtUp: false };
}
