import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { Projector } from '#read-models';
import { Roles } from './auth.js';

/** The only file that imports prom-client. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly commandsTotal = new Counter({ name: 'ledger_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['type', 'outcome'], registers: [this.registry] });

  constructor(projector: Projector) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'ledger_projector_lag',
      help: 'Positions between the newest event and the last one the read models applied',
      registers: [this.registry],
      async collect() {
        this.set(Number((await projector.status()).lag));
      },
    });
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
