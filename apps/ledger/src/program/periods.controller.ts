import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { firstOpenPeriod, periodEnd } from '#domain';
import type { CommandResult } from '#event-store';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { EmptyBodyPipe } from '../common/empty-body.pipe.js';
import { PeriodPipe } from './period.pipe.js';
import { ProgramCommandMessage } from './program-command.handler.js';
import { ProgramFacts } from './program-facts.js';
import { ClosePeriodQuery, PeriodClosePreviewResponse, PeriodCommandResponse, PeriodList } from './program.dto.js';
import { PeriodClosePreviewer, type PeriodClosePreview } from './period-close-preview.js';
import { ReadModels } from '../common/read-after.guard.js';

@ApiTags('periods')
@ApiBearerAuth()
@Controller('periods')
@ReadModels()
@ApiExtraModels(PeriodCommandResponse, PeriodClosePreviewResponse)
export class PeriodsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly program: ProgramFacts,
    private readonly previewer: PeriodClosePreviewer,
  ) {}

  /**
   * Closes a quarter: in order, one after another from the quarter the program's first rule set takes effect in,
   * once it has ended, and only when a rule set governs it (tiers are evaluated at every close). Afterwards no fact
   * may be dated in it or any earlier quarter, and it is never reopened. Takes no body, or `{}`. With
   * `?dryRun=true` it appends nothing and answers what the close would do.
   */
  @Post(':period/close')
  @ApiOperation({ summary: 'Close a quarter: evaluates tiers and freezes its deal facts' })
  @HttpCode(200)
  @Roles('finance')
  @ApiOkResponse({
    description: 'The close (PeriodCommandResponse), or with ?dryRun=true its preview (PeriodClosePreviewResponse)',
    schema: {
      oneOf: [{ $ref: getSchemaPath(PeriodCommandResponse) }, { $ref: getSchemaPath(PeriodClosePreviewResponse) }],
    },
  })
  async close(
    @Param('period', PeriodPipe) period: string,
    @Query() query: ClosePeriodQuery,
    @Body(EmptyBodyPipe) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PeriodCommandResponse | PeriodClosePreview> {
    if (query.dryRun === 'true') return this.previewer.preview(period, context.actor);
    const result = await this.commands.execute<ProgramCommandMessage, CommandResult>(
      new ProgramCommandMessage({ type: 'ClosePeriod', data: { period } }, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { period, position: result.position.toString() };
  }

  @Get()
  @ApiOperation({ summary: 'The closed quarters' })
  @Roles('finance', 'auditor', 'ops', 'partner_manager')
  @ApiOkResponse({ type: PeriodList })
  async list(@Query() _query: ReadQuery): Promise<PeriodList> {
    const closes = await this.program.closedPeriods();
    const closedThrough = closes.at(-1)?.period ?? null;
    const ruleSets = await this.program.ruleSets();
    const nextToClose = firstOpenPeriod({ ruleSets, closedPeriods: closes.map((close) => close.period) });
    return {
      closedThrough,
      frozenThrough: closedThrough === null ? null : periodEnd(closedThrough),
      nextToClose,
      closed: closes.map((close) => ({
        period: close.period,
        closedAt: close.closedAt,
        closedBy: close.closedBy,
        position: close.position.toString(),
      })),
    };
  }
}
