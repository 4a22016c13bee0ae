import { Body, Controller, HttpCode, Inject, Logger, Post, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { answerOrCsv } from '../common/openapi.js';
import { IsIn, IsOptional } from 'class-validator';
import { designRuleSetDocument, DomainError } from '#domain';
import type { EventStore } from '#event-store';
import { simulateRuleSet, type SimulationReport } from '#read-models';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { Slots } from '../common/slots.js';
import { serviceStopping } from '../common/http-limits.js';
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
export class SimulationController implements OnModuleDestroy {
  private readonly logger = new Logger('Simulation');
  /** Each simulation replays the whole history in two worker threads: both cores, and its memory, until it ends. */
  private readonly slots: Slots;
  /** The simulations running, each stopped when its client leaves or when the service stops. */
  private readonly running = new Set<AbortController>();

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
    const report = await this.stoppable(reply, (signal) =>
      simulateRuleSet({ store: this.store, candidate, worker: storeLocation(this.config), signal }).finally(release),
    );
    if (query.format !== 'csv') return report;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="simulation-${report.candidate.version}.csv"`);
    return simulationCsv(report);
  }

  /** A stop answers the simulations running 503 SERVICE_STOPPING now, rather than holding the stop until they end. */
  onModuleDestroy(): void {
    for (const simulation of this.running) simulation.abort(serviceStopping());
  }

  /**
   * Runs a simulation that stops when its client closes the connection before the answer (its workers would
   * otherwise hold both cores for nothing, and its slot) or when the service stops.
   */
  private async stoppable<T>(reply: FastifyReply, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const simulation = new AbortController();
    const started = Date.now();
    const abandon = (): void => {
      if (reply.raw.writableFinished) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.logger.log(`A simulation's client closed its connection after ${seconds} s: the simulation is stopped`);
      simulation.abort(new DomainError('REQUEST_ABANDONED', `The client closed its connection after ${seconds} s`));
    };
    reply.raw.once('close', abandon);
    this.running.add(simulation);
    try {
      return await run(simulation.signal);
    } finally {
      this.running.delete(simulation);
      reply.raw.off('close', abandon);
    }
  }
}
