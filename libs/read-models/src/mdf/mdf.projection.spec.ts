import fc from 'fast-check';
import {
  campaignDecider,
  Decimal,
  DomainError,
  fold,
  foldMdfFigures,
  mdfClaimStatementLine,
  mdfClaimsPayable,
  mdfDecider,
  type CampaignCommand,
  type CampaignEvent,
  type CampaignState,
  type MdfCommand,
  type MdfEvent,
  type MdfFundState,
} from '#domain';
import { metadata, statementApproved, statementIssued, statementOf, statementPaid } from '#domain/testing';
import { openDatabase, type StoredEvent } from '#event-store';
import { mdfProjection, MdfQueries } from './mdf.projection.js';

/**
 * The MDF read model against the domain's own fold: for random sequences of accruals, the funding
 * protocol (commit and approve, complete and release, close and decommit), claims, claim decisions and
 * statements that pay claims, every figure of GET /partners/:id/mdf equals `foldMdfFigures` of the
 * fund's events, after every step, and each campaign's figures equal the fold's commitment.
 */

const cents = (units: number) => new Decimal(units).dividedBy(100).toFixed(2);
const campaignIds = ['c1', 'c2', 'c3'] as const;
const manager = metadata();

const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('accrue' as const),
      source: fc.integer({ min: 0, max: 12 }),
      units: fc.integer({ min: 0, max: 3_000_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('approve' as const), campaign: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('complete' as const),
      campaign: fc.integer({ min: 0, max: 2 }),
      milestone: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), campaign: fc.integer({ min: 0, max: 2 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('claim' as const),
      claim: fc.integer({ min: 0, max: 9 }),
      campaign: fc.integer({ min: 0, max: 2 }),
      percent: fc.integer({ min: 1, max: 120 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('decide' as const),
      claim: fc.integer({ min: 0, max: 9 }),
      approve: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('pay' as const), take: fc.integer({ min: 0, max: 5 }) }) },
);

class World {
  readonly fund: MdfEvent[] = [];
  readonly campaigns = new Map<string, CampaignEvent[]>();
  statements = 0;

  campaign(campaignId: string): CampaignState {
    return fold(campaignDecider, this.campaigns.get(campaignId)!);
  }

  fundState(): MdfFundState {
    return fold(mdfDecider, this.fund);
  }

  onFund(command: Omit<MdfCommand, 'metadata'>): void {
    this.attempt(() =>
      this.fund.push(...mdfDecider.decide({ ...command, metadata: manager } as MdfCommand, this.fundState())),
    );
  }

  onCampaign(campaignId: string, command: Omit<CampaignCommand, 'metadata'>): void {
    this.attempt(() =>
      this.campaigns
        .get(campaignId)!
        .push(
          ...campaignDecider.decide({ ...command, metadata: manager } as CampaignCommand, this.campaign(campaignId)),
        ),
    );
  }

  private attempt(run: () => unknown): void {
    try {
      run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
}

function stored(event: MdfEvent, position: number): StoredEvent {
  const metadata = {
    actor: 'maria',
    actorRole: 'partner_manager',
    correlationId: 'c',
    causationId: 'c',
    recordedAt: '2026-02-10T12:00:00.000Z',
    idempotencyKey: `k${position}`,
    commandHash: 'h',
  };
  return {
    eventId: `e${position}`,
    stream: 'mdf-p1',
    revision: position,
    position: BigInt(position),
    type: event.type,
    data: event.data,
    metadata,
  };
}

describe('the MDF read model', () => {
  it('answers the figures of foldMdfFigures after every step of random sequences, per fund and per campaign', () => {
    const reached = { released: 0, approved: 0, rejected: 0, paid: 0, decommitted: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 3 }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.array(operation, { minLength: 20, maxLength: 80 }),
        (specs, operations) => {
          const db = openDatabase(':memory:');
          db.exec(mdfProjection.schema);
          const apply = mdfProjection.bind(db) as (event: StoredEvent) => void;
          const queries = new MdfQueries(db);
          const world = new World();
          let applied = 0;
          specs.forEach((units, index) => {
            const campaignId = campaignIds[index]!;
            const milestones = units.map((amount, milestone) => ({ id: `m${milestone}`, amount: cents(amount) }));
            const budget = cents(units.reduce((total, amount) => total + amount, 0));
            world.campaigns.set(campaignId, []);
            world.onCampaign(campaignId, {
              type: 'ProposeCampaign',
              data: {
                campaignId,
                partnerId: 'p1',
                name: campaignId,
                budget,
                goals: { leads: 1, pipeline: '0.00' },
                milestones,
              },
              facts: { partnerStatus: 'active', programCurrency: 'USD' },
            });
          });
          const check = () => {
            for (; applied < world.fund.length; applied += 1) apply(stored(world.fund[applied]!, applied + 1));
            const state = world.fundState();
            const { partnerId: _partnerId, ...expected } = foldMdfFigures(world.fund);
            const view = queries.fund('p1');
            expect(view.figures).toEqual(expected);
            expect(view.accruals).toBe(state.accruals.size);
            for (const campaignId of campaignIds) {
              const commitment = state.commitments.get(campaignId);
              const figures = queries.campaign(campaignId);
              if (commitment === undefined) {
                expect(figures).toBeUndefined();
                continue;
              }
              const claims = [...state.claims.values()].filter((claim) => claim.campaignId === campaignId);
              const sum = (statuses: readonly string[]) =>
                claims
                  .filter((claim) => statuses.includes(claim.status))
                  .reduce((total, claim) => total.plus(claim.amount), new Decimal(0))
                  .toFixed(2);
              expect(figures).toMatchObject({
                committed: commitment.amount.toFixed(2),
                decommitted: commitment.amountDecommitted.toFixed(2),
                released: commitment.released.toFixed(2),
                releasedMilestones: commitment.releasedMilestones,
                claimed: commitment.claimed.toFixed(2),
                claimable: commitment.released.minus(commitment.claimed).toFixed(2),
                unreleased: commitment.amount.minus(commitment.amountDecommitted).minus(commitment.released).toFixed(2),
                approved: sum(['approved', 'paid']),
                paid: sum(['paid']),
              });
            }
            const byId = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
            expect(
              view.claims
                .map((claim) => [claim.claimId, claim.campaignId, claim.status, claim.amount, claim.statementId])
                .sort(byId),
            ).toEqual(
              [...state.claims.values()]
                .map((claim) => [claim.claimId, claim.campaignId, claim.status, claim.amount, claim.statementId])
                .sort(byId),
            );
          };

          // A funded start, so most sequences reach releases, claims and payments; the rest is random.
          const start = [
            { op: 'accrue' as const, source: 99, units: 2_000_000 },
            ...campaignIds.map((_, campaign) => ({ op: 'approve' as const, campaign })),
          ];
          for (const step of [...start, ...operations]) {
            switch (step.op) {
              case 'accrue':
                world.onFund({
                  type: 'AccrueMdf',
                  data: {
                    partnerId: 'p1',
                    sourceEventId: `e${step.source}`,
                    dealId: 'd1',
                    amount: cents(step.units),
                    currency: 'USD',
                    businessDate: '2026-01-20',
                    ruleSetVersion: '2026.1',
                    tier: 'gold',
                    rate: '0.02',
                  },
                });
                break;
              case 'approve': {
                const campaignId = campaignIds[step.campaign]!;
                world.onFund({
                  type: 'CommitMdf',
                  data: { partnerId: 'p1', campaignId },
                  facts: { campaign: world.campaign(campaignId) },
                });
                world.onCampaign(campaignId, {
                  type: 'ApproveCampaign',
                  data: { campaignId },
                  facts: { fund: world.fundState() },
                });
                break;
              }
              case 'complete': {
                const campaignId = campaignIds[step.campaign]!;
                const milestoneId = `m${step.milestone}`;
                world.onCampaign(campaignId, {
                  type: 'CompleteCampaignMilestone',
                  data: { campaignId, milestoneId, evidence: 'report' },
                });
                world.onFund({
                  type: 'ReleaseMdf',
                  data: { partnerId: 'p1', campaignId, milestoneId },
                  facts: { campaign: world.campaign(campaignId) },
                });
                break;
              }
              case 'close': {
                const campaignId = campaignIds[step.campaign]!;
                world.onCampaign(campaignId, { type: 'CloseCampaign', data: { campaignId } });
                world.onFund({
                  type: 'DecommitMdf',
                  data: { partnerId: 'p1', campaignId },
                  facts: { campaign: world.campaign(campaignId) },
                });
                break;
              }
              case 'claim': {
                const campaignId = campaignIds[step.campaign]!;
                const commitment = world.fundState().commitments.get(campaignId);
                const claimable =
                  commitment === undefined ? new Decimal(0) : commitment.released.minus(commitment.claimed);
                const amount = Decimal.max(
                  claimable.times(step.percent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_DOWN),
                  '0.01',
                ).toFixed(2);
                world.onFund({
                  type: 'SubmitMdfClaim',
                  data: { partnerId: 'p1', claimId: `cl${step.claim}`, campaignId, amount, evidence: 'invoice' },
                });
                break;
              }
              case 'decide': {
                const claimIds = [...world.fundState().claims.keys(), 'cl-unknown'];
                const claimId = claimIds[step.claim % claimIds.length]!;
                world.onFund(
                  step.approve
                    ? { type: 'ApproveMdfClaim', data: { partnerId: 'p1', claimId } }
                    : { type: 'RejectMdfClaim', data: { partnerId: 'p1', claimId, reason: 'no receipts' } },
                );
                break;
              }
              case 'pay': {
                const claims = mdfClaimsPayable(world.fundState()).slice(0, step.take);
                world.statements += 1;
                const statementId = `p1-s${world.statements}`;
                const statement = statementOf(
                  statementIssued({ statementId, lines: claims.map(mdfClaimStatementLine) }),
                  statementApproved({ statementId }),
                  statementPaid({ statementId }),
                );
                world.onFund({
                  type: 'MarkMdfClaimsPaid',
                  data: { partnerId: 'p1', statementId },
                  facts: { statement },
                });
                break;
              }
            }
            check();
          }
          for (const event of world.fund) {
            if (event.type === 'MdfReleased') reached.released += 1;
            if (event.type === 'MdfClaimApproved') reached.approved += 1;
            if (event.type === 'MdfClaimRejected') reached.rejected += 1;
            if (event.type === 'MdfClaimPaid') reached.paid += 1;
            if (event.type === 'MdfDecommitted') reached.decommitted += 1;
          }
          db.close();
        },
      ),
      { numRuns: 100 },
    );
    // The sequences reach every kind of event, so the equality above is about all of them.
    for (const count of Object.values(reached)) expect(count).toBeGreaterThan(0);
  });

  it('answers zeros and no currency for a fund without events', () => {
    const db = openDatabase(':memory:');
    db.exec(mdfProjection.schema);
    const { partnerId: _partnerId, ...empty } = foldMdfFigures([]);
    expect(new MdfQueries(db).fund('nobody')).toEqual({
      partnerId: 'nobody',
      figures: empty,
      accruals: 0,
      campaigns: [],
      claims: [],
      position: '0',
    });
    db.close();
  });
});
