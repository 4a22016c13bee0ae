import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, seen from dist/bench/support/ where the compiled benchmarks run. */
export const benchRoot = join(import.meta.dirname, '..', '..', '..');
/** The compiled ledger CLI. */
export const benchCli = join(benchRoot, 'dist/apps/ledger/src/cli.js');
/** Where seeded logs are kept; BENCH_DATA_DIR moves them (the smoke spec seeds its own, away from real runs). */
export const benchDataDir = process.env['BENCH_DATA_DIR'] ?? join(benchRoot, '.bench-data');

export interface SeededLog {
  /** The data folder under .bench-data/, kept and reused by later runs. */
  readonly dataDir: string;
  /** The environment the CLI and the worker run with over that folder. */
  readonly env: NodeJS.ProcessEnv;
}

/** A log of about `eventsWanted` seeded events under .bench-data/ (or BENCH_DATA_DIR), seeded through the CLI once. */
export function seededLog(eventsWanted: number): SeededLog {
  const dataDir = join(benchDataDir, `seed-${eventsWanted}`);
  const env = {
    ...process.env,
    LEDGER_DATA_DIR: dataDir,
    LEDGER_JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
    LOG_LEVEL: 'warn',
  };
  if (!existsSync(join(dataDir, 'events.sqlite'))) {
    mkdirSync(dataDir, { recursive: true });
    process.stderr.write(`seeding ${eventsWanted} events into ${dataDir} (once)\n`);
    const seeded = spawnSync(process.execPath, [benchCli, 'seed', '--events', String(eventsWanted)], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (seeded.status !== 0) throw new Error('seeding failed');
  }
  return { dataDir, env };
}
