import type { LineError } from './import-lines.js';

/** What became of one line of a real run: its position, or its refusal as the route answered it. */
export interface LineApplied {
  readonly line: number;
  readonly status: number;
  readonly position: string;
  /** Its key had already taken effect (an earlier run): nothing was appended this time. */
  readonly replayed: boolean;
}

/** A dry run's line that passed the route's validation (what the deciders say depends on earlier lines). */
export interface LineChecked {
  readonly line: number;
  readonly checked: true;
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
  /** Every refused line so far, by line number. */
  readonly errors: readonly LineError[];
  /** Once finished: per line, its position or its refusal (a dry run lists its refusals alone, above). */
  readonly result: {
    readonly applied: number;
    readonly replayed: number;
    readonly refused: number;
    readonly notRun: number;
    readonly lines: readonly LineOutcome[];
  } | null;
  readonly failure: string | null;
}

export function isRefusal(outcome: LineOutcome | undefined): outcome is LineError {
  return outcome !== undefined && 'error' in outcome;
}

/**
 * One import: its lines are recorded here only once acknowledged (committed and synced), so `done`
 * never counts a line a crash could take back.
 */
export class ImportJob {
  private readonly outcomes: LineOutcome[] = [];
  private readonly refusals: LineError[] = [];
  private readonly startedAtMs = Date.now();
  private finishedAtMs: number | undefined;
  private state: ImportStatus = 'running';
  private failure: string | null = null;

  constructor(
    readonly id: string,
    readonly total: number,
    readonly options: ImportOptions,
  ) {}

  get status(): ImportStatus {
    return this.state;
  }

  record(outcomes: readonly LineOutcome[]): void {
    for (const outcome of outcomes) {
      this.outcomes.push(outcome);
      if (isRefusal(outcome)) this.refusals.push(outcome);
    }
  }

  finish(status: Exclude<ImportStatus, 'running' | 'interrupted'>, failure?: string): void {
    this.state = status;
    this.failure = failure ?? null;
    this.finishedAtMs = Date.now();
  }

  view(): ImportView {
    const done = this.outcomes.length;
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
        errors: this.refusals.length,
      },
      errors: this.refusals,
      result: this.state === 'running' ? null : this.result(),
      failure: this.failure,
    };
  }

  private result(): NonNullable<ImportView['result']> {
    const applied = this.outcomes.filter((outcome): outcome is LineApplied => 'position' in outcome);
    const replayed = applied.filter((outcome) => outcome.replayed).length;
    return {
      applied: applied.length - replayed,
      replayed,
      refused: this.refusals.length,
      notRun: this.total - this.outcomes.length,
      lines: this.options.dryRun ? [] : this.outcomes,
    };
  }
}
