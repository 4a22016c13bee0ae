import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIsCurrent } from '../../scripts/build-if-stale.mjs';

/** `npm start` and the CLI skip the build while dist/ is newer than every source (scripts/build-if-stale.mjs). */
describe('build only when a source changed', () => {
  let folder: string;
  const at = (path: string, seconds: number) => utimesSync(join(folder, path), seconds, seconds);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-build-stamp-'));
    mkdirSync(join(folder, 'apps', 'ledger'), { recursive: true });
    mkdirSync(join(folder, 'dist'));
    writeFileSync(join(folder, 'apps', 'ledger', 'main.ts'), 'export {};\n');
    writeFileSync(join(folder, 'package.json'), '{}\n');
    for (const path of ['apps/ledger/main.ts', 'apps/ledger', 'apps', 'package.json']) at(path, 1_000);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('builds when dist/ was never stamped', () => {
    expect(buildIsCurrent(folder)).toBe(false);
  });

  it('skips the build while the stamp is newer than every source', () => {
    writeFileSync(join(folder, 'dist', '.build-stamp'), '');
    at('dist/.build-stamp', 2_000);
    expect(buildIsCurrent(folder)).toBe(true);
  });

  it('builds again after a source, a config or a folder (a file added or removed) changed', () => {
    writeFileSync(join(folder, 'dist', '.build-stamp'), '');
    at('dist/.build-stamp', 2_000);
    for (const path of ['apps/ledger/main.ts', 'package.json', 'apps/ledger']) {
      at(path, 3_000);
      expect({ path, current: buildIsCurrent(folder) }).toEqual({ path, current: false });
      at(path, 1_000);
    }
  });
});
