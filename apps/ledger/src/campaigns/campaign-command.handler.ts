import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  campaignDecider,
  campaignFacts,
  campaignStream,
  dealDecider,
  dealLeadFacts,
  dealStream,
  DomainError,
  mdfCommitmentFacts,
  mdfDecider,
  mdfStream,
  partnerDecider,
  partnerStream,
  registrationDecider,
  registrationOwnerFacts,
  registrationStream,
  type CampaignGoals,
  type CampaignMilestone,
  type ProposedCampaign,
} from '#domain';
import type { CommandResult } from '#event-store';
import { FactsCommandHandler } from '../common/facts-command-handler.js';
import { maxPosition, protocolOutcome, stepsOf } from '../common/protocol-steps.js';
import type { RequestContext } from '../common/request-context.js';

/** What a client asks of a campaign or of the MDF claims against it; the handler loads every `context`. */
export type CampaignRequest =
  | {
      type: 'ProposeCampaign';
      data: {
        campaignId: string;
        partnerId: string;
        name: string;
        budget: string;
        goals: CampaignGoals;
        milestones: CampaignMilestone[];
      };
    }
  | { type: 'ApproveCampaign'; data: { campaignId: string } }
  | { type: 'CompleteCampaignMilestone'; data: { campaignId: string; milestoneId: string; evidence: string } }
  | { type: 'AttributeCampaignLead'; data: { campaignId: string; dealId?: string; registrationId?: string } }
  | { type: 'CloseCampaign'; data: { campaignId: string; reason?: string } }
  | { type: 'SubmitMdfClaim'; data: { campaignId: string; claimId: string; amount: string; evidence: string } }
  | { type: 'ApproveMdfClaim'; data: { campaignId: string; claimId: string } }
  | { type: 'RejectMdfClaim'; data: { campaignId: string; claimId: string; reason: string } };

export class CampaignCommandMessage {
  constructor(
    readonly request: CampaignRequest,
    readonly context: RequestContext,
  ) {}
}

export interface CampaignOutcome {
  /** The global position of the latest event the request touched, across every stream it wrote. */
  readonly position: bigint;
  /** True when the request's deciding step had already taken effect (a retry). */
  readonly replayed: boolean;
}

/**
 * One handler for campaigns and the MDF claims against them. Approving, completing a milestone and
 * closing run the funding protocol of campaign.decider.ts across `campaign-<id>` and the partner's fund
 * `mdf-<partnerId>`; each step is keyed by the request's idempotency key plus the step name, so retrying
 * a request that crashed half-way replays the steps that happened and runs the rest. Claims are
 * commands on the fund, reached through the campaign so a partner user only ever touches its own.
 */
