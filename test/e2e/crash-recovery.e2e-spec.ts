import { JwtService } from '@nestjs/jwt';
import { openDatabase, SqliteEventStore } from '#event-store';
import { Projector, projections } from '#read-models';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../support/service-process.js';

const secret = 'crash-test-secret-that-is-at-least-32-chars';
const token = new JwtService({ secret }).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: '1h' });
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

describe('kill -9 during a burst of enrollments', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'))));
  // The last service is stopped by the test itself; only a failure before that leaves it to this.
  let stopLast = () => true;
  afterEach(() => {
    stopLast();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged enrollment, and the read models equal a full rebuild after restart', async () => {
    // Not a throttling test: the reads of every acknowledged enrollment must not meet the rate limit.
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '100000000' };
    const acknowledged = new Map<string, string>();
    for (let round = 0; round < 3; round += 1) {
      const service = await startService(env);
      const acknowledgedBefore = acknowledged.size;
      const attempts = Array.from({ length: 400 }, (_, index) => `r${round}-p${index}`).map(async (partnerId) => {
        try {
          const response = await fetch(`${service.baseUrl}/partners`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ partnerId, name: `Partner ${partnerId}`, kind: 'referral', region: 'APAC' }),
          });
          if (response.status === 201)
            acknowledged.set(partnerId, ((await response.json()) as { position: string }).position);
          else expect(response.status).toBeLessThan(500);
        } catch {
          // The connection died with the process: not acknowledged, so it may or may not be stored.
        }
      });
      // Kill as soon as part of the burst has been answered, while the rest is in flight.
      while (acknowledged.size < acknowledgedBefore + 50) await new Promise((resolve) => setTimeout(resolve, 2));
      service.child.kill('SIGKILL');
      await service.exited;
      await Promise.all(attempts);
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    const service = await startService(env);
    stopLast = () => service.child.kill('SIGKILL');
    const maxPosition = [...acknowledged.values()].reduce(
      (high, position) => (BigInt(position) > high ? BigInt(position) : high),
      0n,
    );
    const list = await fetch(`${service.baseUrl}/partners?limit=500&after=${maxPosition}`, { headers });
    expect(list.status).toBe(200);
    for (const [partnerId, position] of acknowledged) {
      const response = await fetch(`${service.baseUrl}/partners/${partnerId}?after=${position}`, { headers });
      expect({ partnerId, status: response.status }).toEqual({ partnerId, status: 200 });
    }
    // Graceful shutdown: Nest closes the app, then re-raises SIGTERM so the exit reports the signal.
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: null, signal: 'SIGTERM' });
    // Closing the last connection checkpoints and removes the WAL: proof the stores were closed.
    expect(existsSync(join(dataDir, 'events.sqlite-wal'))).toBe(false);
    expect(existsSync(join(dataDir, 'read-models.sqlite-wal'))).toBe(false);

    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const events = await store.readAll({ after: 0n, limit: 100_000 });
    // Every stream holds exactly one enrollment at revision 1: nothing half applied, nothing doubled.
    expect(events.every((event) => event.revision === 1 && event.type === 'PartnerEnrolled')).toBe(true);
    expect(new Set(events.map((event) => event.stream)).size).toBe(events.length);
    const live = openDatabase(join(dataDir, 'read-models.sqlite'));
    const liveProjector = new Projector({ store, db: live, projections });
    await liveProjector.runUntilCaughtUp();
    const rebuilt = new Projector({ store, db: openDatabase(':memory:'), projections });
    await rebuilt.runUntilCaughtUp();
    expect(liveProjector.digest()).toBe(rebuilt.digest());
    live.close();
    await store.close();
  }, 120_000);

  it('answers requests that arrive while it stops with 503 SERVICE_STOPPING in the one error shape', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '100000000' };
    const service = await startService(env);
    stopLast = () => service.child.kill('SIGKILL');
    const answers = new Map<string, number>();
    let sent = 0;
    let exited = false;
    const load = async () => {
      while (!exited) {
        const partnerId = `s${(sent += 1)}`;
        const body = JSON.stringify({ partnerId, name: 'Stopping', kind: 'referral', region: 'APAC' });
        try {
          const response = await fetch(`${service.baseUrl}/partners`, { method: 'POST', headers, body });
          const answer = (await response.json()) as Record<string, unknown>;
          const shape = response.status === 201 ? '' : ` ${Object.keys(answer).join(',')} ${String(answer['error'])}`;
          const retryAfter = response.headers.get('retry-after');
          const key = `${response.status}${shape}${retryAfter ? ` Retry-After ${retryAfter}` : ''}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
        } catch {
          // Refused or reset with the process: no answer to check.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    };
    // Twenty clients on kept-alive connections: their requests keep arriving while the service closes.
    const clients = Array.from({ length: 20 }, load);
    while ((answers.get('201') ?? 0) < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    service.child.kill('SIGTERM');
    await service.exited;
    exited = true;
    await Promise.all(clients);
    process.stdout.write(`answers while stopping: ${JSON.stringify(Object.fromEntries(answers))}\n`);
    const others = [...answers.keys()].filter((key) => key !== '201');
    expect(others.filter((key) => key !== '503 error,message,details SERVICE_STOPPING Retry-After 1')).toEqual([]);
  }, 60_000);
});
