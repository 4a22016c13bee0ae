import fc from 'fast-check';
import { fold } from '../decider.js';
import type { DomainError } from '../errors.js';
import { mdfDecider } from '../mdf/mdf.decider.js';
import { mdfCommitmentFacts, type MdfFundState } from '../mdf/mdf.state.js';
import type { MdfCommand } from '../mdf/mdf.commands.js';
import type { MdfEvent } from '../mdf/mdf.events.js';
import { Decimal, sumDecimals } from '../money.js';
import { metadata } from '../testing/decider-specification.js';
import { attempt, ProtocolModel } from '../testing/protocol-model.js';
import type { CampaignCommand } from './campaign.commands.js';
import { campaignAmountCompleted, campaignDecider } from './campaign.decider.js';
import { campaignFacts, type CampaignState } from './campaign.state.js';
import type { CampaignEvent } from './campaign.events.js';

/**
 * The funding protocol of campaign.decider.ts, run by a model of the application layer against
 * in-memory streams. Each step is one read, or one read-decide-append on one stream, as handleCommand
 * does it; the scheduler interleaves the steps of concurrent requests at random and abandons requests
 * half-way (a crash). Whatever it does, the fund never commits beyond what it accrued, an approved
 * campaign always rests on a commitment of its budget, and only completed milestones are released, once.
 * Then retrying each unfinished request to its end heals every crash: a closed campaign holds exactly
 * its completed milestones, all released; an open one holds its budget; a proposal holds nothing. And
 * once every campaign is closed, the fund holds exactly the completed milestones of the funded ones.
 */

const campaigns = {
  c1: [
    { id: 'm1', amount: '1000.00' },
    { id: 'm2', amount: '2000.00' },
  ],
  c2: [
    { id: 'm1', amount: '500.00' },
    { id: 'm2', amount: '2000.00' },
  ],
} as const;
type CampaignId = keyof typeof campaigns;
const campaignIds = Object.keys(campaigns) as CampaignId[];
const meta = metadata();

type Process =
  | {
      kind: 'approve';
      campaignId: CampaignId;
      stage: 'check' | 'commit' | 'readFund' | 'approve' | 'compensateRead' | 'compensate';
      campaign?: CampaignState;
      fund?: MdfFundState;
    }
  | {
      kind: 'complete';
      campaignId: CampaignId;
      milestoneId: string;
      stage: 'complete' | 'read' | 'release';
      campaign?: CampaignState;
    }
  | {
      kind: 'close';
      campaignId: CampaignId;
      stage: 'close' | 'read' | 'release' | 'decommit';
      campaign?: CampaignState;
      releaseIndex?: number;
    };

class World extends ProtocolModel<Process> {
  readonly streams = new Map<CampaignId, CampaignEvent[]>(campaignIds.map((campaignId) => [campaignId, []]));
  readonly fund: MdfEvent[] = [];
  accruals = 0;

  constructor() {
    super();
    for (const campaignId of campaignIds) {
      const milestones = campaigns[campaignId].map((milestone) => ({ ...milestone }));
      const budget = sumDecimals(milestones.map((milestone) => new Decimal(milestone.amount))).toFixed(2);
      this.onCampaign(campaignId, {
        type: 'ProposeCampaign',
        data: { campaignId, partnerId: 'p1', name: campaignId, budget, goals: { leads: 1, pipeline: '0' }, milestones },
        facts: { partnerStatus: 'active', programCurrency: 'USD' },
      });
    }
  }

  campaign(campaignId: CampaignId): CampaignState {
    return fold(campaignDecider, this.streams.get(campaignId)!);
  }

  fundState(): MdfFundState {
    return fold(mdfDecider, this.fund);
  }

