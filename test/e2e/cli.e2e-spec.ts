import { JwtService } from '@nestjs/jwt';
import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import { metadata } from '#domain/testing';
import { handleCommand, openDatabase, SqliteEventStore, verifyStoredChain } from '#event-store';
import Database from 'better-sqlite3';
import { Projector, projections } from '#read-models';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { startLedger } from '../support/ledger-app.js';

const secret = 'cli-e2e-secret-that-is-at-least-32-characters';

/** A data folder holding `count` enrolled partners in the log and the read models projected to its head. */
async function ledgerOfPartners(dataDir: string, count: number): Promise<void> {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  for (let index = 1; index <= count; index += 1) {
    const command: PartnerCommand = {
      type: 'EnrollPartner',
      data: { partnerId: `p${index}`, name: `Partner ${index}`, kind: 'referral', region: 'LATAM' },
      metadata: metadata(),
    };
    await handleCommand(store, partnerDecider, partnerStream(`p${index}`), command, {
      idempotencyKey: `k${index}`,
      correlationId: 'c',
      causationId: 'c',
    });
  }
  const db = openDatabase(join(dataDir, 'read-models.sqlite'));
  await new Projector({ store, db, projections }).runUntilCaughtUp();
  db.close();
  await store.close();
}

describe('the ops command line (compiled, as npm run ledger runs it)', () => {
  let dataDir: string;
  const cli = (...args: string[]) => runCli(dataDir, secret, ...args);
  const lastVerify = () => JSON.parse(readFileSync(join(dataDir, 'last-verify.json'), 'utf8')) as unknown;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    await ledgerOfPartners(dataDir, 20);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a token signed with the ledger secret', () => {
    const result = cli('token', '--role', 'partner', '--sub', 'ann', '--partner', 'p1');
    expect(result.status).toBe(0);
    expect(new JwtService({ secret }).verify(result.stdout.trim())).toMatchObject({
      sub: 'ann',
      role: 'partner',
      partnerId: 'p1',
    });
    expect(cli('token', '--role', 'partner', '--sub', 'ann').status).toBe(1);
  });

  it('refuses to print a token the service would refuse: too long-lived, or a subject with control characters', () => {
    const longLived = cli('token', '--role', 'finance', '--sub', 'ann', '--expires-in', '31d');
    expect({ status: longLived.status, stdout: longLived.stdout }).toEqual({ status: 1, stdout: '' });
    expect(longLived.stderr).toContain('--expires-in must be at most 720h');
    const controlled = cli('token', '--role', 'finance', '--sub', 'ann\nrole=admin');
    expect({ status: controlled.status, stdout: controlled.stdout }).toEqual({ status: 1, stdout: '' });
    expect(controlled.stderr).toContain('--sub must be non-empty and free of control characters');
  });

  it('rebuilds with progress on stderr, and prints the rule sets as JSON', () => {
    const rebuilt = cli('rebuild', 'partners');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toContain('Rebuilt partners to position 20');
    expect(rebuilt.stderr).toMatch(/rebuild: 20\/20 events/);
    const ruleSets = cli('rule-sets');
    expect(ruleSets.status).toBe(0);
    expect(JSON.parse(ruleSets.stdout)).toEqual([]);
  });

  it('verifies a sound ledger, then names the position of an event edited in the store file', () => {
    const sound = cli('verify');
    expect(sound.status).toBe(0);
    expect(sound.stdout).toContain('chain: ok, 20 events');
    expect(lastVerify()).toMatchObject({ ok: true, failure: null, checks: sound.stdout.trim().split('\n') });
    const raw = openDatabase(join(dataDir, 'events.sqlite'));
    raw.prepare(`UPDATE events SET data = replace(data, 'Partner 13', 'Partner 31') WHERE position = 13`).run();
    raw.close();
    const broken = cli('verify');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('chain: BROKEN at position 13');
    expect(broken.stderr).toContain('verify failed at position 13');
    expect(lastVerify()).toMatchObject({ ok: false, failure: ' at position 13' });
  });
});

