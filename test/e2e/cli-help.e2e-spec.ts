import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-help-'));
const help = (...args: string[]) => runCli(dataDir, 'cli-help-secret-that-is-at-least-32-characters', ...args);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const commands = [
  'token',
  'rebuild',
  'verify',
  'anchor',
  'backup',
  'rule-sets',
  'simulate',
  'seed',
  'export',
  'export statements',
];

describe('the command line help (compiled)', () => {
  it('calls the program ledger, lists every command, shows examples and exits 0 with nothing on stderr', () => {
    const result = help('--help');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: ledger \[options\] \[command\]\n/);
    for (const command of commands.slice(0, -1)) expect(result.stdout).toContain(`\n  ${command} `);
    expect(result.stdout).toContain('Examples:\n  $ npm run ledger -- token --role ops --sub me\n');
    expect(result.stdout).not.toContain('outputHelp');
  });

  it.each(commands)('ledger %s --help names the command, shows an example and nothing stray', (command) => {
    const result = help(...command.split(' '), '--help');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^Usage: ledger ${command} `));
    expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n(  \\$ npm run ledger -- ${command}.*\\n)+$`));
  });

  it('answers an unknown command with commander’s one error line and exit code 1', () => {
    const result = help('bogus');
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr: "error: unknown command 'bogus'\n",
    });
  });
});
