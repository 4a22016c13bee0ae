import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { EventStore } from '#event-store';
import fc from 'fast-check';
import { roles } from '#domain';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { commandRoutes } from '../../apps/ledger/src/imports/command-routes.js';
import { isStatementCommand } from '../../apps/ledger/src/imports/import-lines.js';
import { importLines } from '../../bench/support/import-file.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

const runs = Number(process.env['FUZZ_RUNS'] ?? 10_000);
// Each test's limit grows with the runs asked for (npm run test:fuzz asks for ten times npm test's).
const timeoutMs = Math.max(600_000, runs * 20);
const knownIds = ['acme', 'initech', 'd1', 'r1', 'acme-2026-Q1', 'c1', 'm1', 'claim-1', 'nobody', '2026-Q1', '2025-Q4'];

/** Values a careless or hostile client might send anywhere. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e9',
    'NaN',
    '9'.repeat(40),
    '0.001',
    '1000.00',
    '2026-02-30',
    '2026-02-10',
    '2026-Q5',
    'null',
    'true',
    '../..',
    '%00',
    '\u0000',
    '💥',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileValue,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Bodies near the shape the routes expect, with fields dropped, retyped or added. */
const body = fc.oneof(
  jsonValue,
  fc.record(
    {
      partnerId: fc.oneof(fc.constantFrom(...knownIds), hostileValue),
      name: hostileValue,
      kind: fc.oneof(fc.constantFrom('reseller', 'referral', 'technology'), hostileValue),
      region: hostileValue,
      reason: hostileValue,
      settlement: fc.oneof(fc.constantFrom('accelerate', 'forfeit_unvested'), hostileValue),
      dealId: fc.oneof(fc.constantFrom(...knownIds), hostileValue),
      registrationId: fc.oneof(fc.constantFrom(...knownIds), hostileValue),
      customer: fc.oneof(
        fc.record({
          name: hostileValue,
          domain: fc.oneof(fc.constantFrom('globex.com', 'WWW.GLOBEX.COM.', 'bad domain'), hostileValue),
        }),
        hostileValue,
      ),
      partners: fc.oneof(
        fc.array(
          fc.record({
            partnerId: fc.constantFrom(...knownIds),
            role: fc.oneof(fc.constantFrom('sourcing', 'influencing'), hostileValue),
            share: fc.oneof(fc.constantFrom('0.5', '1', '0.999', '1.5'), hostileValue),
          }),
          { maxLength: 3 },
        ),
        hostileValue,
      ),
      currency: fc.oneof(fc.constantFrom('USD', 'EUR', 'JPY', 'usd'), hostileValue),
      lines: fc.oneof(
        fc.array(
          fc.record({
            sku: hostileValue,
            family: hostileValue,
            amount: fc.oneof(fc.constantFrom('1000.00', '-5.00', '0.001'), hostileValue),
            discount: hostileValue,
          }),
          { maxLength: 3 },
        ),
        hostileValue,
      ),
      amount: fc.oneof(fc.constantFrom('10.00', '-10.00', '99999999.99'), hostileValue),
      fxRate: hostileValue,
      billing: fc.oneof(fc.constantFrom('one_time', 'recurring'), hostileValue),
      termMonths: hostileValue,
      wonAt: fc.oneof(fc.constantFrom('2026-02-10', '2026-02-11', '2030-01-01'), hostileValue),
      period: fc.oneof(fc.constantFrom('2026-Q1', '2025-Q4'), hostileValue),
      version: hostileValue,
      effectiveFrom: hostileValue,
      projections: fc.oneof(fc.array(fc.constantFrom('partners', 'deals', 'nope'), { maxLength: 2 }), hostileValue),
    },
    { requiredKeys: [] },
  ),
);

const token = fc.oneof(
  fc
    .record({ role: fc.constantFrom(...roles), partnerId: fc.constantFrom('acme', 'initech') })
    .map((claims) => ({ kind: 'role' as const, ...claims })),
  fc.constantFrom({ kind: 'none' as const }, { kind: 'garbage' as const }),
);

