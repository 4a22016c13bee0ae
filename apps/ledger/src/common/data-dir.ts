import { mkdirSync } from 'node:fs';

/**
 * Creates the data folder readable by the service's user only (0700): it holds the event log, the read
 * models and possibly the JWT secret. An existing folder is left as the operator made it.
 */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}
