import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportView } from './import-job.js';

/** Import records kept in the data folder; older ones are deleted as new imports start. */
const recordsKeptMax = 50;
const idPattern = /^imp-[0-9a-f-]{36}$/;

/**
 * Each import's progress and result as one JSON file, `<data folder>/imports/<id>.json`, rewritten (to a
 * temporary file, then renamed, so a crash leaves the previous version whole) as its batches commit and
 * when it ends. GET /imports/:id answers from it after a restart; an import that was running when the
 * service stopped reads as `interrupted`, with the lines it had acknowledged.
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

  /** A record written by an earlier run of the service (this one's running imports are in memory). */
  load(importId: string): ImportView | undefined {
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
    for (const old of records.slice(recordsKeptMax)) unlinkSync(join(this.dir, old.name));
  }

  private pathOf(importId: string): string {
    return join(this.dir, `${importId}.json`);
  }
}
