import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Relay } from '#messaging';
import { Projector, type ProjectionState } from '#read-models';
import { Roles } from './auth.js';
import { RELAY } from './tokens.js';

const projectionStates: readonly ProjectionState[] = [
  'caught_up',
  'catching_up',
  'rebuilding',
  'recomputing',
  'failed',
];

/** The only file that imports prom-client. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly commandsTotal = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });

  constructor(projector: Projector, @Inject(RELAY) relay: Relay | null) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'ledger_projector_lag',
      help: 'Positions between the newest event and the last one the read models applied',
      registers: [this.registry],
      async collect() {
        this.set(Number((await projector.status()).lag));
      },
    });
    new Gauge({
      name: 'ledger_projection_state',
      help: "Each projection's state: 1 for the one it is in (caught_up, catching_up, rebuilding, failed), else 0",
      labelNames: ['projection', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const report of await projector.projectionReports()) {
          for (const state of projectionStates) {
            this.set({ projection: report.name, state }, report.state === state ? 1 : 0);
          }
        }
      },
    });
    new Gauge({
      name: 'ledger_projection_failed_position',
      help: 'The position of the event a failed projection could not apply (absent while it is not failed)',
      labelNames: ['projection'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { name, failure } of projector.failures()) this.set({ projection: name }, Number(failure.position));
      },
    });
    if (relay) {
      new Gauge({
        name: 'ledger_relay_lag',
        help: 'Positions between the newest event and the last one Kafka acknowledged',
        registers: [this.registry],
        collect() {
          this.set(Number(relay.status().lag));
        },
      });
      new Gauge({
        name: 'ledger_relay_failures_consecutive',
        help: 'Failed publish attempts since the last success',
        registers: [this.registry],
        collect() {
          this.set(relay.status().failuresConsecutive);
        },
      });
    }
  }
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics: requests, commands, projector lag' })
  @Roles('ops', 'auditor')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
