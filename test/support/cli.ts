import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The compiled ledger command line (`npm run ledger` runs it; the build makes it). */
export const cliPath = join(import.meta.dirname, '../../dist/apps/ledger/src/cli.js');

/** Runs the compiled command line on a data folder with the given JWT secret, waiting up to a minute. */
export function runCli(dataDir: string, secret: string, ...args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], {
    env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret },
    encoding: 'utf8',
    timeout: 60_000,
  });
}
