import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { answerOf, answerOrCsv } from '../common/openapi.js';
import { DomainError, type Actor } from '#domain';
import { PartnerQueries } from '#read-models';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import { decodeCursor, listOf } from '../common/cursor.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { EmptyBodyPipe } from '../common/empty-body.pipe.js';
import { StatementCommandMessage, type StatementOutcome, type StatementRequest } from './statement-command.handler.js';
import { replyWith, ReadThread, type StatementAudience } from '../read-thread/read-thread.js';
import { parseStatementId, StatementIdPipe, StatementLineIdPipe } from './statement-id.pipe.js';
import {
  DisputeLineDto,
  IssueStatementDto,
  ListStatementsQuery,
  PayStatementDto,
  ResolveDisputeDto,
  StatementCommandResponse,
} from './statements.dto.js';
import { ReadModels } from '../common/read-after.guard.js';

/**
 * Payout statements (DESIGN §6, §9): issue for a closed period, read and export, approve (a second
 * finance user), pay, dispute a line (the partner, its own lines) and resolve (finance). A partner
 * user sees only its own statements: another partner's answers 404, exactly like one never issued.
 */
@ApiTags('statements')
@ApiBearerAuth()
@Controller('statements')
@ReadModels('statements', 'partners')
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ReadThread,
    private readonly partners: PartnerQueries,
  ) {}

  @Post()
  @Roles('finance')
  @ApiOperation({
    summary:
      "Issue the partner's statement for a closed period: a snapshot of its lines with provenance, total = Σ lines",
  })
  @ApiCreatedResponse({ type: StatementCommandResponse })
  issue(
    @Body() body: IssueStatementDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    return this.execute(
      { type: 'IssueStatement', data: { partnerId: body.partnerId, period: body.period } },
      context,
      reply,
    );
  }

  @Get()
  @Roles('finance', 'auditor', 'partner')
  @ApiOperation({
    summary:
      'Statements by partner and period (newest data of each), ' +
      'as JSON or as CSV with one row per line and its provenance',
  })
  @ApiResponse(answerOrCsv('StatementList', 'Statements, or with ?format=csv one row per line with its provenance'))
  async list(
    @Query() query: ListStatementsQuery,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { actor } = context;
    if (actor.role === 'partner' && query.partnerId !== undefined && query.partnerId !== actor.partnerId) {
      // Another partner's statements answer as if that partner did not exist.
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${query.partnerId} is not enrolled`, {
        partnerId: query.partnerId,
      });
    }
    const partnerId = actor.role === 'partner' ? actor.partnerId : query.partnerId;
    if (partnerId !== undefined && !this.partners.get(partnerId))
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
    const format = query.format === 'csv' ? 'csv' : 'json';
    const filters = { partnerId, period: query.period, status: query.status };
    const list = listOf('statements', filters);
    const body = await this.reads.read({
      kind: 'statements',
      filters,
      list,
      request: { limit: query.limit, after: decodeCursor(query.cursor, list, 3) },
      audience: audienceOf(context.actor),
      format,
    });
    const name = ['statements', partnerId, query.period].filter((part) => part !== undefined).join('-');
    if (format === 'csv') void reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return replyWith(reply, body, format);
  }

  @Get(':id')
  @Roles('finance', 'auditor', 'partner')
  @ApiOperation({
    summary:
      'One statement: its lines as issued (never changed), totals, status, approval, payment, disputes ' +
      'and the later lines that adjust it',
  })
  @ApiOkResponse(answerOf('StatementAnswer'))
  async get(
    @Param('id', StatementIdPipe) statementId: string,
    @Query() _query: ReadQuery,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    this.requireVisible(statementId, context.actor);
    const body = await this.reads.read({ kind: 'statement', statementId, audience: audienceOf(context.actor) });
    if (!body) throw notFound(statementId);
    return replyWith(reply, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Approve: by a finance user other than the issuer, and only with no dispute open' })
  @ApiOkResponse({ type: StatementCommandResponse })
  approve(
    @Param('id', StatementIdPipe) statementId: string,
    @Body(EmptyBodyPipe) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    return this.execute({ type: 'ApproveStatement', data: { statementId } }, context, reply);
  }

  @Post(':id/pay')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary: 'Record the payment of an approved statement (its payable amount); the MDF claims on it are marked paid',
  })
  @ApiOkResponse({ type: StatementCommandResponse })
  pay(
    @Param('id', StatementIdPipe) statementId: string,
    @Body() body: PayStatementDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    return this.execute(
      {
        type: 'PayStatement',
        data: {
          statementId,
          paymentReference: body.paymentReference,
          ...(body.paidAt === undefined ? {} : { paidAt: body.paidAt }),
        },
      },
      context,
      reply,
    );
  }

  @Post(':id/lines/:lineId/dispute')
  @HttpCode(200)
  @Roles('partner')
  @ApiOperation({
    summary: 'The partner disputes a line of its own statement; approval and payment wait until finance resolves it',
  })
  @ApiOkResponse({ type: StatementCommandResponse })
  dispute(
    @Param('id', StatementIdPipe) statementId: string,
    @Param('lineId', StatementLineIdPipe) lineId: string,
    @Body() body: DisputeLineDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    this.requireVisible(statementId, context.actor);
    return this.execute(
      { type: 'DisputeStatementLine', data: { statementId, lineId, reason: body.reason } },
      context,
      reply,
    );
  }

  @Post(':id/lines/:lineId/resolve')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary:
      'Resolve the open dispute of a line: upheld (the line stands) ' +
      'or adjusted (the adjustment goes on the next statement, linked to the line)',
  })
  @ApiOkResponse({ type: StatementCommandResponse })
  resolve(
    @Param('id', StatementIdPipe) statementId: string,
    @Param('lineId', StatementLineIdPipe) lineId: string,
    @Body() body: ResolveDisputeDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    const { outcome, adjustment, note } = body;
    return this.execute(
      {
        type: 'ResolveStatementDispute',
        data: {
          statementId,
          lineId,
          outcome,
          ...(adjustment === undefined ? {} : { adjustment }),
          ...(note === undefined ? {} : { note }),
        },
      },
      context,
      reply,
    );
  }

  /** A partner user reaches only its own statements; the id names the partner, so no read is needed. */
  private requireVisible(statementId: string, actor: Actor): void {
    if (actor.role === 'partner' && parseStatementId(statementId)?.partnerId !== actor.partnerId)
      throw notFound(statementId);
  }

  private async execute(
    request: StatementRequest,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<StatementCommandResponse> {
    const result = await this.commands.execute<StatementCommandMessage, StatementOutcome>(
      new StatementCommandMessage(request, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { statementId: result.statementId, position: result.position.toString() };
  }
}

/** A partner user reads a statement without the staff identities on it (partner-statement-view.ts). */
function audienceOf(actor: Actor): StatementAudience {
  return actor.role === 'partner' ? 'partner' : 'staff';
}

function notFound(statementId: string): DomainError {
  return new DomainError('STATEMENT_NOT_FOUND', `Statement ${statementId} was not found`, { statementId });
}
