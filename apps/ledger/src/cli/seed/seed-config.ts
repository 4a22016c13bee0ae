import type { LedgerConfig } from '../../config.js';

/**
 * The seed's snapshot spacing, in events: never due by count. The commission engine then saves its memory
 * only where the seed's recomputations start from (the first deal event of each quarter, each close), and
 * the seed saves one more at the head when it is done (SeedCommand).
 */
export const seedSnapshotEveryEvents = 1_000_000_000;

/**
 * The streams whose folded states a seed's command pipeline keeps: every stream it touches. A seed of a million
 * events plays about 820,000 commands on 600,000 streams, a deal's steps quarters apart; with the service's 10,000,
 * most of them read and folded their stream whole again (455,000 deal streams, 73,000 statement streams whose issue
 * alone holds 26 KB of lines): about a tenth of the seed's time, for about 0.7 GB more at the peak
 * (docs/benchmarks.md).
 */
export const seedStreamsCachedMax = 2_000_000;

/**
 * The configuration of this CLI process: for `seed`, what the environment does not set is tuned to a bulk load.
 * Snapshots only where a recomputation starts: each periodic snapshot folds and encodes the whole engine state in a
 * worker thread, so a bulk load of N events made about N / 20,000 of them, each the size of the state so far, work
 * that grows with the square of the log, on the core the commands and recomputations need (docs/decisions.md).
 * And every stream's folded state kept (seedStreamsCachedMax).
 */
export function cliConfig(
  config: LedgerConfig,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LedgerConfig {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command !== 'seed') return config;
  return {
    ...config,
    ...(env.LEDGER_SNAPSHOT_EVERY_EVENTS === undefined ? { snapshotEveryEvents: seedSnapshotEveryEvents } : {}),
    ...(env.LEDGER_STREAMS_CACHED_MAX === undefined ? { streamsCachedMax: seedStreamsCachedMax } : {}),
  };
}
