import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { DeclareCustomerDivisionMessage, type CustomerDivisionOutcome } from './customer-division.handler.js';
import { CustomerDivisionResponse, DeclareCustomerDivisionDto } from './registrations.dto.js';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Only partner managers declare divisions: a partner could otherwise carve a customer another partner
   * protects into pieces. Registrations submitted before the declaration keep the key they recorded.
   */
  @Post(':domain/divisions')
  @Roles('partner_manager')
  @ApiOperation({
    summary:
      'Declare a subdomain a separate customer: registrations for it lock the subdomain, not the registrable domain',
  })
  @ApiCreatedResponse({ type: CustomerDivisionResponse })
  async declareDivision(
    @Param('domain') customerDomain: string,
    @Body() body: DeclareCustomerDivisionDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDivisionResponse> {
    const request = { customerDomain, division: body.domain, reason: body.reason };
    const { customerKey, division, result } = await this.commands.execute<
      DeclareCustomerDivisionMessage,
      CustomerDivisionOutcome
    >(new DeclareCustomerDivisionMessage(request, context));
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { customerKey, division, position: result.position.toString() };
  }
}
