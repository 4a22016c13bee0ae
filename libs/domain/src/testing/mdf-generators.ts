import fc from 'fast-check';
import { expect } from '@jest/globals';
import { campaignDecider } from '../campaign/campaign.decider.js';
import type { CampaignCommand } from '../campaign/campaign.commands.js';
import type { CampaignEvent } from '../campaign/campaign.events.js';
import { campaignFacts, type CampaignState } from '../campaign/campaign.state.js';
import { fold } from '../decider.js';
import { DomainError, errorCatalog } from '../errors.js';
import type { MdfCommand } from '../mdf/mdf.commands.js';
import { mdfClaimsPayable, mdfDecider } from '../mdf/mdf.decider.js';
import type { MdfEvent } from '../mdf/mdf.events.js';
import { mdfCommitmentFacts, type MdfFundState } from '../mdf/mdf.state.js';
import { Decimal } from '../money.js';
import { mdfClaimStatementLine } from '../statement/statement-composition.js';
import { statementPaymentFacts } from '../statement/statement.state.js';
import { metadata } from './decider-specification.js';
import { statementApproved, statementIssued, statementOf, statementPaid } from './statement-builders.js';

/**
 * Generators for MDF property tests: random operations against the fund `mdf-p1` (accruals, the funding
 * protocol, claims, claim decisions and statements that pay claims) and a world that applies them through
 * the MDF and campaign deciders, three campaigns c1..c3 of partner p1 in USD.
 */

const cents = (units: number) => new Decimal(units).dividedBy(100).toFixed(2);
export const mdfCampaignIds = ['c1', 'c2', 'c3'] as const;
const manager = metadata();
const campaignIndex = fc.integer({ min: 0, max: 2 });
const milestoneIndex = fc.integer({ min: 0, max: 2 });

/**
 * Three campaigns, each given by its one to three milestones' amounts in cents (the budget is their sum).
 */
export const mdfCampaignSpecs = (maxUnits: number) =>
  fc.array(fc.array(fc.integer({ min: 1, max: maxUnits }), { minLength: 1, maxLength: 3 }), {
    minLength: 3,
    maxLength: 3,
  });

export type MdfOperation =
  | { op: 'accrue'; source: number; units: number }
  | { op: 'approve'; campaign: number }
  | { op: 'complete'; campaign: number; milestone: number }
  | { op: 'release'; campaign: number; milestone: number }
  | { op: 'close'; campaign: number }
  | { op: 'decommit'; campaign: number }
  | { op: 'claim'; claim: number; campaign: number; percent: number }
  | { op: 'decide'; claim: number; approve: boolean }
  | { op: 'pay'; take: number };

/** How often each operation comes; an operation without a weight (or with 0) never comes. */
export type MdfOperationWeights = Partial<Record<MdfOperation['op'], number>>;

/** Random operations with the given weights; accruals of 0 to `maxAccrualUnits` cents. */
export function mdfOperation(weights: MdfOperationWeights, maxAccrualUnits: number): fc.Arbitrary<MdfOperation> {
  const arbitraries: Record<MdfOperation['op'], fc.Arbitrary<MdfOperation>> = {
    accrue: fc.record({
      op: fc.constant('accrue' as const),
      source: fc.integer({ min: 0, max: 12 }),
      units: fc.integer({ min: 0, max: maxAccrualUnits }),
    }),
    approve: fc.record({ op: fc.constant('approve' as const), campaign: campaignIndex }),
    complete: fc.record({ op: fc.constant('complete' as const), campaign: campaignIndex, milestone: milestoneIndex }),
    release: fc.record({ op: fc.constant('release' as const), campaign: campaignIndex, milestone: milestoneIndex }),
    close: fc.record({ op: fc.constant('close' as const), campaign: campaignIndex }),
    decommit: fc.record({ op: fc.constant('decommit' as const), campaign: campaignIndex }),
    // A claim for a percentage of what the campaign can still claim: up to 120%, so some go beyond it.
    claim: fc.record({
      op: fc.constant('claim' as const),
      claim: fc.integer({ min: 0, max: 9 }),
      campaign: campaignIndex,
      percent: fc.integer({ min: 1, max: 120 }),
    }),
    decide: fc.record({
      op: fc.constant('decide' as const),
      claim: fc.integer({ min: 0, max: 9 }),
      approve: fc.boolean(),
    }),
    pay: fc.record({ op: fc.constant('pay' as const), take: fc.integer({ min: 0, max: 5 }) }),
  };
  const weighted = (Object.keys(arbitraries) as MdfOperation['op'][])
    .filter((op) => (weights[op] ?? 0) > 0)
    .map((op) => ({ weight: weights[op]!, arbitrary: arbitraries[op] }));
  return fc.oneof(...weighted);
}

/** One fund and its campaigns, driven by commands; refusals are counted by error code. */
export class MdfWorld {
  readonly fund: MdfEvent[] = [];
  readonly campaigns = new Map<string, CampaignEvent[]>();
  readonly refused = new Map<string, number>();
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

  /** Every refusal is a catalogued DomainError; anything else fails the test. */
  private attempt(run: () => unknown): void {
    try {
      run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      expect(Object.keys(errorCatalog)).toContain(error.code);
      this.refused.set(error.code, (this.refused.get(error.code) ?? 0) + 1);
    }
  }
}

