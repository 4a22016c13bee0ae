import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeMajorRequired, nodeVersionProblem } from '../../apps/ledger/src/node-version.js';

/*
 * On a Node older than 24 every entry point stops with one line, before a native module can crash it.
 * An older Node is simulated by redefining process.version before the entry point runs (--import runs first).
 */
const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'ledger-node-check-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const fakeVersion = (version: string) =>
  `data:text/javascript,Object.defineProperty(process,"version",{value:${JSON.stringify(version)}})`;

function runWithNode(version: string, script: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', fakeVersion(version), join(root, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LEDGER_DATA_DIR: dataDir },
  });
}

const expectedLine =
  'Partner Ledger needs Node.js 24 or newer, but this is Node.js v20.11.1. Install it with `nvm install` ' +
  '(reads .nvmrc) then `nvm use`, or from https://nodejs.org, and run the command again.\n';

describe('the Node.js version check', () => {
  it('requires the version .nvmrc names', () => {
    expect(Number(readFileSync(join(root, '.nvmrc'), 'utf8').trim())).toBe(nodeMajorRequired);
  });

  it('names the version found, the one needed and how to get it', () => {
    expect(nodeVersionProblem('v20.11.1')).toBe(expectedLine.trimEnd());
    expect(nodeVersionProblem('v23.9.0')).toContain('this is Node.js v23.9.0');
    expect(nodeVersionProblem('v24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('v25.1.0')).toBeUndefined();
  });

  it.each([
    ['npm start, npm test and npm run ledger (scripts/check-node.cjs)', 'scripts/check-node.cjs'],
    ['the compiled service', 'dist/apps/ledger/src/main.js'],
    ['the compiled command line', 'dist/apps/ledger/src/cli.js'],
  ])('stops %s on Node 20 with that one line and exit code 1, no crash', (_what, script) => {
    const result = runWithNode('v20.11.1', script, '--help');
    expect({ status: result.status, signal: result.signal, stderr: result.stderr, stdout: result.stdout }).toEqual({
      status: 1,
      signal: null,
      stderr: expectedLine,
      stdout: '',
    });
  });

  it('lets Node 24 through', () => {
    expect(runWithNode('v24.0.0', 'scripts/check-node.cjs').status).toBe(0);
    const help = runWithNode('v24.0.0', 'dist/apps/ledger/src/cli.js', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: ledger');
  });

  it('has npm refuse to install on an unsupported Node before fetching anything (engine-strict)', () => {
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
      scripts: Record<string, string>;
    };
    expect(packageJson.engines.node).toBe(`>=${nodeMajorRequired}`);
    for (const script of ['prestart', 'pretest', 'ledger'])
      expect(packageJson.scripts[script]).toMatch(/^node scripts\/check-node\.cjs && /);
  });
});
