import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import {
  campaignPerformance,
  CampaignQueries,
  MdfQueries,
  type CampaignLeadView,
  type CampaignMilestoneView,
  type CampaignPerformance,
  type CampaignSummary,
  type MdfCampaignFigures,
  type MdfClaimView,
} from '#read-models';
import type { FastifyReply } from 'fastify';
import { AnyRole, assertOwnPartner, Roles } from '../common/auth.js';
import { decodeCursor, listAnswer, listOf } from '../common/cursor.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { EmptyBodyPipe } from '../common/empty-body.pipe.js';
import {
  CampaignCommandMessage,
  campaignNotFound,
  type CampaignOutcome,
  type CampaignRequest,
} from './campaign-command.handler.js';
import {
  AttributeLeadDto,
  CampaignCommandResponse,
  ClaimCommandResponse,
  CloseCampaignPipe,
  CompleteMilestoneDto,
  ListCampaignsQuery,
  ProposeCampaignDto,
  RejectClaimDto,
  SubmitClaimDto,
  type CloseCampaignBody,
} from './campaigns.dto.js';
import { ReadModels } from '../common/read-after.guard.js';

/**
 * A campaign as GET /campaigns/:id shows it: the campaign, what it holds of the fund, its claims, goal attainment
 * and ROI.
 */
export interface CampaignView extends CampaignSummary, CampaignPerformance {
  readonly milestones: readonly CampaignMilestoneView[];
  readonly leads: readonly CampaignLeadView[];
  /** What the campaign holds of its partner's fund; null until its budget is committed. */
  readonly mdf: MdfCampaignFigures | null;
  readonly claims: readonly MdfClaimView[];
}

