import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { EventStore } from '#event-store';
import type { Relay } from '#messaging';
import { Projector } from '#read-models';
import { Public } from '../common/auth.js';
import { EVENT_STORE, RELAY } from '../common/tokens.js';

/** Terminus as the service imports it: it logs nothing itself, HealthController logs a refused check. */
export const terminusModule = TerminusModule.forRoot({ logger: false });

const noKeeper =
  'No process keeps the read models (none holds their lock): start one with the projector role (LEDGER_ROLES)';

/** Read models further behind than this many positions make the service not ready. */
const lagReadyMax = 10_000n;

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    @Inject(RELAY) private readonly relay: Relay | null,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse(answerOf('Liveness'))
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the store answers, a process keeps the read models (this one or another with the projector
   * role), and they are close to the head of the log. A projector that is starting (its memory loading, or the
   * log applied up to the head) is not ready: a load balancer would otherwise send requests that wait or answer
   * from a read model far behind.
   */
  @Get()
  @ApiOperation({ summary: 'Readiness: the event store, the read models and the projector lag' })
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readinessChecks());
    } catch (error) {
      this.logRefusal(error);
      throw error;
    }
  }

  /**
   * A refused readiness check is logged as an error (terminusModule logs nothing itself), except while the
   * projector starts and nothing else is down: every start refuses the probes then, and an orchestrator waits.
   */
  private logRefusal(error: unknown): void {
    if (!(error instanceof ServiceUnavailableException)) return;
    const down: Partial<Record<string, Record<string, unknown>>> =
      (error.getResponse() as HealthCheckResult).error ?? {};
    const projector = down['projector'];
    const onlyStarting =
      Object.keys(down).length === 1 && projector?.['starting'] && !projector['failed'] && !projector['error'];
    const message = `Not ready: ${JSON.stringify(down)}`;
    if (onlyStarting) this.logger.log(message);
    else this.logger.error(message);
  }

  private readinessChecks(): HealthIndicatorFunction[] {
    return [
      () =>
        this.indicators
          .check('store')
          .attempt(async () => ({ headPosition: (await this.store.headPosition()).toString() }))
          .withTimeout(2000),
      async () => {
        const status = await this.projector.status();
        // A failed projection cannot go on without an operator (like a failed relay): not ready, naming it.
        // So is a read model no process keeps: every read with ?after= of a new write would wait, then 503.
        const unkept = !status.starting && status.keeper === undefined;
        const error = status.error ?? (unkept ? noKeeper : undefined);
        const data = {
          ...(status.starting ? { starting: status.starting } : {}),
          position: status.position.toString(),
          lag: status.lag.toString(),
          writer: status.writer,
          keeper: status.keeper ?? null,
          ...(status.failed.length > 0 ? { failed: status.failed } : {}),
          ...(error ? { error } : {}),
        };
        const session = this.indicators.check('projector');
        const ready = status.healthy && !status.starting && !unkept && status.lag <= lagReadyMax;
        return ready ? session.up(data) : session.down(data);
      },
      // A broker outage shows as lag and failures while the relay keeps retrying; only a relay that
      // cannot continue without an operator makes the service not ready.
      ...(this.relay
        ? [
            async () => {
              const { state, checkpoint, lag, failuresConsecutive, lastError } = await this.relay!.currentStatus();
              const data = { state, checkpoint, lag, failuresConsecutive, ...(lastError ? { lastError } : {}) };
              const session = this.indicators.check('relay');
              return state === 'failed' ? session.down(data) : session.up(data);
            },
          ]
        : []),
    ];
  }
}
