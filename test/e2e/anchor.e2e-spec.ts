import { openDatabase, SqliteEventStore, takeAnchor } from '#event-store';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rewriteChain } from '../../libs/event-store/src/testing/rewrite-chain.js';
import { cliPath } from '../support/cli.js';

const secret = 'anchor-e2e-secret-that-is-at-least-32-characters';

/** Parses `ledger anchor --generate-key` output: KEY=value lines (base64 values may end in '='). */
function keyLines(text: string): Record<string, string> {
  const entries = text
    .trim()
    .split('\n')
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

describe('signed anchors survive a rewrite of the whole data folder (compiled CLI)', () => {
  let folder: string;
  let dataDir: string;
  const cli = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [cliPath, ...args], {
      env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-anchor-'));
    dataDir = join(folder, 'data');
    expect(cli({}, 'seed', '--events', '120').status).toBe(0);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names the edited position after the attacker re-hashed the log and rebuilt every derived file', async () => {
    const auditor = keyLines(cli({}, 'anchor', '--generate-key').stdout);
    expect(Object.keys(auditor)).toEqual(['LEDGER_AUDIT_KEY', 'LEDGER_AUDIT_PUBLIC_KEY']);
    const taken = cli({ LEDGER_AUDIT_KEY: auditor['LEDGER_AUDIT_KEY']! }, 'anchor');
    expect(taken.status).toBe(0);
    const anchorFile = join(folder, 'anchor.json');
    writeFileSync(anchorFile, taken.stdout);
    // The auditor verifies with the public key only, from their own environment.
    const trusted = { LEDGER_AUDIT_PUBLIC_KEY: auditor['LEDGER_AUDIT_PUBLIC_KEY']! };
    const untouched = cli(trusted, 'verify', '--anchor', anchorFile);
    expect(untouched.status).toBe(0);
    expect(untouched.stdout).toMatch(/^log chain: ok, \d+ events$/m);
    expect(untouched.stdout).toMatch(/^anchor: ok, the log holds the \d+ anchored events/m);

    const edited = rewriteLikeAnAttacker();
    // The rewrite is self-consistent: every check that trusts the data folder passes.
    const fooled = cli({}, 'verify');
    expect(fooled.stdout).toContain('log chain: ok');
    expect(fooled.status).toBe(0);

    const caught = cli(trusted, 'verify', '--anchor', anchorFile);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain(`anchor: BROKEN at position ${edited}`);
    expect(caught.stderr).toContain(`verify failed at position ${edited}`);

    // Nor can the attacker replace the anchor with one of the rewritten log, signed with a key of their own.
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const forgery = await takeAnchor(store, generateKeyPairSync('ed25519').privateKey, new Date().toISOString());
    await store.close();
    writeFileSync(anchorFile, JSON.stringify(forgery));
    const forged = cli(trusted, 'verify', '--anchor', anchorFile);
    expect(forged.status).toBe(1);
    expect(forged.stdout).toContain('anchor: REFUSED, signed by key sha256:');
    expect(forged.stderr).toContain('not the trusted key');
  });

  it('refuses to check an anchor without a trusted key in the environment', () => {
    const refused = cli({}, 'verify', '--anchor', join(folder, 'anchor.json'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('verify --anchor needs LEDGER_AUDIT_PUBLIC_KEY');
  });

  /**
   * Edits a partner's name in the log, recomputes every chain hash stored beside it, and deletes every
   * derived file (read models, snapshots, relay checkpoint) so they are rebuilt over the edited log.
   * Returns the edited position.
   */
  function rewriteLikeAnAttacker(): bigint {
    const db = openDatabase(join(dataDir, 'events.sqlite'));
    const { position } = db
      .prepare<[], { position: bigint }>(
        `SELECT position FROM events WHERE type = 'PartnerEnrolled' AND position > 5 ORDER BY position LIMIT 1`,
      )
      .get()!;
    db.prepare(`UPDATE events SET data = json_set(data, '$.name', 'Mallory Ltd') WHERE position = ?`).run(position);
    rewriteChain(db);
    db.close();
    for (const file of readdirSync(dataDir)) {
      if (!file.startsWith('events.sqlite')) rmSync(join(dataDir, file), { recursive: true, force: true });
    }
    return position;
  }
});