/**
 * Campaigns and the MDF claims against them (DESIGN §9). Proposing and claiming are open to the partner
 * for itself; every decision that moves the partner's money or its ROI is the partner manager's.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
@ReadModels('campaigns', 'mdf')
export class CampaignsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly campaigns: CampaignQueries,
    private readonly mdf: MdfQueries,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Propose a campaign with a budget in the program currency, goals and milestones summing to the budget',
  })
  @Roles('partner', 'partner_manager')
  @ApiCreatedResponse({ type: CampaignCommandResponse })
  propose(
    @Body() body: ProposeCampaignDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    assertOwnPartner(context.actor, body.partnerId);
    const { campaignId, partnerId, name, budget, goals, milestones } = body;
    const data = {
      campaignId,
      partnerId,
      name,
      budget,
      goals: { leads: goals.leads, pipeline: goals.pipeline },
      milestones: milestones.map(({ id, amount }) => ({ id, amount })),
    };
    return this.execute({ type: 'ProposeCampaign', data }, context, reply);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Approve: commits the budget from the partner's MDF " +
      '(never beyond what is available: MDF_INSUFFICIENT_FUNDS), then approves',
  })
  @Roles('partner_manager')
  @ApiOkResponse({ type: CampaignCommandResponse })
  approve(
    @Param('id', IdPipe) campaignId: string,
    @Body(EmptyBodyPipe) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    return this.execute({ type: 'ApproveCampaign', data: { campaignId } }, context, reply);
  }

  @Post(':id/milestones/:milestoneId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: "Complete a milestone with evidence: releases its amount from the campaign's commitment" })
  @Roles('partner_manager')
  @ApiOkResponse({ type: CampaignCommandResponse })
  complete(
    @Param('id', IdPipe) campaignId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
    @Body() body: CompleteMilestoneDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    return this.execute(
      { type: 'CompleteCampaignMilestone', data: { campaignId, milestoneId, evidence: body.evidence } },
      context,
      reply,
    );
  }

  @Post(':id/leads')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Attribute a deal or a registration of the campaign's partner to the campaign (for goal attainment and ROI)",
  })
  @Roles('partner_manager')
  @ApiOkResponse({ type: CampaignCommandResponse })
  attribute(
    @Param('id', IdPipe) campaignId: string,
    @Body() body: AttributeLeadDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    const { dealId, registrationId } = body;
    return this.execute(
      {
        type: 'AttributeCampaignLead',
        data: {
          campaignId,
          ...(dealId === undefined ? {} : { dealId }),
          ...(registrationId === undefined ? {} : { registrationId }),
        },
      },
      context,
      reply,
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close: the budget of the milestones never completed goes back to the fund' })
  @Roles('partner_manager')
  @ApiOkResponse({ type: CampaignCommandResponse })
  close(
    @Param('id', IdPipe) campaignId: string,
    @Body(CloseCampaignPipe) body: CloseCampaignBody,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    return this.execute(
      { type: 'CloseCampaign', data: { campaignId, ...(body.reason === undefined ? {} : { reason: body.reason }) } },
      context,
      reply,
    );
  }

  @Post(':id/claims')
  @ApiOperation({
    summary:
      'Claim reimbursement of released funds with evidence ' +
      '(never beyond what is released to the campaign and not yet claimed)',
  })
  @Roles('partner', 'partner_manager')
  @ApiCreatedResponse({ type: ClaimCommandResponse })
  async claim(
    @Param('id', IdPipe) campaignId: string,
    @Body() body: SubmitClaimDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimCommandResponse> {
    const { claimId, amount, evidence } = body;
    return {
      ...(await this.execute(
        { type: 'SubmitMdfClaim', data: { campaignId, claimId, amount, evidence } },
        context,
        reply,
      )),
      claimId,
    };
  }

  @Post(':id/claims/:claimId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a claim: it becomes payable on the next payout statement' })
  @Roles('partner_manager')
  @ApiOkResponse({ type: ClaimCommandResponse })
  async approveClaim(
    @Param('id', IdPipe) campaignId: string,
    @Param('claimId', IdPipe) claimId: string,
    @Body(EmptyBodyPipe) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimCommandResponse> {
    return {
      ...(await this.execute({ type: 'ApproveMdfClaim', data: { campaignId, claimId } }, context, reply)),
      claimId,
    };
  }

  @Post(':id/claims/:claimId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a claim with a reason: its amount can be claimed again' })
  @Roles('partner_manager')
  @ApiOkResponse({ type: ClaimCommandResponse })
  async rejectClaim(
    @Param('id', IdPipe) campaignId: string,
    @Param('claimId', IdPipe) claimId: string,
    @Body() body: RejectClaimDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimCommandResponse> {
    return {
      ...(await this.execute(
        { type: 'RejectMdfClaim', data: { campaignId, claimId, reason: body.reason } },
        context,
        reply,
      )),
      claimId,
    };
  }

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Campaigns, oldest proposal first; a partner user sees its own only' })
  @ApiOkResponse(answerOf('CampaignList'))
  list(
    @Query() query: ListCampaignsQuery,
    @Context() context: RequestContext,
  ): { campaigns: CampaignSummary[]; next: string | null } {
    const { partnerId, status, limit, cursor } = query;
    // A partner user sees its own campaigns only, whatever filter it sends.
    const scope = context.actor.role === 'partner' ? context.actor.partnerId : partnerId;
    const list = listOf('campaigns', { partnerId: scope, status });
    const page = this.campaigns.page({ partnerId: scope, status }, { limit, after: decodeCursor(cursor, list, 2) });
    return listAnswer('campaigns', page, list);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({
    summary:
      'A campaign with its milestones, leads, MDF figures and claims, ' +
      'goal attainment (leads and pipeline against the goals) ' +
      'and ROI (pipeline and won revenue against the MDF released to it)',
  })
  @ApiOkResponse(answerOf('CampaignView'))
  get(
    @Param('id', IdPipe) campaignId: string,
    @Query() _query: ReadQuery,
    @Context() context: RequestContext,
  ): CampaignView {
    const campaign = this.campaigns.get(campaignId);
    // Another partner's campaign answers exactly like a missing one.
    if (!campaign || (context.actor.role === 'partner' && campaign.partnerId !== context.actor.partnerId))
      throw campaignNotFound(campaignId);
    const mdf = this.mdf.campaign(campaignId);
    const { leadFacts: _leadFacts, milestones, leads, ...summary } = campaign;
    return {
      ...summary,
      milestones,
      leads,
      mdf: mdf ?? null,
      claims: this.mdf.campaignClaims(campaignId),
      ...campaignPerformance(campaign, mdf),
    };
  }

  private async execute(
    request: CampaignRequest,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<CampaignCommandResponse> {
    const result = await this.commands.execute<CampaignCommandMessage, CampaignOutcome>(
      new CampaignCommandMessage(request, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { campaignId: request.data.campaignId, position: result.position.toString() };
  }
}
