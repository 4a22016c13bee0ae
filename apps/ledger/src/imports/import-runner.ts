import { DomainError } from '#domain';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppendBatch, type AppendScope, type BatchScope, type EventStore } from '#event-store';
import { randomUUID } from 'node:crypto';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { refusalAnswer } from '../common/errors.filter.js';
import { Slots } from '../common/slots.js';
import { ImportJob, isRefusal, type ImportAnswer, type ImportOptions, type LineOutcome } from './import-job.js';
import {
  ImportLines,
  isStatementCommand,
  readsReadModels,
  type ImportCommand,
  type LineError,
  type ParsedLine,
} from './import-lines.js';
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
 * The longest a batch's lines run before the import lets the API's requests in (they decide without waiting). A
 * request arriving during an import waits for half a slice on average: with 10 ms, `/health/live` answered in 11 ms at
 * the median; with 5 ms, in 6.5 ms, and the import's rate did not move (docs/benchmarks.md).
 */
const sliceMs = 5;

/** A batch whose lines all handed their append over, sent to the store, maybe not written yet. */
interface SentBatch {
  readonly batch: AppendBatch;
  readonly start: number;
  readonly end: number;
  readonly running: readonly Promise<LineOutcome>[];
  readonly written: Promise<boolean>;
}

/**
 * Runs imports. Each line runs through its command route without HTTP (LineDispatcher: the route's guard,
 * pipes, controller method, command handler and decider), with the caller's token and the line's key as
 * Idempotency-Key, exactly as if the client had sent it. Lines run in file order. A real run puts the lines of
 * routes that append once in batches (AppendBatch): each line decides on the batch's appends before it, and
 * the batch is written in one transaction while the next one is decided; a batch the store refuses (another
 * command moved a stream it relied on) wrote nothing, and its lines run again one by one. Other lines (sagas,
 * period closes, dry runs, stopOnError) run one by one in deferred-commit batches (LinePipeline). Either way a
 * line is acknowledged (counted done) only once its batch is committed. Between batches the import yields to
 * the API's requests and records its progress in the data folder (ImportRecords), so GET /imports/:id answers
 * after a restart. A stop of the service ends each import at its next batch, once the batch in flight is written.
 */
@Injectable()
export class ImportRunner implements OnModuleDestroy {
  private readonly jobs = new Map<string, ImportJob>();
  /** The imports running, and whether the service is stopping (they end at their next batch). */
  private readonly runs = new Set<Promise<void>>();
  private serviceStopping = false;
  private readonly records: ImportRecords;
  private readonly logger = new Logger('Imports');
  private readonly slots: Slots;
  private readonly dryRunBytesMax: number;

