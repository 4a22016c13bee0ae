import fc from 'fast-check';
import { Decimal, sumDecimals } from '../money.js';
import {
  applyMdfOperation,
  mdfCampaignIds,
  mdfCampaignSpecs,
  mdfOperation,
  MdfWorld,
  proposeMdfCampaigns,
} from '../testing/mdf-generators.js';
import { mdfDecider, mdfFigures } from './mdf.decider.js';
import type { MdfEvent } from './mdf.events.js';

/**
 * Random sequences of accruals, commitments, releases, decommits, claims, claim decisions and payments
 * against one fund, with campaigns driven through their own decider. Whatever the sequence:
 * - the fund never goes negative: 0 ≤ paid ≤ approved ≤ claimed ≤ released ≤ committed ≤ accrued, per
 *   fund and per campaign;
 * - every figure equals the fold of its events, recomputed here from the events alone (so a wrong
 *   `evolve` cannot hide a wrong `decide`), and folding incrementally equals folding from scratch;
 * - no source event is accrued twice, and every refusal is a catalogued DomainError.
 */

const operation = mdfOperation(
  { accrue: 4, approve: 3, complete: 5, release: 1, close: 1, decommit: 2, claim: 5, decide: 6, pay: 2 },
  1_000_000,
);

/** Sums of the events' amounts by type: what each figure must be, computed without the decider. */
function sumsByType(events: readonly MdfEvent[], campaignId?: string): Record<MdfEvent['type'], Decimal> {
  const relevant = events.filter(
    (event) => campaignId === undefined || ('campaignId' in event.data && event.data.campaignId === campaignId),
  );
  const sum = (type: MdfEvent['type']) =>
    sumDecimals(relevant.filter((event) => event.type === type).map((event) => new Decimal(event.data.amount)));
  return {
    MdfAccrued: sum('MdfAccrued'),
    MdfCommitted: sum('MdfCommitted'),
    MdfReleased: sum('MdfReleased'),
    MdfDecommitted: sum('MdfDecommitted'),
    MdfClaimSubmitted: sum('MdfClaimSubmitted'),
    MdfClaimApproved: sum('MdfClaimApproved'),
    MdfClaimRejected: sum('MdfClaimRejected'),
    MdfClaimPaid: sum('MdfClaimPaid'),
  };
}

function nonDecreasing(chain: readonly Decimal[]): boolean {
  return chain.every((value, index) => index === 0 || chain[index - 1]!.lte(value));
}

function checkInvariants(world: MdfWorld): void {
  const state = world.fundState();
  const figures = mdfFigures(state);
  const sums = sumsByType(world.fund);
  const expected = {
    accrued: sums.MdfAccrued,
    committed: sums.MdfCommitted.minus(sums.MdfDecommitted),
    released: sums.MdfReleased,
    claimed: sums.MdfClaimSubmitted.minus(sums.MdfClaimRejected),
    approved: sums.MdfClaimApproved,
    paid: sums.MdfClaimPaid,
  };
  // Every figure is the fold of its events.
  expect(figures).toMatchObject({
    accrued: expected.accrued.toFixed(2),
    committed: expected.committed.toFixed(2),
    released: expected.released.toFixed(2),
    claimed: expected.claimed.toFixed(2),
    approved: expected.approved.toFixed(2),
    paid: expected.paid.toFixed(2),
    available: expected.accrued.minus(expected.committed).toFixed(2),
  });
  // The fund never goes negative: the figures nest, from nothing up to what was accrued.
  expect(
    nonDecreasing([
      new Decimal(0),
      expected.paid,
      expected.approved,
      expected.claimed,
      expected.released,
      expected.committed,
      expected.accrued,
    ]),
  ).toBe(true);
  // And per campaign: released within what stays committed, claims within what was released.
  for (const campaignId of mdfCampaignIds) {
    const own = sumsByType(world.fund, campaignId);
    const committed = own.MdfCommitted.minus(own.MdfDecommitted);
    expect(
      nonDecreasing([
        new Decimal(0),
        own.MdfClaimPaid,
        own.MdfClaimSubmitted.minus(own.MdfClaimRejected),
        own.MdfReleased,
        committed,
      ]),
    ).toBe(true);
    expect(
      world.fund.filter((event) => event.type === 'MdfCommitted' && event.data.campaignId === campaignId).length,
    ).toBeLessThanOrEqual(1);
  }
  // No source event is accrued twice.
  const sources = world.fund.flatMap((event) => (event.type === 'MdfAccrued' ? [event.data.sourceEventId] : []));
  expect(new Set(sources).size).toBe(sources.length);
}
describe('MDF fund under random sequences', () => {
  it('never goes negative, and every figure equals the fold of its events', () => {
    const reached = {
      released: 0,
      approvedClaims: 0,
      paidClaims: 0,
      decommitted: 0,
      insufficient: 0,
      overclaimed: 0,
      duplicateAccruals: 0,
    };
    const accruals = (world: MdfWorld) => world.fund.filter((event) => event.type === 'MdfAccrued').length;
    fc.assert(
      fc.property(
        mdfCampaignSpecs(400_000),
        fc.array(operation, { minLength: 30, maxLength: 100 }),
        (specs, operations) => {
          const world = new MdfWorld();
          proposeMdfCampaigns(world, specs);
          for (const operation of operations) {
            const accrualsBefore = accruals(world);
            applyMdfOperation(world, operation);
            if (operation.op === 'accrue' && operation.units > 0 && accruals(world) === accrualsBefore)
              reached.duplicateAccruals += 1;
            checkInvariants(world);
          }
          // Folding event by event (as a cached stream does) ends where folding from scratch does.
          expect(mdfFigures(world.fund.reduce(mdfDecider.evolve, mdfDecider.initialState()))).toEqual(
            mdfFigures(world.fundState()),
          );

          reached.released += world.fund.filter((event) => event.type === 'MdfReleased').length;
          reached.approvedClaims += world.fund.filter((event) => event.type === 'MdfClaimApproved').length;
          reached.paidClaims += world.fund.filter((event) => event.type === 'MdfClaimPaid').length;
          reached.decommitted += world.fund.filter((event) => event.type === 'MdfDecommitted').length;
          reached.insufficient += world.refused.get('MDF_INSUFFICIENT_FUNDS') ?? 0;
          reached.overclaimed += world.refused.get('MDF_CLAIM_EXCEEDS_RELEASED') ?? 0;
        },
      ),
      { numRuns: 400 },
    );
    // The generator must reach every part of the fund's life, or the property proves little. The runs
    // are enough that these floors hold for any seed with a wide margin (200 runs once fell one short).
    expect(reached.released).toBeGreaterThan(50);
    expect(reached.approvedClaims).toBeGreaterThan(20);
    expect(reached.paidClaims).toBeGreaterThan(5);
    expect(reached.decommitted).toBeGreaterThan(5);
    expect(reached.insufficient).toBeGreaterThan(20);
    expect(reached.overclaimed).toBeGreaterThan(20);
    expect(reached.duplicateAccruals).toBeGreaterThan(20);
  });
});