describe(`fuzzing every endpoint (${runs} generated requests)`, () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  let routes: Route[];

  beforeAll(async () => {
    ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '100000000' });
    store = ledger.app.get(EVENT_STORE);
    const manager = ledger.auth('partner_manager');
    for (const partnerId of ['acme', 'initech'])
      await ledger.http
        .post('/partners')
        .set(manager)
        .send({ partnerId, name: partnerId, kind: 'reseller', region: 'EMEA' })
        .expect(201);
    await ledger.http
      .post('/deals')
      .set(manager)
      .send({
        dealId: 'd1',
        customer: { name: 'Globex', domain: 'globex.com' },
        partners: [{ partnerId: 'acme', role: 'sourcing', share: '1' }],
        currency: 'USD',
      })
      .expect(201);
    const document = SwaggerModule.createDocument(ledger.app, new DocumentBuilder().build());
    routes = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const)
        .filter((method) => item[method])
        .map((method) => ({ method: method.toUpperCase() as Route['method'], path })),
    );
  });
  afterAll(() => ledger.close());

  it('finds the routes to fuzz in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/partners' },
        { method: 'GET', path: '/events' },
      ]),
    );
  });

  it(
    'never answers 5xx, and changes nothing when it answers 4xx',
    async () => {
      const fastify = ledger.app.getHttpAdapter().getInstance();
      let requests = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.array(
            fc.oneof(
              fc.constantFrom(...knownIds),
              fc.string({ maxLength: 20 }),
              fc.constantFrom('%2e%2e', '%ZZ', 'a/b', '💥', 'x'.repeat(300)),
            ),
            { minLength: 3, maxLength: 3 },
          ),
          fc.dictionary(
            fc.constantFrom(
              'after',
              'limit',
              'offset',
              'period',
              'asOf',
              'status',
              'kind',
              'region',
              'format',
              'partnerId',
              'stream',
              'on',
              fc.string({ maxLength: 8 }) as unknown as string,
            ),
            fc.oneof(
              hostileValue.map(String),
              fc.constantFrom('1', '0', '99999999999999999999', 'csv', '2026-Q1', '2026-02-10'),
            ),
            { maxKeys: 4 },
          ),
          body,
          token,
          fc.record({
            idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('k1', 'k2', 'é', ' '))),
            contentType: fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              undefined,
            ),
          }),
          async (routeIndex, segments, query, payload, credentials, extra) => {
            const route = routes[routeIndex % routes.length]!;
            let segment = 0;
            const path = route.path.replace(/\{[^}]+\}/g, () =>
              encodeURIComponent(segments[segment++ % segments.length]!),
            );
            const search = new URLSearchParams(
              Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
            ).toString();
            const headers: Record<string, string> = {};
            if (credentials.kind === 'role') {
              const partnerId = credentials.role === 'partner' ? credentials.partnerId : undefined;
              headers['authorization'] =
                `Bearer ${ledger.token(credentials.role, `${credentials.role}-fuzz`, partnerId)}`;
            }
            if (credentials.kind === 'garbage') headers['authorization'] = 'Bearer not.a.token';
            if (extra.idempotencyKey !== null) headers['idempotency-key'] = extra.idempotencyKey;
            if (extra.contentType) headers['content-type'] = extra.contentType;
            const head = await store.headPosition();
            const response = await fastify.inject({
              method: route.method,
              url: search ? `${path}?${search}` : path,
              headers,
              // Non-JSON content types get the same bytes, which the server must refuse as unsupported.
              ...(route.method === 'POST' ? { payload: JSON.stringify(payload) ?? '' } : {}),
            });
            requests += 1;
            if (response.statusCode >= 500)
              throw new Error(
                `${route.method} ${path}?${search} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
              );
            if (response.statusCode >= 400 && (await store.headPosition()) !== head) {
              throw new Error(
                `${route.method} ${path} answered ${response.statusCode} ` +
                  `but the log moved from ${head}: ${response.body.slice(0, 300)}`,
              );
            }
          },
        ),
        { numRuns: runs, seed: Number(process.env['FUZZ_SEED'] ?? 20261121) },
      );
      expect(requests).toBe(runs);
    },
    timeoutMs,
  );
});

/**
 * An import's lines: well-formed valid lines of the import bench (partners, deals opened, won and refunded), one in
 * ten with a field of its body replaced by a hostile value or removed, so that lines reach the deciders; between
 * them, generated lines for every command route (hostile keys, methods, paths and bodies) and lines that are no JSON.
 */
function importFuzzLines(count: number, seed: number): string[] {
  const paths = commandRoutes.map((route) => route.route.slice('POST '.length));
  const path = fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom(...knownIds, '%ZZ', 'x'.repeat(300)))
    .map(([route, id]) => route.replace(/:[A-Za-z]+/g, id));
  const generated = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record(
          {
            key: fc.oneof(fc.uuid(), hostileValue),
            method: fc.oneof(fc.constant('POST'), hostileValue),
            path: fc.oneof(path, hostileValue),
            body,
          },
          { requiredKeys: [] },
        )
        .map((line) => JSON.stringify(line)),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter((text) => !text.includes('\n')) },
  );
  const hostile = fc.sample(generated, { numRuns: count, seed });
  const values = fc.sample(hostileValue, { numRuns: count, seed: seed + 1 });
  return importLines(count, 'fz').flatMap((text, index) => {
    const line = JSON.parse(text) as { path: string; body: Record<string, unknown> };
    const keys = Object.keys(line.body);
    if (index % 10 === 7 && line.path !== '/partners') {
      const key = keys[index % keys.length]!;
      if (index % 20 === 7) delete line.body[key];
      else line.body[key] = values[index];
    }
    return index % 2 === 0 ? [JSON.stringify(line), hostile[index]!] : [JSON.stringify(line)];
  });
}

type Outcome = { line: number; status: number; error?: string };

/**
 * How a dry run's refusals differ from the real run's: a dry run decides each line on the ones before it, so both
 * refuse the same lines alike, up to the first statement command the real run applied (a dry run checks those by
 * their validation alone, and builds no read models; they are left out of the comparison).
 */
function dryRunRefusals(lines: readonly string[], dry: readonly Outcome[], real: readonly Outcome[]) {
  const validatedOnly = new Set<number>();
  lines.forEach((text, index) => {
    try {
      const { path } = JSON.parse(text) as { path?: unknown };
      if (typeof path === 'string' && isStatementCommand(path)) validatedOnly.add(index + 1);
    } catch {
      // Not JSON: refused alike by both.
    }
  });
  const until = real.find((outcome) => validatedOnly.has(outcome.line) && outcome.status < 300)?.line ?? Infinity;
  const compared = (outcomes: readonly Outcome[]) =>
    outcomes
      .filter((outcome) => outcome.error && outcome.line < until && !validatedOnly.has(outcome.line))
      .map((outcome) => `${outcome.line} ${outcome.status} ${outcome.error}`);
  const [fromDry, fromReal] = [compared(dry), compared(real)];
  const [dryRefused, realRefused] = [new Set(fromDry), new Set(fromReal)];
  return {
    missed: fromReal.filter((refusal) => !dryRefused.has(refusal)),
    extra: fromDry.filter((refusal) => !realRefused.has(refusal)),
  };
}

describe(`fuzzing imports (${Math.ceil(runs / 5)} bench lines and generated lines between them)`, () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const importer = 'fuzzer';

  beforeAll(async () => {
    ledger = await startLedger({ RATE_LIMIT_PER_MINUTE: '100000000' });
    store = ledger.app.get(EVENT_STORE);
  });
  afterAll(() => ledger.close());

  async function importText(text: string, dryRun: boolean) {
    const auth = ledger.auth('admin', importer);
    const started = await ledger.http
      .post(`/imports${dryRun ? '?dryRun=true' : ''}`)
      .set(auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(text)
      .expect(202);
    for (;;) {
      const polled = await ledger.http
        .get(`/imports/${started.body.importId as string}`)
        .set(auth)
        .expect(200);
      if (polled.body.status !== 'running')
        return polled.body as {
          status: string;
          result: {
            applied: number;
            lines: Array<{ line: number; status: number; error?: string; replayed?: boolean }>;
          };
        };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it(
    'never answers a line 5xx, and appends for the lines it applies and for no other',
    async () => {
      const lines = importFuzzLines(Math.ceil(runs / 5), Number(process.env['FUZZ_SEED'] ?? 20261207));
      // A dry run, the real run, and the same file again: its applied lines are replays now, and append nothing.
      const answers = [];
      for (const [run, dryRun] of [true, false, false].entries()) {
        const head = await store.headPosition();
        const answer = await importText(`${lines.join('\n')}\n`, dryRun);
        answers.push(answer);
        expect(answer.status).toBe('completed');
        expect(answer.result.lines.filter((line) => line.status >= 500)).toEqual([]);
        const keys = new Set<string>();
        for (let after = head, page = await store.readAll({ after, limit: 1000 }); page.length > 0;) {
          for (const { metadata } of page)
            if (metadata.idempotencyKey.startsWith(clientIdempotencyKey(importer, '')))
              keys.add(metadata.idempotencyKey);
          after = page.at(-1)!.position;
          page = await store.readAll({ after, limit: 1000 });
        }
        const applied = answer.result.lines.filter((line) => line.status < 300 && line.replayed !== true).length;
        expect([keys.size, answer.result.applied]).toEqual([applied, applied]);
        // In the real run, the bench's lines left valid reach the deciders and take effect.
        if (run === 1) expect(applied).toBeGreaterThan(lines.length / 3);
        else expect(applied).toBe(0);
      }
      expect(dryRunRefusals(lines, answers[0]!.result.lines, answers[1]!.result.lines)).toEqual({
        missed: [],
        extra: [],
      });
    },
    timeoutMs,
  );
});
