import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { designRuleSetDocument, partnerStream, type Role } from '#domain';
import { JwtService } from '@nestjs/jwt';
import type { EventStore } from '#event-store';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { convertCrmDeals } from '../../apps/ledger/src/imports/crm-deals.js';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { importLines, line } from '../../bench/support/import-file.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

interface ImportAnswer {
  importId: string;
  status: string;
  failure?: string;
  progress: { done: number; total: number; errors: number };
  errors: Array<{ line: number; status: number; error: string; message: string; details: unknown }>;
  result: {
    applied: number;
    replayed: number;
    refused: number;
    notRun: number;
    validatedOnly: number;
    lines: Array<{ line: number; position?: string; error?: string }>;
  } | null;
}

/** A deal opened for one sourcing partner, and the body that wins it with one product line. */
function dealOpened(dealId: string, partnerId: string) {
  return {
    dealId,
    customer: { name: `Customer ${dealId}`, domain: `${dealId}.example.com` },
    partners: [{ partnerId, role: 'sourcing', share: '1' }],
    currency: 'USD',
    openedAt: '2026-01-05',
  };
}
const dealWon = {
  lines: [{ sku: 'PLAT', family: 'platform', amount: '900.00' }],
  billing: 'one_time',
  wonAt: '2026-02-02',
};

