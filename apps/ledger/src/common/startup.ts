import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LedgerConfig } from '../config.js';

/** Where the events live, as an operator needs to see it: never with the credentials of a connection string. */
export function storeDescription(config: Pick<LedgerConfig, 'eventStore' | 'dataDir'>): string {
  if (config.eventStore.kind === 'sqlite') return `sqlite at ${resolve(config.dataDir)}`;
  return `esdb at ${config.eventStore.connectionString.replace(/\/\/[^@/]*@/, '//')}`;
}

/** The one line the service logs once it listens: where to reach it, what it stores where, what it runs. */
export function startupLine(config: Pick<LedgerConfig, 'eventStore' | 'dataDir' | 'roles'>, url: string): string {
  const roles = [...config.roles].join(',') || 'none';
  return `Partner Ledger ${packageVersion()} listening on ${url} (store: ${storeDescription(config)}; roles: ${roles})`;
}

/** The version in package.json, found from this file whether it runs from source or from dist/. */
export function packageVersion(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let folder = from; folder !== dirname(folder); folder = dirname(folder)) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate)) {
      const { name, version } = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (name === 'partner-ledger' && version) return version;
    }
  }
  return 'unknown';
}
