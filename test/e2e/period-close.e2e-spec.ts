import type { EventStore } from '#event-store';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { LedgerSession } from '../support/ledger-session.js';

/**
 * Period close in order and its dry run (issue 14, item 6), over HTTP: quarters close one after another from the
 * quarter of the first rule set, and `?dryRun=true` answers the tier evaluations and what would freeze, appending
 * nothing.
 */
describe('period close order and dry run over HTTP', () => {
  let ledger: LedgerHarness;
  let session: LedgerSession;
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).toString();
  const close = (period: string, query = '') =>
    ledger.http.post(`/periods/${period}/close${query}`).set(session.finance());

  /**
   * acme wins three deals of 40000.00 in 2026-Q1 (silver: 100000 and 3 won deals); bolt sells nothing. Tiers are
   * evaluated on the last quarter alone, with one quarter of grace before a demotion.
   */
  async function program(): Promise<void> {
    session.on('2026-01-02');
    session.track(await ledger.publish(ruleSet({ tierEvaluation: { trailingQuarters: 1, demotionGraceQuarters: 1 } })));
    (await ledger.enroll('acme', 'bolt')).forEach((response) => session.track(response));
    await session.wonDeal('acme', 'd1', '2026-01-10', '40000.00');
    await session.wonDeal('acme', 'd2', '2026-02-10', '40000.00');
    await session.wonDeal('acme', 'd3', '2026-03-10', '40000.00');
    await ledger.caughtUp();
  }

  beforeEach(async () => {
    ledger = await startLedger();
    session = new LedgerSession(ledger);
  });
  afterEach(() => ledger.close());

  it('acceptance: refuses 2026-Q2 while 2026-Q1 is open, a dry run answers tier changes, appends nothing', async () => {
    await program();
    session.on('2026-07-02');
    const periods = await ledger.http.get(`/periods?after=${session.last}`).set(session.finance()).expect(200);
    expect(periods.body).toMatchObject({ closedThrough: null, nextToClose: '2026-Q1' });

    const before = await head();
    const outOfOrder = await close('2026-Q2').expect(422);
    expect(outOfOrder.body).toMatchObject({
      error: 'PERIOD_CLOSE_OUT_OF_ORDER',
      details: { period: '2026-Q2', firstOpenPeriod: '2026-Q1' },
    });
    expect(outOfOrder.body.message).toContain('2026-Q1');
    expect((await close('2026-Q2', '?dryRun=true').expect(422)).body.error).toBe('PERIOD_CLOSE_OUT_OF_ORDER');
    expect((await close('2026-Q1', '?dryRun=maybe').expect(400)).body.error).toBe('VALIDATION_FAILED');

    const preview = (await close('2026-Q1', '?dryRun=true').expect(200)).body;
    expect(await head()).toBe(before);
    expect(preview).toMatchObject({
      period: '2026-Q1',
      dryRun: true,
      ruleSetVersion: '2026.1',
      freezes: { from: null, through: '2026-03-31', commissionLines: 3, dealFacts: 3 },
    });
    expect(preview.partners.map((partner: { partnerId: string }) => partner.partnerId)).toEqual(['acme', 'bolt']);
    expect(preview.partners[0]).toMatchObject({
      previousTier: 'registered',
      tier: 'silver',
      change: 'promoted',
      effectiveFrom: '2026-04-01',
      figures: { attributedRevenue: '120000', wonDeals: 3, lostDeals: 0 },
    });
    expect(preview.partners[1]).toMatchObject({ tier: 'registered', change: 'unchanged' });

    // The close then decides exactly what the dry run said.
    session.track(await close('2026-Q1').expect(200));
    const tier = await ledger.http.get(`/partners/acme/tier?after=${session.last}`).set(session.finance()).expect(200);
    const [evaluation] = tier.body.history;
    const decided = (({ evaluationId: _id, source: _source, explanation: _words, ...figures }) => figures)(evaluation);
    const previewed = (({ explanation: _words, ...figures }) => figures)(preview.partners[0]);
    expect(decided).toEqual(previewed);

    // Next quarter acme sells nothing: the dry run shows it held at silver, one quarter into its grace.
    const held = (await close('2026-Q2', '?dryRun=true').expect(200)).body;
    expect(held.freezes).toEqual({ from: '2026-04-01', through: '2026-06-30', commissionLines: 0, dealFacts: 0 });
    expect(held.partners[0]).toMatchObject({
      partnerId: 'acme',
      change: 'held',
      tier: 'silver',
      qualifiedTier: 'registered',
      shortfallCount: 1,
      demotionGraceQuarters: 1,
    });
    expect(await head()).toBe(session.last);
  });

  it('the dry run is for finance only, and refuses what the close refuses', async () => {
    await program();
    session.on('2026-03-31');
    expect((await close('2026-Q1', '?dryRun=true').expect(422)).body.error).toBe('PERIOD_NOT_ENDED');
    session.on('2026-04-02');
    await ledger.http.post('/periods/2026-Q1/close?dryRun=true').set(session.manager()).expect(403);
    session.track(await close('2026-Q1').expect(200));
    const closed = await close('2026-Q1', '?dryRun=true').set('Idempotency-Key', 'again').expect(409);
    expect(closed.body.error).toBe('PERIOD_ALREADY_CLOSED');
  });
});
