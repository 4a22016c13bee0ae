import { JwtService } from '@nestjs/jwt';
import { previousPeriod, type Role } from '#domain';
import type { StoredEvent } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designRuleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { runCli } from '../support/cli.js';
import { logProblems, mdfAccrualProblems, readWholeLog, type AcknowledgedCommand } from '../support/ledger-log.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'processes-reliability-secret-at-least-32-chars';
const jwt = new JwtService({ secret });
const headersOf = (role: Role, key?: string) => ({
  Authorization: `Bearer ${jwt.sign({ sub: `${role}-user`, role }, { expiresIn: '1h' })}`,
  'Content-Type': 'application/json',
  ...(key ? { 'Idempotency-Key': key } : {}),
});
const kills = Number(process.env['PROCESSES_KILLS'] ?? 3);
/** How long one boot may take: seconds on a quiet machine, a minute seen on a busy two-core one. */
const bootMs = 90_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three API processes and one projector+relay process on one data folder; any of them may be killed and restarted. */
class Cluster {
  readonly apis: ServiceProcess[] = [];
  projector!: ServiceProcess;
  private seed = 7;
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    // One at a time: four boots at once on a busy machine have taken over a minute.
    this.projector = await startService({ ...this.env, LEDGER_ROLES: 'projector,relay' }, bootMs);
    for (let index = 0; index < 3; index += 1)
      this.apis.push(await startService({ ...this.env, LEDGER_ROLES: 'api' }, bootMs));
  }

  /** A deterministic sequence, so a failing run can be told apart from another by its kills. */
  random(): number {
    this.seed = (this.seed * 48271) % 2147483647;
    return this.seed / 2147483647;
  }

  api(): ServiceProcess {
    return this.apis[Math.floor(this.random() * this.apis.length)]!;
  }

  /** kill -9 of one process (a random API, or the projector: 3), then a restart with the same roles. */
  async killOne(victim = Math.floor(this.random() * 3)): Promise<string> {
    const target = victim === 3 ? this.projector : this.apis[victim]!;
    target.child.kill('SIGKILL');
    await target.exited;
    const roles = victim === 3 ? 'projector,relay' : 'api';
    const restarted = await startService({ ...this.env, LEDGER_ROLES: roles }, bootMs);
    if (victim === 3) this.projector = restarted;
    else this.apis[victim] = restarted;
    return victim === 3 ? 'projector' : `api ${victim}`;
  }

  async stop(): Promise<void> {
    for (const service of [...this.apis, this.projector]) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function send(baseUrl: string, method: string, path: string, role: Role, body?: unknown, key?: string) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: headersOf(role, key),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> } satisfies Answer;
}

/**
 * A client that retries a command with the same key on another API process when the one it asked dies
 * (a refused connection or a reset), as a real client would; any 5xx or other refusal is a failure.
 */
class Client {
  constructor(
    private readonly cluster: Cluster,
    private readonly acknowledged: AcknowledgedCommand[],
    readonly failures: string[],
  ) {}

  async command(role: Role, path: string, body: unknown, key: string, stream: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      let answer: Answer;
      try {
        answer = await send(this.cluster.api().baseUrl, 'POST', path, role, body, key);
      } catch {
        await sleep(100);
        continue;
      }
      if (answer.status < 300) {
        this.acknowledged.push({ key: clientIdempotencyKey(`${role}-user`, key), stream });
        return String(answer.body['position']);
      }
      this.failures.push(`${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      return undefined;
    }
    this.failures.push(`${path}: no API process answered in 20 attempts`);
    return undefined;
  }

  /** Reads the partner from a random API process with ?after=: another process wrote it, it must be there. */
  async readBack(partnerId: string, position: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      try {
        const answer = await send(this.cluster.api().baseUrl, 'GET', `/partners/${partnerId}?after=${position}`, 'ops');
        if (answer.status !== 200)
          this.failures.push(`read ${partnerId}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return;
      } catch {
        await sleep(100);
      }
    }
  }

  /** Enrolls partners, opens and wins a deal for each (in 2026-Q3), and reads each partner back. */
  async run(prefix: string, stop: () => boolean, partners: string[]): Promise<void> {
    for (let index = 0; !stop(); index += 1) {
      const partnerId = `${prefix}-${index}`;
      const dealId = `d-${partnerId}`;
      const enrolled = await this.command(
        'partner_manager',
        '/partners',
        { partnerId, name: partnerId, kind: 'reseller', region: 'EMEA', enrolledAt: '2026-01-01' },
        `${partnerId}:enroll`,
        `partner-${partnerId}`,
      );
      if (enrolled === undefined) return;
      await this.readBack(partnerId, enrolled);
      const deal = {
        dealId,
        customer: { name: `Customer ${dealId}`, domain: `${dealId}.example` },
        partners: [{ partnerId, role: 'sourcing', share: '1' }],
        currency: 'USD',
        openedAt: '2026-08-01',
      };
      if (!(await this.command('partner_manager', '/deals', deal, `${dealId}:open`, `deal-${dealId}`))) return;
      const win = {
        lines: [{ sku: 'S', family: 'software', amount: '1000.00' }],
        billing: 'one_time',
        wonAt: '2026-08-15',
      };
      const path = `/deals/${dealId}/win`;
      if (!(await this.command('partner_manager', path, win, `${dealId}:win`, `deal-${dealId}`))) return;
      partners.push(partnerId);
      // A steady load rather than a flood: the machine also runs the four services.
      await sleep(250);
    }
  }
}

