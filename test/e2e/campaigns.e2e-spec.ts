import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  campaignDecider,
  campaignStream,
  Decimal,
  mdfDecider,
  mdfStream,
  statementDecider,
  statementStream,
  type Actor,
  type RuleSetDocument,
} from '#domain';
import type { EventStore } from '#event-store';
import { UnfinishedProtocolQueries } from '#read-models';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { ProtocolReconciler } from '../../apps/ledger/src/campaigns/protocol-reconciler.js';
import { CommandPipeline } from '../../apps/ledger/src/common/command-pipeline.js';
import { clientIdempotencyKey, type RequestContext } from '../../apps/ledger/src/common/request-context.js';
import { EVENT_STORE, READ_DATABASE } from '../../apps/ledger/src/common/tokens.js';
import { MdfAccrualReactor } from '../../apps/ledger/src/mdf/mdf-accrual.reactor.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * Campaigns and market development funds over HTTP (issue 5): MDF accrued by the reactor from won
 * deals, the funding lifecycle (propose, approve, milestones, leads, claims, close) with its figures,
 * the refusals that change nothing, protocols healed by retrying a request that crashed half-way,
 * roles and partner scoping.
 */
interface FundBody {
  partnerId: string;
  figures: Record<'accrued' | 'committed' | 'released' | 'claimed' | 'approved' | 'paid' | 'available', string> & {
    currency: string | null;
  };
  accruals: number;
  campaigns: Array<Record<string, unknown> & { campaignId: string }>;
  claims: Array<{
    claimId: string;
    campaignId: string;
    amount: string;
    status: string;
    rejectionReason: string | null;
    statementId: string | null;
  }>;
}

const software = (amount: string) => ({ sku: 'PLATFORM', family: 'software', amount });
/** A program that accrues 10% of won revenue at every tier, so the figures read easily. */
const mdfRules = (): RuleSetDocument =>
  ruleSet({ mdf: { accrualRates: { registered: '0.10', silver: '0.10', gold: '0.10' } } });