/** Proposes the campaigns c1..c3, each with the milestones (amounts in cents) of its spec. */
export function proposeMdfCampaigns(world: MdfWorld, specs: readonly (readonly number[])[]): void {
  specs.forEach((units, index) => {
    const campaignId = mdfCampaignIds[index]!;
    const milestones = units.map((amount, milestone) => ({ id: `m${milestone}`, amount: cents(amount) }));
    const budget = cents(units.reduce((total, amount) => total + amount, 0));
    world.campaigns.set(campaignId, []);
    world.onCampaign(campaignId, {
      type: 'ProposeCampaign',
      data: {
        campaignId,
        partnerId: 'p1',
        name: `Campaign ${campaignId}`,
        budget,
        goals: { leads: 10, pipeline: '0' },
        milestones,
      },
      facts: { partnerStatus: 'active', programCurrency: 'USD' },
    });
  });
}

function release(world: MdfWorld, campaignId: string, milestone: number): void {
  world.onFund({
    type: 'ReleaseMdf',
    data: { partnerId: 'p1', campaignId, milestoneId: `m${milestone}` },
    facts: { campaign: campaignFacts(world.campaign(campaignId)) },
  });
}

function claim(world: MdfWorld, operation: Extract<MdfOperation, { op: 'claim' }>): void {
  const campaignId = mdfCampaignIds[operation.campaign]!;
  const commitment = world.fundState().commitments.get(campaignId);
  const claimable = commitment === undefined ? new Decimal(0) : commitment.released.minus(commitment.claimed);
  const amount = Decimal.max(
    claimable.times(operation.percent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_DOWN),
    '0.01',
  ).toFixed(2);
  world.onFund({
    type: 'SubmitMdfClaim',
    data: { partnerId: 'p1', claimId: `cl${operation.claim}`, campaignId, amount, evidence: 'invoice' },
  });
}

/** A statement that carries some of the payable claims is paid; then its claims are marked paid. */
function pay(world: MdfWorld, take: number): void {
  const claims = mdfClaimsPayable(world.fundState()).slice(0, take);
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
    facts: { statement: statementPaymentFacts(statement) },
  });
}

/** Applies one operation to the world, following the protocols the service follows. */
export function applyMdfOperation(world: MdfWorld, operation: MdfOperation): void {
  switch (operation.op) {
    case 'accrue':
      world.onFund({
        type: 'AccrueMdf',
        data: {
          partnerId: 'p1',
          sourceEventId: `e${operation.source}`,
          dealId: 'd1',
          amount: cents(operation.units),
          currency: 'USD',
          businessDate: '2026-01-20',
          ruleSetVersion: '2026.1',
          tier: 'gold',
          rate: '0.02',
        },
      });
      return;
    case 'approve': {
      // The approval protocol without interleaving: commit, then approve against the fund.
      const campaignId = mdfCampaignIds[operation.campaign]!;
      world.onFund({
        type: 'CommitMdf',
        data: { partnerId: 'p1', campaignId },
        facts: { campaign: campaignFacts(world.campaign(campaignId)), partnerStatus: 'active' },
      });
      world.onCampaign(campaignId, {
        type: 'ApproveCampaign',
        data: { campaignId },
        facts: { fund: mdfCommitmentFacts(world.fundState(), campaignId) },
      });
      return;
    }
    case 'complete': {
      // The completion protocol: complete, then release from the campaign as it now is.
      const campaignId = mdfCampaignIds[operation.campaign]!;
      world.onCampaign(campaignId, {
        type: 'CompleteCampaignMilestone',
        data: { campaignId, milestoneId: `m${operation.milestone}`, evidence: 'report' },
      });
      release(world, campaignId, operation.milestone);
      return;
    }
    case 'release':
      release(world, mdfCampaignIds[operation.campaign]!, operation.milestone);
      return;
    case 'close': {
      // Closing without the decommit step: a later 'decommit' operation (or none) gives the funds back.
      const campaignId = mdfCampaignIds[operation.campaign]!;
      world.onCampaign(campaignId, { type: 'CloseCampaign', data: { campaignId } });
      return;
    }
    case 'decommit': {
      const campaignId = mdfCampaignIds[operation.campaign]!;
      world.onFund({
        type: 'DecommitMdf',
        data: { partnerId: 'p1', campaignId },
        facts: { campaign: campaignFacts(world.campaign(campaignId)) },
      });
      return;
    }
    case 'claim':
      claim(world, operation);
      return;
    case 'decide': {
      // Mostly a claim that exists, so decisions are reached; sometimes one that does not.
      const claimIds = [...world.fundState().claims.keys(), 'cl-unknown'];
      const claimId = claimIds[operation.claim % claimIds.length]!;
      world.onFund(
        operation.approve
          ? { type: 'ApproveMdfClaim', data: { partnerId: 'p1', claimId } }
          : { type: 'RejectMdfClaim', data: { partnerId: 'p1', claimId, reason: 'no receipts' } },
      );
      return;
    }
    case 'pay':
      pay(world, operation.take);
      return;
  }
}