describe('imports over HTTP', () => {
  let ledger: LedgerHarness;
  // The store the imports append to, to see what they appended (or did not).
  let store: EventStore;
  afterEach(() => ledger.close());
  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
  });

  /** Posts an NDJSON body and waits until the import is no longer running. */
  async function importText(text: string | Buffer, query = '', role: Role = 'partner_manager'): Promise<ImportAnswer> {
    const started = await ledger.http
      .post(`/imports${query}`)
      .set(ledger.auth(role, 'maria'))
      .set('Content-Type', 'application/x-ndjson')
      .send(text)
      .expect(202);
    const { importId } = started.body as ImportAnswer;
    expect(started.headers['location']).toBe(`/imports/${importId}`);
    return finished(importId, role);
  }

  async function finished(importId: string, role: Role = 'partner_manager'): Promise<ImportAnswer> {
    for (;;) {
      const polled = await ledger.http.get(`/imports/${importId}`).set(ledger.auth(role, 'maria'));
      expect(polled.status).toBe(200);
      const answer = polled.body as ImportAnswer;
      if (answer.status !== 'running') return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('imports a few thousand commands in file order, and a second run appends nothing', async () => {
    const text = `${importLines(2000).join('\n')}\n`;
    const first = await importText(text);
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ status: 'completed', progress: { done: 2000, total: 2000, errors: 0 } });
    expect(first.result).toMatchObject({ applied: 2000, replayed: 0, refused: 0, notRun: 0 });
    const positions = first.result!.lines.map((outcome) => BigInt(outcome.position!));
    expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
    const head = await store.headPosition();

    const second = await importText(text);
    expect(second.result).toMatchObject({ applied: 0, replayed: 2000, refused: 0 });
    expect(await store.headPosition()).toBe(head);
  }, 240_000);

  it('decides a batch line on the lines before it, answers stored positions, and re-runs as replays', async () => {
    const open = dealOpened('bd-1', 'bp-1');
    const win = dealWon;
    const lines = [
      line('b-enroll', '/partners', {
        partnerId: 'bp-1',
        name: 'Batch P',
        kind: 'reseller',
        region: 'EMEA',
        enrolledAt: '2025-01-01',
      }),
      // Reads the partner enrolled by the line before, in the same batch.
      line('b-open', '/deals', open),
      // Appends to the stream the line before appended to.
      line('b-win', '/deals/bd-1/win', win),
      // The same key and body again: the first one's answer, its position included.
      line('b-win', '/deals/bd-1/win', win),
      // Refused by the decider in the middle of the batch; the lines after it still run.
      line('b-win-again', '/deals/bd-1/win', win),
      line('b-refund', '/deals/bd-1/refund', { amount: '100.00', refundedAt: '2026-02-09' }),
    ];
    const first = await importText(lines.join('\n'));
    expect(first.errors.map((error) => [error.line, error.error])).toEqual([[5, 'DEAL_NOT_OPEN']]);
    expect(first.result).toMatchObject({ applied: 4, replayed: 1, refused: 1 });
    const outcomes = first.result!.lines;
    expect(outcomes[3]!.position).toBe(outcomes[2]!.position);
    // Each answered position is the stored event of that line's key.
    const log = await store.readAll({ after: 0n, limit: 100 });
    const keyAt = new Map(log.map((event) => [String(event.position), event.metadata.idempotencyKey]));
    for (const index of [0, 1, 2, 5])
      expect(keyAt.get(outcomes[index]!.position!)).toBe(clientIdempotencyKey('maria', JSON.parse(lines[index]!).key));
    const head = await store.headPosition();

    const second = await importText(lines.join('\n'));
    expect(second.result).toMatchObject({ applied: 0, replayed: 5, refused: 1 });
    expect(second.result!.lines.map((outcome) => outcome.position)).toEqual(
      outcomes.map((outcome) => outcome.position),
    );
    expect(await store.headPosition()).toBe(head);
  });

  it('lists exactly the three bad lines of a dry run by line number, and appends nothing', async () => {
    const lines = importLines(400);
    // Lines no later line depends on (two refunds, a win): a dry run decides each line on the ones before it, so a
    // broken enrollment would refuse its partner's deals too, as the real run would.
    lines[18] = '{"key": "broken", "method": "POST", ';
    lines[99] = line('bad-amount', '/deals/imp-d40/refund', { amount: 'a lot', refundedAt: '2026-02-09' });
    lines[249] = line('no-route', '/deals/imp-d3/teleport', {});
    const head = await store.headPosition();
    const dryRun = await importText(lines.join('\n'), '?dryRun=true');
    expect(dryRun.status).toBe('completed');
    expect(dryRun.errors.map((error) => [error.line, error.error])).toEqual([
      [19, 'VALIDATION_FAILED'],
      [100, 'VALIDATION_FAILED'],
      [250, 'ROUTE_NOT_FOUND'],
    ]);
    expect(dryRun.errors[1]!.details).toMatchObject({ fields: [expect.objectContaining({ field: 'amount' })] });
    expect(dryRun.result!.lines.map((outcome) => outcome.line)).toEqual([19, 100, 250]);
    expect(await store.headPosition()).toBe(head);
  });

  it("decides a dry run's lines on the ones before it: it refuses what the real run refuses", async () => {
    const partner = { partnerId: 'dp-1', name: 'Dry P', kind: 'reseller', region: 'EMEA', enrolledAt: '2025-01-01' };
    const lines = [
      line('d-enroll', '/partners', partner),
      // Lines 2, 3 and 10 need lines before them; 4 to 8 are refused by their deciders. A dry run that only
      // validated passed all of them.
      line('d-open-1', '/deals', dealOpened('dd-1', 'dp-1')),
      line('d-win-1', '/deals/dd-1/win', dealWon),
      line('d-open-2', '/deals', dealOpened('dd-2', 'dp-nobody')),
      line('d-win-again', '/deals/dd-1/win', dealWon),
      line('d-refund', '/deals/dd-9/refund', { amount: '100.00', refundedAt: '2026-02-09' }),
      line('d-enroll', '/partners', partner),
      line('d-enroll', '/partners', { ...partner, region: 'APAC' }),
      line('d-close', '/periods/2026-Q1/close', {}),
      line('d-refund-1', '/deals/dd-1/refund', { amount: '100.00', refundedAt: '2026-02-09' }),
      // Decided on read models, which a dry run does not build from its lines: checked by its validation alone.
      line('d-statement', '/statements', { partnerId: 'dp-1', period: '2026-Q1' }),
    ];
    const head = await store.headPosition();
    // An admin: who may close periods and issue statements, so those lines reach their validation and decider.
    const dryRun = await importText(lines.join('\n'), '?dryRun=true', 'admin');
    expect(await store.headPosition()).toBe(head);
    const refusals = (answer: ImportAnswer) =>
      answer.result!.lines.filter((outcome) => outcome.error).map((outcome) => [outcome.line, outcome.error]);
    expect(refusals(dryRun)).toEqual([
      [4, 'PARTNER_NOT_FOUND'],
      [5, 'DEAL_NOT_OPEN'],
      [6, 'DEAL_NOT_FOUND'],
      [8, 'IDEMPOTENCY_KEY_REUSED'],
      [9, 'PERIOD_NOT_ENDED'],
    ]);
    expect(dryRun.result).toMatchObject({ applied: 0, refused: 5, validatedOnly: 1 });

    const real = await importText(lines.join('\n'), '', 'admin');
    expect(refusals(real)).toEqual([...refusals(dryRun), [11, 'STATEMENT_PERIOD_NOT_CLOSED']]);
    expect(real.result).toMatchObject({ applied: 4, replayed: 1, refused: 6, validatedOnly: 0 });
  });

  it("holds a dry run's appends up to LEDGER_DRY_RUN_BYTES_MAX, then checks the rest by validation", async () => {
    await ledger.close();
    ledger = await startLedger({ LEDGER_DRY_RUN_BYTES_MAX: '1' });
    store = ledger.app.get(EVENT_STORE);
    const enroll = (index: number) =>
      line(`cap-enroll-${index}`, '/partners', {
        partnerId: `cap-p${index}`,
        name: `Partner ${index}`,
        kind: 'reseller',
        region: 'EMEA',
        enrolledAt: '2025-01-01',
      });
    // More lines than one of the dry run's batches holds (1,000): the bound is looked at between batches.
    const lines = [
      ...Array.from({ length: 1000 }, (_, index) => enroll(index)),
      line('cap-open', '/deals', dealOpened('cap-d', 'cap-nobody')),
    ];
    const dryRun = await importText(lines.join('\n'), '?dryRun=true');
    expect(dryRun.result).toMatchObject({ refused: 0 });
    expect(dryRun.result!.validatedOnly).toBeGreaterThanOrEqual(1);
    const real = await importText(lines.join('\n'));
    expect(
      real.result!.lines.filter((outcome) => outcome.error).map((outcome) => [outcome.line, outcome.error]),
    ).toEqual([[1001, 'PARTNER_NOT_FOUND']]);
  });

  it('lists the first 100 refused lines of a file in the wrong shape, and every one once it is done', async () => {
    const lines = Array.from({ length: 250 }, (_, index) => line(`bad-${index}`, '/partners', { partnerId: 'p x' }));
    for (const query of ['', '?dryRun=true']) {
      const answer = await importText(lines.join('\n'), query);
      expect(answer.progress).toMatchObject({ done: 250, errors: 250 });
      expect(answer.errors.map((error) => error.line)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      expect(answer.result).toMatchObject({ applied: 0, refused: 250 });
      const refused = answer.result!.lines.filter((outcome) => outcome.error === 'VALIDATION_FAILED');
      expect(refused.map((outcome) => outcome.line)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    }
  });

  it('reports a refused line with the route answer and runs the rest, unless stopOnError', async () => {
    const lines = importLines(30);
    const win = JSON.parse(lines.find((text) => text.includes('/win'))!) as { body: unknown };
    lines.splice(2, 0, line('win-unknown', '/deals/nowhere/win', win.body));
    const answer = await importText(lines.join('\n'));
    expect(answer.result).toMatchObject({ applied: 30, refused: 1 });
    expect(answer.errors).toEqual([expect.objectContaining({ line: 3, status: 404, error: 'DEAL_NOT_FOUND' })]);

    const stopping = [line('bad', '/partners', { partnerId: 'x' }), ...importLines(10, 'other')];
    const stopped = await importText(stopping.join('\n'), '?stopOnError=true');
    expect(stopped).toMatchObject({ status: 'stopped', result: { applied: 0, refused: 1, notRun: 10 } });
  });

  it('imports the CRM deals CSV sample with the commissions of the same deals entered one by one', async () => {
    const sample = readFileSync(join(import.meta.dirname, '../../docs/samples/crm-deals.csv'), 'utf8');
    const conversion = convertCrmDeals(sample);
    expect(conversion.errors).toEqual([]);
    await ledger.publish(designRuleSetDocument());
    await ledger.enroll('acme', 'initech');
    const imported = await importText(conversion.commands.map((command) => command.ndjson).join('\n'));
    expect(imported.result).toMatchObject({ applied: 7, refused: 0 });

    const byHand = await startLedger();
    try {
      await byHand.publish(designRuleSetDocument());
      await byHand.enroll('acme', 'initech');
      await enterSampleByHand(byHand);
      for (const partnerId of ['acme', 'initech']) {
        const fromImport = await commissionsOf(ledger, partnerId);
        const fromHttp = await commissionsOf(byHand, partnerId);
        expect(fromImport.length).toBeGreaterThan(0);
        expect(fromImport).toEqual(fromHttp);
      }
    } finally {
      await byHand.close();
    }
  });

  it('answers each line as its route answers the same request, roles and error bodies included', async () => {
    const refund = { amount: 'a lot', refundedAt: '2026-02-09' };
    const deep = { name: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] };
    const wide = Object.fromEntries(Array.from({ length: 4001 }, (_, index) => [`extra${index}`, index]));
    const lines = [
      ...importLines(3),
      line('refund-bad', '/deals/imp-d0/refund', refund),
      line('rules', '/rule-sets', { version: '2026.9', rationale: 'x' }),
      line('close', '/periods/2026-Q1/close', {}),
      line('simulate', '/rule-sets/simulate', {}),
      line('bad-id', '/deals/bad%20id/win', {}),
      line('deep', '/partners', deep),
      line('wide', '/partners', wide),
      line('bad-escape', '/deals/%E0%A4%A/win', {}),
      line('nul', '/partners', { partnerId: 'nul', name: 'A\u0000B', kind: 'reseller', region: 'EMEA' }),
      line('surrogate', '/deals', { dealId: 'sur', customer: { name: 'A\ud800' }, partners: [], currency: 'EUR' }),
    ];
    const answer = await importText(lines.join('\n'));
    const byLine = new Map(answer.errors.map((error) => [error.line, error]));
    expect([...byLine.keys()]).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // The same requests over HTTP, by the same importer: the same status and body.
    const asMaria = ledger.auth('partner_manager', 'maria');
    const overHttp = async (path: string, body: object, key: string) => {
      const response = await ledger.http.post(path).set(asMaria).set('Idempotency-Key', key).send(body);
      return { status: response.status, body: response.body as Record<string, unknown> };
    };
    const pick = (error: ImportAnswer['errors'][number]) => ({
      status: error.status,
      body: { error: error.error, message: error.message, details: error.details },
    });
    expect(pick(byLine.get(4)!)).toEqual(await overHttp('/deals/imp-d0/refund', refund, 'http-refund'));
    expect(pick(byLine.get(5)!)).toEqual(await overHttp('/rule-sets', { version: '2026.9', rationale: 'x' }, 'r'));
    expect(pick(byLine.get(6)!)).toEqual(await overHttp('/periods/2026-Q1/close', {}, 'http-close'));
    expect(byLine.get(5)).toMatchObject({ status: 403, error: 'FORBIDDEN' });
    expect(byLine.get(7)).toMatchObject({
      status: 400,
      details: { fields: [{ field: 'path', rule: 'commandRoute' }] },
    });
    expect(pick(byLine.get(8)!)).toEqual(await overHttp('/deals/bad%20id/win', {}, 'http-bad-id'));
    expect(byLine.get(9)).toMatchObject({ status: 400, error: 'MALFORMED_REQUEST' });
    expect(pick(byLine.get(9)!)).toEqual(await overHttp('/partners', deep, 'http-deep'));
    expect(byLine.get(10)).toMatchObject({ status: 400, details: { rule: 'jsonValuesMax' } });
    expect(pick(byLine.get(10)!)).toEqual(await overHttp('/partners', wide, 'http-wide'));
    // Refused by Fastify's router before any route runs, over HTTP; by the dispatcher for the line.
    expect(byLine.get(11)).toMatchObject({ status: 400, error: 'MALFORMED_REQUEST' });
    expect(pick(byLine.get(11)!)).toEqual(await overHttp('/deals/%E0%A4%A/win', {}, 'http-bad-escape'));
    // Text no field may hold: refused for the field that holds it, before the route's own rules.
    expect(byLine.get(12)).toMatchObject({ status: 400, details: { fields: [{ field: 'name', rule: 'text' }] } });
    expect(pick(byLine.get(12)!)).toEqual(await overHttp('/partners', JSON.parse(lines[11]!).body, 'http-nul'));
    expect(byLine.get(13)).toMatchObject({ details: { fields: [{ field: 'customer.name', rule: 'text' }] } });
    expect(pick(byLine.get(13)!)).toEqual(await overHttp('/deals', JSON.parse(lines[12]!).body, 'http-surrogate'));
  });

  it('refuses a line that is not UTF-8 by its number, and applies the others as they are', async () => {
    const enroll = (id: string, name: string) =>
      line(`utf8-${id}`, '/partners', { partnerId: id, name, kind: 'reseller', region: 'EMEA' });
    // Windows-1252's ü (0xfc) where UTF-8 needs two bytes: decoding would have stored U+FFFD.
    const latin = Buffer.from(enroll('latin', 'M\u00fcller'), 'latin1');
    const text = Buffer.concat([Buffer.from(`${enroll('utf8a', 'Müller')}\n`), latin, Buffer.from('\n')]);
    const answer = await importText(text);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        line: 2,
        status: 400,
        details: { fields: [expect.objectContaining({ rule: 'utf8' })] },
      }),
    ]);
    await ledger.caughtUp();
    const applied = await ledger.http.get('/partners/utf8a').set(ledger.auth('auditor')).expect(200);
    expect(applied.body.name).toBe('Müller');
    await ledger.http.get('/partners/latin').set(ledger.auth('auditor')).expect(404);
  });

  it('decides every line on the true stream while single commands move the streams it writes', async () => {
    await ledger.enroll('race');
    const toggle = (index: number) => (index % 2 === 0 ? 'suspend' : 'reinstate');
    const lines = Array.from({ length: 400 }, (_, index) =>
      line(`race-line-${index}`, `/partners/race/${toggle(index)}`, { reason: 'import' }),
    );
    const started = await ledger.http
      .post('/imports')
      .set(ledger.auth('partner_manager', 'maria'))
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n'))
      .expect(202);
    // Single commands on the same partner while the import's batches are open, each with its own key.
    const single: Array<{ key: string; position?: string; error?: string }> = [];
    for (let index = 0; index < 60; index += 1) {
      const key = `race-http-${index}`;
      const answer = await ledger.http
        .post(`/partners/race/${toggle(index + 1)}`)
        .set(ledger.auth('partner_manager', 'maria'))
        .set('Idempotency-Key', key)
        .send({ reason: 'http' });
      const { position, error } = answer.body as { position?: string; error?: string };
      single.push({ key, ...(position === undefined ? {} : { position }), ...(error === undefined ? {} : { error }) });
    }
    const answer = await finished((started.body as ImportAnswer).importId);
    expect(answer.status).toBe('completed');
    const { events } = await store.readStream(partnerStream('race'));
    // Suspended and reinstated in turn: no command was decided on a state that another one had changed.
    expect(events.slice(1).map((event) => event.type)).toEqual(
      events.slice(1).map((_, index) => (index % 2 === 0 ? 'PartnerSuspended' : 'PartnerReinstated')),
    );
    const keyAt = new Map(events.map((event) => [String(event.position), event.metadata.idempotencyKey]));
    const applied = [
      ...answer.result!.lines.map((outcome) => ({ key: `race-line-${outcome.line - 1}`, position: outcome.position })),
      ...single,
    ].filter((sent) => sent.position !== undefined);
    // Each acknowledged command is the event at its position, once; a refused one appended nothing.
    for (const { key, position } of applied) expect(keyAt.get(position!)).toBe(clientIdempotencyKey('maria', key));
    expect(events).toHaveLength(1 + applied.length);
    const refusals = [...answer.errors, ...single.filter((sent) => sent.position === undefined)];
    // A refusal is the decider's, on the state the others left (never a conflict left unretried).
    const expected = ['PARTNER_NOT_ACTIVE', 'PARTNER_NOT_SUSPENDED'];
    expect(refusals.filter((refusal) => !expected.includes(refusal.error ?? ''))).toEqual([]);
  }, 120_000);

  it('answers GET /imports/:id after a restart, from the record in the data folder', async () => {
    const finished = await importText(importLines(20).join('\n'));
    await ledger.app.close();
    ledger = await startLedger({}, ledger.dataDir);
    const polled = await ledger.http.get(`/imports/${finished.importId}`).set(ledger.auth('partner_manager'));
    expect(polled.status).toBe(200);
    expect(polled.body).toEqual(finished);
  });

  it('ends an import at its next batch when the service stops, and reads it back as interrupted', async () => {
    const lines = importLines(30_000, 'stopped');
    const started = await ledger.http
      .post('/imports')
      .set(ledger.auth('partner_manager', 'maria'))
      .set('Content-Type', 'application/x-ndjson')
      .send(`${lines.join('\n')}\n`)
      .expect(202);
    const { importId } = started.body as ImportAnswer;
    await waitFor(
      async () => (await ledger.http.get(`/imports/${importId}`).set(ledger.auth('partner_manager'))).body,
      (answer: ImportAnswer) => answer.progress.done > 0,
    );
    const logged = jest.spyOn(Logger.prototype, 'error');
    try {
      await ledger.app.close();
      // Nothing failed on the way down: no line ran on a closed store.
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
    ledger = await startLedger({}, ledger.dataDir);
    const after = (await ledger.http.get(`/imports/${importId}`).set(ledger.auth('partner_manager')))
      .body as ImportAnswer;
    expect(after).toMatchObject({ status: 'interrupted', failure: expect.stringContaining('run the file again') });
    // Every line it acknowledged is in the log, and no other (one event per line of this file).
    const events = await ledger.app.get<EventStore>(EVENT_STORE).readAll({ after: 0n, limit: 100_000 });
    expect(events.filter((event) => event.metadata.correlationId === importId)).toHaveLength(after.progress.done);
    expect(after.progress.done).toBeLessThan(lines.length);
  }, 120_000);

  it('refuses a body that is not NDJSON, and a role that may not import', async () => {
    await ledger.http.post('/imports').set(ledger.auth('partner_manager')).send({ key: 'k' }).expect(415);
    await ledger.http
      .post('/imports')
      .set(ledger.auth('finance'))
      .set('Content-Type', 'application/x-ndjson')
      .send(importLines(3).join('\n'))
      .expect(403);
    await ledger.http.get('/imports/imp-unknown').set(ledger.auth('partner_manager')).expect(404);
    // The import's large NDJSON limit is its own: no other route takes that content type.
    const elsewhere = await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .set('Content-Type', 'application/x-ndjson')
      .send(importLines(1)[0])
      .expect(415);
    expect(elsewhere.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('takes a gzip-compressed import, refuses bytes that are not gzip, and bounds what it inflates', async () => {
    const post = (bytes: Buffer) =>
      ledger.http
        .post('/imports')
        .set(ledger.auth('partner_manager', 'maria'))
        .set({ 'Content-Type': 'application/x-ndjson', 'Content-Encoding': 'gzip' })
        .serialize((body: Buffer) => body as unknown as string) // the bytes as given
        .send(bytes);
    const started = await post(gzipSync(`${importLines(300, 'gz').join('\n')}\n`)).expect(202);
    const answer = await finished((started.body as ImportAnswer).importId);
    expect(answer).toMatchObject({ status: 'completed', result: { applied: 300, refused: 0 } });
    const corrupt = await post(Buffer.from('{"key":"k"} is not gzip'));
    expect({ status: corrupt.status, error: corrupt.body.error }).toEqual({ status: 400, error: 'MALFORMED_REQUEST' });
    expect(corrupt.body.message).toMatch(/^The body is not valid gzip: /);
    // 300 MB of zeros in about 300 KB: inflating stops at the import's limit, 256 MB.
    const bomb = await post(gzipSync(Buffer.alloc(300 * 1024 * 1024)));
    expect({ status: bomb.status, error: bomb.body.error }).toEqual({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    // Another encoding, or gzip on another route, stays refused.
    const deflated = await post(deflateSync('{}')).set('Content-Encoding', 'deflate');
    expect(deflated.status).toBe(415);
    const enrollment = await ledger.http
      .post('/partners')
      .set(ledger.auth('partner_manager'))
      .set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      .send(gzipSync('{}'));
    expect(enrollment.status).toBe(415);
  }, 60_000);

  it("stops at the first line refused for the importer's expired token, and says to run the file again", async () => {
    // No clock skew allowed, a token that expires two seconds in, and an import that takes longer.
    const strict = await startLedger({ LEDGER_JWT_CLOCK_SKEW_SECONDS: '0' });
    try {
      const token = strict.app.get(JwtService).sign({ sub: 'maria', role: 'partner_manager' }, { expiresIn: 2 });
      const lines = importLines(30_000, 'expiring');
      const authorization = { Authorization: `Bearer ${token}` };
      const started = await strict.http
        .post('/imports')
        .set({ ...authorization, 'Content-Type': 'application/x-ndjson' })
        .send(`${lines.join('\n')}\n`)
        .expect(202);
      const importId = (started.body as ImportAnswer).importId;
      let answer: ImportAnswer;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = (await strict.http.get(`/imports/${importId}`).set(strict.auth('partner_manager')))
          .body as ImportAnswer;
      } while (answer.status === 'running');
      expect(answer).toMatchObject({
        status: 'failed',
        failure: expect.stringMatching(/^line \d+ answered 401 UNAUTHENTICATED: The token has expired .* Run the file/),
      });
      // Lines run in batches: the ones decided with the first 401 are refused alike, and none after is run.
      const { applied, refused, notRun, lines: outcomes } = answer.result!;
      expect(applied).toBeGreaterThan(0);
      expect(applied + refused + notRun).toBe(lines.length);
      const firstRefused = outcomes.findIndex((outcome) => outcome.error !== undefined);
      expect(outcomes.slice(firstRefused).every((outcome) => outcome.error === 'UNAUTHENTICATED')).toBe(true);
      expect(notRun).toBe(lines.length - outcomes.length);
      expect(notRun).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  }, 120_000);

  it('reads a body only for a caller who may import, when one may start: 401, 403, 429 before it arrives', async () => {
    const server = ledger.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Each request declares 100 MB and sends one line of it: only an answer given without the body can come back.
    const started: ClientRequest[] = [];
    const partial = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: { error: string; details: unknown }; retryAfter?: string }>(
        (resolve, reject) => {
          const request = httpRequest({
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/imports',
            headers: {
              'Content-Type': 'application/x-ndjson',
              'Content-Length': String(100 * 1024 * 1024),
              ...headers,
            },
          });
          started.push(request);
          request.on('error', reject);
          request.on('response', (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => {
              const retryAfter = response.headers['retry-after'];
              resolve({ status: response.statusCode!, body: JSON.parse(text), ...(retryAfter ? { retryAfter } : {}) });
            });
          });
          request.write(`${importLines(1)[0]}\n`);
        },
      );
    try {
      expect(await partial({})).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } });
      expect(await partial(ledger.auth('auditor'))).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
      // Two imports being received take the two places (LEDGER_IMPORTS_RUNNING_MAX); they never answer, so a
      // third is refused at once.
      void partial(ledger.auth('partner_manager')).catch(() => undefined);
      void partial(ledger.auth('partner_manager')).catch(() => undefined);
      const busy = await waitFor(
        () => partial(ledger.auth('partner_manager')),
        (answer) => answer.status === 429,
      );
      expect(busy).toEqual({
        status: 429,
        retryAfter: '5',
        body: expect.objectContaining({
          error: 'IMPORTS_BUSY',
          message: '2 imports are already being received or run: start this one when one has ended',
          details: { rule: 'importsRunningMax', limit: 2, retryAfterSeconds: 5 },
        }),
      });
      // A body that stops arriving gives its place back.
      for (const request of started) request.destroy();
      await waitFor(
        () => importText(`${importLines(2).join('\n')}\n`).catch(() => undefined),
        (answer) => answer?.status === 'completed',
      );
    } finally {
      for (const request of started) request.destroy();
    }
  });
});

