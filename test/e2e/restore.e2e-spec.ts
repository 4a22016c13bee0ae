import { SqliteEventStore } from '#event-store';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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