@CommandHandler(CampaignCommandMessage)
export class CampaignCommandHandler
  extends FactsCommandHandler
  implements ICommandHandler<CampaignCommandMessage, CampaignOutcome>
{
  execute({ request, context }: CampaignCommandMessage): Promise<CampaignOutcome> {
    switch (request.type) {
      case 'ProposeCampaign':
        return this.propose(request.data, context);
      case 'ApproveCampaign':
        return this.approve(request.data.campaignId, context);
      case 'CompleteCampaignMilestone':
        return this.complete(request.data, context);
      case 'AttributeCampaignLead':
        return this.attribute(request.data, context);
      case 'CloseCampaign':
        return this.close(request.data, context);
      case 'SubmitMdfClaim':
        return this.claim(request.data, context);
      case 'ApproveMdfClaim':
      case 'RejectMdfClaim':
        return this.decideClaim(request, context);
    }
  }

  private async propose(
    data: Extract<CampaignRequest, { type: 'ProposeCampaign' }>['data'],
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    // The fund accrues in the program currency of the rules in force, so the campaign is budgeted in it.
    const [partner, facts] = await Promise.all([
      this.pipeline.state(partnerDecider, partnerStream(data.partnerId)),
      this.program.on(this.today()),
    ]);
    const result = await this.pipeline.run(
      campaignDecider,
      campaignStream(data.campaignId),
      {
        type: 'ProposeCampaign',
        data: { ...data },
        facts: { partnerStatus: partner.status, programCurrency: facts.programCurrency },
      },
      context,
      { defaultKey: `propose:${data.campaignId}` },
    );
    return single(result);
  }

  /**
   * 1. Fold the campaign; commit its budget on the fund only while it is proposed (MDF_INSUFFICIENT_FUNDS
   * refuses and writes nothing; a commitment already made records nothing). 2. Fold the fund and
   * ApproveCampaign. 3. When the campaign was closed meanwhile, give the commitment back, then answer the refusal.
   */
  private async approve(campaignId: string, context: RequestContext): Promise<CampaignOutcome> {
    const steps = stepsOf(context, `approve:${campaignId}`);
    const campaign = await this.requireCampaign(campaignId);
    const fund = mdfStream(campaign.partnerId);
    const results: CommandResult[] = [];
    if (campaign.status === 'proposed') {
      const partner = await this.pipeline.state(partnerDecider, partnerStream(campaign.partnerId));
      results.push(
        await this.pipeline.run(
          mdfDecider,
          fund,
          {
            type: 'CommitMdf',
            data: { partnerId: campaign.partnerId, campaignId },
            facts: { campaign: campaignFacts(campaign), partnerStatus: partner.status },
          },
          steps('commit'),
        ),
      );
    }
    const fundState = await this.pipeline.state(mdfDecider, fund);
    try {
      results.push(
        await this.pipeline.run(
          campaignDecider,
          campaignStream(campaignId),
          { type: 'ApproveCampaign', data: { campaignId }, facts: { fund: mdfCommitmentFacts(fundState, campaignId) } },
          steps('approve'),
        ),
      );
    } catch (error) {
      if (isRefusal(error, 'CAMPAIGN_CLOSED')) await this.decommit(campaignId, steps('decommit'));
      throw error;
    }
    return protocolOutcome(results);
  }

  /**
   * 1. CompleteCampaignMilestone. 2. Fold the campaign and ReleaseMdf (nothing to record when released
   * already). A request whose step 1 is refused because the milestone is completed or the campaign
   * closed still runs step 2 (it heals a completion whose release crashed), then answers the refusal.
   */
  private async complete(
    data: Extract<CampaignRequest, { type: 'CompleteCampaignMilestone' }>['data'],
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    const { campaignId, milestoneId } = data;
    const steps = stepsOf(context, `complete:${campaignId}:${milestoneId}`);
    let completed: CommandResult | undefined;
    let refusal: DomainError | undefined;
    try {
      completed = await this.pipeline.run(
        campaignDecider,
        campaignStream(campaignId),
        { type: 'CompleteCampaignMilestone', data },
        steps('complete'),
      );
    } catch (error) {
      if (!isRefusal(error, 'CAMPAIGN_MILESTONE_ALREADY_COMPLETED', 'CAMPAIGN_CLOSED')) throw error;
      refusal = error;
    }
    let released: CommandResult;
    try {
      released = await this.release(campaignId, milestoneId, steps('release'));
    } catch (error) {
      // Healing is best effort after a refusal: the answer is the refusal of step 1.
      throw refusal ?? error;
    }
    if (refusal) throw refusal;
    return { position: maxPosition([completed!, released]), replayed: completed!.replayed };
  }

  private async attribute(
    data: Extract<CampaignRequest, { type: 'AttributeCampaignLead' }>['data'],
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    const { campaignId, dealId, registrationId } = data;
    const lead = {
      ...(dealId === undefined ? {} : { dealId }),
      ...(registrationId === undefined ? {} : { registrationId }),
    };
    // The decider refuses anything but exactly one of the two before it reads the context.
    const leadContext =
      dealId !== undefined && registrationId === undefined
        ? { deal: dealLeadFacts(await this.pipeline.state(dealDecider, dealStream(dealId))) }
        : registrationId !== undefined && dealId === undefined
          ? {
              registration: registrationOwnerFacts(
                await this.pipeline.state(registrationDecider, registrationStream(registrationId)),
              ),
            }
          : {};
    const leadKey = dealId !== undefined ? `deal:${dealId}` : `registration:${registrationId ?? ''}`;
    const result = await this.pipeline.run(
      campaignDecider,
      campaignStream(campaignId),
      { type: 'AttributeCampaignLead', data: { campaignId, ...lead }, facts: leadContext },
      context,
      { defaultKey: `attribute:${campaignId}:${leadKey}` },
    );
    return single(result);
  }

  /**
   * 1. CloseCampaign (a request refused because it is closed already still runs the rest). 2. ReleaseMdf
   * for every completed milestone (heals a completion whose release crashed). 3. DecommitMdf: the budget
   * of the milestones never completed goes back to the fund. Then the refusal of step 1, if any.
   */
  private async close(
    data: Extract<CampaignRequest, { type: 'CloseCampaign' }>['data'],
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    const { campaignId } = data;
    const steps = stepsOf(context, `close:${campaignId}`);
    let closed: CommandResult | undefined;
    let refusal: DomainError | undefined;
    try {
      closed = await this.pipeline.run(
        campaignDecider,
        campaignStream(campaignId),
        { type: 'CloseCampaign', data },
        steps('close'),
      );
    } catch (error) {
      if (!isRefusal(error, 'CAMPAIGN_CLOSED')) throw error;
      refusal = error;
    }
    const campaign = await this.requireCampaign(campaignId);
    const results: CommandResult[] = closed ? [closed] : [];
    for (const milestone of campaign.milestones) {
      if (milestone.completed)
        results.push(await this.release(campaignId, milestone.id, steps(`release:${milestone.id}`)));
    }
    results.push(await this.decommit(campaignId, steps('decommit')));
    if (refusal) throw refusal;
    return { position: maxPosition(results), replayed: closed?.replayed ?? false };
  }

  private async claim(
    data: Extract<CampaignRequest, { type: 'SubmitMdfClaim' }>['data'],
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    const campaign = await this.requireVisibleCampaign(data.campaignId, context);
    const { claimId, campaignId, amount, evidence } = data;
    const result = await this.pipeline.run(
      mdfDecider,
      mdfStream(campaign.partnerId),
      { type: 'SubmitMdfClaim', data: { partnerId: campaign.partnerId, claimId, campaignId, amount, evidence } },
      context,
      { defaultKey: `claim:${claimId}` },
    );
    return single(result);
  }

  private async decideClaim(
    request: Extract<CampaignRequest, { type: 'ApproveMdfClaim' | 'RejectMdfClaim' }>,
    context: RequestContext,
  ): Promise<CampaignOutcome> {
    const { campaignId, claimId } = request.data;
    const campaign = await this.requireCampaign(campaignId);
    const fund = mdfStream(campaign.partnerId);
    // A claim is reached through its campaign: another campaign's claim answers as a missing one.
    const claim = (await this.pipeline.state(mdfDecider, fund)).claims.get(claimId);
    if (claim === undefined || claim.campaignId !== campaignId) {
      throw new DomainError('MDF_CLAIM_NOT_FOUND', `Campaign ${campaignId} has no claim ${claimId}`, {
        campaignId,
        claimId,
      });
    }
    const partnerId = campaign.partnerId;
    const result =
      request.type === 'ApproveMdfClaim'
        ? await this.pipeline.run(
            mdfDecider,
            fund,
            { type: 'ApproveMdfClaim', data: { partnerId, claimId } },
            context,
            { defaultKey: `approve-claim:${claimId}` },
          )
        : await this.pipeline.run(
            mdfDecider,
            fund,
            { type: 'RejectMdfClaim', data: { partnerId, claimId, reason: request.data.reason } },
            context,
            { defaultKey: `reject-claim:${claimId}` },
          );
    return single(result);
  }

  private async release(campaignId: string, milestoneId: string, context: RequestContext): Promise<CommandResult> {
    const campaign = await this.requireCampaign(campaignId);
    return this.pipeline.run(
      mdfDecider,
      mdfStream(campaign.partnerId),
      {
        type: 'ReleaseMdf',
        data: { partnerId: campaign.partnerId, campaignId, milestoneId },
        facts: { campaign: campaignFacts(campaign) },
      },
      context,
    );
  }

  private async decommit(campaignId: string, context: RequestContext): Promise<CommandResult> {
    const campaign = await this.requireCampaign(campaignId);
    return this.pipeline.run(
      mdfDecider,
      mdfStream(campaign.partnerId),
      {
        type: 'DecommitMdf',
        data: { partnerId: campaign.partnerId, campaignId },
        facts: { campaign: campaignFacts(campaign) },
      },
      context,
    );
  }

  private async requireCampaign(campaignId: string): Promise<ProposedCampaign> {
    const campaign = await this.pipeline.state(campaignDecider, campaignStream(campaignId));
    if (campaign.status === 'none') throw campaignNotFound(campaignId);
    return campaign;
  }

  /** A partner user reaches only its own campaigns; another partner's answers exactly like a missing one. */
  private async requireVisibleCampaign(campaignId: string, context: RequestContext): Promise<ProposedCampaign> {
    const campaign = await this.requireCampaign(campaignId);
    const { actor } = context;
    if (actor.role === 'partner' && actor.partnerId !== campaign.partnerId) throw campaignNotFound(campaignId);
    return campaign;
  }
}

export function campaignNotFound(campaignId: string): DomainError {
  return new DomainError('CAMPAIGN_NOT_FOUND', `Campaign ${campaignId} was not found`, { campaignId });
}

function isRefusal(error: unknown, ...codes: string[]): error is DomainError {
  return error instanceof DomainError && codes.includes(error.code);
}

function single(result: CommandResult): CampaignOutcome {
  return { position: result.position, replayed: result.replayed };
}
