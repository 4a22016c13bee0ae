import { Body, Controller, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { EventStore } from '#event-store';
import { simulateRuleSet, type SimulationReport } from '#read-models';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { storeLocation } from '../ledger-core.module.js';
import { simulationCsv } from './simulation-format.js';

export class SimulationQuery {
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('rule sets')
@ApiBearerAuth()
@Controller('rule-sets')
export class SimulationController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /**
   * Replays the whole history with the candidate added as if published now; nothing is written. The
   * body is the candidate rule-set document (DESIGN §5); it is validated like a publication. The two
   * replays run in worker threads, off the API's event loop.
   */
  @Post('simulate')
  @HttpCode(200)
  @Roles('ops')
  @ApiBody({ description: 'A candidate rule-set document', schema: { type: 'object' } })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async simulate(
    @Body() candidate: Record<string, unknown>,
    @Query() query: SimulationQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SimulationReport | string> {
    const report = await simulateRuleSet({ store: this.store, candidate, worker: storeLocation(this.config) });
    if (query.format !== 'csv') return report;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="simulation-${report.candidate.version}.csv"`);
    return simulationCsv(report);
  }
}
