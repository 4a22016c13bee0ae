import { Body, Controller, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { answerOrCsv } from '../common/openapi.js';
import { IsIn, IsOptional } from 'class-validator';
import { designRuleSetDocument } from '#domain';
import type { EventStore } from '#event-store';
import { simulateRuleSet, type SimulationReport } from '#read-models';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { Slots } from '../common/slots.js';
import { storeLocation } from '../ledger-core.module.js';
import { simulationCsv } from './simulation-format.js';
import { ruleSetInput } from '../program/rule-set-views.js';

export class SimulationQuery {
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('rule sets')
@ApiBearerAuth()
@Controller('rule-sets')
export class SimulationController {
  /** Each simulation replays the whole history in two worker threads: both cores, and its memory, until it ends. */
  private readonly slots: Slots;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.slots = new Slots(config.simulationsRunningMax, {
      code: 'SIMULATIONS_BUSY',
      rule: 'simulationsRunningMax',
      retryAfterSeconds: 10,
      busy: (max) =>
        `${max} ${max === 1 ? 'simulation is' : 'simulations are'} already running: ` +
        'simulate this one when one has ended',
    });
  }

  /**
   * Replays the whole history with the candidate added as if published now; nothing is written. The
   * body is the rule-set document `GET /rule-sets/:version` answers and `POST /rule-sets` takes; its
   * rationale may be left out, and its version (then named `candidate`). Read-only keys are ignored. The
   * two replays run in worker threads, off the API's event loop.
   */
  @Post('simulate')
  @ApiOperation({ summary: 'Simulate a candidate rule set against the whole history (writes nothing)' })
  @HttpCode(200)
  @Roles('ops')
  @ApiBody({
    description:
      'The rule-set document GET /rule-sets/:version answers and POST /rule-sets takes; ' +
      'rationale optional, version optional (then `candidate`), read-only keys ignored',
    schema: { type: 'object', example: { ...designRuleSetDocument(), version: '2026.2' } },
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiResponse(
    answerOrCsv('SimulationReport', 'The simulation report, or with ?format=csv one row per partner and quarter'),
  )
  async simulate(
    @Body() body: unknown,
    @Query() query: SimulationQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SimulationReport | string> {
    const { rules: candidate } = ruleSetInput(body, 'simulate');
    const release = this.slots.take();
    let report: SimulationReport;
    try {
      report = await simulateRuleSet({ store: this.store, candidate, worker: storeLocation(this.config) });
    } finally {
      release();
    }
    if (query.format !== 'csv') return report;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="simulation-${report.candidate.version}.csv"`);
    return simulationCsv(report);
  }
}
