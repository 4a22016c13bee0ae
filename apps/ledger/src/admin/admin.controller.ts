import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../common/openapi.js';
import type { EventStore, StoredEvent } from '#event-store';
import { DomainError } from '#domain';
import { Projector, type PageKey, type ProjectionState, type RebuildProgress } from '#read-models';
import { Roles } from '../common/auth.js';
import { decodeCursor, encodeCursor, listOf } from '../common/cursor.js';
import { ReadModels } from '../common/read-after.guard.js';
import { readLastVerify, type LastVerifyView } from '../common/last-verify.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import type { LedgerConfig } from '../config.js';
import { EventsQuery, RebuildDto } from './admin.dto.js';

/** A rebuild's progress on the wire: its counts as decimal strings. */
export type RebuildProgressView = Omit<RebuildProgress, 'done' | 'total'> & { done: string; total: string };

/** One projection's state as GET /admin/projections answers it (positions as decimal strings). */
export interface ProjectionView {
  name: string;
  version: number;
  position: string;
  lag: string;
  state: ProjectionState;
  failure?: { position: string; error: string; at: string };
  recompute?: { position: string; reason: string };
  progress?: RebuildProgressView;
}

export interface ProjectionsView {
  headPosition: string;
  projections: ProjectionView[];
  rebuild: RebuildProgressView | null;
}

/** A stored event on the wire: its position as a decimal string. */
export type EventView = Omit<StoredEvent, 'position'> & { position: string };

function progressView(progress: RebuildProgress | undefined): RebuildProgressView | undefined {
  return progress && { ...progress, done: progress.done.toString(), total: progress.total.toString() };
}

function eventView(event: StoredEvent): EventView {
  return { ...event, position: event.position.toString() };
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class AdminController {
  constructor(
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'dataDir'>,
  ) {}

  /** The newest `ledger verify` run on this data folder: when, each check's line, and the first failure. */
  @Get('admin/verification')
  @ApiOperation({ summary: 'The outcome of the newest `ledger verify` on this data folder (null if it never ran)' })
  @Roles('ops', 'auditor')
  @ApiOkResponse(answerOf('VerificationAnswer'))
  verification(): { verification: LastVerifyView | null } {
    return { verification: readLastVerify(this.config.dataDir) };
  }

  /** Each projection's state (caught_up, catching_up, rebuilding, recomputing with progress, failed with the error). */
  @Get('admin/projections')
  @ApiOperation({ summary: "Each projection's state, and the rebuild in progress" })
  @Roles('ops', 'auditor')
  @ApiOkResponse(answerOf('ProjectionsView'))
  async projections(): Promise<ProjectionsView> {
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
  @ApiOperation({ summary: 'Rebuild projections from the log, in the background' })
  @HttpCode(202)
  @Roles('ops')
  @ApiAcceptedResponse(answerOf('RebuildAnswer'))
  async rebuild(@Body() body: RebuildDto): Promise<{ rebuild: RebuildProgressView | null }> {
    // An unknown name or a rebuild already running is refused before any work: a client error.
    const { done } = await this.projector.startRebuild(body.projections ? { only: body.projections } : {});
    // How it ends is logged by logRebuilds (ledger-core.module.ts); a shutdown's interruption is no failure.
    done.catch(() => undefined);
    return { rebuild: progressView(this.projector.rebuildStatus()) ?? null };
  }

  /**
   * The raw log, paged, for auditors: in global order, or one stream's revisions. `after` is always a
   * global position (events after it); `fromRevision` starts a stream's page at a revision; `cursor`
   * continues where the previous page's `next` left off. Reads the log itself, so `after` waits for no
   * read model.
   */
  @Get('events')
  @ApiOperation({ summary: 'The raw event log, paged: globally or one stream' })
  @Roles('auditor')
  @ReadModels()
  @ApiOkResponse(answerOf('EventList'))
  async events(@Query() query: EventsQuery): Promise<{ events: EventView[]; next: string | null }> {
    const after = BigInt(query.after ?? '0');
    if (query.stream === undefined) {
      if (query.fromRevision !== undefined) throw fieldError('fromRevision', 'stream', 'fromRevision needs a stream');
      const list = listOf('events');
      const key = decodeCursor(query.cursor, list, 1);
      const position = key?.[0];
      if (key !== undefined && !(typeof position === 'string' && /^\d{1,20}$/.test(position))) throw cursorError();
      const from = typeof position === 'string' ? BigInt(position) : after;
      const events = await this.store.readAll({ after: from, limit: query.limit + 1 });
      return answer(events, query.limit, list, (last) => [last.position.toString()]);
    }
    const { stream } = query;
    const list = listOf('events', { stream });
    const key = decodeCursor(query.cursor, list, 2);
    if (key !== undefined && (key[0] !== stream || typeof key[1] !== 'number' || key[1] < 0)) throw cursorError();
    const afterRevision = key === undefined ? (query.fromRevision ?? 1) - 1 : Number(key[1]);
    const { events } = await this.store.readStream(stream, { afterRevision });
    const page = events.filter((event) => event.position > after).slice(0, query.limit + 1);
    return answer(page, query.limit, list, (last) => [stream, last.revision]);
  }
}

function answer(
  events: readonly StoredEvent[],
  limit: number,
  list: string,
  keyOf: (last: StoredEvent) => PageKey,
): { events: EventView[]; next: string | null } {
  const page = events.slice(0, limit);
  const last = page.at(-1);
  return { events: page.map(eventView), next: events.length > limit && last ? encodeCursor(keyOf(last), list) : null };
}

function cursorError(): DomainError {
  return fieldError('cursor', 'cursor', 'cursor must be the `next` value of a page of the same list and stream');
}

function fieldError(field: string, rule: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { fields: [{ field, rule, message }] });
}
