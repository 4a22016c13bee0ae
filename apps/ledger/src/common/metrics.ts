import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GroupCommit } from '#event-store';
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

/** How a command ended, as ledger_commands_total counts it. */
export type CommandOutcomeLabel = 'accepted' | 'unchanged' | 'replayed' | 'refused' | 'failed';

/**
 * The service's own instruments (prom-client is imported nowhere else). They depend on nothing, so the
 * event store can report into them; the gauges read from the projector and relay are in MetricsCollectors.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly commandsTotal = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by type and outcome (accepted, unchanged, replayed, refused, failed)',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, from arrival to the last byte sent',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly appendDuration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'SQLite store: from an append being queued to the group commit that made it durable',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly groupCommitSize = new Histogram({
    name: 'ledger_event_store_group_commit_appends',
    help: 'SQLite store: appends committed together in one transaction (one fsync)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
    registers: [this.registry],
  });

  constructor() {
    // Process metrics, among them the event-loop delay (nodejs_eventloop_lag_*_seconds) sampled every 10 ms.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  countCommand(type: string, outcome: CommandOutcomeLabel): void {
    this.commandsTotal.inc({ type, outcome });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** For SqliteEventStore's onCommitted. */
  readonly observeGroupCommit = (commit: GroupCommit): void => {
    this.groupCommitSize.observe(commit.appends);
    for (const seconds of commit.appendSeconds) this.appendDuration.observe(seconds);
  };
}

/** The gauges read at scrape time from the projector and the relay (positions behind, states, progress). */
@Injectable()
export class MetricsCollectors {
  constructor(metrics: Metrics, projector: Projector, @Inject(RELAY) relay: Relay | null) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'ledger_projector_lag',
      help: 'Positions between the newest event and the last one every read model applied',
      registers,
      async collect() {
        this.set(Number((await projector.status()).lag));
      },
    });
    registerProjectionGauges(registers, projector);
    if (relay) registerRelayGauges(registers, relay);
  }
}

function registerProjectionGauges(registers: Registry[], projector: Projector): void {
  new Gauge({
    name: 'ledger_projection_lag',
    help: 'Per projection: positions between the newest event and the last one it applied',
    labelNames: ['projection'],
    registers,
    async collect() {
      this.reset();
      for (const report of await projector.projectionReports())
        this.set({ projection: report.name }, Number(report.lag));
    },
  });
  new Gauge({
    name: 'ledger_projection_state',
    help: "Each projection's state: 1 for the one it is in (caught_up, catching_up, rebuilding, recomputing, failed)",
    labelNames: ['projection', 'state'],
    registers,
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
    registers,
    collect() {
      this.reset();
      for (const { name, failure } of projector.failures()) this.set({ projection: name }, Number(failure.position));
    },
  });
  new Gauge({
    name: 'ledger_projection_rebuild_ratio',
    help: 'A rebuild or recomputation under way: the share of its positions applied (0 to 1), by projection and kind',
    labelNames: ['projection', 'kind'],
    registers,
    async collect() {
      this.reset();
      for (const { name, progress } of await projector.projectionReports()) {
        if (!progress) continue;
        const ratio = progress.total > 0n ? Number(progress.done) / Number(progress.total) : 0;
        this.set({ projection: name, kind: progress.kind }, Math.min(1, ratio));
      }
    },
  });
}

function registerRelayGauges(registers: Registry[], relay: Relay): void {
  new Gauge({
    name: 'ledger_relay_lag',
    help: 'Positions between the newest event and the last one Kafka acknowledged',
    registers,
    async collect() {
      this.set(Number((await relay.currentStatus()).lag));
    },
  });
  new Gauge({
    name: 'ledger_relay_failures_consecutive',
    help: 'Failed publish attempts since the last success',
    registers,
    collect() {
      this.set(relay.status().failuresConsecutive);
    },
  });
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
  @ApiOkResponse({
    description: 'The Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string', example: 'ledger_commands_total{outcome="accepted"} 42' } } },
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
