import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { viewJson, type ImportView, type LineLog } from './import-job.js';

/** Import records kept in the data folder; older ones are deleted as new imports start. */
const recordsKeptMax = 50;
const idPattern = /^imp-[0-9a-f-]{36}$/;

/**
 * Each import's progress and result as one JSON file, `<data folder>/imports/<id>.json`, rewritten (to a
 * temporary file, then renamed, so a crash leaves the previous version whole) as its batches commit and
 * when it ends. GET /imports/:id answers from it after a restart; an import that was running when the
 * service stopped reads as `interrupted`, with the lines it had acknowledged. The outcome of every line of
 * a real run is appended, batch by batch as they are acknowledged, to `<id>.lines.ndjson` (one JSON object
 * a line, in file order): the record keeps counts and refusals, and a finished import's `result.lines` is
 * read back from there, so neither memory nor the record's rewrites grow with the lines done.
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
      readJson: () => linesJsonOf(path) ?? '[]',
    };
  }

  /**
   * A record written by an earlier run of the service (this one's running imports are in memory), as JSON,
   * with a finished import's lines from its line log.
   */
  loadJson(importId: string): string | undefined {
    const view = this.load(importId);
    if (!view) return undefined;
    // A record written before the line log held its lines itself (no log: its own are answered).
    return viewJson(view, view.result && !view.dryRun ? linesJsonOf(this.linesPathOf(importId)) : undefined);
  }

  private load(importId: string): ImportView | undefined {
    if (!idPattern.test(importId)) return undefined;
    let view: ImportView;
    try {
      view = JSON.parse(readFileSync(this.pathOf(importId), 'utf8')) as ImportView;
    } catch {
      return undefined;
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

/** A line log's outcomes as one JSON array, in file order; undefined when there is none. */
function linesJsonOf(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // Each append ends its last outcome with a newline, and no outcome holds one (JSON escapes it).
  return `[${text.trimEnd().replaceAll('\n', ',')}]`;
}
