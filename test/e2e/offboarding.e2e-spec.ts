import { Projector } from '#read-models';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { parseCsv } from '../support/csv.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { LedgerSession } from '../support/ledger-session.js';

/**
 * Offboarding settles unvested commission (issue 14, item 1), over HTTP: acme leaves with `accelerate` holding an
 * unvested 3000.00 line, bolt with `forfeit_unvested` holding an unvested 500.00 one. Balances, lines, their
 * explanations, statements and the CSV export show the settlement, and read the same after a rebuild.
 */
describe('offboarding settlement over HTTP', () => {
  let ledger: LedgerHarness;
  let session: LedgerSession;
  const finance = () => session.finance();
  const manager = () => session.manager();
  const on = (date: string) => session.on(date);
  const track = <R extends { body: { position?: string } }>(response: R): R => session.track(response);
  const get = (path: string) => session.get(path);
  const wonDeal = (partnerId: string, dealId: string, wonAt: string, amount: string) =>
    session.wonDeal(partnerId, dealId, wonAt, amount);

  async function offboard(partnerId: string, settlement: string, today: string): Promise<void> {
    on(today);
    track(await ledger.http.post(`/partners/${partnerId}/offboard`).set(manager()).send({ settlement }).expect(200));
  }

  async function closeAndIssue(period: string, today: string, partnerIds: string[]): Promise<void> {
    on(today);
    track(await ledger.http.post(`/periods/${period}/close`).set(finance()).expect(200));
    for (const partnerId of partnerIds)
      track(await ledger.http.post('/statements').set(finance()).send({ partnerId, period }).expect(201));
  }

  beforeEach(async () => {
    ledger = await startLedger();
    session = new LedgerSession(ledger);
  });
  afterEach(() => ledger.close());

  it('acceptance: accelerate pays the unvested line at once, forfeit_unvested forfeits it, explained', async () => {
    on('2026-01-02');
    track(await ledger.publish(ruleSet()));
    (await ledger.enroll('acme', 'bolt')).forEach(track);
    // Registered tier, 5%, vesting 60 days after the win (2026-04-02).
    await wonDeal('acme', 'd1', '2026-02-01', '60000.00');
    await wonDeal('bolt', 'd2', '2026-02-01', '10000.00');
    await offboard('acme', 'accelerate', '2026-03-01');
    await offboard('bolt', 'forfeit_unvested', '2026-03-01');

    const [acmeBalance] = (await get('/partners/acme/balance?asOf=2026-03-01')).balances;
    expect(acmeBalance).toMatchObject({ earned: '3000.00', accrued: '0.00', vested: '3000.00', payable: '3000.00' });
    const [boltBalance] = (await get('/partners/bolt/balance?asOf=2026-03-01')).balances;
    expect(boltBalance).toMatchObject({ earned: '500.00', forfeited: '-500.00', accrued: '0.00', payable: '0.00' });
    // Once the forfeited line's vesting date has passed, it still pays nothing.
    expect((await get('/partners/bolt/balance?asOf=2026-06-30')).balances[0]).toMatchObject({ payable: '0.00' });

    const acmeLines = (await get('/partners/acme/commission-lines')).lines as Array<{ lineId: string }>;
    const acmeLine = await get(`/commission-lines/${acmeLines[0]!.lineId}`);
    expect(acmeLine).toMatchObject({ amount: '3000.00', vestsOn: '2026-03-01' });
    expect(acmeLine.explanation.at(-1)).toMatch(
      /^Vesting accelerated: partner acme was offboarded on 2026-03-01 with settlement accelerate/,
    );

    const boltLines = await get('/partners/bolt/commission-lines');
    expect(boltLines.totals).toEqual([
      { currency: 'USD', earned: '500.00', clawedBack: '0.00', forfeited: '-500.00', net: '0.00', lines: 2 },
    ]);
    const forfeiture = (boltLines.lines as Array<{ lineId: string; kind: string }>).find(
      (line) => line.kind === 'forfeiture',
    )!;
    const forfeitureView = await get(`/commission-lines/${forfeiture.lineId}`);
    expect(forfeitureView).toMatchObject({
      kind: 'forfeiture',
      amount: '-500.00',
      vestsOn: '2026-04-02',
      source: { type: 'PartnerOffboarded' },
      reversal: { reason: 'forfeiture', reversedLineId: boltLines.lines[0].lineId },
    });
    expect(forfeitureView.explanation[0]).toMatch(/partner bolt was offboarded on 2026-03-01 .* forfeit_unvested/);
    const forfeited = await get(`/commission-lines/${boltLines.lines[0].lineId}`);
    expect(forfeited.reversedBy).toEqual([
      { lineId: forfeiture.lineId, amount: '-500.00', businessDate: '2026-03-01' },
    ]);

    // The quarter's statements: acme is paid the accelerated line; bolt's pair vests in Q2 and nets to zero.
    await closeAndIssue('2026-Q1', '2026-04-01', ['acme', 'bolt']);
    expect(await get('/statements/acme-2026-Q1')).toMatchObject({ total: '3000.00', payable: '3000.00' });
    expect(await get('/statements/bolt-2026-Q1')).toMatchObject({ total: '0.00', lines: [] });
    await closeAndIssue('2026-Q2', '2026-07-01', ['bolt']);
    const boltQ2 = await get('/statements/bolt-2026-Q2');
    expect(boltQ2).toMatchObject({ total: '0.00', payable: '0.00' });
    expect((boltQ2.lines as Array<{ amount: string; description: string }>).map((line) => line.amount)).toEqual([
      '500.00',
      '-500.00',
    ]);
    expect(boltQ2.lines[1].description).toMatch(/^Forfeiture on deal d2: PartnerOffboarded of 2026-03-01/);
    const csv = await ledger.http
      .get(`/statements?partnerId=bolt&format=csv&after=${session.last}`)
      .set(finance())
      .expect(200);
    const rows = parseCsv(csv.text).filter((row) => row['statement_id'] === 'bolt-2026-Q2');
    expect(rows.map((row) => [row['amount'], row['source_type']])).toEqual([
      ['500.00', 'DealWon'],
      ['-500.00', 'PartnerOffboarded'],
    ]);

    // A rebuild gives identical rows.
    const lineRows = async () => [
      await get('/partners/acme/commission-lines'),
      await get('/partners/bolt/commission-lines'),
      await get('/partners/acme/balance?asOf=2026-07-01'),
      await get('/partners/bolt/balance?asOf=2026-07-01'),
    ];
    const before = JSON.stringify(await lineRows());
    await ledger.app.get(Projector).rebuild();
    expect(JSON.stringify(await lineRows())).toBe(before);
  });

  it('clawbacks inside the window still apply after offboarding; a negative balance stays owed', async () => {
    on('2026-01-02');
    track(await ledger.publish(ruleSet()));
    (await ledger.enroll('acme')).forEach(track);
    await wonDeal('acme', 'd1', '2026-02-01', '60000.00');
    await offboard('acme', 'accelerate', '2026-03-01');
    await closeAndIssue('2026-Q1', '2026-04-01', ['acme']);
    on('2026-04-10');
    const refund = { amount: '30000.00', refundedAt: '2026-04-10' };
    track(await ledger.http.post('/deals/d1/refund').set(manager()).send(refund).expect(200));
    const [balance] = (await get('/partners/acme/balance?asOf=2026-04-10')).balances;
    expect(balance).toMatchObject({ clawedBack: '-1500.00', issued: '3000.00', payable: '-1500.00' });
    await closeAndIssue('2026-Q2', '2026-07-01', ['acme']);
    expect(await get('/statements/acme-2026-Q2')).toMatchObject({ total: '-1500.00', carriedForward: '-1500.00' });
  });
});
