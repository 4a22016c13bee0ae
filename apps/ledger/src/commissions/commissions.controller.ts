import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dateOf, DomainError } from '#domain';
import {
  CommissionQueries,
  PartnerQueries,
  type CommissionBalance,
  type CommissionLineView,
  type PartnerCommissionLines,
  type PeriodPage,
  type TierView,
} from '#read-models';
import { PartnerScope, Roles } from '../common/auth.js';
import { decodeCursor, withNext, listOf } from '../common/cursor.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import { AsOfQuery, PeriodPageQuery } from './commissions.dto.js';
import { LineIdPipe } from './line-id.pipe.js';
import { ReadModels } from '../common/read-after.guard.js';
import { replyWith, ReadThread } from '../read-thread/read-thread.js';
import type { FastifyReply } from 'fastify';

export interface BalanceView {
  readonly partnerId: string;
  readonly asOf: string;
  /** One entry per currency the partner has lines in (the program currency in force when it has none). */
  readonly balances: readonly CommissionBalance[];
}

/**
 * The read side of commissions (DESIGN §5, §6, §9): a partner's lines, one line with its provenance
 * and calculation, balances as of a date, the tier view and the MDF accrual figures. Every answer
 * comes from the commission read model; `?after=` waits for a position like every GET.
 */
@ApiTags('commissions')
@ApiBearerAuth()
@Controller()
@ReadModels('commissions', 'partners')
export class CommissionsController {
  constructor(
    private readonly commissions: CommissionQueries,
    private readonly partners: PartnerQueries,
    private readonly reads: ReadThread,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('partners/:id/commission-lines')
  @ApiOperation({
    summary:
      "A partner's commission lines (earned, clawback and an offboarding's forfeiture), oldest business date " +
      'first, with the accelerated vesting of an offboarding on the line; ' +
      'totals per currency over every line that matches',
  })
  @Roles('finance', 'auditor', 'partner')
  @PartnerScope('id')
  @ApiOkResponse(answerOf('CommissionLineList'))
  lines(
    @Param('id', IdPipe) partnerId: string,
    @Query() query: PeriodPageQuery,
  ): Omit<PartnerCommissionLines, 'nextKey'> & { next: string | null } {
    this.requirePartner(partnerId);
    const list = listOf('commission-lines', { partnerId, period: query.period });
    return withNext(this.commissions.linesOfPartner(partnerId, periodPage(query, list)), list);
  }

  @Get('commission-lines/:lineId')
  @ApiOperation({
    summary:
      'One line: its provenance (source event and position, deal, partner, rule-set version, tier), ' +
      'each component, the rounding, and the calculation step by step',
  })
  @Roles('finance', 'auditor', 'partner')
  @ApiOkResponse(answerOf('CommissionLineView'))
  line(
    @Param('lineId', LineIdPipe) lineId: string,
    @Query() _query: ReadQuery,
    @Context() context: RequestContext,
  ): CommissionLineView {
    const line = this.commissions.line(lineId);
    // Another partner's line answers exactly as a line that does not exist.
    if (!line || (context.actor.role === 'partner' && line.partnerId !== context.actor.partnerId)) {
      throw new DomainError('NOT_FOUND', `There is no commission line ${lineId}`, { lineId });
    }
    return line;
  }

  @Get('partners/:id/balance')
  @ApiOperation({
    summary:
      'Commission balances as of a business date: earned, accrued (not vested), vested, forfeited (offboarding ' +
      'with forfeit_unvested), clawed back (a negative payable is owed by the partner), ' +
      'dispute adjustments, payable, and what payout statements issued, paid and have under dispute',
  })
  @Roles('finance', 'auditor', 'partner')
  @PartnerScope('id')
  @ApiOkResponse(answerOf('BalanceView'))
  balance(@Param('id', IdPipe) partnerId: string, @Query() query: AsOfQuery): BalanceView {
    this.requirePartner(partnerId);
    const asOf = query.asOf ?? dateOf(this.clock.now());
    return { partnerId, asOf, balances: this.commissions.balance(partnerId, asOf) };
  }

  @Get('partners/:id/tier')
  @ApiOperation({
    summary:
      'The tier paid on a date (override included) and the tier earned, every evaluation with its figures, ' +
      'the overrides, and what is missing for the next tier',
  })
  @Roles('finance', 'auditor', 'partner_manager', 'partner')
  @PartnerScope('id')
  @ApiOkResponse(answerOf('TierView'))
  tier(@Param('id', IdPipe) partnerId: string, @Query() query: AsOfQuery): TierView {
    this.requirePartner(partnerId);
    return this.commissions.tier(partnerId, query.asOf ?? dateOf(this.clock.now()));
  }

  @Get('partners/:id/mdf-accruals')
  @ApiOperation({
    summary:
      'MDF accrued on won, expanded and renewed revenue at the tier rate in force then, each with its figures, ' +
      'oldest business date first; totals per currency over every accrual that matches; ' +
      'the fund itself is GET /partners/:id/mdf',
  })
  @Roles('finance', 'auditor', 'partner')
  @PartnerScope('id')
  @ApiOkResponse(answerOf('MdfAccrualList'))
  async mdfAccruals(
    @Param('id', IdPipe) partnerId: string,
    @Query() query: PeriodPageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    this.requirePartner(partnerId);
    const list = listOf('mdf-accruals', { partnerId, period: query.period });
    return replyWith(
      reply,
      await this.reads.read({ kind: 'mdfAccruals', partnerId, page: periodPage(query, list), list }),
    );
  }

  private requirePartner(partnerId: string): void {
    if (!this.partners.get(partnerId))
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  }
}

/** Both lists key a page by business date, log position and id. */
function periodPage(query: PeriodPageQuery, list: string): PeriodPage {
  const after = decodeCursor(query.cursor, list, 3);
  return { ...(query.period ? { period: query.period } : {}), limit: query.limit, after };
}
