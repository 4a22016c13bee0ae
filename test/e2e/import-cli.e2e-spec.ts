import { JwtService } from '@nestjs/jwt';
import { SqliteEventStore } from '#event-store';
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLines, line } from '../../bench/support/import-file.js';
import { cliPath } from '../support/cli.js';
import { freePort, startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'import-cli-secret-that-is-at-least-32-chars';
const token = new JwtService({ secret }).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: '1h' });
const headers = { Authorization: `Bearer ${token}` };
const sample = join(import.meta.dirname, '../../docs/samples/crm-deals.csv');
const emptyImport = { ...headers, 'Content-Type': 'application/x-ndjson', 'Content-Length': '0' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ledger import against the running service', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-import-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const env = () => ({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret });
  const cli = (service: ServiceProcess, ...args: string[]) =>
    spawnSync(process.execPath, [cliPath, 'import', '--url', service.baseUrl, ...args], {
      env: { ...process.env, ...env() },
      encoding: 'utf8',
      timeout: 180_000,
    });

  /** Starts an import as maria and resolves once at least `done` of its lines are acknowledged. */
  async function importUntil(
    service: ServiceProcess,
    text: string,
    done: number,
  ): Promise<{ importId: string; acknowledged: number }> {
    const started = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-ndjson' },
      body: text,
    });
    const { importId } = (await started.json()) as { importId: string };
    for (;;) {
      const polled = await fetch(`${service.baseUrl}/imports/${importId}`, { headers });
      const view = (await polled.json()) as { progress: { done: number } };
      if (view.progress.done >= done) return { importId, acknowledged: view.progress.done };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('survives kill -9 mid-import: the re-run applies every line exactly once, and verify passes', async () => {
    // Enough lines that the kill lands mid-import, between committed batches.
    const total = 3000;
    const lines = importLines(total);
    const file = join(dataDir, 'history.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const bad = lines.slice(0, 600);
    // Lines no later line depends on (wins, a refund): the dry run refuses exactly these.
    bad[122] = '{"key": "broken"';
    bad[200] = line('bad-amount', '/deals/imp-d40/refund', { amount: 'a lot', refundedAt: '2026-02-09' });
    bad[250] = line('no-route', '/deals/imp-d3/teleport', {});
    writeFileSync(join(dataDir, 'bad.ndjson'), bad.join('\n'));

    let service = await startService(env(), 90_000);
    const dryRun = cli(service, join(dataDir, 'bad.ndjson'), '--dry-run', '--sub', 'maria');
    expect(dryRun.status).toBe(1);
    expect(dryRun.stdout.match(/^line \d+/gm)).toEqual(['line 123', 'line 201', 'line 251']);
    // spawnSync held this process's event loop: let it see the keep-alive sockets the service closed meanwhile,
    // or the next fetch writes its body to a closed one (EPIPE).
    await new Promise((resolve) => setTimeout(resolve, 100));

    const { importId, acknowledged } = await importUntil(service, lines.join('\n'), 100);
    service.child.kill('SIGKILL');
    await service.exited;
    expect(acknowledged).toBeLessThan(total);

    service = await startService(env(), 90_000);
    // Its record says how far it got, and that it did not finish.
    const record = await fetch(`${service.baseUrl}/imports/${importId}`, { headers });
    expect(record.status).toBe(200);
    const interrupted = (await record.json()) as { status: string; progress: { done: number } };
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.progress.done).toBeLessThanOrEqual(acknowledged);
    const rerun = cli(service, file, '--sub', 'maria', '--json');
    // Not a terminal here: the progress bar prints plain lines instead, ending with the total.
    expect(rerun.stderr).toContain(`import: ${total}/${total} lines`);
    expect(rerun.status).toBe(0);
    const result = (JSON.parse(rerun.stdout) as { result: { applied: number; replayed: number; refused: number } })
      .result;
    expect(result.refused).toBe(0);
    expect(result.applied + result.replayed).toBe(total);
    expect(result.replayed).toBeGreaterThanOrEqual(acknowledged);

    const again = cli(service, file, '--sub', 'maria');
    expect(again.stdout).toContain(`0 applied, ${total} replayed, 0 refused`);
    service.child.kill('SIGTERM');
    await service.exited;

    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const events = await store.readAll({ after: 0n, limit: 1_000_000 });
    await store.close();
    const typesByKey = new Map<string, string[]>();
    for (const event of events) {
      const key = event.metadata.idempotencyKey;
      typesByKey.set(key, [...(typesByKey.get(key) ?? []), event.type]);
    }
    // One command per line (keys are the lines'), and none applied twice (its events would repeat).
    expect(typesByKey.size).toBe(total);
    for (const [key, types] of typesByKey) expect({ key, types }).toEqual({ key, types: [...new Set(types)] });
    const verify = spawnSync(process.execPath, [cliPath, 'verify'], {
      env: { ...process.env, ...env() },
      encoding: 'utf8',
    });
    expect(verify.stderr).not.toContain('failed');
    expect(verify.stdout).toContain('chain: ok');
    expect(verify.status).toBe(0);
  }, 300_000);

  it('imports the CRM deals CSV sample', async () => {
    const service = await startService(env(), 90_000);
    const partners = ['acme', 'initech'].map((partnerId) =>
      line(`enroll-${partnerId}`, '/partners', {
        partnerId,
        name: partnerId,
        kind: 'reseller',
        region: 'EMEA',
        enrolledAt: '2025-01-01',
      }),
    );
    writeFileSync(join(dataDir, 'partners.ndjson'), partners.join('\n'));
    expect(cli(service, join(dataDir, 'partners.ndjson')).status).toBe(0);
    const imported = cli(service, '--csv-deals', sample);
    expect(imported.stdout).toContain('7 lines: 7 applied, 0 replayed, 0 refused');
    expect(imported.status).toBe(0);
    service.child.kill('SIGTERM');
    await service.exited;
  }, 120_000);

  it('says the service is busy, and when to come back, while another import is being received', async () => {
    const service = await startService({ ...env(), LEDGER_IMPORTS_RUNNING_MAX: '1' }, 90_000);
    // An import whose body keeps arriving holds the only place (it declares 1 MB and sends one line of it).
    const holding = httpRequest(`${service.baseUrl}/imports`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-ndjson', 'Content-Length': String(1024 * 1024) },
    });
    holding.on('error', () => undefined);
    holding.write(`${importLines(1)[0]}\n`);
    try {
      // The held request reaches its route a moment after it is sent (spawnSync would keep it from being sent).
      // An empty import (ended at once) is refused only while that place is taken: twice in a row, 100 ms apart.
      const busyNow = async () =>
        (await fetch(`${service.baseUrl}/imports`, { method: 'POST', headers: emptyImport })).status === 429;
      for (let tries = 0; !((await busyNow()) && (await sleep(100), await busyNow())) && tries < 50; tries += 1)
        await sleep(50);
      writeFileSync(join(dataDir, 'lines.ndjson'), `${importLines(3).join('\n')}\n`);
      const busy = cli(service, join(dataDir, 'lines.ndjson'));
      expect({ status: busy.status, stderr: busy.stderr }).toEqual({
        status: 1,
        stderr: expect.stringContaining(
          'POST /imports answered 429 IMPORTS_BUSY: 1 import is already being received or run: start this one when ' +
            'one has ended (retry after 5 s)',
        ),
      });
    } finally {
      holding.destroy();
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 120_000);

  it('says which file it cannot read, and which service it cannot reach', async () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [cliPath, 'import', ...args], {
        env: { ...process.env, ...env() },
        encoding: 'utf8',
      });
    const missing = run(join(dataDir, 'missing.ndjson'));
    expect({ status: missing.status, stderr: missing.stderr }).toEqual({
      status: 1,
      stderr: expect.stringContaining(`Cannot read ${join(dataDir, 'missing.ndjson')}: ENOENT`),
    });
    writeFileSync(join(dataDir, 'lines.ndjson'), `${importLines(3).join('\n')}\n`);
    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = run('--url', url, join(dataDir, 'lines.ndjson'));
    expect({ status: unreachable.status, stderr: unreachable.stderr }).toEqual({
      status: 1,
      stderr: expect.stringContaining(`Cannot reach the ledger service at ${url} (ECONNREFUSED)`),
    });
    // A CRM export in Windows-1252: stopped before anything is sent (the service is not even asked).
    const rows = readFileSync(sample, 'utf8').split('\n');
    rows[2] = rows[2]!.replace(/,[^,]*,/, ',Müller GmbH,');
    const latin1 = join(dataDir, 'deals-1252.csv');
    writeFileSync(latin1, Buffer.from(rows.join('\n'), 'latin1'));
    const notUtf8 = run('--url', url, '--csv-deals', latin1);
    expect({ status: notUtf8.status, stderr: notUtf8.stderr }).toEqual({
      status: 1,
      stderr: expect.stringContaining(`Cannot import ${latin1}: line 3 is not UTF-8. Save the file encoded as UTF-8`),
    });
  }, 60_000);
});
