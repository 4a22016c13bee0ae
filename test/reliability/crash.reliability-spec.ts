import { JwtService } from '@nestjs/jwt';
import { openDatabase, SqliteEventStore, type StoredEvent } from '#event-store';
import { Projector, projections, verifyLedger } from '#read-models';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'reliability-secret-that-is-at-least-32-chars';
const token = new JwtService({ secret }).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: '1h' });
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const kills = Number(process.env['RELIABILITY_KILLS'] ?? 20);

interface Acknowledged {
  readonly key: string;
  readonly stream: string;
}

/** One client's stream of commands: enroll two partners, open a co-sell deal, win it, refund part of it. */
async function client(
  service: ServiceProcess,
  prefix: string,
  acknowledged: Acknowledged[],
  random: () => number,
): Promise<void> {
  const post = async (key: string, stream: string, path: string, body: unknown) => {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    if (response.status >= 500) throw new Error(`${path} answered ${response.status}`);
    // The store keeps a client's key scoped to the user who sent it.
    if (response.ok) acknowledged.push({ key: clientIdempotencyKey('maria', key), stream });
    return response.ok;
  };
  for (let round = 0; round < 1000; round += 1) {
    const [a, b, deal] = [`${prefix}-${round}-a`, `${prefix}-${round}-b`, `${prefix}-${round}-d`];
    if (
      !(await post(`${a}:enroll`, `partner-${a}`, '/partners', {
        partnerId: a,
        name: a,
        kind: 'reseller',
        region: 'EMEA',
      }))
    )
      return;
    if (
      !(await post(`${b}:enroll`, `partner-${b}`, '/partners', {
        partnerId: b,
        name: b,
        kind: 'referral',
        region: 'NA',
      }))
    )
      return;
    const partners = [
      { partnerId: a, role: 'sourcing', share: '0.7' },
      { partnerId: b, role: 'influencing', share: '0.3' },
    ];
    if (
      !(await post(`${deal}:open`, `deal-${deal}`, '/deals', {
        dealId: deal,
        customer: { name: 'Globex', domain: `${deal}.example` },
        partners,
        currency: 'USD',
      }))
    )
      return;
    const wonAt = new Date().toISOString().slice(0, 10);
    if (
      !(await post(`${deal}:win`, `deal-${deal}`, `/deals/${deal}/win`, {
        lines: [{ sku: 'S', family: 'software', amount: `${100 + Math.floor(random() * 900)}.00` }],
        billing: 'one_time',
        wonAt,
      }))
    )
      return;
    if (random() < 0.5)
      await post(`${deal}:refund`, `deal-${deal}`, `/deals/${deal}/refund`, { amount: '10.00', refundedAt: wonAt });
  }
}