  accrue(amount: string): void {
    this.accruals += 1;
    this.onFund({
      type: 'AccrueMdf',
      data: {
        partnerId: 'p1',
        sourceEventId: `e${this.accruals}`,
        dealId: 'd1',
        amount,
        currency: 'USD',
        businessDate: '2026-01-20',
        ruleSetVersion: '2026.1',
        tier: 'gold',
        rate: '0.02',
      },
    });
  }

  /** One read-decide-append on a campaign stream; a refusal is returned, not thrown. */
  onCampaign(campaignId: CampaignId, command: Omit<CampaignCommand, 'metadata'>): DomainError | undefined {
    return attempt(() =>
      this.streams
        .get(campaignId)!
        .push(...campaignDecider.decide({ ...command, metadata: meta } as CampaignCommand, this.campaign(campaignId))),
    );
  }

  onFund(command: Omit<MdfCommand, 'metadata'>): DomainError | undefined {
    return attempt(() =>
      this.fund.push(...mdfDecider.decide({ ...command, metadata: meta } as MdfCommand, this.fundState())),
    );
  }

  /** Advances a request by one step; returns false when it has finished. */
  override step(process: Process): boolean {
    const { campaignId } = process;
    switch (process.kind) {
      case 'approve':
        switch (process.stage) {
          case 'check':
            process.campaign = this.campaign(campaignId);
            process.stage = process.campaign.status === 'proposed' ? 'commit' : 'readFund';
            return true;
          case 'commit': {
            // The campaign read at 'check' may be stale by now: that is the point.
            const refusal = this.onFund({
              type: 'CommitMdf',
              data: { partnerId: 'p1', campaignId },
              facts: { campaign: campaignFacts(process.campaign!), partnerStatus: 'active' },
            });
            process.stage = 'readFund';
            return refusal === undefined;
          }
          case 'readFund':
            process.fund = this.fundState();
            process.stage = 'approve';
            return true;
          case 'approve': {
            const refusal = this.onCampaign(campaignId, {
              type: 'ApproveCampaign',
              data: { campaignId },
              facts: { fund: mdfCommitmentFacts(process.fund!, campaignId) },
            });
            process.stage = 'compensateRead';
            return refusal?.code === 'CAMPAIGN_CLOSED';
          }
          case 'compensateRead':
            process.campaign = this.campaign(campaignId);
            process.stage = 'compensate';
            return true;
          case 'compensate':
            this.onFund({
              type: 'DecommitMdf',
              data: { partnerId: 'p1', campaignId },
              facts: { campaign: campaignFacts(process.campaign!) },
            });
            return false;
        }
        return false;

      case 'complete':
        switch (process.stage) {
          case 'complete': {
            const refusal = this.onCampaign(campaignId, {
              type: 'CompleteCampaignMilestone',
              data: { campaignId, milestoneId: process.milestoneId, evidence: 'report' },
            });
            process.stage = 'read';
            return (
              refusal === undefined ||
              refusal.code === 'CAMPAIGN_MILESTONE_ALREADY_COMPLETED' ||
              refusal.code === 'CAMPAIGN_CLOSED'
            );
          }
          case 'read':
            process.campaign = this.campaign(campaignId);
            process.stage = 'release';
            return true;
          case 'release':
            this.onFund({
              type: 'ReleaseMdf',
              data: { partnerId: 'p1', campaignId, milestoneId: process.milestoneId },
              facts: { campaign: campaignFacts(process.campaign!) },
            });
            return false;
        }
        return false;

      case 'close':
        switch (process.stage) {
          case 'close': {
            const refusal = this.onCampaign(campaignId, { type: 'CloseCampaign', data: { campaignId } });
            process.stage = 'read';
            return refusal === undefined || refusal.code === 'CAMPAIGN_CLOSED';
          }
          case 'read':
            process.campaign = this.campaign(campaignId);
            process.stage = 'release';
            process.releaseIndex = 0;
            return true;
          case 'release': {
            // One ReleaseMdf per completed milestone, each its own step (a crash may fall between them).
            const campaign = process.campaign!;
            const completed =
              campaign.status === 'none' ? [] : campaign.milestones.filter((milestone) => milestone.completed);
            const milestone = completed[process.releaseIndex!];
            if (milestone === undefined) {
              process.stage = 'decommit';
              return true;
            }
            this.onFund({
              type: 'ReleaseMdf',
              data: { partnerId: 'p1', campaignId, milestoneId: milestone.id },
              facts: { campaign: campaignFacts(campaign) },
            });
            process.releaseIndex! += 1;
            return true;
          }
          case 'decommit':
            this.onFund({
              type: 'DecommitMdf',
              data: { partnerId: 'p1', campaignId },
              facts: { campaign: campaignFacts(process.campaign!) },
            });
            return false;
        }
    }
  }
}