/** Calls `attempt` until its answer is `wanted`, at most 100 times, 50 ms apart. */
async function waitFor<T>(attempt: () => Promise<T>, wanted: (answer: T) => boolean): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    const answer = await attempt();
    if (wanted(answer) || tries >= 100) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** docs/samples/crm-deals.csv, read by a person and entered as the HTTP API takes it. */
async function enterSampleByHand(ledger: LedgerHarness): Promise<void> {
  const post = (path: string, body: object, status: number) =>
    ledger.http.post(path).set(ledger.auth('partner_manager', 'maria')).send(body).expect(status);
  const split = (...partners: Array<[string, string, string]>) =>
    partners.map(([partnerId, role, share]) => ({ partnerId, role, share }));
  const open = (dealId: string, name: string, domain: string, partners: object[], currency: string, openedAt: string) =>
    post('/deals', { dealId, customer: { name, domain }, partners, currency, openedAt }, 201);
  await open(
    'crm-1001',
    'Globex Corporation',
    'globex.com',
    split(['acme', 'sourcing', '0.6'], ['initech', 'influencing', '0.4']),
    'USD',
    '2026-01-12',
  );
  await post(
    '/deals/crm-1001/win',
    {
      lines: [
        { sku: 'PLAT-12M', family: 'platform', amount: '12000.00', discount: '0.10' },
        { sku: 'SVC-ONBOARD', family: 'services', amount: '3000.00' },
      ],
      billing: 'one_time',
      wonAt: '2026-02-02',
    },
    200,
  );
  await open('crm-1002', 'Umbrella GmbH', 'umbrella.de', split(['initech', 'sourcing', '1']), 'EUR', '2026-01-20');
  await post(
    '/deals/crm-1002/win',
    {
      lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '24000.00', discount: '0.25' }],
      fxRate: '1.0850',
      billing: 'recurring',
      termMonths: 12,
      wonAt: '2026-02-05',
    },
    200,
  );
  await open(
    'crm-1003',
    'Hooli',
    'hooli.com',
    split(['acme', 'sourcing', '0.5'], ['initech', 'influencing', '0.5']),
    'USD',
    '2026-01-25',
  );
  await post(
    '/deals/crm-1003/win',
    {
      lines: [
        { sku: 'PLAT-12M', family: 'platform', amount: '8000.00' },
        { sku: 'ADDON-SSO', family: 'platform', amount: '1500.00', discount: '0.05' },
      ],
      billing: 'one_time',
      wonAt: '2026-02-09',
    },
    200,
  );
  await open('crm-1004', 'Vandelay Industries', 'vandelay.com', split(['acme', 'sourcing', '1']), 'USD', '2026-02-01');
}

/** A partner's commission lines as figures (ids and positions differ between two ledgers). */
async function commissionsOf(ledger: LedgerHarness, partnerId: string): Promise<unknown[]> {
  await ledger.caughtUp();
  const response = await ledger.http
    .get(`/partners/${partnerId}/commission-lines`)
    .set(ledger.auth('finance'))
    .expect(200);
  const lines = (response.body as { lines: Array<Record<string, unknown>> }).lines;
  return lines
    .map(({ dealId, kind, amount, currency, businessDate, vestsOn, components }) => ({
      dealId,
      kind,
      amount,
      currency,
      businessDate,
      vestsOn,
      components,
    }))
    .sort((a, b) => `${String(a.dealId)}${String(a.amount)}`.localeCompare(`${String(b.dealId)}${String(b.amount)}`));
}
