import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#event-store';
import type { LedgerConfig } from './config.js';
import { openReadDatabase } from './ledger-core.module.js';

describe('openReadDatabase', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-database-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('commits the read models without waiting for an fsync (WAL, NORMAL); the event log keeps FULL', () => {
    const readModels = openReadDatabase({ dataDir } as LedgerConfig);
    expect(readModels.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(readModels.pragma('synchronous', { simple: true })).toBe(1n);
    readModels.close();
    const events = openDatabase(join(dataDir, 'events.sqlite'));
    expect(events.pragma('synchronous', { simple: true })).toBe(2n);
    events.close();
  });
});