function start(kind: Process['kind'], campaignId: CampaignId, milestone: number): Process {
  switch (kind) {
    case 'approve':
      return { kind, campaignId, stage: 'check' };
    case 'complete':
      return { kind, campaignId, milestoneId: `m${milestone + 1}`, stage: 'complete' };
    case 'close':
      return { kind, campaignId, stage: 'close' };
  }
}

const sum = (events: readonly MdfEvent[], type: MdfEvent['type'], campaignId?: string) =>
  sumDecimals(
    events
      .filter(
        (event) =>
          event.type === type &&
          (campaignId === undefined || ('campaignId' in event.data && event.data.campaignId === campaignId)),
      )
      .map((event) => new Decimal(event.data.amount)),
  );

function checkInvariants(world: World): void {
  const { fund } = world;
  const committed = sum(fund, 'MdfCommitted').minus(sum(fund, 'MdfDecommitted'));
  // Nothing is committed beyond what was accrued, and nothing given back that was not committed.
  expect(committed.lte(sum(fund, 'MdfAccrued'))).toBe(true);
  expect(sum(fund, 'MdfReleased').lte(committed)).toBe(true);
  for (const campaignId of campaignIds) {
    const events = world.streams.get(campaignId)!;
    const budget = events[0]!.type === 'CampaignProposed' ? events[0]!.data.budget : '';
    const commits = fund.filter((event) => event.type === 'MdfCommitted' && event.data.campaignId === campaignId);
    expect(commits.length).toBeLessThanOrEqual(1);
    // An approved campaign rests on a commitment of its budget, recorded before the approval.
    if (events.some((event) => event.type === 'CampaignApproved'))
      expect(commits.map((event) => event.data.amount)).toEqual([budget]);
    // Only completed milestones are released, each once; only closed campaigns give funds back, once.
    const releases = fund.flatMap((event) =>
      event.type === 'MdfReleased' && event.data.campaignId === campaignId ? [event.data.milestoneId] : [],
    );
    expect(new Set(releases).size).toBe(releases.length);
    for (const milestoneId of releases)
      expect(
        events.some((event) => event.type === 'CampaignMilestoneCompleted' && event.data.milestoneId === milestoneId),
      ).toBe(true);
    const decommits = fund.filter((event) => event.type === 'MdfDecommitted' && event.data.campaignId === campaignId);
    expect(decommits.length).toBeLessThanOrEqual(1);
    if (decommits.length > 0) expect(events.some((event) => event.type === 'CampaignClosed')).toBe(true);
    // What stays committed to a campaign always covers its releases.
    expect(
      sum(fund, 'MdfReleased', campaignId).lte(
        sum(fund, 'MdfCommitted', campaignId).minus(sum(fund, 'MdfDecommitted', campaignId)),
      ),
    ).toBe(true);
  }
}

/**
 * Closing ends a campaign, so it is rarer than the other requests: most campaigns live long enough to
 * complete milestones.
 */
