import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLastVerify, writeLastVerify, type LastVerifyView } from './last-verify.js';

const view: LastVerifyView = { finishedAt: '2026-12-07T10:00:00.000Z', ok: true, checks: ['chain: ok'], failure: null };

describe('writeLastVerify', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-last-verify-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the outcome readable by its owner alone, like every file of the data folder', () => {
    writeLastVerify(dataDir, view);
    expect(readLastVerify(dataDir)).toEqual(view);
    expect(statSync(join(dataDir, 'last-verify.json')).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind when the outcome cannot be kept', () => {
    // A folder where the file should go: the rename fails, as a write on a full disk does.
    mkdirSync(join(dataDir, 'last-verify.json'));
    writeFileSync(join(dataDir, 'last-verify.json', 'in-the-way'), '');
    expect(() => writeLastVerify(dataDir, view)).toThrow();
    expect(readdirSync(dataDir)).toEqual(['last-verify.json']);
  });
});
