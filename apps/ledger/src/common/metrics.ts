import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Relay } from '#messaging';
import { Projector } from '#read-models';
import { Roles } from './auth.js';
import { RELAY } from './tokens.js';

/** The only file that imports prom-client. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly commandsTotal = new Counter({ name: 'ledger_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['type', 'outcome'], registers: [this.registry] });

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
  @Roles('ops', 'auditor')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