describe('campaigns and MDF over HTTP', () => {
  let ledger: LedgerHarness;
  let last = '0';
  const ops = () => ledger.auth('ops', 'olga');
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

  async function publish(document: RuleSetDocument = mdfRules()): Promise<void> {
    track(
      await ledger.http
        .post('/rule-sets')
        .set(ops())
        .send({ ...document, rationale: `Rules ${document.version}` })
        .expect(201),
    );
  }

  async function enroll(...partnerIds: string[]): Promise<void> {
    for (const partnerId of partnerIds) {
      track(
        await ledger.http
          .post('/partners')
          .set(manager())
          .send({ partnerId, name: `Partner ${partnerId}`, kind: 'reseller', region: 'EMEA' })
          .expect(201),
      );
    }
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

  /** acme accrues 5000.00 and globex 1000.00 from deals won in January. */
  async function program(): Promise<void> {
    on('2026-01-05');
    await publish();
    await enroll('acme', 'globex');
    await wonDeal('acme', 'd1', '2026-01-10', '50000.00');
    await wonDeal('globex', 'g1', '2026-01-12', '10000.00');
    await settle();
  }

  function campaignBody(
    campaignId: string,
    partnerId: string,
    milestones: Array<[string, string]>,
    goals = { leads: 2, pipeline: '60000.00' },
  ) {
    const budget = milestones.reduce((total, [, amount]) => total.plus(amount), new Decimal(0)).toFixed(2);
    return {
      campaignId,
      partnerId,
      name: `Campaign ${campaignId}`,
      budget,
      goals,
      milestones: milestones.map(([id, amount]) => ({ id, amount })),
    };
  }

  async function propose(body: ReturnType<typeof campaignBody>, as = manager()): Promise<void> {
    track(await ledger.http.post('/campaigns').set(as).send(body).expect(201));
  }

  async function approve(campaignId: string): Promise<void> {
    track(await ledger.http.post(`/campaigns/${campaignId}/approve`).set(manager()).expect(200));
  }

  async function complete(campaignId: string, milestoneId: string): Promise<void> {
    track(
      await ledger.http
        .post(`/campaigns/${campaignId}/milestones/${milestoneId}/complete`)
        .set(manager())
        .send({ evidence: `Report for ${milestoneId}` })
        .expect(200),
    );
  }

  async function fund(partnerId: string, as = fiona()): Promise<FundBody> {
    return (await ledger.http.get(`/partners/${partnerId}/mdf?after=${last}`).set(as).expect(200)).body as FundBody;
  }

  async function campaign(campaignId: string, as = manager()) {
    return (await ledger.http.get(`/campaigns/${campaignId}?after=${last}`).set(as).expect(200)).body;
  }

  /** A refused request: the status and code, and nothing appended to the log. */
  async function refused(
    send: () => Promise<{ status: number; body: { error?: string } }>,
    status: number,
    code: string,
  ): Promise<{ error?: string; message?: string; details?: Record<string, unknown> }> {
    const before = await head();
    const response = await send();
    expect({ status: response.status, error: response.body.error }).toEqual({ status, error: code });
    expect(await head()).toBe(before);
    return response.body;
  }

  /** Runs one step of a protocol as a request (with that Idempotency-Key) that crashed right after it would have. */
  function step(
    clientKey: string,
    stepName: string,
    actor: Actor = { id: 'maria', role: 'partner_manager' },
  ): RequestContext {
    const idempotencyKey = `${clientIdempotencyKey(actor.id, clientKey)}:${stepName}`;
    return { actor, idempotencyKey, correlationId: 'crashed-request', requestId: 'crashed-request' };
  }

  beforeEach(async () => {
    ledger = await startLedger();
    last = '0';
  });
  afterEach(() => ledger?.close());

  it("shows, at ?after= the win's position, what the win accrued, which the reactor appends after it", async () => {
    on('2026-01-05');
    await publish();
    await enroll('acme');
    await wonDeal('acme', 'd1', '2026-01-10', '50000.00');
    // No settle(): the client knows the win's position only, not the accrual's.
    expect((await fund('acme')).figures).toMatchObject({ accrued: '5000.00', available: '5000.00' });
  });

  it('accrues MDF from a won deal under mdf.accrualRates once, across a restart and a full replay', async () => {
    await program();
    const acme = await fund('acme');
    expect(acme).toMatchObject({
      partnerId: 'acme',
      figures: {
        currency: 'USD',
        accrued: '5000.00',
        committed: '0.00',
        released: '0.00',
        claimed: '0.00',
        approved: '0.00',
        paid: '0.00',
        available: '5000.00',
      },
      accruals: 1,
      campaigns: [],
      claims: [],
    });
    // The same figure the engine computed for the deal.
    const accruals = (await ledger.http.get('/partners/acme/mdf-accruals').set(fiona()).expect(200)).body;
    expect(accruals.totals).toEqual([{ currency: 'USD', accrued: '5000.00', accruals: 1 }]);
    expect((await fund('globex')).figures.accrued).toBe('1000.00');

    // Restart on the same data folder, then again with the read models deleted (a full replay): nothing accrues twice.
    const { dataDir } = ledger;
    const before = await head();
    for (const dropReadModels of [false, true]) {
      await ledger.app.close();
      if (dropReadModels)
        for (const file of ['read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm'])
          rmSync(join(dataDir, file), { force: true });
      ledger = await startLedger({}, dataDir);
      await settle();
      expect(await head()).toBe(before);
      expect((await fund('acme')).figures).toMatchObject({ accrued: '5000.00', available: '5000.00' });
    }
    expect(
      (await ledger.app.get<EventStore>(EVENT_STORE).readStream(mdfStream('acme'))).events.map((event) => event.type),
    ).toEqual(['MdfAccrued']);
  });

  it('funds two milestones; leads; claims approved, rejected and paid on a statement; a partial close', async () => {
    await program();

    // The partner proposes for itself; the partner manager approves, which commits the budget.
    on('2026-01-20');
    await propose(
      campaignBody('c1', 'acme', [
        ['m1', '1000.00'],
        ['m2', '2000.00'],
      ]),
      partnerUser('acme'),
    );
    let view = await campaign('c1', partnerUser('acme'));
    expect(view).toMatchObject({
      campaignId: 'c1',
      partnerId: 'acme',
      currency: 'USD',
      budget: '3000.00',
      status: 'proposed',
      mdf: null,
      proposedAt: '2026-01-20',
    });
    await approve('c1');
    expect((await fund('acme')).figures).toMatchObject({
      accrued: '5000.00',
      committed: '3000.00',
      available: '2000.00',
    });

    // Leads: a registration of the partner and the won deal.
    track(
      await ledger.http
        .post('/registrations')
        .set(partnerUser('acme'))
        .send({
          registrationId: 'r1',
          partnerId: 'acme',
          customer: { name: 'Initech', domain: 'initech.example' },
          productFamily: 'software',
          estimatedValue: '20000.00',
          expectedCloseDate: '2026-06-30',
        })
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/leads').set(manager()).send({ registrationId: 'r1' }).expect(200));
    track(await ledger.http.post('/campaigns/c1/leads').set(manager()).send({ dealId: 'd1' }).expect(200));

    // Milestone 1 releases 1000.00; the partner claims 800.00 of it, which is approved.
    on('2026-02-02');
    await complete('c1', 'm1');
    expect((await fund('acme')).figures).toMatchObject({ released: '1000.00' });
    track(
      await ledger.http
        .post('/campaigns/c1/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'cl1', amount: '800.00', evidence: 'Invoice INV-1' })
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/claims/cl1/approve').set(manager()).expect(200));

    // Milestone 2 releases 2000.00: 2200.00 can be claimed, no more.
    on('2026-02-20');
    await complete('c1', 'm2');
    const tooMuch = await refused(
      () =>
        ledger.http
          .post('/campaigns/c1/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'cl2', amount: '2200.01', evidence: 'Invoice INV-2' }),
      422,
      'MDF_CLAIM_EXCEEDS_RELEASED',
    );
    expect(tooMuch.details).toMatchObject({ claimable: '2200.00', currency: 'USD' });
    track(
      await ledger.http
        .post('/campaigns/c1/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'cl2', amount: '2200.00', evidence: 'Invoice INV-2' })
        .expect(201),
    );
    track(
      await ledger.http
        .post('/campaigns/c1/claims/cl2/reject')
        .set(manager())
        .send({ reason: 'The invoice does not name the campaign' })
        .expect(200),
    );
    // A rejected claim frees its amount.
    track(
      await ledger.http
        .post('/campaigns/c1/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'cl3', amount: '2000.00', evidence: 'Invoice INV-3' })
        .expect(201),
    );

    // Every milestone is completed, so closing gives nothing back.
    on('2026-03-01');
    track(await ledger.http.post('/campaigns/c1/close').set(manager()).send({ reason: 'Delivered' }).expect(200));

    view = await campaign('c1');
    expect(view).toMatchObject({
      status: 'closed',
      closeReason: 'Delivered',
      amountUnspent: '0.00',
      milestones: [
        { milestoneId: 'm1', amount: '1000.00', completed: true, completedAt: '2026-02-02', evidence: 'Report for m1' },
        { milestoneId: 'm2', amount: '2000.00', completed: true, completedAt: '2026-02-20', evidence: 'Report for m2' },
      ],
      leads: [{ registrationId: 'r1' }, { dealId: 'd1' }],
      mdf: {
        committed: '3000.00',
        decommitted: '0.00',
        released: '3000.00',
        releasedMilestones: ['m1', 'm2'],
        unreleased: '0.00',
        claimed: '2800.00',
        claimable: '200.00',
        approved: '800.00',
        paid: '0.00',
      },
      // The registration (not converted) at its estimate, the won deal at the revenue it won.
      attainment: {
        leads: { goal: 2, actual: 2, ratio: '1.0000' },
        pipeline: { goal: '60000.00', actual: '70000.00', ratio: '1.1667' },
      },
      roi: {
        currency: 'USD',
        mdfSpent: '3000.00',
        mdfClaimed: '2800.00',
        mdfApproved: '800.00',
        mdfPaid: '0.00',
        pipeline: '70000.00',
        wonRevenue: '50000.00',
        wonDeals: 1,
        unpricedLeads: 0,
        pipelinePerMdf: '23.3333',
        revenuePerMdf: '16.6667',
      },
    });
    expect(view.claims.map((claim: { claimId: string; status: string }) => [claim.claimId, claim.status])).toEqual([
      ['cl1', 'approved'],
      ['cl2', 'rejected'],
      ['cl3', 'submitted'],
    ]);

    // A second campaign closed after one of its two milestones: the rest goes back to the fund.
    await propose(
      campaignBody('c2', 'acme', [
        ['m1', '500.00'],
        ['m2', '1000.00'],
      ]),
    );
    await approve('c2');
    await complete('c2', 'm1');
    track(await ledger.http.post('/campaigns/c2/close').set(manager()).expect(200));
    const acme = await fund('acme');
    expect(acme.figures).toEqual({
      currency: 'USD',
      accrued: '5000.00',
      committed: '3500.00',
      released: '3500.00',
      claimed: '2800.00',
      approved: '800.00',
      paid: '0.00',
      available: '1500.00',
    });
    expect(
      acme.campaigns.map((entry) => [entry['campaignId'], entry['committed'], entry['decommitted'], entry['released']]),
    ).toEqual([
      ['c1', '3000.00', '0.00', '3000.00'],
      ['c2', '1500.00', '1000.00', '500.00'],
    ]);
    expect((await campaign('c2')).amountUnspent).toBe('1000.00');

    // The approved claim is paid as a line of the partner's payout statement.
    on('2026-04-02');
    track(await ledger.http.post('/periods/2026-Q1/close').set(fiona()).expect(200));
    const issued = track(
      await ledger.http.post('/statements').set(fiona()).send({ partnerId: 'acme', period: '2026-Q1' }).expect(201),
    );
    const statementId = issued.body.statementId as string;
    const statement = (await ledger.http.get(`/statements/${statementId}?after=${last}`).set(fiona()).expect(200)).body;
    expect(
      statement.lines
        .filter((line: { kind: string }) => line.kind === 'mdf_claim')
        .map((line: { amount: string; claim: { claimId: string } }) => [line.claim.claimId, line.amount]),
    ).toEqual([['cl1', '800.00']]);
    track(await ledger.http.post(`/statements/${statementId}/approve`).set(frank()).expect(200));
    track(
      await ledger.http
        .post(`/statements/${statementId}/pay`)
        .set(fiona())
        .send({ paymentReference: 'SEPA-1' })
        .expect(200),
    );
    const paid = await fund('acme', partnerUser('acme'));
    expect(paid.figures).toMatchObject({ approved: '800.00', paid: '800.00' });
    expect(paid.claims.find((claim) => claim.claimId === 'cl1')).toMatchObject({ status: 'paid', statementId });
    expect((await campaign('c1')).roi).toMatchObject({ mdfPaid: '800.00' });

    // Lists: by partner, by status; a partner user sees its own only, whatever it asks for.
    expect(
      (await ledger.http.get(`/campaigns?partnerId=acme&after=${last}`).set(manager()).expect(200)).body.campaigns.map(
        (entry: { campaignId: string }) => entry.campaignId,
      ),
    ).toEqual(['c1', 'c2']);
    expect(
      (await ledger.http.get('/campaigns?status=closed').set(ledger.auth('auditor')).expect(200)).body.campaigns,
    ).toHaveLength(2);
    expect(
      (await ledger.http.get('/campaigns?partnerId=acme').set(partnerUser('globex')).expect(200)).body.campaigns,
    ).toEqual([]);
  });

  it("refuses by code, changing nothing: over-fund approvals, over-release claims, others' campaigns", async () => {
    await program();
    on('2026-01-20');

    // Approving beyond the fund: acme has 5000.00 available.
    await propose(campaignBody('big', 'acme', [['m1', '6000.00']]));
    const insufficient = await refused(
      () => ledger.http.post('/campaigns/big/approve').set(manager()),
      422,
      'MDF_INSUFFICIENT_FUNDS',
    );
    expect(insufficient.details).toMatchObject({ amount: '6000.00', available: '5000.00', currency: 'USD' });
    expect(await campaign('big')).toMatchObject({ status: 'proposed', mdf: null });
    expect((await fund('acme')).figures).toMatchObject({ committed: '0.00', available: '5000.00' });

    // Claiming beyond what is released: nothing before the milestone, then not a cent more than it.
    await propose(campaignBody('small', 'acme', [['m1', '1000.00']]));
    await approve('small');
    await refused(
      () =>
        ledger.http
          .post('/campaigns/small/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'x1', amount: '100.00', evidence: 'Invoice' }),
      422,
      'MDF_CLAIM_EXCEEDS_RELEASED',
    );
    await complete('small', 'm1');
    await refused(
      () =>
        ledger.http
          .post('/campaigns/small/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'x1', amount: '1000.01', evidence: 'Invoice' }),
      422,
      'MDF_CLAIM_EXCEEDS_RELEASED',
    );
    // A claim on a campaign whose budget was never committed.
    await refused(
      () =>
        ledger.http
          .post('/campaigns/big/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'x2', amount: '1.00', evidence: 'Invoice' }),
      422,
      'MDF_CAMPAIGN_NOT_COMMITTED',
    );

    // Another partner: its user cannot see, claim on, propose for or decide anything of acme's.
    const globex = partnerUser('globex');
    await refused(
      () =>
        ledger.http
          .post('/campaigns/small/claims')
          .set(globex)
          .send({ claimId: 'x3', amount: '10.00', evidence: 'Invoice' }),
      404,
      'CAMPAIGN_NOT_FOUND',
    );
    await refused(() => ledger.http.get('/campaigns/small').set(globex), 404, 'CAMPAIGN_NOT_FOUND');
    await refused(() => ledger.http.get('/partners/acme/mdf').set(globex), 404, 'NOT_FOUND');
    await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(globex)
          .send(campaignBody('g-for-acme', 'acme', [['m1', '100.00']])),
      403,
      'FORBIDDEN',
    );
    await refused(() => ledger.http.post('/campaigns/small/approve').set(globex), 403, 'FORBIDDEN');
    await refused(() => ledger.http.post('/campaigns/small/close').set(globex), 403, 'FORBIDDEN');
    // A claim reached through another campaign answers as a missing one.
    track(
      await ledger.http
        .post('/campaigns/small/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'ok1', amount: '10.00', evidence: 'Invoice' })
        .expect(201),
    );
    await refused(
      () => ledger.http.post('/campaigns/big/claims/ok1/approve').set(manager()),
      404,
      'MDF_CLAIM_NOT_FOUND',
    );
    // Deciding twice, and a lead of another partner.
    track(await ledger.http.post('/campaigns/small/claims/ok1/approve').set(manager()).expect(200));
    await refused(
      () => ledger.http.post('/campaigns/small/claims/ok1/reject').set(manager()).send({ reason: 'Late' }),
      409,
      'MDF_CLAIM_NOT_PENDING',
    );
    await refused(
      () => ledger.http.post('/campaigns/small/leads').set(manager()).send({ dealId: 'g1' }),
      422,
      'CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH',
    );
    await refused(
      () => ledger.http.post('/campaigns/small/leads').set(manager()).send({ dealId: 'nope' }),
      404,
      'DEAL_NOT_FOUND',
    );
    await refused(
      () => ledger.http.post('/campaigns/small/leads').set(manager()).send({ dealId: 'd1', registrationId: 'r1' }),
      400,
      'CAMPAIGN_ATTRIBUTION_INVALID',
    );
    await refused(
      () => ledger.http.post('/campaigns/small/leads').set(manager()).send({}),
      400,
      'CAMPAIGN_ATTRIBUTION_INVALID',
    );
    // Proposals the decider refuses, and a closed campaign. Milestones off the budget are known from the body: told
    // with the other field errors (docs/api.md, "Errors").
    const offBudget = await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(manager())
          .send({ ...campaignBody('bad', 'acme', [['m1', '100.00']]), budget: '150.00', name: ' ' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(offBudget.details?.['fields']).toEqual([
      { field: 'name', rule: 'matches', message: 'name must not be blank' },
      { field: 'milestones', rule: 'sum', message: 'milestones must sum to exactly the budget 150.00, not 100.00' },
    ]);
    await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(manager())
          .send(campaignBody('ghost', 'nobody', [['m1', '100.00']])),
      404,
      'PARTNER_NOT_FOUND',
    );
    // The same proposal is a replay; another request for the same id is refused.
    await ledger.http
      .post('/campaigns')
      .set(manager())
      .send(campaignBody('small', 'acme', [['m1', '1000.00']]))
      .expect(201);
    await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(manager())
          .set('Idempotency-Key', 'another')
          .send(campaignBody('small', 'acme', [['m1', '1000.00']])),
      409,
      'CAMPAIGN_ALREADY_PROPOSED',
    );
    track(await ledger.http.post('/campaigns/small/close').set(manager()).expect(200));
    // Without a key these would be retries of the earlier requests (replayed); as new requests they are refused.
    const fresh = (key: string) => ({ ...manager(), 'Idempotency-Key': key });
    await refused(() => ledger.http.post('/campaigns/small/approve').set(fresh('k1')), 409, 'CAMPAIGN_CLOSED');
    await refused(
      () => ledger.http.post('/campaigns/small/milestones/m1/complete').set(fresh('k2')).send({ evidence: 'again' }),
      409,
      'CAMPAIGN_CLOSED',
    );
    await refused(() => ledger.http.post('/campaigns/small/close').set(fresh('k3')), 409, 'CAMPAIGN_CLOSED');
    await refused(() => ledger.http.post('/campaigns/missing/approve').set(manager()), 404, 'CAMPAIGN_NOT_FOUND');
    await refused(
      () => ledger.http.post('/campaigns/small/milestones/m9/complete').set(manager()).send({ evidence: 'x' }),
      409,
      'CAMPAIGN_CLOSED',
    );
    await refused(
      () => ledger.http.post('/campaigns/big/milestones/m9/complete').set(manager()).send({ evidence: 'x' }),
      422,
      'CAMPAIGN_NOT_APPROVED',
    );
    expect((await fund('acme')).figures).toEqual({
      currency: 'USD',
      accrued: '5000.00',
      committed: '1000.00',
      released: '1000.00',
      claimed: '10.00',
      approved: '10.00',
      paid: '0.00',
      available: '4000.00',
    });
  });

  it("refuses to approve an offboarded partner's proposed campaign, committing nothing", async () => {
    await program();
    on('2026-01-20');
    await propose(campaignBody('gx', 'globex', [['m1', '500.00']]));
    const before = (await fund('globex')).figures;
    track(
      await ledger.http
        .post('/partners/globex/offboard')
        .set(manager())
        .send({ settlement: 'forfeit_unvested' })
        .expect(200),
    );

    const refusal = await refused(
      () => ledger.http.post('/campaigns/gx/approve').set(manager()),
      422,
      'PARTNER_NOT_ACTIVE',
    );
    expect(refusal.details).toEqual({ partnerId: 'globex', status: 'offboarded' });
    expect(await campaign('gx')).toMatchObject({ status: 'proposed', mdf: null });
    expect((await fund('globex')).figures).toEqual(before);

    track(
      await ledger.http.post('/campaigns/gx/close').set(manager()).send({ reason: 'Partner offboarded' }).expect(200),
    );
    expect(await campaign('gx')).toMatchObject({ status: 'closed' });
  });

  it('heals each protocol when the request that crashed half-way is retried', async () => {
    await program();
    on('2026-01-20');
    const pipeline = ledger.app.get(CommandPipeline);
    const state = (campaignId: string) => pipeline.state(campaignDecider, campaignStream(campaignId));

    // Approve crashed after committing the budget: the campaign is not approved yet, the money is held.
    await propose(
      campaignBody('a', 'acme', [
        ['m1', '1000.00'],
        ['m2', '1000.00'],
      ]),
    );
    await pipeline.run(
      mdfDecider,
      mdfStream('acme'),
      {
        type: 'CommitMdf',
        data: { partnerId: 'acme', campaignId: 'a' },
        facts: { campaign: await state('a'), partnerStatus: 'active' },
      },
      step('approve-a', 'commit'),
    );
    await settle();
    expect((await campaign('a')).status).toBe('proposed');
    expect((await fund('acme')).figures.committed).toBe('2000.00');
    // The retry replays the commitment (it is not committed twice) and approves.
    const retried = track(
      await ledger.http.post('/campaigns/a/approve').set(manager()).set('Idempotency-Key', 'approve-a').expect(200),
    );
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect((await campaign('a')).status).toBe('approved');
    expect((await fund('acme')).figures).toMatchObject({ committed: '2000.00', available: '3000.00' });
    // Retrying once more only replays.
    const again = await ledger.http
      .post('/campaigns/a/approve')
      .set(manager())
      .set('Idempotency-Key', 'approve-a')
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.position).toBe(retried.body.position);

    // Complete crashed after the completion: nothing is released until the retry.
    await pipeline.run(
      campaignDecider,
      campaignStream('a'),
      { type: 'CompleteCampaignMilestone', data: { campaignId: 'a', milestoneId: 'm1', evidence: 'Report' } },
      step('complete-a-m1', 'complete'),
    );
    await settle();
    expect((await fund('acme')).figures.released).toBe('0.00');
    track(
      await ledger.http
        .post('/campaigns/a/milestones/m1/complete')
        .set(manager())
        .set('Idempotency-Key', 'complete-a-m1')
        .send({ evidence: 'Report' })
        .expect(200),
    );
    expect((await fund('acme')).figures.released).toBe('1000.00');
    // Another request for a milestone whose release crashed is refused, and still heals the release.
    await pipeline.run(
      campaignDecider,
      campaignStream('a'),
      { type: 'CompleteCampaignMilestone', data: { campaignId: 'a', milestoneId: 'm2', evidence: 'Report' } },
      step('complete-a-m2', 'complete'),
    );
    const other = await ledger.http
      .post('/campaigns/a/milestones/m2/complete')
      .set(manager())
      .send({ evidence: 'Report' })
      .expect(409);
    expect(other.body.error).toBe('CAMPAIGN_MILESTONE_ALREADY_COMPLETED');
    await settle();
    expect((await fund('acme')).figures.released).toBe('2000.00');

    // Close crashed after closing: a completed milestone not released yet, and the unspent budget still committed.
    await propose(
      campaignBody('b', 'acme', [
        ['m1', '300.00'],
        ['m2', '700.00'],
      ]),
    );
    await approve('b');
    await pipeline.run(
      campaignDecider,
      campaignStream('b'),
      { type: 'CompleteCampaignMilestone', data: { campaignId: 'b', milestoneId: 'm1', evidence: 'Report' } },
      step('complete-b-m1', 'complete'),
    );
    await pipeline.run(
      campaignDecider,
      campaignStream('b'),
      { type: 'CloseCampaign', data: { campaignId: 'b' } },
      step('close-b', 'close'),
    );
    await settle();
    expect((await fund('acme')).figures).toMatchObject({ committed: '3000.00', released: '2000.00' });
    track(await ledger.http.post('/campaigns/b/close').set(manager()).set('Idempotency-Key', 'close-b').expect(200));
    expect((await fund('acme')).figures).toMatchObject({
      committed: '2300.00',
      released: '2300.00',
      available: '2700.00',
    });
    expect((await campaign('b')).mdf).toMatchObject({
      committed: '1000.00',
      decommitted: '700.00',
      released: '300.00',
      releasedMilestones: ['m1'],
    });

    // Approve crashed after committing, and the campaign was closed before the retry (whose close crashed
    // before giving the money back): the retried approval is refused as closed and gives the commitment back.
    await propose(campaignBody('c', 'acme', [['m1', '500.00']]));
    await pipeline.run(
      mdfDecider,
      mdfStream('acme'),
      {
        type: 'CommitMdf',
        data: { partnerId: 'acme', campaignId: 'c' },
        facts: { campaign: await state('c'), partnerStatus: 'active' },
      },
      step('approve-c', 'commit'),
    );
    await pipeline.run(
      campaignDecider,
      campaignStream('c'),
      { type: 'CloseCampaign', data: { campaignId: 'c' } },
      step('close-c', 'close'),
    );
    await settle();
    expect((await fund('acme')).figures.committed).toBe('2800.00');
    const closed = await ledger.http
      .post('/campaigns/c/approve')
      .set(manager())
      .set('Idempotency-Key', 'approve-c')
      .expect(409);
    expect(closed.body.error).toBe('CAMPAIGN_CLOSED');
    await settle();
    expect((await fund('acme')).figures).toMatchObject({ committed: '2300.00', available: '2700.00' });
    expect((await campaign('c')).mdf).toMatchObject({ committed: '500.00', decommitted: '500.00', released: '0.00' });
  });

  it('finishes at start, with derived keys, funding protocols a crash left half-done and nobody retried', async () => {
    await program();
    on('2026-01-20');
    const pipeline = ledger.app.get(CommandPipeline);
    const state = (campaignId: string) => pipeline.state(campaignDecider, campaignStream(campaignId));
    // a: the approval committed the budget and died;
    // b: a milestone completed and the campaign closed, neither finished.
    await propose(campaignBody('a', 'acme', [['m1', '1000.00']]));
    await pipeline.run(
      mdfDecider,
      mdfStream('acme'),
      {
        type: 'CommitMdf',
        data: { partnerId: 'acme', campaignId: 'a' },
        facts: { campaign: await state('a'), partnerStatus: 'active' },
      },
      step('approve-a', 'commit'),
    );
    await propose(
      campaignBody('b', 'acme', [
        ['m1', '300.00'],
        ['m2', '700.00'],
      ]),
    );
    await approve('b');
    await pipeline.run(
      campaignDecider,
      campaignStream('b'),
      { type: 'CompleteCampaignMilestone', data: { campaignId: 'b', milestoneId: 'm1', evidence: 'Report' } },
      step('complete-b-m1', 'complete'),
    );
    await pipeline.run(
      campaignDecider,
      campaignStream('b'),
      { type: 'CloseCampaign', data: { campaignId: 'b' } },
      step('close-b', 'close'),
    );
    await settle();
    expect((await fund('acme')).figures).toMatchObject({ committed: '2000.00', released: '0.00' });

    // The process dies; the next one finishes both protocols on its own.
    const { dataDir } = ledger;
    await ledger.app.close();
    ledger = await startLedger({}, dataDir);
    expect(await ledger.app.get(ProtocolReconciler).whenDone()).toEqual({
      campaigns: ['a', 'b'],
      statements: [],
      failures: [],
    });
    await settle();
    expect(await campaign('a')).toMatchObject({
      status: 'approved',
      mdf: { committed: '1000.00', decommitted: '0.00' },
    });
    expect((await campaign('b')).mdf).toMatchObject({
      committed: '1000.00',
      decommitted: '700.00',
      released: '300.00',
      releasedMilestones: ['m1'],
    });
    expect((await fund('acme')).figures).toMatchObject({
      committed: '1300.00',
      released: '300.00',
      available: '3700.00',
    });
    const approval = (await ledger.app.get<EventStore>(EVENT_STORE).readStream(campaignStream('a'))).events.at(-1)!;
    expect({ type: approval.type, actor: approval.metadata.actor, key: approval.metadata.idempotencyKey }).toEqual({
      type: 'CampaignApproved',
      actor: 'system:protocol-reconciler',
      key: 'reconcile:approve:a',
    });

    // A further start finds nothing left to do and appends nothing.
    const before = await head();
    await ledger.app.close();
    ledger = await startLedger({}, dataDir);
    expect(await ledger.app.get(ProtocolReconciler).whenDone()).toEqual({
      campaigns: [],
      statements: [],
      failures: [],
    });
    expect(await head()).toBe(before);
  });

  it('takes for unfinished only campaigns with a step left, not one closed with every milestone released', async () => {
    await program();
    on('2026-01-20');
    const pipeline = ledger.app.get(CommandPipeline);
    await propose(campaignBody('delivered', 'acme', [['m1', '1000.00']]));
    await approve('delivered');
    await complete('delivered', 'm1');
    track(await ledger.http.post('/campaigns/delivered/close').set(manager()).expect(200));
    // Closed on its stream alone, as a crash before the decommit leaves it.
    await propose(campaignBody('cut-short', 'acme', [['m1', '1000.00']]));
    await approve('cut-short');
    await pipeline.run(
      campaignDecider,
      campaignStream('cut-short'),
      { type: 'CloseCampaign', data: { campaignId: 'cut-short' } },
      step('close-cut-short', 'close'),
    );
    await settle();
    expect((await campaign('delivered')).mdf).toMatchObject({ committed: '1000.00', released: '1000.00' });
    const queries = new UnfinishedProtocolQueries(ledger.app.get(READ_DATABASE));
    expect(queries.campaignIds()).toEqual(['cut-short']);
  });

  it('finishes at start the pay protocol a crash stopped after the statement was paid: MDF claims paid', async () => {
    await program();
    on('2026-01-20');
    await propose(campaignBody('c1', 'acme', [['m1', '1000.00']]));
    await approve('c1');
    await complete('c1', 'm1');
    track(
      await ledger.http
        .post('/campaigns/c1/claims')
        .set(partnerUser('acme'))
        .send({ claimId: 'cl1', amount: '800.00', evidence: 'Invoice INV-1' })
        .expect(201),
    );
    track(await ledger.http.post('/campaigns/c1/claims/cl1/approve').set(manager()).expect(200));
    on('2026-04-02');
    track(await ledger.http.post('/periods/2026-Q1/close').set(fiona()).expect(200));
    track(
      await ledger.http.post('/statements').set(fiona()).send({ partnerId: 'acme', period: '2026-Q1' }).expect(201),
    );
    track(await ledger.http.post('/statements/acme-2026-Q1/approve').set(frank()).expect(200));
    // Only the first step of the pay protocol lands before the crash.
    const payment = {
      type: 'PayStatement',
      data: { statementId: 'acme-2026-Q1', paymentReference: 'SEPA-1' },
    } as const;
    await ledger.app
      .get(CommandPipeline)
      .run(
        statementDecider,
        statementStream('acme', '2026-Q1'),
        payment,
        step('pay-q1', 'pay', { id: 'fiona', role: 'finance' }),
      );
    await settle();
    expect((await fund('acme')).claims).toMatchObject([{ claimId: 'cl1', status: 'approved' }]);

    const { dataDir } = ledger;
    await ledger.app.close();
    ledger = await startLedger({}, dataDir);
    expect(await ledger.app.get(ProtocolReconciler).whenDone()).toEqual({
      campaigns: [],
      statements: ['acme-2026-Q1'],
      failures: [],
    });
    await settle();
    const paid = await fund('acme');
    expect(paid.figures).toMatchObject({ approved: '800.00', paid: '800.00' });
    expect(paid.claims).toMatchObject([{ claimId: 'cl1', status: 'paid', statementId: 'acme-2026-Q1' }]);
  });

  it("keeps a client's Idempotency-Key apart from the keys the server derives and from other users' keys", async () => {
    await program();
    on('2026-01-20');
    // The partner proposes with the key the manager's approval derives for its second step: it squats nothing.
    const squatting = { 'Idempotency-Key': 'approve:adv-c1:approve' };
    track(
      await ledger.http
        .post('/campaigns')
        .set(partnerUser('acme'))
        .set(squatting)
        .send(campaignBody('adv-c1', 'acme', [['m1', '1000.00']]))
        .expect(201),
    );
    const approved = track(await ledger.http.post('/campaigns/adv-c1/approve').set(manager()).expect(200));
    expect(approved.headers['idempotent-replayed']).toBeUndefined();
    expect(await campaign('adv-c1')).toMatchObject({ status: 'approved' });
    expect((await fund('acme')).figures).toMatchObject({ committed: '1000.00', available: '4000.00' });
    // The partner's retry still replays its proposal: the key is the partner's own.
    const retried = await ledger.http
      .post('/campaigns')
      .set(partnerUser('acme'))
      .set(squatting)
      .send(campaignBody('adv-c1', 'acme', [['m1', '1000.00']]))
      .expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    // Another user sending the same key and body is not handed the first user's result.
    const other = await ledger.http
      .post('/campaigns')
      .set(ledger.auth('partner_manager', 'mike'))
      .set(squatting)
      .send(campaignBody('adv-c1', 'acme', [['m1', '1000.00']]));
    expect({ status: other.status, error: other.body.error }).toEqual({
      status: 409,
      error: 'CAMPAIGN_ALREADY_PROPOSED',
    });
  });

  it('lets each role do its part only, validates every field, and keeps one answer per idempotency key', async () => {
    await program();
    on('2026-01-20');
    const body = campaignBody('r', 'acme', [['m1', '100.00']]);
    for (const role of ['finance', 'auditor', 'ops'] as const) {
      await refused(() => ledger.http.post('/campaigns').set(ledger.auth(role)).send(body), 403, 'FORBIDDEN');
    }
    // A partner manager proposes for any partner; a retry without a key replays (the id is the key).
    const first = track(await ledger.http.post('/campaigns').set(manager()).send(body).expect(201));
    const replay = await ledger.http.post('/campaigns').set(manager()).send(body).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(manager())
          .send({ ...body, name: 'Renamed' }),
      409,
      'CAMPAIGN_ALREADY_PROPOSED',
    );

    for (const [path, payload] of [
      ['/campaigns/r/approve', undefined],
      ['/campaigns/r/milestones/m1/complete', { evidence: 'x' }],
      ['/campaigns/r/leads', { dealId: 'd1' }],
      ['/campaigns/r/close', undefined],
      ['/campaigns/r/claims/c1/approve', undefined],
      ['/campaigns/r/claims/c1/reject', { reason: 'x' }],
    ] as const) {
      await refused(() => ledger.http.post(path).set(partnerUser('acme')).send(payload), 403, 'FORBIDDEN');
      await refused(() => ledger.http.post(path).set(ledger.auth('finance')).send(payload), 403, 'FORBIDDEN');
    }

    // Validation: each mistake is a 400 naming its field, and nothing is written.
    const invalid = [
      [{ ...body, campaignId: 'bad id' }, 'campaignId'],
      [{ ...body, budget: 100 }, 'budget'],
      [{ ...body, goals: { leads: -1, pipeline: '0.00' } }, 'goals.leads'],
      [{ ...body, goals: { leads: 1, pipeline: 5 } }, 'goals.pipeline'],
      [{ ...body, milestones: [] }, 'milestones'],
      [{ ...body, milestones: [{ id: 'm1', amount: 100 }] }, 'milestones.0.amount'],
      [{ ...body, extra: true }, 'extra'],
    ] as const;
    for (const [payload, field] of invalid) {
      const refusal = await refused(
        () => ledger.http.post('/campaigns').set(manager()).send(payload),
        400,
        'VALIDATION_FAILED',
      );
      expect((refusal.details?.['fields'] as Array<{ field: string }>).map((entry) => entry.field)).toContain(field);
    }
    await refused(
      () =>
        ledger.http
          .post('/campaigns')
          .set(manager())
          .send({ ...body, campaignId: 'r2', budget: '100.001', milestones: [{ id: 'm1', amount: '100.001' }] }),
      400,
      'AMOUNT_INVALID',
    );
    await refused(
      () => ledger.http.post('/campaigns/r/close').set(manager()).send({ reason: '   ' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () => ledger.http.post('/campaigns/r/close').set(manager()).send({ why: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () => ledger.http.post('/campaigns/r/approve').set(manager()).send({ force: true }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () =>
        ledger.http
          .post('/campaigns/r/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'c1', amount: '-1.00', evidence: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () =>
        ledger.http
          .post('/campaigns/r/claims')
          .set(partnerUser('acme'))
          .send({ claimId: 'c1', amount: '0.00', evidence: 'x' }),
      400,
      'AMOUNT_INVALID',
    );
    await refused(() => ledger.http.get('/campaigns/bad%20id').set(manager()), 400, 'VALIDATION_FAILED');
    await refused(() => ledger.http.get('/campaigns?status=open').set(manager()), 400, 'VALIDATION_FAILED');
    await refused(() => ledger.http.get('/partners/nobody/mdf').set(fiona()), 404, 'PARTNER_NOT_FOUND');
    await refused(() => ledger.http.get('/partners/acme/mdf').set(ledger.auth('ops')), 403, 'FORBIDDEN');

    // Readers: auditors and finance read campaigns and funds; the partner its own.
    await ledger.http.get(`/campaigns/r?after=${last}`).set(ledger.auth('auditor')).expect(200);
    await ledger.http.get('/partners/acme/mdf').set(ledger.auth('auditor')).expect(200);
    await ledger.http.get('/partners/acme/mdf').set(manager()).expect(200);
    await ledger.http.get('/partners/acme/mdf').set(partnerUser('acme')).expect(200);
    await ledger.http.get('/campaigns/r').set(partnerUser('acme')).expect(200);
  });
});
