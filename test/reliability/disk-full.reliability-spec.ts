import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { importLines } from '../../bench/support/import-file.js';
import {
  integrityOf,
  logProblems,
  readWholeLog,
  verifyDataDir,
  type AcknowledgedCommand,
} from '../support/ledger-log.js';
import { runCli } from '../support/cli.js';
import { startLedger } from '../support/ledger-app.js';

const backupSecret = 'disk-full-backup-secret-of-at-least-32-characters';
const mainPath = join(import.meta.dirname, '../../dist/apps/ledger/src/main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small tmpfs to fill, or why there is none (mounting needs root and a kernel that lets the container mount). */
function mountSmallDisk(): { mountPoint: string } | { reason: string } {
  const mountPoint = mkdtempSync(join(tmpdir(), 'ledger-disk-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (mounted.status === 0) return { mountPoint };
  rmSync(mountPoint, { recursive: true, force: true });
  return { reason: `cannot mount a tmpfs: ${(mounted.stderr || mounted.error?.message || 'unknown').trim()}` };
}

/** Writes to the file until the disk refuses (ENOSPC), in pages then in bytes, so no space is left at all. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'a');
  let written = 0;
  try {
    for (const size of [65_536, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const disk = mountSmallDisk();
const whenMounted = 'mountPoint' in disk ? it : it.skip;
const reason = 'mountPoint' in disk ? '' : ` (skipped: ${disk.reason})`;
if (!('mountPoint' in disk)) process.stderr.write(`\n[skipped] disk-full test: ${disk.reason} (run as root)\n`);

describe('the disk holding the data folder fills during appends', () => {
  afterAll(() => {
    if (!('mountPoint' in disk)) return;
    spawnSync('umount', [disk.mountPoint]);
    rmSync(disk.mountPoint, { recursive: true, force: true });
  });

  whenMounted(
    `answers 503 STORAGE_FULL, loses and corrupts nothing, recovers once space frees${reason}`,
    async () => {
      const mountPoint = (disk as { mountPoint: string }).mountPoint;
      const dataDir = join(mountPoint, 'data');
      mkdirSync(dataDir);
      const ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '100000000' }, dataDir);
      const acknowledged: AcknowledgedCommand[] = [];
      const refusedKeys = new Set<string>();
      const answers = new Map<string, number>();
      let last = '0';
      let sent = 0;
      const enroll = async () => {
        const partnerId = `p${(sent += 1)}`;
        const response = await ledger.http
          .post('/partners')
          .set({ ...ledger.auth('partner_manager', 'maria'), 'Idempotency-Key': partnerId })
          .send({ partnerId, name: `Partner ${partnerId} ${'x'.repeat(150)}`, kind: 'reseller', region: 'EMEA' });
        const answer = `${response.status} ${(response.body as { error?: string }).error ?? ''}`.trim();
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        const key = clientIdempotencyKey('maria', partnerId);
        if (response.status === 201) {
          acknowledged.push({ key, stream: `partner-${partnerId}` });
          last = (response.body as { position: string }).position;
        } else refusedKeys.add(key);
        return response;
      };
      const load = async (until: () => boolean) => {
        while (!until()) await Promise.all([enroll(), enroll(), enroll()]);
      };
      try {
        await load(() => acknowledged.length >= 30);
        const filler = join(mountPoint, 'filler');
        const filled = fillDisk(filler);
        const fullFrom = Date.now();
        await load(() => (answers.get('503 STORAGE_FULL') ?? 0) >= 20 || Date.now() - fullFrom > 20_000);
        expect(answers.get('503 STORAGE_FULL') ?? 0).toBeGreaterThanOrEqual(20);
        const full = await enroll();
        expect(full.headers['retry-after']).toBeDefined();

        rmSync(filler);
        const acknowledgedBefore = acknowledged.length;
        await load(() => acknowledged.length >= acknowledgedBefore + 30);
        // The read models caught up by themselves too: the last acknowledged write reads back.
        await ledger.http.get(`/partners/p1?after=${last}`).set(ledger.auth('auditor')).expect(200);
        process.stdout.write(
          `disk full: filled ${filled} bytes; answers ${JSON.stringify(Object.fromEntries(answers))}\n`,
        );
        expect([...answers.keys()].sort()).toEqual(['201', '503 STORAGE_FULL']);
        await sleep(50);
      } finally {
        await ledger.app.close();
      }
      expect(integrityOf(dataDir)).toEqual(['events.sqlite: ok', 'read-models.sqlite: ok']);
      const events = await readWholeLog(dataDir);
      expect(logProblems(events, acknowledged)).toEqual([]);
      // A command answered 503 recorded nothing.
      expect(events.filter((event) => refusedKeys.has(event.metadata.idempotencyKey))).toEqual([]);
      const verification = await verifyDataDir(dataDir);
      expect(verification.chain).toMatchObject({ ok: true });
      expect(verification.projections.filter((projection) => !projection.ok)).toEqual([]);
    },
    90_000,
  );

  whenMounted(
    `refuses a rebuild without room for its copy and the log, changing nothing; commands go on${reason}`,
    async () => {
      const mountPoint = (disk as { mountPoint: string }).mountPoint;
      const dataDir = join(mountPoint, 'rebuild');
      mkdirSync(dataDir);
      const ledger = await startLedger({}, dataDir);
      try {
        await ledger.enroll('r1', 'r2');
        await ledger.caughtUp();
        // A 48 MB disk has not even the room a swap keeps for its WAL and the log: refused before any build.
        const refused = await ledger.http.post('/admin/projections/rebuild').set(ledger.auth('ops')).send({});
        expect({ status: refused.status, retryAfter: refused.headers['retry-after'] }).toEqual({
          status: 503,
          retryAfter: '60',
        });
        expect(refused.body).toMatchObject({
          error: 'STORAGE_FULL',
          message: expect.stringMatching(
            new RegExp(`^The rebuild needs at least 128 MB free on the disk of ${dataDir} .* nothing was changed`),
          ),
        });
        const status = (await ledger.http.get('/admin/projections').set(ledger.auth('ops'))).body;
        expect(status.projections.every((projection: { state: string }) => projection.state === 'caught_up')).toBe(
          true,
        );
        const partners = await ledger.http.get('/partners').set(ledger.auth('finance')).expect(200);
        expect(partners.body.partners.map((partner: { partnerId: string }) => partner.partnerId)).toEqual(['r1', 'r2']);
        await ledger.enroll('r3');
      } finally {
        await ledger.app.close();
      }
    },
    60_000,
  );

  whenMounted(
    `stops a start (service or command) on a full disk with one line naming the folder and the room left${reason}`,
    async () => {
      const mountPoint = (disk as { mountPoint: string }).mountPoint;
      const dataDir = join(mountPoint, 'start');
      const filler = join(mountPoint, 'start-filler');
      const ledger = await startLedger({ LEDGER_JWT_SECRET: backupSecret }, dataDir);
      await ledger.enroll('s1');
      await ledger.app.close();
      try {
        fillDisk(filler);
        const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: backupSecret, PORT: '0' };
        const started = spawnSync(process.execPath, [mainPath], { env, encoding: 'utf8', timeout: 60_000 });
        // The same from the command line, whose every command opens the stores first.
        const verified = runCli(dataDir, backupSecret, 'verify');
        const refused = (ended: { status: number | null; stderr: string }) => ({
          status: ended.status,
          stderr: ended.stderr,
        });
        expect([refused(started), refused(verified)]).toEqual(
          Array(2).fill({
            status: 1,
            // One line, not Nest's stack of SQLite's "disk I/O error".
            stderr: expect.stringMatching(
              new RegExp(
                `^The data folder ${dataDir} could not be written: SQLite reports "[^"]+" \\(SQLITE_[A-Z_]+\\); ` +
                  'its disk has 0\\.0 MB free\\. Free space on that disk \\(nothing was changed\\), then run it ' +
                  'again\\.\\n$',
              ),
            ),
          }),
        );
      } finally {
        rmSync(filler, { force: true });
      }
      expect(integrityOf(dataDir)).toEqual(['events.sqlite: ok', 'read-models.sqlite: ok']);
    },
  );

  whenMounted(`fails a backup onto a full disk with its reason, keeping no part of it${reason}`, async () => {
    const mountPoint = (disk as { mountPoint: string }).mountPoint;
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-backup-source-'));
    const filler = join(mountPoint, 'backup-filler');
    try {
      const ledger = await startLedger({ LEDGER_JWT_SECRET: backupSecret }, dataDir);
      await ledger.enroll('b1', 'b2');
      await ledger.app.close();
      fillDisk(filler);
      const failed = runCli(dataDir, backupSecret, 'backup', join(mountPoint, 'ledger.sqlite'));
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(`backup failed writing ${join(mountPoint, 'ledger.sqlite')}: `);
      expect(readdirSync(mountPoint).filter((name) => name.startsWith('ledger.sqlite'))).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  whenMounted(
    `stops an import with STORAGE_FULL and stays up; the same file run again applies every line once${reason}`,
    async () => {
      const mountPoint = (disk as { mountPoint: string }).mountPoint;
      const dataDir = join(mountPoint, 'imports');
      mkdirSync(dataDir);
      const ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '100000000' }, dataDir);
      const lines = importLines(6000, 'full');
      const asMaria = ledger.auth('partner_manager', 'maria');
      const run = async () => {
        const started = await ledger.http
          .post('/imports')
          .set({ ...asMaria, 'Content-Type': 'application/x-ndjson' })
          .send(`${lines.join('\n')}\n`)
          .expect(202);
        return (started.body as ImportView).importId;
      };
      const view = async (importId: string) =>
        (await ledger.http.get(`/imports/${importId}`).set(asMaria).expect(200)).body as ImportView;
      const filler = join(mountPoint, 'filler');
      let stopped: ImportView | undefined;
      try {
        const first = await run();
        while ((await view(first)).progress.done < 500) await sleep(20);
        fillDisk(filler);
        stopped = await view(first);
        while (stopped.status === 'running') stopped = await view((await sleep(50), first));
        expect(stopped).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^STORAGE_FULL: /) });
        expect(stopped.progress.done).toBeLessThan(lines.length);
        await ledger.http.get('/health/live').expect(200);

        rmSync(filler);
        const again = await run();
        let finished = await view(again);
        while (finished.status === 'running') finished = await view((await sleep(50), again));
        expect({ failure: finished.failure, result: finished.result }).toMatchObject({
          result: { refused: 0, notRun: 0 },
        });
        expect(finished.result!.applied + finished.result!.replayed).toBe(lines.length);
      } finally {
        rmSync(filler, { force: true });
        await ledger.app.close();
      }
      // Every line once: one event per line of this file (each line appends one), none twice; and the stopped
      // import counted as applied exactly the lines whose events it wrote.
      const events = await readWholeLog(dataDir);
      const appliedFirst = events.filter((event) => event.metadata.correlationId === stopped.importId).length;
      expect(stopped.result!.applied).toBe(appliedFirst);
      const keys = events.map((event) => event.metadata.idempotencyKey);
      expect(new Set(keys).size).toBe(lines.length);
      expect(keys.length).toBe(lines.length);
      expect((await verifyDataDir(dataDir)).chain).toMatchObject({ ok: true });
    },
    120_000,
  );
});

interface ImportView {
  importId: string;
  status: string;
  failure?: string;
  progress: { done: number };
  result: { applied: number; replayed: number; refused: number; notRun: number } | null;
}
