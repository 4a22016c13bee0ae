import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AppendScope, EventStore } from '#event-store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { HttpError } from '../common/http-error.js';
import { EVENT_STORE } from '../common/tokens.js';
import { ImportJob, isRefusal, type ImportOptions, type LineOutcome } from './import-job.js';
import { importLineHeaders } from './import-line-marker.js';
import { parseImportLines, readsReadModels, type ImportCommand, type ParsedLine } from './import-lines.js';

/** Lines per transaction (one fsync), and the longest a batch holds its commit back. */
const batchLinesMax = 1000;
const batchMsMax = 250;
/** Finished imports kept for GET /imports/:id (the running ones are always kept). */
const finishedKeptMax = 20;

/**
 * Runs imports. Each line is dispatched through the application itself (Fastify's inject, in process):
 * the route's guards, pipes, controller, command handler, decider and error filter, with the caller's
 * token and the line's key as Idempotency-Key, exactly as if the client had sent it. Lines run in file
 * order, in batches whose appends share one transaction (the store's deferred-commit scope); a line is
 * acknowledged (counted done) only once its batch is committed. Between batches the import yields.
 */
@Injectable()
export class ImportRunner {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  start(text: string, options: ImportOptions, authorization: string): ImportJob {
    const lines = parseImportLines(text);
    const job = new ImportJob(`imp-${randomUUID()}`, lines.length, options);
    this.keep(job);
    void this.run(job, lines, authorization);
    return job;
  }

  get(importId: string): ImportJob | undefined {
    return this.jobs.get(importId);
  }

  private async run(job: ImportJob, lines: readonly ParsedLine[], authorization: string): Promise<void> {
    try {
      let next = 0;
      while (next < lines.length) {
        const batch = await this.runBatch(job, lines, next, authorization);
        job.record(batch);
        next += batch.length;
        if (!job.options.dryRun && job.options.stopOnError && isRefusal(batch.at(-1))) break;
        // Let the API's own requests run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      job.finish(next < lines.length ? 'stopped' : 'completed');
    } catch (error) {
      job.finish('failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** Dispatches one batch from `start` and commits it; returns its outcomes, now acknowledged. */
  private async runBatch(
    job: ImportJob,
    lines: readonly ParsedLine[],
    start: number,
    authorization: string,
  ): Promise<LineOutcome[]> {
    const outcomes: LineOutcome[] = [];
    const deadline = performance.now() + batchMsMax;
    const scope: AppendScope = job.options.dryRun ? dryRunScope : { kind: 'deferred-commit' };
    try {
      await this.store.withAppendScope(scope, async () => {
        for (let index = start; index < lines.length; index += 1) {
          const parsed = lines[index]!;
          // A command that reads read models (a period close) must see the lines before it committed.
          if (index > start && 'command' in parsed && readsReadModels(parsed.command.path)) break;
          const outcome =
            'refused' in parsed ? parsed.refused : await this.dispatch(parsed.command, job, authorization);
          outcomes.push(outcome);
          if (!job.options.dryRun && job.options.stopOnError && isRefusal(outcome)) break;
          if (outcomes.length >= batchLinesMax || performance.now() > deadline) break;
        }
      });
    } finally {
      // Whatever happened, what was written is committed: no transaction is left open behind the import.
      if (!job.options.dryRun) await this.store.commitPending();
    }
    return outcomes;
  }

  private async dispatch(command: ImportCommand, job: ImportJob, authorization: string): Promise<LineOutcome> {
    const response = await this.http().inject({
      method: command.method,
      url: command.path,
      headers: {
        authorization,
        'content-type': 'application/json',
        'idempotency-key': command.key,
        'x-correlation-id': job.id,
        ...importLineHeaders,
      },
      payload: JSON.stringify(command.body),
    });
    return job.options.dryRun ? dryRunOutcome(command.line, response) : realOutcome(command.line, response);
  }

  private http(): FastifyInstance {
    return this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
  }

  private keep(job: ImportJob): void {
    this.jobs.set(job.id, job);
    const finished = [...this.jobs.values()].filter((kept) => kept.status !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - finishedKeptMax))) this.jobs.delete(old.id);
  }
}

/** A dry run appends nothing: the store refuses each append, which the line then answers with this code. */
const dryRunScope: AppendScope = {
  kind: 'refuse',
  refusal: () => new HttpError('IMPORT_DRY_RUN', 'A dry run appends nothing'),
};

/** Statuses a dry run reports: the route's own validation. Others (404 for an entity, 409, 422) depend on state. */
const validationStatuses = new Set([400, 401, 403, 413, 415]);

function dryRunOutcome(line: number, response: LightMyRequestResponse): LineOutcome {
  const body = answerOf(response);
  const refusedByValidation =
    validationStatuses.has(response.statusCode) || (response.statusCode === 404 && body.error === 'ROUTE_NOT_FOUND');
  if (!refusedByValidation) return { line, checked: true };
  return refusalOf(line, response.statusCode, body);
}

function realOutcome(line: number, response: LightMyRequestResponse): LineOutcome {
  const body = answerOf(response);
  if (response.statusCode >= 300) return refusalOf(line, response.statusCode, body);
  const replayed = response.headers['idempotent-replayed'] === 'true';
  return { line, status: response.statusCode, position: textOf(body['position']), replayed };
}

function refusalOf(line: number, status: number, body: Record<string, unknown>): LineOutcome {
  return {
    line,
    status,
    error: textOf(body['error']) || 'INTERNAL',
    message: textOf(body['message']),
    details: (body['details'] ?? {}) as Record<string, unknown>,
  };
}

function answerOf(response: LightMyRequestResponse): Record<string, unknown> {
  try {
    const body = response.json<unknown>();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
