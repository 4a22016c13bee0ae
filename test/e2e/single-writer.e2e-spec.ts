import { JwtService } from '@nestjs/jwt';
import type { Role } from '#domain';
import { Decimal } from 'decimal.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designRuleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const cliPath = join(import.meta.dirname, '../../dist/apps/ledger/src/cli.js');
const secret = 'single-writer-e2e-secret-at-least-32-characters';
const jwt = new JwtService({ secret });
const auth = (role: Role) => ({
  Authorization: `Bearer ${jwt.sign({ sub: `${role}-user`, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
});
const today = new Date().toISOString().slice(0, 10);

interface HealthAnswer {
  readonly details: { readonly projector: Record<string, unknown> };
}

interface Written {
  readonly partnerId: string;
  readonly dealId: string;
  readonly refunded: boolean;
  /** The position of the client's last acknowledged write for this partner. */
  readonly position: string;
}

async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  role: Role = 'partner_manager',
): Promise<{ status: number; body: { position?: string } }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: auth(role),
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { position?: string } };
}

/** One client: enroll a partner, open and win a deal for it, refund every other deal in full (at most 20 partners). */
async function writeUntil(baseUrl: string, client: string, stopAt: () => boolean): Promise<Written[]> {
  const written: Written[] = [];
  for (let index = 0; index < 20 && !stopAt(); index += 1) {
    const partnerId = `${client}-${index}`;
    const dealId = `d-${partnerId}`;
    const steps: Array<[string, unknown]> = [
      ['/partners', { partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' }],
      [
        '/deals',
        {
          dealId,
          customer: { name: `Customer ${dealId}`, domain: `${dealId}.example` },
          partners: [{ partnerId, role: 'sourcing', share: '1' }],
          currency: 'USD',
          openedAt: today,
        },
      ],
      [
        `/deals/${dealId}/win`,
        { lines: [{ sku: 'PLATFORM', family: 'software', amount: '10000.00' }], billing: 'one_time', wonAt: today },
      ],
    ];
    const refunded = index % 2 === 0;
    if (refunded) steps.push([`/deals/${dealId}/refund`, { amount: '10000.00', refundedAt: today }]);
    let position = '0';
    for (const [path, body] of steps) {
      const response = await post(baseUrl, path, body);
      if (response.status >= 300)
        throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
      position = response.body.position ?? position;
    }
    written.push({ partnerId, dealId, refunded, position });
  }
  return written;
}

function cli(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function get(
  baseUrl: string,
  path: string,
  role: Role = 'auditor',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: auth(role) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('one writer per read-model database (compiled service and CLI, several processes)', () => {
  let dataDir: string;
  const services: ServiceProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-single-writer-'));
  });
  afterEach(async () => {
    for (const service of services.splice(0)) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('clients writing while the CLI rebuilds and verifies lose nothing, miss no clawback; verify passes', async () => {
    const service = await startService({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: secret,
      LEDGER_ROLES: 'api,projector',
    });
    services.push(service);
    const published = await post(service.baseUrl, '/rule-sets', { ...designRuleSet(), rationale: 'launch' }, 'ops');
    expect(published.status).toBe(201);

    let stop = false;
    const clients = Promise.all(['a', 'b'].map((client) => writeUntil(service.baseUrl, client, () => stop)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [rebuild, verifyDuring] = await Promise.all([cli(dataDir, 'rebuild'), cli(dataDir, 'verify')]);
    stop = true;
    const written = (await clients).flat();

    // The CLI does not write beside the service: it refuses, naming it; verify compares a snapshot.
    expect(rebuild.status).toBe(1);
    expect(rebuild.stderr).toContain('The read models are kept by the ledger service');
    expect(verifyDuring.stderr).not.toContain('verify failed');
    expect(verifyDuring.status).toBe(0);

    expect(written.length).toBeGreaterThan(4);
    for (const { partnerId, refunded, position } of written) {
      expect((await get(service.baseUrl, `/partners/${partnerId}?after=${position}`)).status).toBe(200);
      const lines = await get(service.baseUrl, `/partners/${partnerId}/commission-lines?after=${position}`, 'finance');
      expect(lines.status).toBe(200);
      const amounts = lines.body['lines'] as Array<{ kind: string; amount: string }>;
      expect(amounts.filter((line) => line.kind === 'clawback')).toHaveLength(refunded ? 1 : 0);
      const net = amounts.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
      if (refunded) expect(net.toFixed(2)).toBe('0.00');
      else expect(net.isPositive() && !net.isZero()).toBe(true);
    }
    const verifyAfter = await cli(dataDir, 'verify');
    expect(verifyAfter.status).toBe(0);
  }, 60_000);

  it('a second full service on one folder stands by without an error, and serves once the first is gone', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret };
    const first = await startService(env);
    services.push(first);
    let log = '';
    const standby = await startService({ ...env, LOG_LEVEL: 'info' }, 20_000, (text) => (log += text));
    services.push(standby);
    const waiting = 'this one reconciles once it takes over';
    for (let tries = 0; tries < 100 && !log.includes(waiting); tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log).toContain(waiting);
    expect(log.split('\n').filter((line) => line.includes('"level":50'))).toEqual([]);
    first.child.kill('SIGKILL');
    await first.exited;
    services.splice(services.indexOf(first), 1);
    const enrolled = await post(standby.baseUrl, '/partners', {
      partnerId: 'after',
      name: 'After',
      kind: 'reseller',
      region: 'EMEA',
    });
    expect(enrolled.status).toBe(201);
    expect((await get(standby.baseUrl, `/partners/after?after=${String(enrolled.body['position'])}`)).status).toBe(200);
  }, 60_000);

  it('an API process is not ready while no process keeps the read models, and ready once one does', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret };
    const api = await startService({ ...env, LEDGER_ROLES: 'api' });
    services.push(api);
    const readiness = async () => {
      const response = await fetch(`${api.baseUrl}/health`);
      return { status: response.status, projector: ((await response.json()) as HealthAnswer).details.projector };
    };
    const alone = await readiness();
    expect(alone).toMatchObject({ status: 503, projector: { status: 'down', keeper: null } });
    expect(alone.projector['error']).toContain('projector role');

    services.push(await startService({ ...env, LEDGER_ROLES: 'projector' }));
    let kept = await readiness();
    for (let attempt = 0; attempt < 100 && kept.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      kept = await readiness();
    }
    expect(kept).toMatchObject({ status: 200, projector: { status: 'up', writer: false } });
    expect(kept.projector['keeper']).toMatch(/^the ledger service on 127\.0\.0\.1:\d+ \(pid \d+ on /);
  }, 60_000);

  it('two API processes beside one projector answer no 5xx and read every acknowledged write', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret };
    const projector = await startService({ ...env, LEDGER_ROLES: 'projector' });
    services.push(projector);
    const apis = [
      await startService({ ...env, LEDGER_ROLES: 'api' }),
      await startService({ ...env, LEDGER_ROLES: 'api' }),
    ];
    services.push(...apis);

    const failures: string[] = [];
    await Promise.all(
      apis.map(async (api, client) => {
        const other = apis[1 - client]!;
        for (let index = 0; index < 30; index += 1) {
          const partnerId = `c${client}-${index}`;
          const enrolled = await post(api.baseUrl, '/partners', {
            partnerId,
            name: `Partner ${partnerId}`,
            kind: 'referral',
            region: 'NA',
          });
          if (enrolled.status !== 201) failures.push(`enroll ${partnerId}: ${enrolled.status}`);
          for (const reader of [api, other]) {
            const read = await get(reader.baseUrl, `/partners/${partnerId}?after=${enrolled.body.position}`);
            if (read.status !== 200)
              failures.push(`read ${partnerId} from ${reader.baseUrl}: ${read.status} ${JSON.stringify(read.body)}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
  }, 60_000);
});
