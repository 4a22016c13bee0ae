import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dateOf, DomainError } from '#domain';
import type { CommandResult } from '#event-store';
import { CommissionQueries, PartnerQueries, type PartnerView } from '#read-models';
import type { FastifyReply } from 'fastify';
import { AnyRole, PartnerScope, Roles } from '../common/auth.js';
import { decodeCursor, listAnswer, listOf } from '../common/cursor.js';
import { IdPipe } from '../common/id.pipe.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import { Context, type RequestContext } from '../common/request-context.js';
import {
  EnrollPartnerDto,
  ListPartnersQuery,
  OffboardPartnerDto,
  OverrideTierDto,
  PartnerCommandResponse,
  OptionalReasonDto,
  ReasonDto,
} from './partners.dto.js';
import { PartnerCommandMessage, type PartnerRequest } from './partner-command.handler.js';
import { ReadModels } from '../common/read-after.guard.js';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
@ReadModels('partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly partners: PartnerQueries,
    private readonly commissions: CommissionQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Enroll a partner' })
  @Roles('partner_manager')
  @ApiCreatedResponse({ type: PartnerCommandResponse })
  enroll(
    @Body() body: EnrollPartnerDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    return this.execute({ type: 'EnrollPartner', data: { ...body } }, context, reply);
  }

  @Post(':id/suspend')
  @ApiOperation({ summary: 'Suspend a partner, with a reason' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: PartnerCommandResponse })
  suspend(
    @Param('id', IdPipe) partnerId: string,
    @Body() body: ReasonDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    return this.execute({ type: 'SuspendPartner', data: { partnerId, reason: body.reason } }, context, reply);
  }

  @Post(':id/reinstate')
  @ApiOperation({ summary: 'Reinstate a suspended partner, with an optional reason' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: PartnerCommandResponse })
  reinstate(
    @Param('id', IdPipe) partnerId: string,
    @Body() body: OptionalReasonDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    const reason = body.reason === undefined ? {} : { reason: body.reason };
    return this.execute({ type: 'ReinstatePartner', data: { partnerId, ...reason } }, context, reply);
  }

  @Post(':id/offboard')
  @ApiOperation({ summary: 'Offboard a partner, accelerating or forfeiting unvested commission' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: PartnerCommandResponse })
  offboard(
    @Param('id', IdPipe) partnerId: string,
    @Body() body: OffboardPartnerDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    return this.execute({ type: 'OffboardPartner', data: { partnerId, settlement: body.settlement } }, context, reply);
  }

  /**
   * Pays the partner at `tier` from today through `until`, whatever it earned; evaluations go on
   * underneath. Every rule set governing those days must define the tier.
   */
  @Post(':id/tier-override')
  @ApiOperation({ summary: 'Pay a partner at a tier through a date, whatever it earned' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: PartnerCommandResponse })
  overrideTier(
    @Param('id', IdPipe) partnerId: string,
    @Body() body: OverrideTierDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    return this.execute(
      { type: 'OverrideTier', data: { partnerId, tier: body.tier, until: body.until, reason: body.reason } },
      context,
      reply,
    );
  }

  /** Partners by id, a page at a time; a partner user's list holds itself alone. */
  @Get()
  @ApiOperation({ summary: 'Partners by id, filtered by status, tier, kind, region and q; a partner user sees itself' })
  @AnyRole()
  @ApiOkResponse(answerOf('PartnerList'))
  list(
    @Query() query: ListPartnersQuery,
    @Context() context: RequestContext,
  ): { partners: PartnerView[]; next: string | null } {
    const { status, kind, region, q, tier, limit, cursor } = query;
    const partnerId = context.actor.role === 'partner' ? context.actor.partnerId : undefined;
    const filters = { status, kind, region, q, partnerId };
    const list = listOf('partners', { ...filters, tier });
    const request = { limit, after: decodeCursor(cursor, list, 1) };
    if (tier === undefined) return listAnswer('partners', this.partners.page(filters, request), list);
    const tierOf = this.commissions.tierNamesOn(dateOf(this.clock.now()));
    return listAnswer(
      'partners',
      this.partners.page(filters, request, (partner) => tierOf(partner.partnerId) === tier),
      list,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One partner' })
  @AnyRole()
  @PartnerScope('id')
  @ApiOkResponse(answerOf('PartnerView'))
  get(@Param('id', IdPipe) partnerId: string): PartnerView {
    const partner = this.partners.get(partnerId);
    if (!partner) throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
    return partner;
  }

  private async execute(
    input: PartnerRequest,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<PartnerCommandResponse> {
    const result = await this.commands.execute<PartnerCommandMessage, CommandResult>(
      new PartnerCommandMessage(input, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { partnerId: input.data.partnerId, position: result.position.toString() };
  }
}
