import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ImportJob, type ImportView, type LineOutcome } from './import-job.js';
import { ImportRecords } from './import-records.js';

const importId = 'imp-00000000-0000-4000-8000-000000000001';
const applied = (line: number): LineOutcome => ({ line, status: 201, position: String(line), replayed: false });

/** Every chunk a stream gives, as it gives them. */
async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return chunks;
}

describe('ImportRecords', () => {
  let dataDir: string;
  let records: ImportRecords;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'import-records-'));
    records = new ImportRecords(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("answers a finished import's lines from its line log a chunk at a time, never the whole log at once", async () => {
    const log = records.lineLog(importId);
    const lines = Array.from({ length: 20_000 }, (_, index) => applied(index + 1));
    for (let start = 0; start < lines.length; start += 1000) log.append(lines.slice(start, start + 1000));
    const job = new ImportJob(importId, lines.length, { dryRun: false, stopOnError: false }, log);
    job.record([]);
    job.finish('completed');
    records.save(job.view());

    const answer = records.loadAnswer(importId);
    if (answer === undefined || typeof answer === 'string')
      throw new Error('a finished import is answered as a stream');
    const chunks = await chunksOf(answer);
    // About 1 MB of lines: many chunks, none larger than a read of the file.
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(64 * 1024);
    const view = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ImportView;
    expect(view.result!.lines).toEqual(lines);
    expect(view).toMatchObject({ importId, status: 'completed', result: { applied: 0 }, failure: null });
  });

  it('leaves out a line a crash cut short, however long, and answers an empty array without a log', async () => {
    const log = records.lineLog(importId);
    expect(await text(log.read())).toBe('[]');
    log.append([applied(1), applied(2)]);
    const path = join(dataDir, 'imports', `${importId}.lines.ndjson`);
    // Part of a line longer than the tail the reader looks at first (64 KiB): the append a kill -9 interrupted.
    appendFileSync(path, `{"line":3,"status":422,"error":"VALIDATION_FAILED","message":"${'x'.repeat(100_000)}`);
    expect(JSON.parse(await text(log.read()))).toEqual([applied(1), applied(2)]);
    rmSync(path);
    appendFileSync(path, '{"line":1,"sta');
    expect(await text(log.read())).toBe('[]');
  });

  it('reads a record older than validatedOnly: its dry run checked every line by validation alone', async () => {
    for (const dryRun of [true, false]) {
      const job = new ImportJob(importId, 10, { dryRun, stopOnError: false }, records.lineLog(importId));
      const checked = (line: number) => ({ line, checked: true as const, decided: true });
      job.record([{ line: 1, status: 400, error: 'VALIDATION_FAILED', message: 'no', details: {} }]);
      job.record(dryRun ? [checked(2), checked(3)] : [applied(2), applied(3)]);
      job.finish('stopped');
      const view = job.view();
      const older = { ...view, result: { ...view.result!, validatedOnly: undefined } };
      writeFileSync(join(dataDir, 'imports', `${importId}.json`), JSON.stringify(older));
      const answer = records.loadAnswer(importId)!;
      const read = JSON.parse(typeof answer === 'string' ? answer : await text(answer)) as ImportView;
      expect(read.result).toMatchObject({ refused: 1, notRun: 7, validatedOnly: dryRun ? 2 : 0 });
    }
  });
});
