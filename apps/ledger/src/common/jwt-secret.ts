import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, isStrongSecret, jwtSecretRule, type LedgerConfig } from '../config.js';
import { ensureDataDir } from './data-dir.js';

/**
 * The HS256 secret: LEDGER_JWT_SECRET when set, else a random secret generated into the data folder
 * on first start (mode 0600), so a local install works with no setup and tokens survive restarts.
 * A secret file that is empty, blank or short stops the boot: a service that refuses every token,
 * or accepts tokens signed with a guessable key, must not start.
 */
export function resolveJwtSecret(config: Pick<LedgerConfig, 'jwtSecret' | 'dataDir'>): string {
  if (config.jwtSecret) return config.jwtSecret;
  ensureDataDir(config.dataDir);
  const path = join(config.dataDir, 'jwt-secret');
  try {
    return checkedFileSecret(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx' fails if another process created the file meanwhile; then that file wins.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return checkedFileSecret(readFileSync(path, 'utf8'), path);
  }
}

function checkedFileSecret(text: string, path: string): string {
  const secret = text.trim();
  if (!isStrongSecret(secret)) {
    const advice = '(delete the file to generate one)';
    throw new ConfigError(`Invalid configuration: the JWT secret in ${path} ${jwtSecretRule} ${advice}`);
  }
  return secret;
}
