import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import { dateOf, dealStages, DomainError, periodEnd, periodOf } from '#domain';
import {
  computeScorecard,
  DealQueries,
  PartnerQueries,
  RegistrationQueries,
  type RegistrationView,
  type Scorecard,
} from '#read-models';
import { AnyRole, PartnerScope, Roles } from '../common/auth.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { registrationOf } from './deals.controller.js';
import { ScorecardQuery, ScorecardView } from './deals.dto.js';
import { ReadModels } from '../common/read-after.guard.js';

export interface PipelineDeal {
  readonly dealId: string;
  readonly registrationId: string | null;
  readonly customer: { readonly name: string; readonly domain: string };
  readonly currency: string;
  readonly stage: string | null;
  readonly openedAt: string;
  readonly role: string;
  readonly share: string;
  readonly estimatedValue: string | null;
  readonly estimatedCurrency: string | null;
}

export interface Pipeline {
  readonly partnerId: string;
  /** Submitted registrations, and approved ones still protected that no deal was opened from yet. */
  readonly registrations: readonly RegistrationView[];
  /** Open deals the partner is on, with its role and share. */
  readonly deals: readonly PipelineDeal[];
}

/** A partner's own view of its business: the open pipeline and the quarterly scorecard. */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
@ReadModels('deals', 'partners', 'registrations')
export class PartnerDealsController {
  constructor(
    private readonly partners: PartnerQueries,
    private readonly registrations: RegistrationQueries,
    private readonly deals: DealQueries,
    private readonly program: ProgramFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/pipeline')
  @ApiOperation({ summary: "A partner's pipeline: open registrations and deals, with estimated values" })
  @AnyRole()
  @PartnerScope('id')
  @ApiOkResponse(answerOf('Pipeline'))
  pipeline(@Param('id', IdPipe) partnerId: string, @Query() _query: ReadQuery): Pipeline {
    this.requirePartner(partnerId);
    const today = dateOf(this.clock.now());
    const converted = this.deals.registrationsOfPartnerDeals(partnerId);
    const all = { partnerId, today };
    const registrations = [
      ...this.registrations.list({ ...all, status: 'submitted' }),
      // Approved reads only those still protected today; expired ones read `expired`.
      ...this.registrations
        .list({ ...all, status: 'approved' })
        .filter((registration) => !converted.has(registration.registrationId)),
    ].sort((a, b) =>
      a.submittedAt === b.submittedAt
        ? a.registrationId.localeCompare(b.registrationId)
        : a.submittedAt.localeCompare(b.submittedAt),
    );
    const open = this.deals.openDealsOfPartner(partnerId).map((deal): PipelineDeal => ({
      dealId: deal.dealId,
      registrationId: registrationOf(deal.registrationId, deal.role),
      customer: deal.customer,
      currency: deal.currency,
      stage: deal.stage ?? dealStages[0],
      openedAt: deal.openedAt,
      role: deal.role,
      share: deal.share,
      estimatedValue: deal.estimatedValue,
      estimatedCurrency: deal.estimatedCurrency,
    }));
    return { partnerId, registrations, deals: open };
  }

  @Get(':id/scorecard')
  @ApiOperation({ summary: "A partner's scorecard for a period: revenue, deals won and lost, win rate" })
  @ApiOkResponse({ type: ScorecardView })
  @Roles('finance', 'auditor', 'partner_manager', 'ops', 'partner')
  @PartnerScope('id')
  async scorecard(@Param('id', IdPipe) partnerId: string, @Query() query: ScorecardQuery): Promise<Scorecard> {
    this.requirePartner(partnerId);
    const period = query.period ?? periodOf(dateOf(this.clock.now()));
    // Attributed revenue is in the program currency; the one in force at the end of the quarter names it.
    const { programCurrency } = await this.program.on(periodEnd(period));
    return computeScorecard({
      partnerId,
      period,
      currency: programCurrency,
      deals: this.deals.dealsOfPartner(partnerId),
      revenue: this.deals.revenueOfPartner(partnerId),
    });
  }

  private requirePartner(partnerId: string): void {
    if (!this.partners.get(partnerId))
      throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  }
}
