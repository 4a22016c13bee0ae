import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dateOf, DomainError } from '#domain';
import { RegistrationQueries, type RegistrationView } from '#read-models';
import type { FastifyReply } from 'fastify';
import { AnyRole, assertOwnPartner, Roles } from '../common/auth.js';
import { decodeCursor, listAnswer, listOf } from '../common/cursor.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import {
  RegistrationCommandMessage,
  type RegistrationOutcome,
  type RegistrationRequest,
} from './registration-command.handler.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import {
  ExtendRegistrationDto,
  ListRegistrationsQuery,
  RegistrationCommandResponse,
  RejectRegistrationDto,
  SubmitRegistrationDto,
} from './registrations.dto.js';
import { EmptyBodyPipe } from '../common/empty-body.pipe.js';
import { ReadModels } from '../common/read-after.guard.js';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('registrations')
@ReadModels('registrations')
export class RegistrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly registrations: RegistrationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit a deal registration' })
  @Roles('partner', 'partner_manager')
  @ApiCreatedResponse({ type: RegistrationCommandResponse })
  submit(
    @Body() body: SubmitRegistrationDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationCommandResponse> {
    assertOwnPartner(context.actor, body.partnerId);
    const { customer, ...rest } = body;
    return this.execute(
      { type: 'SubmitRegistration', data: { ...rest, customer: { name: customer.name, domain: customer.domain } } },
      context,
      reply,
    );
  }

  @Post(':id/approve')
  @ApiOperation({ summary: 'Approve a registration: its customer is protected for the partner' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: RegistrationCommandResponse })
  approve(
    @Param('id', IdPipe) registrationId: string,
    @Body(EmptyBodyPipe) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationCommandResponse> {
    return this.execute({ type: 'ApproveRegistration', data: { registrationId } }, context, reply);
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'Reject a registration, with a reason' })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: RegistrationCommandResponse })
  reject(
    @Param('id', IdPipe) registrationId: string,
    @Body() body: RejectRegistrationDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationCommandResponse> {
    return this.execute({ type: 'RejectRegistration', data: { registrationId, reason: body.reason } }, context, reply);
  }

  @Post(':id/extend')
  @ApiOperation({ summary: "Extend an approved registration's protection once, with a reason" })
  @HttpCode(200)
  @Roles('partner_manager')
  @ApiOkResponse({ type: RegistrationCommandResponse })
  extend(
    @Param('id', IdPipe) registrationId: string,
    @Body() body: ExtendRegistrationDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationCommandResponse> {
    return this.execute({ type: 'ExtendRegistration', data: { registrationId, reason: body.reason } }, context, reply);
  }

  @Get()
  @ApiOperation({ summary: 'Registrations, oldest first, by partner and status; a partner user sees its own' })
  @AnyRole()
  @ApiOkResponse(answerOf('RegistrationList'))
  list(
    @Query() query: ListRegistrationsQuery,
    @Context() context: RequestContext,
  ): { registrations: RegistrationView[]; next: string | null } {
    const { partnerId, status, limit, cursor } = query;
    // A partner user sees its own registrations only, whatever filter it sends.
    const scope = context.actor.role === 'partner' ? context.actor.partnerId : partnerId;
    const list = listOf('registrations', { partnerId: scope, status });
    const page = this.registrations.page(
      { partnerId: scope, status, today: dateOf(this.clock.now()) },
      { limit, after: decodeCursor(cursor, list, 2) },
    );
    return listAnswer('registrations', page, list);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One registration' })
  @AnyRole()
  @ApiOkResponse(answerOf('RegistrationView'))
  get(
    @Param('id', IdPipe) registrationId: string,
    @Query() _query: ReadQuery,
    @Context() context: RequestContext,
  ): RegistrationView {
    const registration = this.registrations.get(registrationId, dateOf(this.clock.now()));
    // Another partner's registration answers exactly like a missing one.
    if (!registration || (context.actor.role === 'partner' && registration.partnerId !== context.actor.partnerId)) {
      throw new DomainError('REGISTRATION_NOT_FOUND', `Registration ${registrationId} was not found`, {
        registrationId,
      });
    }
    return registration;
  }

  private async execute(
    request: RegistrationRequest,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<RegistrationCommandResponse> {
    const result = await this.commands.execute<RegistrationCommandMessage, RegistrationOutcome>(
      new RegistrationCommandMessage(request, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { registrationId: request.data.registrationId, position: result.position.toString() };
  }
}
