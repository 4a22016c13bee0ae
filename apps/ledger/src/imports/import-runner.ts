import { DomainError } from '#domain';
import { Inject, Injectable } from '@nestjs/common';
import type { AppendScope, EventStore } from '#event-store';
import { randomUUID } from 'node:crypto';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { ImportJob, isRefusal, type ImportOptions, type ImportView, type LineOutcome } from './import-job.js';
import { parseImportLines, readsReadModels, type ImportCommand, type ParsedLine } from './import-lines.js';
import { ImportRecords } from './import-records.js';
import { LineDispatcher, type Importer, type LineAnswer } from './line-dispatcher.js';
import { LinePipeline } from './line-pipeline.js';

/** Lines per transaction (one fsync), and the longest a batch holds its commit back. */
const batchLinesMax = 1000;
const batchMsMax = 250;
/** Finished imports kept in memory for GET /imports/:id (older ones are read back from their records). */
const finishedKeptMax = 20;
/** How often a running import's record is rewritten (and always when it ends). */
const recordEveryMs = 1000;

/**
 * Runs imports. Each line runs through its command route without HTTP (LineDispatcher: the route's guard,
 * pipes, controller method, command handler and decider), with the caller's token and the line's key as
 * Idempotency-Key, exactly as if the client had sent it. Lines run in file order, in batches whose appends
 * share one transaction (the store's deferred-commit scope); a line is acknowledged (counted done) only
 * once its batch is committed. Between batches the import yields to the API's requests and records its
 * progress in the data folder (ImportRecords), so GET /imports/:id answers after a restart.
 */
@Injectable()
export class ImportRunner {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly records: ImportRecords;

  constructor(
    private readonly dispatcher: LineDispatcher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) config: Pick<LedgerConfig, 'dataDir'>,
  ) {
    this.records = new ImportRecords(config.dataDir);
  }

  start(text: string, options: ImportOptions, authorization: string): ImportJob {
    const lines = parseImportLines(text);
    const job = new ImportJob(`imp-${randomUUID()}`, lines.length, options);
    this.keep(job);
    this.records.save(job.view());
    this.records.prune();
    void this.run(job, lines, { authorization, correlationId: job.id });
    return job;
  }

  get(importId: string): ImportView | undefined {
    return this.jobs.get(importId)?.view() ?? this.records.load(importId);
  }

  private async run(job: ImportJob, lines: readonly ParsedLine[], importer: Importer): Promise<void> {
    let recordedAtMs = Date.now();
    try {
      let next = 0;
      while (next < lines.length) {
        const batch = await this.runBatch(job, lines, next, importer);
        job.record(batch);
        next += batch.length;
        if (!job.options.dryRun && job.options.stopOnError && isRefusal(batch.at(-1))) break;
        if (Date.now() - recordedAtMs >= recordEveryMs) {
          this.records.save(job.view());
          recordedAtMs = Date.now();
        }
        // Let the API's own requests run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      job.finish(next < lines.length ? 'stopped' : 'completed');
    } catch (error) {
      job.finish('failed', error instanceof Error ? error.message : String(error));
    }
    this.records.save(job.view());
  }

  /**
   * Runs one batch from `start` and commits it; returns its outcomes, now acknowledged. Lines start in file
   * order, each once the one before has sent its append (LinePipeline); a dry run, or an import that stops at
   * its first refusal, runs each line to its end before the next.
   */
  private async runBatch(
    job: ImportJob,
    lines: readonly ParsedLine[],
    start: number,
    importer: Importer,
  ): Promise<LineOutcome[]> {
    const running: Promise<LineOutcome>[] = [];
    const deadline = performance.now() + batchMsMax;
    const pipeline = new LinePipeline();
    const oneByOne = job.options.dryRun || job.options.stopOnError;
    try {
      for (let index = start; index < lines.length; index += 1) {
        const parsed = lines[index]!;
        // A command that reads read models (a period close) must see the lines before it committed.
        if (index > start && 'command' in parsed && readsReadModels(parsed.command.path)) break;
        if ('refused' in parsed) running.push(Promise.resolve(parsed.refused));
        else {
          const { command } = parsed;
          const overlaps = !oneByOne && this.dispatcher.appendsOnce(command.path);
          const line = pipeline.start(command.line, overlaps, (scope) =>
            this.runLine(command, job.options.dryRun ? dryRunScope : scope, job, importer),
          );
          running.push(line.finished);
          await line.released;
        }
        if (job.options.stopOnError && !job.options.dryRun && isRefusal(await running.at(-1))) break;
        if (running.length >= batchLinesMax || performance.now() > deadline) break;
      }
    } finally {
      // Whatever happened, what was written is committed: no transaction is left open behind the import.
      await Promise.allSettled(running);
      if (!job.options.dryRun) await this.store.commitPending();
    }
    return Promise.all(running);
  }

  private async runLine(
    command: ImportCommand,
    scope: AppendScope,
    job: ImportJob,
    importer: Importer,
  ): Promise<LineOutcome> {
    const answer = await this.store.withAppendScope(scope, () =>
      this.dispatcher.dispatch(command, command.raw, importer),
    );
    return job.options.dryRun ? dryRunOutcome(command.line, answer) : realOutcome(command.line, answer);
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
  refusal: () => new DomainError('IMPORT_DRY_RUN', 'A dry run appends nothing'),
};

/** Statuses a dry run reports: the route's own validation. Others (404 for an entity, 409, 422) depend on state. */
const validationStatuses = new Set([400, 401, 403, 413, 415]);

function dryRunOutcome(line: number, answer: LineAnswer): LineOutcome {
  const { status, body } = answer;
  const refusedByValidation = validationStatuses.has(status) || (status === 404 && body['error'] === 'ROUTE_NOT_FOUND');
  if (!refusedByValidation) return { line, checked: true };
  return refusalOf(line, status, body);
}

function realOutcome(line: number, answer: LineAnswer): LineOutcome {
  const { status, body } = answer;
  if (status >= 300) return refusalOf(line, status, body);
  return { line, status, position: textOf(body['position']), replayed: answer.replayed };
}

function refusalOf(line: number, status: number, body: Readonly<Record<string, unknown>>): LineOutcome {
  return {
    line,
    status,
    error: textOf(body['error']) || 'INTERNAL',
    message: textOf(body['message']),
    details: (body['details'] ?? {}) as Record<string, unknown>,
  };
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
