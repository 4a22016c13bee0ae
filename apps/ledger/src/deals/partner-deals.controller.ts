import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dateOf, DomainError, periodEnd, periodOf } from '#domain';
import { PartnerQueries, type PageKey } from '#read-models';
import type { FastifyReply } from 'fastify';
import { AnyRole, PartnerScope, Roles } from '../common/auth.js';
import { IdPipe } from '../common/id.pipe.js';
import { PageQuery } from '../common/read-query.dto.js';
import { decodeCursor, listOf } from '../common/cursor.js';
import { pipelineSections } from './pipeline.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { ScorecardQuery, ScorecardView } from './deals.dto.js';
import { ReadModels } from '../common/read-after.guard.js';
import { replyWith, ReadThread } from '../read-thread/read-thread.js';

/** A partner's own view of its business: the open pipeline and the quarterly scorecard. */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
@ReadModels('deals', 'partners', 'registrations')
export class PartnerDealsController {
  constructor(
    private readonly partners: PartnerQueries,
    private readonly reads: ReadThread,
    private readonly program: ProgramFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/pipeline')
  @ApiOperation({
    summary:
      "A partner's pipeline, a page at a time: open deals, then registrations not yet a deal, with estimated " +
      'values and the totals of both',
  })
  @AnyRole()
  @PartnerScope('id')
  @ApiOkResponse(answerOf('PipelinePage'))
  async pipeline(
    @Param('id', IdPipe) partnerId: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    this.requirePartner(partnerId);
    const today = dateOf(this.clock.now());
    const list = listOf('pipeline', { partnerId });
    const inSection = ([section]: PageKey) => pipelineSections.some((name) => name === section);
    const after = decodeCursor(query.cursor, list, 3, inSection);
    const request = { limit: query.limit, ...(after ? { after } : {}) };
    return replyWith(reply, await this.reads.read({ kind: 'pipeline', partnerId, today, request, list }));
  }

  @Get(':id/scorecard')
  @ApiOperation({ summary: "A partner's scorecard for a period: revenue, deals won and lost, win rate" })
  @ApiOkResponse({ type: ScorecardView })
  @Roles('finance', 'auditor', 'partner_manager', 'ops', 'partner')
  @PartnerScope('id')
  async scorecard(
    @Param('id', IdPipe) partnerId: string,
    @Query() query: ScorecardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    this.requirePartner(partnerId);
    const period = query.period ?? periodOf(dateOf(this.clock.now()));
    // Attributed revenue is in the program currency; the one in force at the end of the quarter names it.
    const { programCurrency: currency } = await this.program.on(periodEnd(period));
    return replyWith(reply, await this.reads.read({ kind: 'scorecard', partnerId, period, currency }));
  }

  private requirePartner(partnerId: string): void {
    if (!this.partners.get(partnerId))
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  }
}