describe('three API processes and one projector+relay process on one data folder, with kill -9', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-processes-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged command, issues each statement once, reads every write back, verifies', async () => {
    const cluster = new Cluster({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: secret,
      RATE_LIMIT_PER_MINUTE: '100000000',
      // A killed projector is back within seconds: reads with ?after= wait for it rather than answer 503.
      READ_WAIT_TIMEOUT_MS: '30000',
    });
    const startedAt = Date.now();
    const phase = (name: string) => process.stdout.write(`processes: ${name} at ${Date.now() - startedAt} ms\n`);
    await cluster.start();
    phase('started');
    const acknowledged: AcknowledgedCommand[] = [];
    const failures: string[] = [];
    const client = () => new Client(cluster, acknowledged, failures);
    try {
      // Every won deal accrues MDF (a registered rate; no quarter closes here): the funds are checked at the end.
      const launch = designRuleSet();
      const mdf = { accrualRates: { ...launch.mdf.accrualRates, registered: '0.005' } };
      const rules = { ...launch, mdf, rationale: 'launch' };
      expect(await client().command('ops', '/rule-sets', rules, 'rules', 'program')).toBeDefined();

      let stop = false;
      const partners: string[] = [];
      const load = Promise.all(
        Array.from({ length: 4 }, (_, index) => client().run(`c${index}`, () => stop, partners)),
      );
      const killed: string[] = [];
      for (let kill = 0; kill < kills; kill += 1) {
        await sleep(1000 + Math.floor(cluster.random() * 1000));
        // The second kill is always the projector's: the API processes then wait for its successor.
        killed.push(await cluster.killOne(kill === 1 ? 3 : undefined));
      }
      stop = true;
      await load;
      expect(failures).toEqual([]);
      expect(killed).toHaveLength(kills);
      expect(partners.length).toBeGreaterThan(kills);

      phase('load done');
      await issueStatementsFromEveryProcess(cluster, client(), partners, killed);
      expect(failures).toEqual([]);
      process.stdout.write(
        `processes: ${killed.length} kills (${killed.join(', ')}), ${acknowledged.length} commands acknowledged, ` +
          `${partners.length} partners\n`,
      );
    } finally {
      await cluster.stop();
    }

    phase('statements done');
    const events = await readWholeLog(dataDir);
    expect(logProblems(events, acknowledged)).toEqual([]);
    expect(events.filter((event) => event.type === 'PayoutStatementIssued').length).toBeGreaterThanOrEqual(24);
    expect(statementProblems(events)).toEqual([]);
    const verify = runCli(dataDir, secret, 'verify');
    expect({ status: verify.status, failed: verify.stderr.includes('verify failed') }).toEqual({
      status: 0,
      failed: false,
    });
    expect(verify.stdout).toContain('chain: ok');
    // What the MDF reactor (in the projector process, killed and taken over) accrued is what the rows say.
    const mdfAccruals = mdfAccrualProblems(events, join(dataDir, 'read-models.sqlite'));
    expect(mdfAccruals.problems).toEqual([]);
    expect(mdfAccruals.compared).toBeGreaterThan(kills);
    phase(`verified, ${mdfAccruals.compared} MDF accruals in their funds,`);
  }, 300_000);
});

