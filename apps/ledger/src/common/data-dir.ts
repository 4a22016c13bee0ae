import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from '../config.js';

/**
 * Creates the data folder readable by the service's user only (0700): it holds the event log, the read
 * models and possibly the JWT secret. An existing folder is left as the operator made it. One that cannot be
 * created or written (a missing parent on a read-only disk, another user's folder) stops the boot with a line
 * naming the variable and the folder, where Node's stack named neither (`EROFS … open '…/jwt-secret'`).
 */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new ConfigError(
      `LEDGER_DATA_DIR ${dataDir} cannot be used: ${code ?? message}. Give a folder this user may create, read ` +
        'and write (the default is ./data beside where the service starts)',
    );
  }
}
