import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dealStages, DomainError } from '#domain';
import type { CommandResult } from '#event-store';
import { DealQueries, type DealView } from '#read-models';
import type { FastifyReply } from 'fastify';
import { AnyRole, Roles } from '../common/auth.js';
import { decodeCursor, listAnswer, listOf } from '../common/cursor.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { DealCommandMessage, type DealRequest } from './deal-command.handler.js';
import { registrationOf } from './pipeline.js';
import {
  AdvanceDealStageDto,
  ChurnDealDto,
  DealCommandResponse,
  ExpandDealDto,
  ListDealsQuery,
  LoseDealDto,
  OpenDealDto,
  RefundDealDto,
  RenewDealDto,
  WinDealDto,
} from './deals.dto.js';
import { ReadModels } from '../common/read-after.guard.js';

/** The read model records stages as they advance; a deal opens at the first one (dealDecider). */
function withStage(deal: DealView): DealView {
  return { ...deal, stage: deal.stage ?? dealStages[0] };
}

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
@ReadModels('deals')
export class DealsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly deals: DealQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a deal with its co-sell split' })
  @Roles('partner_manager')
  @ApiCreatedResponse({ type: DealCommandResponse })
  open(
    @Body() body: OpenDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    const { customer, partners, protectionOverride, ...rest } = body;
    return this.execute(
      {
        type: 'OpenDeal',
        data: {
          ...rest,
          ...(customer ? { customer: { name: customer.name, domain: customer.domain } } : {}),
          ...(partners ? { partners: partners.map(({ partnerId, role, share }) => ({ partnerId, role, share })) } : {}),
          ...(protectionOverride ? { protectionOverride: { reason: protectionOverride.reason } } : {}),
        },
      },
      context,
      reply,
    );
  }

  @Post(':id/stage')
  @ApiOperation({ summary: 'Advance an open deal to a later stage' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  advance(
    @Param('id', IdPipe) dealId: string,
    @Body() body: AdvanceDealStageDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute({ type: 'AdvanceDealStage', data: { dealId, stage: body.stage } }, context, reply);
  }

  @Post(':id/win')
  @ApiOperation({ summary: 'Win a deal with its product lines' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  win(
    @Param('id', IdPipe) dealId: string,
    @Body() body: WinDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute({ type: 'WinDeal', data: { dealId, ...body, lines: plainLines(body.lines) } }, context, reply);
  }

  @Post(':id/lose')
  @ApiOperation({ summary: 'Lose a deal, with a reason' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  lose(
    @Param('id', IdPipe) dealId: string,
    @Body() body: LoseDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute({ type: 'LoseDeal', data: { dealId, ...body } }, context, reply);
  }

  @Post(':id/renew')
  @ApiOperation({ summary: 'Renew a won deal' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  renew(
    @Param('id', IdPipe) dealId: string,
    @Body() body: RenewDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute(
      { type: 'RenewDeal', data: { dealId, ...body, lines: plainLines(body.lines) } },
      context,
      reply,
    );
  }

  @Post(':id/expand')
  @ApiOperation({ summary: 'Expand a won deal' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  expand(
    @Param('id', IdPipe) dealId: string,
    @Body() body: ExpandDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute(
      { type: 'ExpandDeal', data: { dealId, ...body, lines: plainLines(body.lines) } },
      context,
      reply,
    );
  }

  @Post(':id/refund')
  @ApiOperation({ summary: 'Refund part of a won deal (commission is clawed back)' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  refund(
    @Param('id', IdPipe) dealId: string,
    @Body() body: RefundDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute({ type: 'RefundDeal', data: { dealId, ...body } }, context, reply);
  }

  @Post(':id/churn')
  @ApiOperation({ summary: 'Record that the customer churned' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: DealCommandResponse })
  churn(
    @Param('id', IdPipe) dealId: string,
    @Body() body: ChurnDealDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    return this.execute({ type: 'ChurnDeal', data: { dealId, ...body } }, context, reply);
  }

  /** Deals, oldest opening first, a page at a time; a partner user's list holds the deals it is on. */
  @Get()
  @ApiOperation({ summary: 'Deals, oldest first, by partner, status, period and q; a partner user sees its own' })
  @AnyRole()
  @ApiOkResponse(answerOf('DealList'))
  list(
    @Query() query: ListDealsQuery,
    @Context() context: RequestContext,
  ): { deals: (DealView | PartnerDealView)[]; next: string | null } {
    const { partnerId, status, period, q, limit, cursor } = query;
    const { actor } = context;
    // A partner user's list is the deals it is on; asking for another partner's finds none of them.
    if (actor.role === 'partner' && partnerId !== undefined && partnerId !== actor.partnerId)
      return { deals: [], next: null };
    const scope = actor.role === 'partner' ? actor.partnerId : partnerId;
    const filters = { partnerId: scope, status, period, q };
    const list = listOf('deals', filters);
    const page = this.deals.page(filters, { limit, after: decodeCursor(cursor, list, 2) });
    // A co-sold deal reads in the list as in its own view: a partner sees its own part only.
    const view = (deal: DealView) =>
      actor.role === 'partner' ? partnerDealView(withStage(deal), actor.partnerId) : withStage(deal);
    return listAnswer('deals', { ...page, items: page.items.map(view) }, list);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One deal with its partners and the revenue attributed to each' })
  @AnyRole()
  @ApiOkResponse(answerOf('DealAnswer'))
  get(
    @Param('id', IdPipe) dealId: string,
    @Query() _query: ReadQuery,
    @Context() context: RequestContext,
  ): DealView | PartnerDealView {
    const deal = this.deals.get(dealId);
    // A partner user reads a deal only when it is on it; any other answers exactly like a missing one.
    const { actor } = context;
    if (
      !deal ||
      (actor.role === 'partner' && !deal.partners.some((partner) => partner.partnerId === actor.partnerId))
    ) {
      throw new DomainError('DEAL_NOT_FOUND', `Deal ${dealId} was not found`, { dealId });
    }
    const view = withStage(deal);
    return actor.role === 'partner' ? partnerDealView(view, actor.partnerId) : view;
  }

  private async execute(
    request: DealRequest,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<DealCommandResponse> {
    const result = await this.commands.execute<DealCommandMessage, CommandResult>(
      new DealCommandMessage(request, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { dealId: request.data.dealId, position: result.position.toString() };
  }
}

/** The validated DTO instances as plain data, with exactly the fields the command knows. */
function plainLines(lines: readonly { sku: string; family: string; amount: string; discount?: string }[]) {
  return lines.map(({ sku, family, amount, discount }) => ({
    sku,
    family,
    amount,
    ...(discount === undefined ? {} : { discount }),
  }));
}

/** A deal as a partner on it sees it: its own entry only, whether others share it, and no staff decisions. */
export type PartnerDealView = Omit<DealView, 'protectionOverride'>;

/**
 * DESIGN §8: a partner never sees another partner's data. A co-seller sees its own role, share and attributed
 * revenue and that the deal is co-sold, never who else is on it, their figures or their registration; the
 * override of another partner's protection (whose reason may name that partner) is for staff.
 */
function partnerDealView(deal: DealView, partnerId: string | undefined): PartnerDealView {
  const { protectionOverride: _staffOnly, partners, registrationId, ...rest } = deal;
  const own = partners.filter((partner) => partner.partnerId === partnerId);
  return { ...rest, registrationId: registrationOf(registrationId, own[0]?.role), partners: own };
}
