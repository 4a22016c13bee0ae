import { SqliteEventStore } from '#event-store';
import { designRuleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { copyFileSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../apps/ledger/src/config.js';
import { anEvent } from '../../libs/event-store/src/testing/event-store.contract.js';
import { runCli } from '../support/cli.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * The log restored from a backup (the remedy for a damaged events.sqlite) beside read models that went further:
 * the start stops and says what to do, instead of serving rows of events the log no longer holds and skipping the
 * new events whose positions the read models had already passed.
 */
describe('a start on a log restored from an older backup (ledger backup)', () => {
  const secret = { LEDGER_JWT_SECRET: 'restore-e2e-secret-that-is-at-least-32-characters' };
  let dataDir: string;
  const log = () => join(dataDir, 'events.sqlite');
  const backup = () => join(dataDir, 'events.backup');

  /** Starts the service on the folder, enrolls the partners, and stops it (the folder is kept). */
  async function enrolled(...partnerIds: string[]): Promise<void> {
    const ledger = await startLedger(secret, dataDir);
    await ledger.enroll(...partnerIds);
    await ledger.caughtUp();
    await ledger.app.close();
  }

  function restoreBackup(): void {
    copyFileSync(backup(), log());
    rmSync(`${log()}-wal`, { force: true });
    rmSync(`${log()}-shm`, { force: true });
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-restore-'));
    await enrolled('a1', 'a2');
    const backedUp = runCli(dataDir, secret.LEDGER_JWT_SECRET, 'backup', backup());
    expect(backedUp.stderr).not.toContain('refused');
    expect(backedUp.stdout).toMatch(/^backed up 2 events up to position 2 \(chain hash [0-9a-f]{64}\) to /);
    expect(backedUp.status).toBe(0);
    await enrolled('b1', 'b2', 'b3');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops, naming both positions and what to do, when the read models are past the end of the log', async () => {
    restoreBackup();
    const start = startLedger(secret, dataDir);
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(
      new RegExp(
        `${join(dataDir, 'read-models.sqlite')} was not derived from this event log: it was derived up to ` +
          'position 5 \\(event [0-9a-f-]{36}\\), and this log ends at position 2\\. The log was restored from a ' +
          'backup or replaced',
      ),
    );
    await expect(start).rejects.toThrow('move read-models.sqlite aside with its -wal and -shm files');
  });

  it('stops when the log was replaced by one that has grown past them, told by the event there', async () => {
    restoreBackup();
    const store = new SqliteEventStore({ path: log() });
    for (let revision = 0; revision < 4; revision += 1)
      await store.appendToStream('other', [anEvent()], { expectedVersion: revision });
    await store.close();
    await expect(startLedger(secret, dataDir)).rejects.toThrow(
      /derived up to position 5 \(event [0-9a-f-]{36}\), and this log holds event [0-9a-f-]{36} there/,
    );
  });

  it('projects the restored log from the start once the read models are moved aside', async () => {
    restoreBackup();
    renameSync(join(dataDir, 'read-models.sqlite'), join(dataDir, 'read-models.aside'));
    for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, `read-models.sqlite${suffix}`), { force: true });
    const ledger: LedgerHarness = await startLedger(secret, dataDir);
    try {
      await ledger.enroll('c1');
      await ledger.caughtUp();
      const partners = await ledger.http.get('/partners').set(ledger.auth('finance')).expect(200);
      const listed = (partners.body.partners as { partnerId: string; position: string }[]).map(
        (partner) => `${partner.partnerId}@${partner.position}`,
      );
      expect(listed.sort()).toEqual(['a1@1', 'a2@2', 'c1@3']);
    } finally {
      await ledger.app.close();
    }
  });
});

/**
 * A snapshot of the commission engine made on another log (the one the backup was taken from, before it was
 * restored) is ignored, though its rule sets and position fit: a state that won a deal for another amount would
 * claw back the wrong share of it.
 */
