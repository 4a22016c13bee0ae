import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageProblem } from './database-damage.js';

describe('storageProblem', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-storage-problem-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const failure = (code: string, path?: string, message = `${code}: failed`) =>
    Object.assign(new Error(message), { code, ...(path ? { path } : {}) });

  it('names a file of the data folder this user may not open, and says whose it must be', () => {
    const secret = join(dataDir, 'jwt-secret');
    expect(storageProblem(dataDir, failure('EACCES', secret))).toBe(
      `The ledger may not open ${secret} (EACCES): every file of the data folder must belong to the user the ledger ` +
        `runs as (uid ${process.getuid!()}). Change their owner (chown), or run the ledger as it.`,
    );
    expect(storageProblem(dataDir, failure('EPERM', join(dataDir, 'events.sqlite')))).toContain('(EPERM)');
  });

  it('says who reports a full disk: SQLite or the system', () => {
    expect(storageProblem(dataDir, failure('SQLITE_FULL', undefined, 'database or disk is full'))).toContain(
      'SQLite reports "database or disk is full" (SQLITE_FULL)',
    );
    expect(storageProblem(dataDir, failure('ENOSPC', join(dataDir, 'x'), 'no space left'))).toContain(
      'the system reports "no space left" (ENOSPC)',
    );
  });

  it('leaves any other error to its caller', () => {
    expect(storageProblem(dataDir, failure('EACCES'))).toBeUndefined();
    expect(storageProblem(dataDir, new Error('a bug'))).toBeUndefined();
  });
});