describe('ledger backup', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-backup-'));
    await ledgerOfPartners(dataDir, 5);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("copies the log to a new file, the owner's only, whose every chain hash verifies", () => {
    const file = join(dataDir, 'copy.sqlite');
    const backedUp = runCli(dataDir, secret, 'backup', file);
    expect(backedUp.stdout).toMatch(/^backed up 5 events up to position 5 \(chain hash [0-9a-f]{64}\) to /);
    expect(backedUp.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    copy.defaultSafeIntegers(true);
    expect(verifyStoredChain(copy)).toMatchObject({ ok: true, eventsChecked: 5, headPosition: 5n });
    copy.close();
    expect(readdirSync(dataDir).filter((name) => name.includes('partial'))).toEqual([]);
    const nowhere = runCli(dataDir, secret, 'backup', join(dataDir, 'missing', 'copy.sqlite'));
    expect(nowhere.stderr).toBe(`backup refused: the folder ${join(dataDir, 'missing')} does not exist\n`);
    const again = runCli(dataDir, secret, 'backup', file);
    expect({ status: again.status, stderr: again.stderr }).toEqual({
      status: 1,
      stderr: `backup refused: ${file} exists; name a new file\n`,
    });
  });

  it('keeps no copy of a log whose chain is broken, and says where', () => {
    const log = new Database(join(dataDir, 'events.sqlite'));
    log.prepare("UPDATE events SET data = replace(data, 'Partner 3', 'Partner 8') WHERE position = 3").run();
    log.close();
    const file = join(dataDir, 'copy.sqlite');
    const refused = runCli(dataDir, secret, 'backup', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("backup refused: the log's chain is broken at position 3");
    expect(readdirSync(dataDir).filter((name) => name.startsWith('copy.sqlite'))).toEqual([]);
  });
});

describe('ledger verify on a damaged database file', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-damaged-'));
    await ledgerOfPartners(dataDir, 20);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names the damaged file and what to do, where SQLite says only that a disk image is malformed', () => {
    // The partners table's root page overwritten: the file opens, and the first read of that table fails.
    const path = join(dataDir, 'read-models.sqlite');
    const db = openDatabase(path);
    const root = Number(db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'partners'").pluck().get());
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.close();
    const file = readFileSync(path);
    file.fill(0xff, (root - 1) * pageSize, root * pageSize);
    writeFileSync(path, file);
    const damaged = runCli(dataDir, secret, 'verify');
    expect(damaged.status).toBe(1);
    expect(damaged.stderr).toContain(
      'verify stopped: SQLite reports database disk image is malformed (SQLITE_CORRUPT)',
    );
    expect(damaged.stderr).toContain(`${path} is damaged (quick_check: `);
    expect(damaged.stderr).toContain('move it aside with its -wal and -shm files');
    expect(damaged.stderr).not.toContain('events.sqlite is damaged');
    const lastVerify = JSON.parse(readFileSync(join(dataDir, 'last-verify.json'), 'utf8')) as { ok: boolean };
    expect(lastVerify).toMatchObject({ ok: false, failure: expect.stringContaining(`${path} is damaged`) });
  });

  it('answers a request that reads the damaged page 503 STORAGE_DAMAGED, not a 500', async () => {
    const ledger = await startLedger({ LEDGER_JWT_SECRET: secret }, dataDir);
    try {
      const answer = await ledger.http.get('/partners').set(ledger.auth('partner_manager')).expect(503);
      expect(answer.headers['retry-after']).toBe('60');
      expect(answer.body).toEqual({
        error: 'STORAGE_DAMAGED',
        message:
          'The ledger cannot read its data: a database file of the ledger is damaged (SQLite: database disk image ' +
          'is malformed). Nothing was changed; an operator must mend it',
        details: { retryAfterSeconds: 60 },
      });
    } finally {
      await ledger.app.close();
    }
  });

  it('names the damaged file and what to do when a rebuild meets it', () => {
    const path = join(dataDir, 'read-models.sqlite');
    const rebuild = runCli(dataDir, secret, 'rebuild');
    expect(rebuild.status).toBe(1);
    expect(rebuild.stderr).toContain('SQLite reports database disk image is malformed (SQLITE_CORRUPT)');
    expect(rebuild.stderr).toContain(`${path} is damaged (quick_check: `);
    expect(rebuild.stderr).toContain('move it aside with its -wal and -shm files');
  });
});