describe(`kill -9 the service ${kills} times at random moments under concurrent load`, () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-kill-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acked command, none half-applied, versions contiguous, read models equal to a rebuild', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Twelve clients from one address: far above the default per-client rate limit.
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '100000000' };
    const acknowledged: Acknowledged[] = [];
    const random = fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), { numRuns: 10_000, seed: 424242 });
    let next = 0;
    const nextRandom = () => random[next++ % random.length]!;
    for (let kill = 0; kill < kills; kill += 1) {
      const service = await startService(env);
      const clients = Array.from({ length: 12 }, (_, index) =>
        client(service, `k${kill}c${index}`, acknowledged, nextRandom).catch((error: unknown) => {
          // A refused connection or a reset is the kill; anything else (a 5xx) fails the test.
          if (error instanceof Error && error.message.includes('answered')) throw error;
        }),
      );
      // Each life takes real load before the kill, however busy the machine: at least ten more acknowledged
      // commands (waited for at most ten seconds), then a random moment within the next 600 ms.
      const floor = acknowledged.length + 10;
      for (let waited = 0; acknowledged.length <= floor && waited < 10_000; waited += 25) await sleep(25);
      await sleep(Math.floor(nextRandom() * 600));
      service.child.kill('SIGKILL');
      await service.exited;
      await Promise.all(clients);
    }
    expect(acknowledged.length).toBeGreaterThan(kills * 10);

    // A clean restart lets the projector catch up as it would in production.
    const service = await startService(env);
    service.child.kill('SIGTERM');
    await service.exited;

    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const events: StoredEvent[] = [];
    for (let after = 0n; ;) {
      const batch = await store.readAll({ after, limit: 5000 });
      if (batch.length === 0) break;
      events.push(...batch);
      after = batch.at(-1)!.position;
    }
    const byKey = new Map<string, StoredEvent[]>();
    const byStream = new Map<string, number[]>();
    for (const event of events) {
      byKey.set(event.metadata.idempotencyKey, [...(byKey.get(event.metadata.idempotencyKey) ?? []), event]);
      byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event.revision]);
    }
    const missing = acknowledged.filter(
      (command) => !byKey.get(command.key)?.some((event) => event.stream === command.stream),
    );
    expect(missing).toEqual([]);
    for (const [key, keyed] of byKey) {
      // A command's events sit in one stream at consecutive revisions: all of it, or none.
      expect({ key, streams: new Set(keyed.map((event) => event.stream)).size }).toEqual({ key, streams: 1 });
      expect(keyed.map((event) => event.revision)).toEqual(keyed.map((_, index) => keyed[0]!.revision + index));
    }
    for (const [stream, revisions] of byStream)
      expect({ stream, revisions }).toEqual({ stream, revisions: revisions.map((_, index) => index + 1) });

    const liveDb = openDatabase(join(dataDir, 'read-models.sqlite'));
    const live = new Projector({ store, db: liveDb, projections });
    const verification = await verifyLedger({ store, live, liveDb, projections });
    expect(verification.chain).toMatchObject({ ok: true });
    expect(verification.projections.filter((projection) => !projection.ok)).toEqual([]);
    liveDb.close();
    await store.close();
  }, 600_000);
});

describe('the projector killed mid-batch', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-kill-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes after a restart, and the read models equal a full rebuild', async () => {
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const writes: Promise<unknown>[] = [];
    for (let index = 0; index < 40_000; index += 1) {
      const partnerId = `p${index}`;
      writes.push(
        store.appendToStream(
          `partner-${partnerId}`,
          [
            {
              eventId: crypto.randomUUID(),
              type: 'PartnerEnrolled',
              data: { partnerId, name: partnerId, kind: 'reseller', region: 'EMEA', enrolledAt: '2026-01-01' },
              metadata: {
                actor: 'seed',
                actorRole: 'admin',
                correlationId: 'c',
                causationId: 'c',
                recordedAt: '2026-01-01T00:00:00Z',
                idempotencyKey: partnerId,
                commandHash: 'h',
              },
            },
          ],
          { expectedVersion: 0 },
        ),
      );
    }
    await Promise.all(writes);
    await store.close();
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LEDGER_ROLES: 'projector' };
    const mainPath = join(import.meta.dirname, '../../dist/apps/ledger/src/main.js');
    let interrupted = 0;
    const checkpoint = () => {
      const db = openDatabase(join(dataDir, 'read-models.sqlite'));
      try {
        const created = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'partners'`).get() !== undefined;
        if (!created) return { position: 0n, rows: 0n };
        const position = BigInt(
          db
            .prepare<[], { position: string }>(`SELECT position FROM projection_checkpoints WHERE name = 'partners'`)
            .get()?.position ?? '0',
        );
        return {
          position,
          rows: db.prepare<[], { count: bigint }>('SELECT count(*) AS count FROM partners').get()!.count,
        };
      } finally {
        db.close();
      }
    };
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const child = spawn(process.execPath, [mainPath], {
        env: { ...process.env, ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const before = checkpoint().position;
      // Kill as soon as the catch-up has moved: the next batch is then being applied.
      for (let polls = 0; polls < 4000 && checkpoint().position === before && child.exitCode === null; polls += 1) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
      const after = checkpoint();
      // Rows and checkpoint always agree: the kill left the tables exactly at a batch boundary.
      expect(after.rows).toBe(after.position);
      if (after.position > before && after.position < 40_000n) interrupted += 1;
    }
    expect(interrupted).toBeGreaterThan(0);

    const reopened = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const liveDb = openDatabase(join(dataDir, 'read-models.sqlite'));
    const live = new Projector({ store: reopened, db: liveDb, projections });
    const verification = await verifyLedger({ store: reopened, live, liveDb, projections });
    expect(verification.ok).toBe(true);
    liveDb.close();
    await reopened.close();
  }, 300_000);
});
