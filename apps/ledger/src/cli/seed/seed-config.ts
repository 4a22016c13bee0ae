import type { LedgerConfig } from '../../config.js';

/**
 * The seed's snapshot spacing, in events: never due by count. The commission engine then saves its memory
 * only where the seed's recomputations start from (the first deal event of each quarter, each close), and
 * the seed saves one more at the head when it is done (SeedCommand).
 */
export const seedSnapshotEveryEvents = 1_000_000_000;

/**
 * The configuration of this CLI process: for `seed`, without LEDGER_SNAPSHOT_EVERY_EVENTS set, snapshots only
 * where a recomputation starts. Each periodic snapshot folds and encodes the whole engine state in a worker
 * thread, so a bulk load of N events made about N / 20,000 of them, each the size of the state so far: work
 * that grows with the square of the log, on the core the commands and recomputations need (docs/decisions.md).
 */
export function cliConfig(
  config: LedgerConfig,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LedgerConfig {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command !== 'seed' || env.LEDGER_SNAPSHOT_EVERY_EVENTS !== undefined) return config;
  return { ...config, snapshotEveryEvents: seedSnapshotEveryEvents };
}
