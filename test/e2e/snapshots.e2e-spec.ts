import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../support/cli.js';

const secret = 'snapshots-e2e-secret-that-is-at-least-32-characters';

/**
 * Snapshots of the commission engine over the compiled command line: a seed writes them beside
 * read-models.sqlite; the next process loads the newest valid one, and one whose bytes were flipped is
 * reported (naming the file) and ignored, while `ledger verify` still finds the rows equal to a rebuild.
 */
describe('commission snapshots (compiled)', () => {
  let dataDir: string;
  const ledger = (...args: string[]) =>
    spawnSync(process.execPath, [cliPath, ...args], {
      env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LEDGER_SNAPSHOT_EVERY_EVENTS: '100' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-snapshots-'));
    expect(ledger('seed', '--events', '600').status).toBe(0);
  }, 150_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes snapshots, and a corrupted one is reported and ignored while verify finds the rows right', () => {
    const folder = join(dataDir, 'snapshots');
    const files = readdirSync(folder).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((name) => /^commissions-\d{20}\.snap$/.test(name))).toBe(true);
    const newest = join(folder, files.at(-1)!);
    const bytes = readFileSync(newest);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(newest, bytes);

    const verified = ledger('verify');
    expect(verified.status).toBe(0);
    expect(`${verified.stdout}${verified.stderr}`).toContain(
      `Commission snapshot ${newest} ignored: its checksum does not match`,
    );
  }, 150_000);
});
