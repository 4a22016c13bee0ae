import { JwtService } from '@nestjs/jwt';
import type { Role } from '#domain';
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type ServiceProcess } from '../support/service-process.js';

/**
 * Acceptance (issue "Replay core"): on a seeded folder with the compiled service running, publishing a
 * rule set that reaches back to the first quarter never stalls the API (the recomputation runs in a
 * worker thread), `?after=` answers with the recomputed lines once they swap in, and `ledger verify`
 * (beside the running service) finds the read models equal to a fresh derivation. A behavioural check
 * that the event loop is not blocked for the whole recomputation, not a speed test: the bound is generous.
 */
const cliPath = join(import.meta.dirname, '../../dist/apps/ledger/src/cli.js');
const secret = 'retroactive-e2e-secret-at-least-32-characters';
const jwt = new JwtService({ secret });
const auth = (role: Role) => ({
  Authorization: `Bearer ${jwt.sign({ sub: `${role}-user`, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});
const stallMaxMs = 1000;

interface RebuildAnswer {
  readonly state: string;
  readonly resumed?: boolean;
  readonly projections: readonly string[];
}

interface PublishedRuleSet {
  version: string;
  effectiveFrom: string;
  rationale: string;
  commission: { rates: Record<string, string> };
}

/** The first published rule set with every rate raised by a point, effective from the same day. */
function reachingBack(dataDir: string): Record<string, unknown> {
  const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
  const published = JSON.parse(
    execFileSync(process.execPath, [cliPath, 'rule-sets'], { env, encoding: 'utf8' }),
  ) as PublishedRuleSet[];
  // The CLI prints the documents GET /rule-sets/:version answers: edited, one is a body for POST /rule-sets.
  const rules = structuredClone(published[0]!);
  rules.version = 'retroactive-e2e';
  for (const [tier, rate] of Object.entries(rules.commission.rates)) {
    rules.commission.rates[tier] = (Number(rate) + 0.01).toFixed(4);
  }
  return { ...rules, rationale: 'Rates raised from the first quarter on' };
}

/** Polls GET /health/live every 20 ms until stopped; answers the slowest answer's latency. */
function pollLiveness(baseUrl: string): { stop: () => Promise<number> } {
  let running = true;
  const done = (async () => {
    let slowest = 0;
    while (running) {
      const started = performance.now();
      await fetch(`${baseUrl}/health/live`);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return slowest;
  })();
  return {
    stop: () => {
      running = false;
      return done;
    },
  };
}

describe('a rule set reaching back, published to the running service', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-retroactive-'));
    const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
    const seeded = spawnSync(process.execPath, [cliPath, 'seed', '--events', '4000'], { env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  }, 180_000);
  afterAll(() => {
    service?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps answering while it recomputes, then serves the recomputed lines and verifies', async () => {
    const rules = reachingBack(dataDir);
    service = await startService({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret });
    const { baseUrl } = service;
    const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    const partner = readModels
      .prepare<[], { partner_id: string }>('SELECT partner_id FROM commission_lines LIMIT 1')
      .get()!;
    readModels.close();

    const liveness = pollLiveness(baseUrl);
    const published = await fetch(`${baseUrl}/rule-sets`, {
      method: 'POST',
      headers: auth('ops'),
      body: JSON.stringify(rules),
    });
    expect(published.status).toBe(201);
    const { position } = (await published.json()) as { position: string };
    let lines: { lines: Array<{ ruleSet: { version: string } }> } | undefined;
    const deadline = Date.now() + 120_000;
    while (!lines && Date.now() < deadline) {
      const response = await fetch(`${baseUrl}/partners/${partner.partner_id}/commission-lines?after=${position}`, {
        headers: auth('finance'),
      });
      if (response.status === 200) lines = (await response.json()) as NonNullable<typeof lines>;
      else expect(response.status).toBe(503);
    }
    const slowest = await liveness.stop();

    expect(lines?.lines.some((line) => line.ruleSet.version === 'retroactive-e2e')).toBe(true);
    expect(slowest).toBeLessThan(stallMaxMs);
    const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
    const verified = spawnSync(process.execPath, [cliPath, 'verify'], { env, encoding: 'utf8' });
    expect({ status: verified.status, stderr: verified.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  }, 240_000);

  it("runs an operator's rebuild killed with kill -9 again at the next start, then verifies", async () => {
    service ??= await startService({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret });
    const asked = await fetch(`${service.baseUrl}/admin/projections/rebuild`, {
      method: 'POST',
      headers: auth('ops'),
      body: JSON.stringify({ projections: ['deals', 'commissions'] }),
    });
    expect(asked.status).toBe(202);
    service.child.kill('SIGKILL');
    await service.exited;
    const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    const cutShort = readModels
      .prepare('SELECT name FROM projection_checkpoints WHERE rebuild_asked_at IS NOT NULL ORDER BY name')
      .pluck()
      .all();
    readModels.close();
    expect(cutShort).toEqual(['commissions', 'deals']);

    service = await startService({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret });
    let rebuild: RebuildAnswer | null = null;
    for (let attempt = 0; attempt < 1200 && rebuild?.state !== 'done'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${service.baseUrl}/admin/projections`, { headers: auth('ops') });
      ({ rebuild } = (await response.json()) as { rebuild: RebuildAnswer | null });
    }
    expect(rebuild).toMatchObject({ state: 'done', resumed: true, projections: ['deals', 'commissions'] });
    const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
    const verified = spawnSync(process.execPath, [cliPath, 'verify'], { env, encoding: 'utf8' });
    expect({ status: verified.status, stderr: verified.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  }, 240_000);
});