const operation = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      kind: fc.constantFrom<Process['kind']>('approve', 'complete', 'complete'),
      campaign: fc.integer({ min: 0, max: 1 }),
      milestone: fc.integer({ min: 0, max: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      kind: fc.constant<Process['kind']>('close'),
      campaign: fc.integer({ min: 0, max: 1 }),
      milestone: fc.constant(0),
    }),
  },
  { weight: 24, arbitrary: fc.record({ op: fc.constant('step' as const), process: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('crash' as const), process: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('accrue' as const), units: fc.integer({ min: 1, max: 300_000 }) }),
  },
);

describe('campaign funding protocol under interleavings and crashes', () => {
  it('never overcommits the fund, and retrying every request heals what crashes left', () => {
    const reached = { approved: 0, closedAfterRelease: 0, compensated: 0, healed: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600_000 }),
        fc.array(operation, { minLength: 20, maxLength: 100 }),
        (initialUnits, operations) => {
          const world = new World();
          world.accrue(new Decimal(initialUnits).dividedBy(100).toFixed(2));
          for (const operation of operations) {
            switch (operation.op) {
              case 'start':
                world.processes.push(start(operation.kind, campaignIds[operation.campaign]!, operation.milestone));
                break;
              case 'step': {
                const process = world.picked(operation.process);
                if (process?.kind === 'approve' && process.stage === 'compensate') reached.compensated += 1;
                if (process) world.advance(process);
                break;
              }
              case 'crash':
                world.crash(operation.process);
                break;
              case 'accrue':
                world.accrue(new Decimal(operation.units).dividedBy(100).toFixed(2));
                break;
            }
            checkInvariants(world);
          }

          // Healing: whatever crashed, retrying the requests converges.
          world.processes = [];
          for (const campaignId of campaignIds) {
            const before = world.fund.length + world.streams.get(campaignId)!.length;
            const campaign = world.campaign(campaignId);
            if (campaign.status === 'closed') world.runToEnd(start('close', campaignId, 0));
            if (campaign.status === 'approved') {
              campaign.milestones.forEach(
                (milestone, index) => milestone.completed && world.runToEnd(start('complete', campaignId, index)),
              );
            }
            if (campaign.status === 'proposed' && world.fundState().commitments.has(campaignId))
              world.runToEnd(start('approve', campaignId, 0));
            if (world.fund.length + world.streams.get(campaignId)!.length > before) reached.healed += 1;
            checkInvariants(world);
          }

          // Healed: every campaign holds exactly what its state says, and every completed milestone is released.
          const fund = world.fundState();
          let expectedCommitted = new Decimal(0);
          for (const campaignId of campaignIds) {
            const campaign = world.campaign(campaignId);
            if (campaign.status === 'none') throw new Error('every campaign was proposed');
            const commitment = fund.commitments.get(campaignId);
            const held =
              commitment === undefined ? new Decimal(0) : commitment.amount.minus(commitment.amountDecommitted);
            const completed = campaign.milestones
              .filter((milestone) => milestone.completed)
              .map((milestone) => milestone.id);
            expect([...(commitment?.releasedMilestones ?? [])].sort()).toEqual(completed);
            if (campaign.status === 'approved') {
              expect(held.toFixed(2)).toBe(campaign.budget);
              reached.approved += 1;
            } else if (campaign.status === 'closed') {
              expect(held.toFixed(2)).toBe(
                commitment === undefined ? '0.00' : campaignAmountCompleted(campaign).toFixed(2),
              );
            } else {
              expect(held.toFixed(2)).toBe('0.00');
            }
            expectedCommitted = expectedCommitted.plus(held);
          }
          expect(fund.committed.eq(expectedCommitted)).toBe(true);
          expect(fund.accrued.minus(fund.committed).gte(0)).toBe(true);

          // Every campaign ends: closed, each keeps exactly its completed milestones, all released.
          for (const campaignId of campaignIds) world.runToEnd(start('close', campaignId, 0));
          checkInvariants(world);
          const closedFund = world.fundState();
          let completedTotal = new Decimal(0);
          for (const campaignId of campaignIds) {
            const campaign = world.campaign(campaignId);
            if (campaign.status !== 'closed') throw new Error('every campaign was closed');
            const commitment = closedFund.commitments.get(campaignId);
            if (commitment === undefined) continue;
            expect(commitment.amount.minus(commitment.amountDecommitted).eq(campaignAmountCompleted(campaign))).toBe(
              true,
            );
            expect(commitment.released.eq(campaignAmountCompleted(campaign))).toBe(true);
            completedTotal = completedTotal.plus(campaignAmountCompleted(campaign));
            if (commitment.released.gt(0)) reached.closedAfterRelease += 1;
          }
          expect(closedFund.committed.eq(completedTotal)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // The scheduler must reach approvals, closes after releases, compensations and healing, or the
    // property proves little.
    expect(reached.approved).toBeGreaterThan(40);
    expect(reached.closedAfterRelease).toBeGreaterThan(30);
    expect(reached.compensated).toBeGreaterThan(5);
    expect(reached.healed).toBeGreaterThan(20);
  });

  it('heals an approval that crashed between the commitment and the approval', () => {
    const world = new World();
    world.accrue('10000.00');
    const crashed = start('approve', 'c1', 0);
    world.step(crashed); // check
    world.step(crashed); // commit, then the process dies
    expect(world.campaign('c1').status).toBe('proposed');
    world.runToEnd(start('approve', 'c1', 0));
    expect(world.campaign('c1').status).toBe('approved');
    expect(world.fund.filter((event) => event.type === 'MdfCommitted')).toHaveLength(1);
  });

  it('gives the commitment back when an approval loses the race against a close', () => {
    const world = new World();
    world.accrue('10000.00');
    const approval = start('approve', 'c1', 0);
    world.step(approval); // check: proposed
    world.runToEnd(start('close', 'c1', 0)); // withdrawn while nothing is committed yet
    world.runToEnd(approval); // commits on its stale read, is refused CAMPAIGN_CLOSED, compensates
    expect(world.fund.map((event) => event.type)).toEqual(['MdfAccrued', 'MdfCommitted', 'MdfDecommitted']);
    expect(world.fundState().committed.isZero()).toBe(true);
  });

  it("keeps a completed milestone's money when another request gives the rest back before its release", () => {
    const world = new World();
    world.accrue('10000.00');
    const late = start('approve', 'c1', 0);
    world.step(late); // check: proposed
    world.step(late); // commit
    world.runToEnd(start('approve', 'c1', 0)); // another approval of the same campaign completes
    const completion = start('complete', 'c1', 1);
    world.step(completion); // m2 completed, then the process dies before its release
    const close = start('close', 'c1', 0);
    world.step(close); // closed, then the process dies before its releases and decommit
    world.runToEnd(late); // refused CAMPAIGN_CLOSED: compensates with a decommit before m2 is released
    expect(world.fund.at(-1)).toMatchObject({ type: 'MdfDecommitted', data: { amount: '1000.00' } });
    world.runToEnd(start('complete', 'c1', 1)); // the retried completion still finds m2's money
    expect(world.fund.at(-1)).toMatchObject({ type: 'MdfReleased', data: { milestoneId: 'm2', amount: '2000.00' } });
    checkInvariants(world);
  });

  it('releases a completed milestone whose release crashed, when the campaign closes', () => {
    const world = new World();
    world.accrue('10000.00');
    world.runToEnd(start('approve', 'c1', 0));
    const crashed = start('complete', 'c1', 1);
    world.step(crashed); // m2 completed, then the process dies before the release
    world.runToEnd(start('close', 'c1', 0));
    expect(world.fund.slice(-2).map((event) => [event.type, event.data.amount])).toEqual([
      ['MdfReleased', '2000.00'],
      ['MdfDecommitted', '1000.00'],
    ]);
  });
});