describe('a snapshot of another log in the snapshots folder', () => {
  const env = {
    LEDGER_JWT_SECRET: 'snapshot-restore-secret-that-is-at-least-32-chars',
    LEDGER_SNAPSHOT_EVERY_EVENTS: '1',
  };
  let dataDir: string;
  const folder = (name: string) => join(dataDir, name);
  const manager = (ledger: LedgerHarness) => ledger.auth('partner_manager', 'maria');

  /** Starts the service on the folder, runs `steps`, waits for the read models and stops it. */
  async function session<T>(steps: (ledger: LedgerHarness) => Promise<T>): Promise<T> {
    const ledger = await startLedger(env, dataDir);
    try {
      const result = await steps(ledger);
      await ledger.caughtUp();
      return result;
    } finally {
      await ledger.app.close();
    }
  }

  /** Wins the deal, then enrolls partners: the events after the win give the snapshots time to be written. */
  async function wonThenEnrolled(ledger: LedgerHarness, amount: string): Promise<bigint> {
    ledger.clock.set('2026-02-10T12:00:00.000Z');
    const lines = [{ sku: 'PLATFORM', family: 'software', amount }];
    const body = { lines, billing: 'one_time', wonAt: '2026-02-10' };
    const won = await ledger.http.post('/deals/d1/win').set(manager(ledger)).send(body).expect(200);
    for (const partnerId of ['p2', 'p3', 'p4', 'p5']) {
      await ledger.caughtUp();
      await ledger.enroll(partnerId);
    }
    return BigInt(won.body.position as string);
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-restore-snapshot-'));
    await session(async (ledger) => {
      await ledger.publish(designRuleSet());
      await ledger.enroll('p1');
      ledger.clock.set('2026-02-10T12:00:00.000Z');
      const partners = [{ partnerId: 'p1', role: 'sourcing', share: '1' }];
      const deal = { dealId: 'd1', customer: { name: 'Acme', domain: 'acme.example' }, partners, currency: 'USD' };
      await ledger.http.post('/deals').set(manager(ledger)).send(deal).expect(201);
    });
    expect(runCli(dataDir, env.LEDGER_JWT_SECRET, 'backup', folder('events.backup')).status).toBe(0);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is ignored, so a refund claws back the share of the amount this log won', async () => {
    const wonAt = await session((ledger) => wonThenEnrolled(ledger, '80000.00'));
    // The other log's state after its win is on disk, else there is nothing to ignore.
    const positions = readdirSync(folder('snapshots')).map((name) => BigInt(/\d+/.exec(name)![0]));
    expect(positions.some((position) => position >= wonAt)).toBe(true);
    renameSync(folder('snapshots'), folder('snapshots.other-log'));
    // The remedy followed: the log restored, the read models and the snapshots moved aside.
    copyFileSync(folder('events.backup'), folder('events.sqlite'));
    for (const suffix of ['-wal', '-shm']) rmSync(folder(`events.sqlite${suffix}`), { force: true });
    renameSync(folder('read-models.sqlite'), folder('read-models.aside'));
    for (const suffix of ['-wal', '-shm']) rmSync(folder(`read-models.sqlite${suffix}`), { force: true });
    expect(await session((ledger) => wonThenEnrolled(ledger, '20000.00'))).toBe(wonAt);
    // Then the other log's snapshots come back (a folder restored beside the log, or copied by hand).
    rmSync(folder('snapshots'), { recursive: true, force: true });
    renameSync(folder('snapshots.other-log'), folder('snapshots'));

    const ledger = await startLedger(env, dataDir);
    try {
      ledger.clock.set('2026-03-01T12:00:00.000Z');
      const refund = { amount: '20000.00', refundedAt: '2026-03-01' };
      const refunded = await ledger.http.post('/deals/d1/refund').set(manager(ledger)).send(refund).expect(200);
      const lines = await ledger.http
        .get(`/partners/p1/commission-lines?after=${refunded.body.position as string}`)
        .set(ledger.auth('finance'))
        .expect(200);
      const [earned, clawback] = lines.body.lines as {
        kind: string;
        amount: string;
        reversal: { ratio: string } | null;
      }[];
      expect(earned).toMatchObject({ kind: 'earned', amount: '1000.00' });
      // The whole amount this log won is refunded: the whole line comes back.
      expect(clawback).toMatchObject({ kind: 'clawback', amount: '-1000.00', reversal: { ratio: '1' } });
    } finally {
      await ledger.app.close();
    }
  });
});
