import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { DomainError } from '#domain';
import { MdfQueries, PartnerQueries, type MdfFundView } from '#read-models';
import { PartnerScope, Roles } from '../common/auth.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { ReadModels } from '../common/read-after.guard.js';
import { LEDGER_CONFIG } from '../common/tokens.js';
import type { LedgerConfig } from '../config.js';
import { MdfAccrualReactor } from './mdf-accrual.reactor.js';

/**
 * The partner's market development fund: its figures (each the fold of the fund's events), what each
 * campaign holds of it, and every claim. What the engine computed per won deal is at
 * GET /partners/:id/mdf-accruals; the fund accrues it through the MDF accrual reactor.
 */
@ApiTags('mdf')
@ApiBearerAuth()
@Controller('partners')
@ReadModels('mdf', 'partners')
export class MdfController {
  constructor(
    private readonly mdf: MdfQueries,
    private readonly partners: PartnerQueries,
    private readonly accruals: MdfAccrualReactor,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'readWaitTimeoutMs'>,
  ) {}

  @Get(':id/mdf')
  @ApiOperation({
    summary:
      'The MDF fund: accrued, committed, released, claimed, approved, paid and available, per campaign, and its claims',
  })
  @Roles('finance', 'auditor', 'partner_manager', 'partner')
  @PartnerScope('id')
  @ApiOkResponse(answerOf('MdfFundView'))
  async fund(@Param('id', IdPipe) partnerId: string, @Query() query: ReadQuery): Promise<MdfFundView> {
    // What a win or renewal at `after` accrues is appended after it by the reactor: ?after= waits for that too.
    if (query.after !== undefined) await this.accruals.waitAccrued(BigInt(query.after), this.config.readWaitTimeoutMs);
    if (!this.partners.get(partnerId))
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
    return this.mdf.fund(partnerId);
  }
}
