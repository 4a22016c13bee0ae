import fc from 'fast-check';
import { Decimal, foldMdfFigures, type MdfEvent } from '#domain';
import {
  applyMdfOperation,
  mdfCampaignIds,
  mdfCampaignSpecs,
  mdfOperation,
  MdfWorld,
  proposeMdfCampaigns,
} from '#domain/testing';
import { openDatabase, type StoredEvent } from '#event-store';
import { mdfProjection, MdfQueries } from './mdf.projection.js';

/**
 * The MDF read model against the domain's own fold: for random sequences of accruals, the funding
 * protocol (commit and approve, complete and release, close and decommit), claims, claim decisions and
 * statements that pay claims, every figure of GET /partners/:id/mdf equals `foldMdfFigures` of the
 * fund's events, after every step, and each campaign's figures equal the fold's commitment.
 */

// Here closing a campaign gives its funds back at once: each 'close' is followed by a 'decommit'.
const operation = mdfOperation(
  { accrue: 4, approve: 3, complete: 5, close: 1, claim: 5, decide: 8, pay: 5 },
  3_000_000,
);

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
        mdfCampaignSpecs(100_000),
        fc.array(operation, { minLength: 20, maxLength: 80 }),
        (specs, operations) => {
          const db = openDatabase(':memory:');
          db.exec(mdfProjection.schema);
          const apply = mdfProjection.bind(db) as (event: StoredEvent) => void;
          const queries = new MdfQueries(db);
          const world = new MdfWorld();
          let applied = 0;
          proposeMdfCampaigns(world, specs);
          const check = () => {
            for (; applied < world.fund.length; applied += 1) apply(stored(world.fund[applied]!, applied + 1));
            const state = world.fundState();
            const { partnerId: _partnerId, ...expected } = foldMdfFigures(world.fund);
            const view = queries.fund('p1');
            expect(view.figures).toEqual(expected);
            expect(view.accruals).toBe(state.accruals.size);
            for (const campaignId of mdfCampaignIds) {
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
            ...mdfCampaignIds.map((_, campaign) => ({ op: 'approve' as const, campaign })),
          ];
          for (const step of [...start, ...operations]) {
            applyMdfOperation(world, step);
            if (step.op === 'close') applyMdfOperation(world, { op: 'decommit', campaign: step.campaign });
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
