import { appendFileSync, closeSync, createReadStream, fstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { viewAnswer, type ImportAnswer, type ImportView, type LineLog } from './import-job.js';

/** Import records kept in the data folder; older ones are deleted as new imports start. */
const recordsKeptMax = 50;
const idPattern = /^imp-[0-9a-f-]{36}$/;

/**
 * Each import's progress and result as one JSON file, `<data folder>/imports/<id>.json`, rewritten (to a
 * temporary file, then renamed, so a crash leaves the previous version whole) as its batches commit and
 * when it ends. GET /imports/:id answers from it after a restart; an import that was running when the
 * service stopped reads as `interrupted`, with the lines it had acknowledged. The outcome of every line of
 * a real run (of a dry run, every refused line) is appended, batch by batch as they are acknowledged, to
 * `<id>.lines.ndjson` (one JSON object a line, in file order): the record keeps counts and the first refusals,
 * and a finished import's `result.lines` is streamed from there, so neither memory, the record's rewrites nor
 * a poll grow with the lines done or refused.
 */
export class ImportRecords {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'imports');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  save(view: ImportView): void {
    const path = this.pathOf(view.importId);
    writeFileSync(`${path}.tmp`, JSON.stringify(view), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }

  /** The line log of an import: appended to as its batches are acknowledged, read back once it is done. */
  lineLog(importId: string): LineLog {
    const path = this.linesPathOf(importId);
    return {
      append: (outcomes) => {
        appendFileSync(path, `${outcomes.map((outcome) => JSON.stringify(outcome)).join('\n')}\n`, { mode: 0o600 });
      },
      read: () => linesArrayOf(path) ?? Readable.from(['[]']),
    };
  }

  /**
   * A record written by an earlier run of the service (this one's running imports are in memory), with a
   * finished import's lines from its line log.
   */
  loadAnswer(importId: string): ImportAnswer | undefined {
    const view = this.load(importId);
    if (!view) return undefined;
    // A record written before the line log held its lines itself, and a dry run's its refusals (no log: its own).
    return viewAnswer(view, view.result ? linesArrayOf(this.linesPathOf(importId)) : undefined);
  }

  private load(importId: string): ImportView | undefined {
    if (!idPattern.test(importId)) return undefined;
    let view: ImportView;
    try {
      view = JSON.parse(readFileSync(this.pathOf(importId), 'utf8')) as ImportView;
    } catch {
      return undefined;
    }
    // A record written before validatedOnly was counted: its dry run checked every line by validation alone.
    if (view.result && view.result.validatedOnly === undefined) {
      const validatedOnly = view.dryRun ? view.progress.done - view.result.refused : 0;
      view = { ...view, result: { ...view.result, validatedOnly } };
    }
    if (view.status !== 'running') return view;
    const failure = 'The service stopped during the import; run the file again (applied lines are replayed)';
    const progress = { ...view.progress, etaSeconds: 0 };
    return { ...view, status: 'interrupted', progress, failure };
  }

  /** Deletes the oldest records beyond the number kept. */
  prune(): void {
    const records = readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, modifiedMs: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.modifiedMs - a.modifiedMs);
    for (const old of records.slice(recordsKeptMax)) {
      rmSync(join(this.dir, old.name), { force: true });
      rmSync(this.linesPathOf(old.name.slice(0, -'.json'.length)), { force: true });
    }
  }

  private pathOf(importId: string): string {
    return join(this.dir, `${importId}.json`);
  }

  private linesPathOf(importId: string): string {
    return join(this.dir, `${importId}.lines.ndjson`);
  }
}

/** How much of a line log's end is read at a time to find its last whole line. */
const tailChunkBytes = 64 * 1024;

/**
 * A line log's outcomes as the bytes of one JSON array, in file order, read a chunk at a time as they are sent:
 * each line's newline becomes a comma, the last one the closing bracket (no outcome holds a newline: JSON escapes
 * it). Only whole lines count: a crash in the middle of an append leaves part of a line, which is left out.
 * Undefined when there is no log.
 */
function linesArrayOf(path: string): Readable | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  const end = wholeLinesEnd(fd);
  if (end === 0) {
    closeSync(fd);
    return Readable.from(['[]']);
  }
  return Readable.from(commaSeparated(createReadStream('', { fd, end: end - 1 }), end), { objectMode: false });
}

async function* commaSeparated(file: Readable, end: number): AsyncGenerator<string | Buffer> {
  yield '[';
  let read = 0;
  for await (const chunk of file as AsyncIterable<Buffer>) {
    read += chunk.length;
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) chunk[at] = 0x2c;
    if (read === end) chunk[chunk.length - 1] = 0x5d;
    yield chunk;
  }
}

/** The length of a file up to and including its last newline (0 if it has none), read from its end. */
function wholeLinesEnd(fd: number): number {
  const buffer = Buffer.alloc(tailChunkBytes);
  for (let end = fstatSync(fd).size; end > 0;) {
    const start = Math.max(0, end - tailChunkBytes);
    const length = readSync(fd, buffer, 0, end - start, start);
    const newline = buffer.subarray(0, length).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}
