import { Readable } from 'node:stream';
import type { LineError } from './import-lines.js';

/** What became of one line of a real run: its position, or its refusal as the route answered it. */
export interface LineApplied {
  readonly line: number;
  readonly status: number;
  readonly position: string;
  /** Its key had already taken effect (an earlier run): nothing was appended this time. */
  readonly replayed: boolean;
}

/**
 * A dry run's line that would be applied (`decided`: its decider took it, on the lines before it), or whose route's
 * validation took it and that the dry run could not decide (a statement's command: decided on read models).
 */
export interface LineChecked {
  readonly line: number;
  readonly checked: true;
  readonly decided: boolean;
}

export type LineOutcome = LineApplied | LineChecked | LineError;

export interface ImportOptions {
  readonly dryRun: boolean;
  readonly stopOnError: boolean;
}

/** `interrupted`: the service stopped while it ran (read back from its record after a restart). */
export type ImportStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';

/** GET /imports/:id: progress while it runs, the result once it is done. */
export interface ImportView {
  readonly importId: string;
  readonly status: ImportStatus;
  readonly dryRun: boolean;
  readonly stopOnError: boolean;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly progress: {
    readonly done: number;
    readonly total: number;
    readonly linesPerSecond: number;
    readonly etaSeconds: number | null;
    readonly errors: number;
  };
  /** The first refused lines (`errorsListedMax`); `progress.errors` counts them all, `result.lines` lists them. */
  readonly errors: readonly LineError[];
  /** Once finished: per line, its position or its refusal; a dry run's, its refused lines alone. */
  readonly result: {
    readonly applied: number;
    readonly replayed: number;
    readonly refused: number;
    readonly notRun: number;
    /** A dry run's lines checked by their route's validation alone (LineChecked.decided false). */
    readonly validatedOnly: number;
    readonly lines: readonly LineOutcome[];
  } | null;
  readonly failure: string | null;
}

/**
 * How many refused lines every answer lists (`errors`): a poll for progress stays small when a whole file is
 * refused. All of them are in `result.lines` once the import is done.
 */
export const errorsListedMax = 100;

export function isRefusal(outcome: LineOutcome | undefined): outcome is LineError {
  return outcome !== undefined && 'error' in outcome;
}

/**
 * Where a real run's per-line outcomes go as they are acknowledged, and are read back from once it is done
 * (ImportRecords: a file beside the import's record).
 */
export interface LineLog {
  append(outcomes: readonly LineOutcome[]): void;
  /** Every outcome appended, as the bytes of one JSON array, read a chunk at a time as they are sent. */
  read(): Readable;
}

/**
 * GET /imports/:id: JSON, or, once the import is done, a stream of JSON whose lines come from the line log as they
 * are sent. An answer is as large as the import's lines (13 MB at 200,000 lines; 73 MB for 100,000 refused ones):
 * read and joined whole, it was held on the API's thread (docs/benchmarks.md).
 */
export type ImportAnswer = string | Readable;

/**
 * A view as JSON, the lines of its result spliced in as JSON already (a line log's): a finished import of
 * 200,000 lines is answered without an object per line, neither read back nor serialized again.
 */
export function viewAnswer(view: ImportView, lines: Readable | undefined): ImportAnswer {
  if (!view.result || lines === undefined) return JSON.stringify(view);
  const { result, failure, ...head } = view;
  const { applied, replayed, refused, notRun, validatedOnly } = result;
  const counts = { applied, replayed, refused, notRun, validatedOnly };
  const before = `${JSON.stringify(head).slice(0, -1)},"result":${JSON.stringify(counts).slice(0, -1)},"lines":`;
  const after = `},"failure":${JSON.stringify(failure)}}`;
  return Readable.from(spliced(before, lines, after), { objectMode: false });
}

async function* spliced(before: string, lines: Readable, after: string): AsyncGenerator<string | Buffer> {
  yield before;
  yield* lines as AsyncIterable<Buffer>;
  yield after;
}

/**
 * One import: its lines are recorded here only once acknowledged (committed and synced), so `done`
 * never counts a line a crash could take back. It keeps counts and the first refused lines (`errors`); every
 * line's outcome goes to the line log, not to memory, so a long import does not hold one object per line
 * (nor do the finished imports kept for GET /imports/:id), and a progress answer stays small however many
 * lines are refused (a file in the wrong shape refuses every line).
 */
export class ImportJob {
  private done = 0;
  private applied = 0;
  private replayed = 0;
  private refused = 0;
  private validatedOnly = 0;
  /** The first refused lines, listed in every answer. */
  private readonly refusalsListed: LineError[] = [];
  private readonly startedAtMs = Date.now();
  private finishedAtMs: number | undefined;
  private state: ImportStatus = 'running';
  private failure: string | null = null;

  constructor(
    readonly id: string,
    readonly total: number,
    readonly options: ImportOptions,
    private readonly lineLog: LineLog,
  ) {}

  get status(): ImportStatus {
    return this.state;
  }

  record(outcomes: readonly LineOutcome[]): void {
    for (const outcome of outcomes) {
      if (isRefusal(outcome)) {
        this.refused += 1;
        if (this.refusalsListed.length < errorsListedMax) this.refusalsListed.push(outcome);
      } else if ('position' in outcome) {
        this.applied += 1;
        if (outcome.replayed) this.replayed += 1;
      } else if (!outcome.decided) this.validatedOnly += 1;
    }
    this.done += outcomes.length;
    // A dry run's result lists its refused lines alone: a line that passed has nothing to say.
    const logged = this.options.dryRun ? outcomes.filter(isRefusal) : outcomes;
    if (logged.length > 0) this.lineLog.append(logged);
  }

  finish(status: Exclude<ImportStatus, 'running' | 'interrupted'>, failure?: string): void {
    this.state = status;
    this.failure = failure ?? null;
    this.finishedAtMs = Date.now();
  }

  /** Progress and counts; `result.lines` is left empty (the line log has them: `answer()`). */
  view(): ImportView {
    const done = this.done;
    const seconds = ((this.finishedAtMs ?? Date.now()) - this.startedAtMs) / 1000;
    const linesPerSecond = seconds > 0 ? Math.round(done / seconds) : 0;
    const left = this.total - done;
    return {
      importId: this.id,
      status: this.state,
      dryRun: this.options.dryRun,
      stopOnError: this.options.stopOnError,
      startedAt: new Date(this.startedAtMs).toISOString(),
      finishedAt: this.finishedAtMs === undefined ? null : new Date(this.finishedAtMs).toISOString(),
      progress: {
        done,
        total: this.total,
        linesPerSecond,
        etaSeconds: this.state !== 'running' ? 0 : linesPerSecond > 0 ? Math.ceil(left / linesPerSecond) : null,
        errors: this.refused,
      },
      errors: this.refusalsListed,
      result: this.state === 'running' ? null : this.result(),
      failure: this.failure,
    };
  }

  /** GET /imports/:id: the view, and once finished every line's outcome (a dry run's refusals) from the line log. */
  answer(): ImportAnswer {
    return viewAnswer(this.view(), this.state === 'running' ? undefined : this.lineLog.read());
  }

  private result(): NonNullable<ImportView['result']> {
    return {
      applied: this.applied - this.replayed,
      replayed: this.replayed,
      refused: this.refused,
      notRun: this.total - this.done,
      validatedOnly: this.validatedOnly,
      lines: [],
    };
  }
}