  constructor(
    private readonly dispatcher: LineDispatcher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) config: Pick<LedgerConfig, 'dataDir' | 'importsRunningMax' | 'dryRunBytesMax'>,
  ) {
    this.dryRunBytesMax = config.dryRunBytesMax;
    this.records = new ImportRecords(config.dataDir);
    this.slots = new Slots(config.importsRunningMax, {
      code: 'IMPORTS_BUSY',
      rule: 'importsRunningMax',
      retryAfterSeconds: 5,
      busy: (max) =>
        `${max} ${max === 1 ? 'import is' : 'imports are'} already being received or run${this.runningNamed()}: ` +
        'start this one when one has ended',
    });
  }

  /** The imports running, named for a refusal: ` (imp-…, imp-…)`, or nothing while their bodies still arrive. */
  private runningNamed(): string {
    const running = [...this.jobs.values()].filter((job) => job.status === 'running').map((job) => job.id);
    return running.length > 0 ? ` (${running.join(', ')})` : '';
  }

  /**
   * `read`: reads the NDJSON's bytes, called only once the import has a slot (at most importsRunningMax received or
   * run at once: each holds its body, up to 256 MB, until it ends, and all share the API's thread). Answers once its
   * lines are found (ImportLines.scan, in slices between the API's requests) and the import has started; the slot is
   * given back when it ends.
   */
  async start(read: () => Promise<Buffer>, options: ImportOptions, authorization: string): Promise<ImportJob> {
    const release = this.slots.take();
    let job: ImportJob;
    let lines: ImportLines;
    try {
      lines = await ImportLines.scan(await read());
      const importId = `imp-${randomUUID()}`;
      job = new ImportJob(importId, lines.length, options, this.records.lineLog(importId));
      // A record the disk cannot take refuses the import (503 STORAGE_FULL) before it is kept or run.
      this.records.save(job.view());
    } catch (error) {
      release();
      throw error;
    }
    this.keep(job);
    this.records.prune();
    this.logger.log(`Import ${job.id} started: ${lines.length} lines${options.dryRun ? ', a dry run' : ''}`);
    const run = this.run(job, lines, { authorization, correlationId: job.id })
      .then(() => this.logEnd(job))
      .finally(release);
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    return job;
  }

  /**
   * The service stops: each import ends at its next batch, once the batch in flight is written and counted, before
   * the store closes, and its record is written then (rewritten once a second, it read `done: 0` with 902 lines
   * applied). Left running, the record reads `interrupted` after the restart, with every line it acknowledged.
   */
  async onModuleDestroy(): Promise<void> {
    this.serviceStopping = true;
    await Promise.all(this.runs);
  }

  /** GET /imports/:id (a finished import's lines streamed from its line log, never parsed). */
  answer(importId: string): ImportAnswer | undefined {
    return this.jobs.get(importId)?.answer() ?? this.records.loadAnswer(importId);
  }

  private async run(job: ImportJob, lines: ImportLines, importer: Importer): Promise<void> {
    const neverWritten = job.options.dryRun && this.store.appendBatch !== undefined;
    let dryBatch = neverWritten ? new AppendBatch(undefined, { neverWritten }) : undefined;
    let recordedAtMs = Date.now();
    let sent: SentBatch | undefined;
    // A line no later line could get past either: the importer's token expired, the disk is full.
    let stopping: LineOutcome | undefined;
    try {
      let next = 0;
      while (next < lines.length) {
        let outcomes: LineOutcome[] = [];
        if (this.batchable(job, lines.at(next))) {
          // The next batch is decided while the writer writes the one before (built on it).
          const built = await this.sendBatch(job, lines, next, importer, sent?.batch);
          if (sent) outcomes = await this.finishBatch(job, lines, sent, importer);
          sent = built;
          next = built.end;
        } else {
          if (sent) outcomes = await this.finishBatch(job, lines, sent, importer);
          sent = undefined;
          const ran = await this.runBatch(job, lines, next, importer, dryBatch);
          outcomes.push(...ran);
          next += ran.length;
          if (dryBatch && dryBatch.heldBytes >= this.dryRunBytesMax) {
            this.warnDryRunBound(job, dryBatch, ran.at(-1));
            dryBatch = undefined;
          }
        }
        job.record(outcomes);
        stopping = outcomes.find((outcome) => isRefusal(outcome) && stoppingStatuses.has(outcome.status));
        if (stopping) break;
        if (!job.options.dryRun && job.options.stopOnError && isRefusal(outcomes.at(-1))) break;
        if (this.serviceStopping) break;
        if (Date.now() - recordedAtMs >= recordEveryMs) {
          this.saveRecord(job);
          recordedAtMs = Date.now();
        }
        // Let the API's own requests run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (sent) job.record(await this.finishBatch(job, lines, sent, importer));
      if (isRefusal(stopping)) job.finish('failed', stoppingFailure(stopping));
      else if (next < lines.length && this.serviceStopping) {
        // Left running in its record: read back as interrupted after the restart.
        this.logger.warn(`Import ${job.id} stopped with the service after ${job.view().progress.done} lines`);
      } else job.finish(job.view().progress.done < lines.length ? 'stopped' : 'completed');
    } catch (error) {
      await this.settleSent(job, lines, sent, importer);
      job.finish('failed', errorFailure(error));
    }
    this.saveRecord(job);
  }

  /** How an import ended, in one line (one stopped with the service is logged as such where it stops). */
  private logEnd(job: ImportJob): void {
    const { status, progress, result, failure } = job.view();
    if (!result) return;
    const counts =
      `${progress.done} of ${progress.total} lines: ${result.applied} applied, ${result.replayed} replayed, ` +
      `${result.refused} refused, ${result.notRun} not run`;
    if (status === 'failed') this.logger.warn(`Import ${job.id} failed after ${counts}: ${failure ?? 'unknown error'}`);
    else this.logger.log(`Import ${job.id} ${status}, ${counts}`);
  }

  /**
   * A dry run whose appends grew to dryRunBytesMax lets them go: the lines after `last` are checked by their
   * validation alone (result.validatedOnly), so that a dry run's memory stays bounded whatever its file.
   */
  private warnDryRunBound(job: ImportJob, dryBatch: AppendBatch, last: LineOutcome | undefined): void {
    const mb = Math.round(dryBatch.heldBytes / 1024 / 1024);
    this.logger.warn(
      `Dry run ${job.id} held ${mb} MB of its lines' appends (LEDGER_DRY_RUN_BYTES_MAX): ` +
        `the lines after line ${last?.line ?? 0} are checked by their validation alone`,
    );
  }

  /**
   * A batch still being written when the import failed (the line log's append of the batch before it refused by a
   * full disk, say): its lines count as applied if it was written, so the counts say what the log holds.
   */
  private async settleSent(
    job: ImportJob,
    lines: ImportLines,
    sent: SentBatch | undefined,
    importer: Importer,
  ): Promise<void> {
    if (!sent || !(await sent.written)) return;
    try {
      job.record(await this.finishBatch(job, lines, sent, importer));
    } catch {
      // The line log refused them too (the disk is still full); the counts were kept before it.
    }
  }

  /**
   * Rewrites the import's record. One the disk cannot take (full) is logged, not thrown: the import's state is
   * in memory, where GET /imports/:id reads it, and an error here once crashed the service (unhandled).
   */
  private saveRecord(job: ImportJob): void {
    try {
      this.records.save(job.view());
    } catch (error) {
      this.logger.warn(`Cannot record import ${job.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Whether a line may run in a batch (AppendBatch): a store that writes batches, a real run that goes on
   * past refusals, and a route that appends once and whose next line needs no read model.
   */
  private batchable(job: ImportJob, parsed: ParsedLine): boolean {
    if (!this.store.appendBatch || job.options.dryRun || job.options.stopOnError) return false;
    if ('refused' in parsed) return true;
    const { path } = parsed.command;
    return this.dispatcher.appendsOnce(path) && !readsReadModels(path);
  }

  /**
   * Runs lines from `start` in one batch, each once the one before handed its append over (reads see the
   * batch's appends), then sends the batch to the store to be written; `previous` is still being written.
   */
  private async sendBatch(
    job: ImportJob,
    lines: ImportLines,
    start: number,
    importer: Importer,
    previous: AppendBatch | undefined,
  ): Promise<SentBatch> {
    const batch = new AppendBatch(previous);
    const running: Promise<LineOutcome>[] = [];
    const deadline = performance.now() + batchMsMax;
    const slice = new Slice();
    let index = start;
    for (; index < lines.length && running.length < batchLinesMax; index += 1) {
      const parsed = lines.at(index);
      if (!this.batchable(job, parsed) || performance.now() > deadline) break;
      if ('refused' in parsed) {
        running.push(Promise.resolve(parsed.refused));
        continue;
      }
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const scope: BatchScope = { kind: 'batch', batch, appending: () => release() };
      running.push(this.runLine(parsed.command, scope, job, importer).finally(release));
      await released;
      await slice.end();
    }
    const written = this.store.appendBatch!(batch).then(
      () => true,
      () => false,
    );
    return { batch, start, end: index, running, written };
  }

  /**
   * The outcomes of a sent batch once written, positions mapped to where the events were stored. A batch
   * the store refused (a concurrent command moved a stream it appends to, or the batch it was built on was
   * refused) wrote nothing: its lines' answers are thrown away and the lines run again, one by one.
   */
  private async finishBatch(
    job: ImportJob,
    lines: ImportLines,
    sent: SentBatch,
    importer: Importer,
  ): Promise<LineOutcome[]> {
    const written = await sent.written;
    const answered = await Promise.all(sent.running);
    sent.batch.finish();
    if (written) return answered.map((outcome) => storedPosition(outcome, sent.batch));
    const outcomes: LineOutcome[] = [];
    for (let next = sent.start; next < sent.end;) {
      const ran = await this.runBatch(job, lines.until(sent.end), next, importer);
      outcomes.push(...ran);
      next += ran.length;
    }
    return outcomes;
  }

  /**
   * Runs one batch from `start` and commits it; returns its outcomes, now acknowledged. Lines start in file
   * order, each once the one before has sent its append (LinePipeline); a dry run, or an import that stops at
   * its first refusal, runs each line to its end before the next. A dry run's lines decide in `dryBatch`, which
   * answers their appends and is never written (dryRunScope).
   */
  private async runBatch(
    job: ImportJob,
    lines: ImportLines,
    start: number,
    importer: Importer,
    dryBatch?: AppendBatch,
  ): Promise<LineOutcome[]> {
    const running: Promise<LineOutcome>[] = [];
    const deadline = performance.now() + batchMsMax;
    const pipeline = new LinePipeline();
    const slice = new Slice();
    const oneByOne = job.options.dryRun || job.options.stopOnError;
    try {
      for (let index = start; index < lines.length; index += 1) {
        const parsed = lines.at(index);
        // A command that reads read models (a period close) must see the lines before it committed.
        if (index > start && 'command' in parsed && readsReadModels(parsed.command.path)) break;
        if ('refused' in parsed) running.push(Promise.resolve(parsed.refused));
        else {
          const { command } = parsed;
          const overlaps = !oneByOne && this.dispatcher.appendsOnce(command.path);
          const line = pipeline.start(command.line, overlaps, (scope) =>
            this.runLine(command, job.options.dryRun ? dryRunScope(command, dryBatch) : scope, job, importer),
          );
          running.push(line.finished);
          await line.released;
        }
        if (job.options.stopOnError && !job.options.dryRun && isRefusal(await running.at(-1))) break;
        if (running.length >= batchLinesMax || performance.now() > deadline) break;
        // A dry run's appends are refused at once: without this, its batch would run as one task.
        await slice.end();
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
    if (!job.options.dryRun) return realOutcome(command.line, answer);
    return dryRunOutcome(command.line, answer, scope.kind === 'batch');
  }

  private keep(job: ImportJob): void {
    this.jobs.set(job.id, job);
    const finished = [...this.jobs.values()].filter((kept) => kept.status !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - finishedKeptMax))) this.jobs.delete(old.id);
  }
}

/** The lines run since the import last let the API's requests in: at most sliceMs before it lets them in again. */
class Slice {
  private startedMs = performance.now();

  /** Called after each line: lets the API's requests in once the slice has run its time. */
  async end(): Promise<void> {
    if (performance.now() - this.startedMs < sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.startedMs = performance.now();
  }
}

/**
 * A dry run's line decides on the lines before it (`dryBatch`, never written) and appends nothing. Statements are
 * decided on read models, which a dry run does not build from its lines: they, and every line of a store that writes
 * no batches, run in a scope that refuses their append, and only their route's validation is reported.
 */
function dryRunScope(command: ImportCommand, dryBatch: AppendBatch | undefined): AppendScope {
  if (dryBatch && !isStatementCommand(command.path)) return { kind: 'batch', batch: dryBatch };
  return { kind: 'refuse', refusal: () => new DomainError('IMPORT_DRY_RUN', 'A dry run appends nothing') };
}

/** Statuses a line checked by validation alone reports; others (404 for an entity, 409, 422) depend on state. */
const validationStatuses = new Set([400, 401, 403, 413, 415]);

/** `decided`: the line ran its decider on the dry run's batch, so any refusal of it is the real run's. */
function dryRunOutcome(line: number, answer: LineAnswer, decided: boolean): LineOutcome {
  const { status, body } = answer;
  const refusedByValidation = validationStatuses.has(status) || (status === 404 && body['error'] === 'ROUTE_NOT_FOUND');
  if (decided ? status >= 300 : refusedByValidation) return refusalOf(line, status, body);
  return { line, checked: true, decided };
}

/** A line's position as the batch's reads gave it (provisional: negative) mapped to the stored one. */
function storedPosition(outcome: LineOutcome, batch: AppendBatch): LineOutcome {
  if (!('position' in outcome) || !outcome.position.startsWith('-')) return outcome;
  return { ...outcome, position: String(batch.positionOf(BigInt(outcome.position))) };
}

const runAgain = 'Run the file again once that is resolved: the lines it applied are replayed, not applied twice';

/**
 * Answers that stop an import: 401 (lines carry no token of their own, so the importer's has expired, and every line
 * after would be refused alike) and 503 (the disk is full, the store unavailable).
 */
const stoppingStatuses = new Set([401, 503]);

/** Why an import stopped at such a line, and what to do. */
function stoppingFailure({ line, status, error, message }: LineError): string {
  return `line ${line} answered ${status} ${error}: ${message}. ${runAgain}`;
}

/**
 * Why an import failed on an error, with the code a route would answer it with (the store's commit on a full disk:
 * STORAGE_FULL) and the cause's own words: the route's message ("nothing was recorded") is a single command's.
 */
function errorFailure(error: unknown): string {
  const cause = error instanceof Error ? error.message : String(error);
  const refusal = refusalAnswer(error);
  return refusal ? `${refusal.body.error}: ${cause}. ${runAgain}` : cause;
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
