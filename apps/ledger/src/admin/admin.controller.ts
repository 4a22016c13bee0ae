import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EventStore, StoredEvent } from '#event-store';
import { Projector, type RebuildProgress } from '#read-models';
import { Roles } from '../common/auth.js';
import { EVENT_STORE } from '../common/tokens.js';
import { EventsQuery, RebuildDto } from './admin.dto.js';

function progressView(progress: RebuildProgress | undefined) {
  return progress && { ...progress, done: progress.done.toString(), total: progress.total.toString() };
}

function eventView(event: StoredEvent) {
  return { ...event, position: event.position.toString() };
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class AdminController {
  private readonly logger = new Logger('Rebuild');

  constructor(
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Each projection's state (caught_up, catching_up, rebuilding, recomputing with progress, failed with the error). */
  @Get('admin/projections')
  @Roles('ops', 'auditor')
  async projections() {
    const status = await this.projector.status();
    const reports = await this.projector.projectionReports();
    return {
      headPosition: status.headPosition.toString(),
      projections: reports.map((report) => ({
        name: report.name,
        version: report.version,
        position: report.position.toString(),
        lag: report.lag.toString(),
        state: report.state,
        ...(report.failure ? { failure: { ...report.failure, position: report.failure.position.toString() } } : {}),
        ...(report.recompute
          ? { recompute: { ...report.recompute, position: report.recompute.position.toString() } }
          : {}),
        ...(report.progress ? { progress: progressView(report.progress) } : {}),
      })),
      rebuild: progressView(this.projector.rebuildStatus()) ?? null,
    };
  }

  /** Starts a zero-downtime rebuild and answers at once; progress is on GET /admin/projections. */
  @Post('admin/projections/rebuild')
  @HttpCode(202)
  @Roles('ops')
  async rebuild(@Body() body: RebuildDto) {
    const started = this.projector.rebuild(body.projections ? { only: body.projections } : {});
    // An unknown name or a rebuild already running fails before any work: answer that as a client error.
    const early = await Promise.race([
      started.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
    ]);
    if (early) throw early.error;
    started.catch((error: unknown) =>
      this.logger.error(`Rebuild failed: ${error instanceof Error ? error.message : 'unknown error'}`),
    );
    return { rebuild: progressView(this.projector.rebuildStatus()) ?? null };
  }

  /** The raw log, paged, for auditors: global order, or one stream's revisions. */
  @Get('events')
  @Roles('auditor')
  async events(@Query() query: EventsQuery) {
    const from = BigInt(query.after ?? '0');
    const events = query.stream
      ? (await this.store.readStream(query.stream, { afterRevision: Number(from) })).events.slice(0, query.limit)
      : await this.store.readAll({ after: from, limit: query.limit });
    const last = events.at(-1);
    const next = last ? (query.stream ? String(last.revision) : last.position.toString()) : null;
    return { events: events.map(eventView), next: events.length === query.limit ? next : null };
  }
}