/** Asks each API process at once for one statement each (`periods[process]`), each with its own key. */
async function issueAtOnce(client: Client, partnerId: string, periods: readonly string[]) {
  return Promise.all(
    periods.map(async (period, process) => {
      const key = `issue-${partnerId}-${period}-${process}`;
      const stream = `statement-${partnerId}-${period}`;
      const position = await client.command('finance', '/statements', { partnerId, period }, key, stream);
      return { partnerId, position };
    }),
  );
}

/**
 * Closes 2026-Q1 to Q3, then asks the three API processes at once for statements, killing one process
 * meanwhile. Twelve partners are asked for Q1, Q2 and Q3 at once (each would be the partner's first
 * statement): whichever is issued, the rest are refused as out of order. Twelve more are asked for Q3 by
 * all three: one is issued, the others are told it already is. Then every API process reads them.
 */
async function issueStatementsFromEveryProcess(
  cluster: Cluster,
  client: Client,
  partners: readonly string[],
  killed: string[],
): Promise<void> {
  for (const period of ['2026-Q1', '2026-Q2', '2026-Q3'])
    expect(await client.command('finance', `/periods/${period}/close`, {}, `close-${period}`, 'program')).toBeDefined();
  expect(partners.length).toBeGreaterThanOrEqual(24);
  const killing = sleep(300).then(async () => killed.push(await cluster.killOne()));
  const [firsts, sames] = await Promise.all([
    Promise.all(partners.slice(0, 12).map((id) => issueAtOnce(client, id, ['2026-Q1', '2026-Q2', '2026-Q3']))),
    Promise.all(partners.slice(12, 24).map((id) => issueAtOnce(client, id, ['2026-Q3', '2026-Q3', '2026-Q3']))),
  ]);
  await killing;
  // The refusals expected here were recorded as failures by the client: take them back out.
  const expected = /STATEMENT_ALREADY_ISSUED|STATEMENT_PERIOD_OUT_OF_ORDER/;
  const unexpected = client.failures.splice(0).filter((failure) => !expected.test(failure));
  client.failures.push(...unexpected);
  for (const answers of [...firsts, ...sames])
    expect(answers.filter((answer) => answer.position).length).toBeGreaterThanOrEqual(1);
  for (const answers of sames) expect(answers.filter((answer) => answer.position).length).toBe(1);
  // Every API process reads each partner's statements with ?after= the newest position.
  const head = [...firsts, ...sames]
    .flat()
    .reduce((max, answer) => (answer.position && BigInt(answer.position) > max ? BigInt(answer.position) : max), 0n);
  for (const api of cluster.apis) {
    for (const partnerId of partners.slice(0, 24)) {
      const read = await send(api.baseUrl, 'GET', `/statements?partnerId=${partnerId}&after=${head}`, 'finance');
      const count = (read.body['statements'] as unknown[] | undefined)?.length ?? 0;
      if (read.status !== 200 || count === 0)
        client.failures.push(`statements of ${partnerId} from ${api.baseUrl}: ${read.status}, ${count}`);
    }
  }
}

/** What breaks the statement rules in the log: a period issued twice, or a partner's periods not consecutive. */
function statementProblems(events: readonly StoredEvent[]): string[] {
  const issued = events.filter((event) => event.type === 'PayoutStatementIssued');
  const problems = issued
    .filter((event, index) => issued.findIndex((other) => other.stream === event.stream) !== index)
    .map((event) => `${event.stream} issued twice`);
  const periodsByPartner = new Map<string, string[]>();
  for (const { data } of issued) {
    const { partnerId, period } = data as { partnerId: string; period: string };
    periodsByPartner.set(partnerId, [...(periodsByPartner.get(partnerId) ?? []), period]);
  }
  for (const [partnerId, periods] of periodsByPartner) {
    const sorted = [...new Set(periods)].sort();
    const consecutive = sorted.every((period, index) => index === 0 || previousPeriod(period) === sorted[index - 1]);
    if (!consecutive) problems.push(`${partnerId} has statements for ${sorted.join(', ')}: not one after another`);
  }
  return problems;
}
