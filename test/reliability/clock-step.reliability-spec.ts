import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '#domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { designRuleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { createApp } from '../../apps/ledger/src/app.js';
import { loadConfig } from '../../apps/ledger/src/config.js';
import { MonotonicClock } from '../../apps/ledger/src/common/tokens.js';
import { readWholeLog, verifyDataDir } from '../support/ledger-log.js';

const secret = 'clock-step-secret-that-is-at-least-32-characters';

/** The service's clock over a wall clock the test steps by hand, backwards included. */
async function startOn(dataDir: string, wallClock: { ms: number }) {
  const config = loadConfig({ LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', LEDGER_JWT_SECRET: secret });
  const app: NestFastifyApplication = await createApp(config, { clock: new MonotonicClock(() => wallClock.ms) });
  const jwt = app.get(JwtService);
  const as = (role: Role) => ({
    Authorization: `Bearer ${jwt.sign({ sub: `${role}-user`, role }, { expiresIn: '1h' })}`,
  });
  const http = request(app.getHttpServer());
  return { app, http, as };
}

describe('the wall clock steps backwards', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-clock-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records nothing out of order and keeps the business dates it accepted, across a restart too', async () => {
    const wallClock = { ms: Date.parse('2026-03-10T12:00:00.000Z') };
    const first = await startOn(dataDir, wallClock);
    await first.http
      .post('/rule-sets')
      .set(first.as('ops'))
      .send({ ...designRuleSet(), rationale: 'launch' })
      .expect(201);
    const partner = (partnerId: string) => ({ partnerId, name: partnerId, kind: 'reseller', region: 'EMEA' });
    await first.http.post('/partners').set(first.as('partner_manager')).send(partner('acme')).expect(201);
    await first.http
      .post('/deals')
      .set(first.as('partner_manager'))
      .send({
        dealId: 'd1',
        customer: { name: 'Globex', domain: 'globex.example' },
        partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
        currency: 'USD',
        openedAt: '2026-03-10',
      })
      .expect(201);

    // NTP steps the clock two days back: "today" stays 2026-03-10 for the business rules (a day of slack after).
    wallClock.ms = Date.parse('2026-03-08T09:00:00.000Z');
    const win = (wonAt: string) =>
      first.http
        .post('/deals/d1/win')
        .set(first.as('partner_manager'))
        .send({ lines: [{ sku: 'S', family: 'software', amount: '1000.00' }], billing: 'one_time', wonAt });
    expect((await win('2026-03-12')).body).toMatchObject({ error: 'DATE_IN_FUTURE' });
    expect((await win('2026-03-10')).status).toBe(200);
    await first.http.post('/partners').set(first.as('partner_manager')).send(partner('initech')).expect(201);
    await first.app.close();

    // Restarted with the clock further back still: nothing is recorded before the log's newest event.
    wallClock.ms = Date.parse('2026-03-01T00:00:00.000Z');
    const second = await startOn(dataDir, wallClock);
    await second.http
      .post('/deals/d1/refund')
      .set(second.as('partner_manager'))
      .send({ amount: '100.00', refundedAt: '2026-03-10' })
      .expect(200);
    await second.http.post('/partners').set(second.as('partner_manager')).send(partner('umbrella')).expect(201);
    await second.app.close();

    const recorded = (await readWholeLog(dataDir)).map((event) => event.metadata.recordedAt);
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    expect(recorded).toEqual([...recorded].sort());
    expect(recorded.at(-1)! >= '2026-03-10T12:00:00.000Z').toBe(true);
    const verification = await verifyDataDir(dataDir);
    expect(verification.ok).toBe(true);
  }, 60_000);
});
