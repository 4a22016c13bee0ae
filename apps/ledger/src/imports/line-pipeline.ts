import type { DeferredCommitScope } from '#event-store';

/** A line the pipeline started: when the next line may start, and the line's own end. */
export interface StartedLine<T> {
  readonly released: Promise<void>;
  readonly finished: Promise<T>;
}

/**
 * Overlaps an import's lines without changing what any of them sees. A line whose route appends once may
 * let the next line start as soon as it hands that append to the store, instead of when the writer thread
 * answers it: the appends of consecutive lines then travel to the writer together, in file order, and the
 * writer's exact-version check still decides each. What a line reads is kept exactly as if the lines ran
 * one after the other: a read of a stream that an earlier line still running appended to waits until that
 * line has ended (its append answered, retried on a conflict, remembered in the command cache). A line
 * reads its own stream before it appends, so no line can append to a stream a later one has already read.
 */
export class LinePipeline {
  /** Per stream, the last line that appended to it while still running, and its end. */
  private readonly writers = new Map<string, { readonly line: number; readonly ended: Promise<void> }>();

  /**
   * Runs a line in its own deferred-commit scope. `appendsOnce`: the line's route makes a single append,
   * after which it reads nothing the next line could change; any other line holds the next back until it ends.
   */
  start<T>(line: number, appendsOnce: boolean, run: (scope: DeferredCommitScope) => Promise<T>): StartedLine<T> {
    let release!: () => void;
    let end!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const ended = new Promise<void>((resolve) => (end = resolve));
    const appendedTo = new Set<string>();
    const scope: DeferredCommitScope = {
      kind: 'deferred-commit',
      appending: (stream) => {
        appendedTo.add(stream);
        this.writers.set(stream, { line, ended });
        if (appendsOnce) release();
      },
      reading: (stream) => this.earlierWriter(stream, line),
    };
    const finished = run(scope).finally(() => {
      for (const stream of appendedTo) if (this.writers.get(stream)?.line === line) this.writers.delete(stream);
      end();
      release();
    });
    return { released, finished };
  }

  /** The end of the earlier line still running that appended to `stream`, if there is one. */
  private earlierWriter(stream: string, line: number): Promise<void> | undefined {
    const writer = this.writers.get(stream);
    return writer && writer.line < line ? writer.ended : undefined;
  }
}
