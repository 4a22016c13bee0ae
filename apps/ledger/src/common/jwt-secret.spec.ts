import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config.js';
import { resolveJwtSecret } from './jwt-secret.js';

describe('resolveJwtSecret', () => {
  let parent: string;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'ledger-secret-'))));
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('generates a long secret into a new data folder readable by the owner only', () => {
    const dataDir = join(parent, 'data');
    const secret = resolveJwtSecret({ jwtSecret: undefined, dataDir });
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret({ jwtSecret: undefined, dataDir })).toBe(secret);
  });

  it.each([
    ['empty', ''],
    ['one character', 'x\n'],
    ['blank', `${' '.repeat(40)}\n`],
    ['short after trimming', `   ${'k'.repeat(31)}   \n`],
  ])('refuses to boot with a secret file that is %s', (_name, content) => {
    writeFileSync(join(parent, 'jwt-secret'), content, { mode: 0o600 });
    expect(() => resolveJwtSecret({ jwtSecret: undefined, dataDir: parent })).toThrow(ConfigError);
    expect(() => resolveJwtSecret({ jwtSecret: undefined, dataDir: parent })).toThrow('must be at least 32 characters');
    // The file is the operator's: it is reported, never overwritten.
    expect(readFileSync(join(parent, 'jwt-secret'), 'utf8')).toBe(content);
  });

  it('reads a secret file of 32 characters or more, trimmed', () => {
    writeFileSync(join(parent, 'jwt-secret'), `${'k'.repeat(32)}\n`, { mode: 0o600 });
    expect(resolveJwtSecret({ jwtSecret: undefined, dataDir: parent })).toBe('k'.repeat(32));
  });
});
