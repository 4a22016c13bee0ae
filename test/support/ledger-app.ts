import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role, RuleSetDocument } from '#domain';
import { Projector } from '#read-models';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response, type Test } from 'supertest';
import { createApp } from '../../apps/ledger/src/app.js';
import { loadConfig } from '../../apps/ledger/src/config.js';
import type { Clock } from '../../apps/ledger/src/common/tokens.js';
import { checkLater, ContractValidator, supertestExchange, type SupertestLike } from './contract.js';

/** A clock the test moves by hand; commands read it, nothing else does. */
export class ManualClock implements Clock {
  constructor(private instant = '2026-02-10T12:00:00.000Z') {}
  now(): string {
    return this.instant;
  }
  set(instant: string): void {
    this.instant = instant;
  }
}

export interface LedgerHarness {
  readonly app: NestFastifyApplication;
  readonly http: ReturnType<typeof request>;
  readonly clock: ManualClock;
  readonly dataDir: string;
  token(role: Role, sub?: string, partnerId?: string): string;
  auth(role: Role, sub?: string, partnerId?: string): { Authorization: string };
  /** Applies everything appended so far to the read models. */
  caughtUp(): Promise<void>;
  /**
   * Enrolls each partner (a reseller in EMEA, enrolled on 2025-01-01 so that the stories' backdated deals may
   * credit it) as the partner manager maria, in order; one response each.
   */
  enroll(...partnerIds: string[]): Promise<Response[]>;
  /** Publishes a rule set, as ops (olga) unless told whom, its rationale naming its version. */
  publish(document: RuleSetDocument, as?: { Authorization: string }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the real application on a fresh data folder, in process, for end-to-end tests over HTTP. */
export async function startLedger(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-')),
): Promise<LedgerHarness> {
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LEDGER_JWT_SECRET: 'e2e-secret-that-is-at-least-32-characters',
    LEDGER_ROLES: 'api,projector',
    ...env,
  });
  const clock = new ManualClock();
  const app = await createApp(config, { clock });
  const jwt = app.get(JwtService);
  // Tokens must carry exp and iat (the guard refuses others).
  const token = (role: Role, sub = `${role}-user`, partnerId?: string) =>
    jwt.sign({ sub, role, ...(partnerId ? { partnerId } : {}) }, { expiresIn: '1h' });
  const auth = (role: Role, sub?: string, partnerId?: string) => ({
    Authorization: `Bearer ${token(role, sub, partnerId)}`,
  });
  const http = await validatedAgent(app, request(app.getHttpServer()));
  return {
    app,
    http,
    clock,
    dataDir,
    token,
    auth,
    caughtUp: () => app.get(Projector).runUntilCaughtUp(),
    async enroll(...partnerIds) {
      const responses: Response[] = [];
      for (const partnerId of partnerIds) {
        responses.push(
          await http
            .post('/partners')
            .set(auth('partner_manager', 'maria'))
            .send({
              partnerId,
              name: `Partner ${partnerId}`,
              kind: 'reseller',
              region: 'EMEA',
              enrolledAt: '2025-01-01',
            })
            .expect(201),
        );
      }
      return responses;
    },
    publish: async (document, as = auth('ops', 'olga')) =>
      http
        .post('/rule-sets')
        .set(as)
        .send({ ...document, rationale: `Rules ${document.version}` })
        .expect(201),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The headers of the usual actors, for a harness started later (in beforeEach): maria the partner manager,
 * and the user of a partner, scoped to it.
 */
export function actors(current: () => LedgerHarness) {
  return {
    manager: () => current().auth('partner_manager', 'maria'),
    partner: (partnerId: string) => current().auth('partner', `${partnerId}-user`, partnerId),
  };
}

/** What supertest keeps of the body a test sent. */
type Sent = { _data?: unknown };

const httpMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * The agent every suite uses, with each answer checked against the document the service serves at /docs-json
 * (test/support/contract.ts); a violation fails the test that caused it (test/support/contract-setup.ts).
 */
async function validatedAgent(
  app: NestFastifyApplication,
  agent: ReturnType<typeof request>,
): Promise<ReturnType<typeof request>> {
  // From another address than the suites' own, so that it takes no place in their rate limit.
  const served = await app.getHttpAdapter().getInstance().inject({ url: '/docs-json', remoteAddress: '192.0.2.1' });
  const contract = await ContractValidator.load(served.json());
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !httpMethods.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = (value as (...given: unknown[]) => Test).apply(target, args);
        // NDJSON and CSV answers are read as text, so that they can be checked too.
        return test.buffer(true).expect((response: Response) => {
          const exchange = supertestExchange(response as unknown as SupertestLike, (test as unknown as Sent)._data);
          checkLater(() => contract.check(exchange));
        });
      };
    },
  });
}
