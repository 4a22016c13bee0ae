import { ImportJob, viewJson, type ImportView, type LineLog, type LineOutcome } from './import-job.js';
import type { LineError } from './import-lines.js';

/** A line log in memory that counts its reads. */
function memoryLog(): LineLog & { readonly appended: LineOutcome[]; reads: number } {
  const appended: LineOutcome[] = [];
  const log = {
    appended,
    reads: 0,
    append: (outcomes: readonly LineOutcome[]) => void appended.push(...outcomes),
    readJson: () => {
      log.reads += 1;
      return JSON.stringify(appended);
    },
  };
  return log;
}

const applied = (line: number, replayed = false): LineOutcome => ({
  line,
  status: 201,
  position: String(line),
  replayed,
});
const refused = (line: number): LineError => ({
  line,
  status: 422,
  error: 'DEAL_NOT_OPEN',
  message: 'no',
  details: {},
});

/** Every array the job holds, however deep in its own fields: what could grow with the lines done. */
function arraysHeld(job: ImportJob): unknown[][] {
  return Object.values(job).filter((value): value is unknown[] => Array.isArray(value));
}

describe('ImportJob', () => {
  const options = { dryRun: false, stopOnError: false };

  it('hands every outcome to its line log and holds only counts and refusals, however many lines', () => {
    const log = memoryLog();
    const total = 20_000;
    const job = new ImportJob('imp-test', total, options, log);
    for (let start = 1; start <= total; start += 1000) {
      const batch = Array.from({ length: 1000 }, (_, offset) => {
        const line = start + offset;
        return line % 5000 === 0 ? refused(line) : applied(line, line <= 100);
      });
      job.record(batch);
      // Nothing per line stays in the job: its arrays are the refusals (4 in all), not the lines done.
      expect(Math.max(0, ...arraysHeld(job).map((array) => array.length))).toBeLessThanOrEqual(4);
    }
    expect(log.appended.map((outcome) => outcome.line)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Progress while running reads no line back.
    expect(job.view()).toMatchObject({ progress: { done: total, errors: 4 }, result: null });
    expect(log.reads).toBe(0);

    job.finish('completed');
    // The record written to disk leaves the lines to the log.
    expect(job.view().result).toEqual({ applied: total - 4 - 100, replayed: 100, refused: 4, notRun: 0, lines: [] });
    expect(log.reads).toBe(0);
    const answered = JSON.parse(job.json()) as ImportView;
    expect(answered.result!.lines).toEqual(log.appended);
    expect(answered.errors.map((error) => error.line)).toEqual([5000, 10000, 15000, 20000]);
    expect(log.reads).toBe(1);
  });

  it('keeps nothing per line of a dry run, and reports what did not run after a stop', () => {
    const log = memoryLog();
    const dryRun = new ImportJob('imp-dry', 3, { dryRun: true, stopOnError: false }, log);
    dryRun.record([{ line: 1, checked: true }, refused(2), { line: 3, checked: true }]);
    dryRun.finish('completed');
    expect(log.appended).toEqual([]);
    expect(JSON.parse(dryRun.json())).toMatchObject({ result: { applied: 0, refused: 1, notRun: 0, lines: [] } });
    expect(log.reads).toBe(0);

    const stopped = new ImportJob('imp-stop', 10, { dryRun: false, stopOnError: true }, memoryLog());
    stopped.record([applied(1), refused(2)]);
    stopped.finish('stopped');
    expect(stopped.view().result).toMatchObject({ applied: 1, refused: 1, notRun: 8 });
    expect((JSON.parse(stopped.json()) as ImportView).result!.lines).toEqual([applied(1), refused(2)]);
  });

  it('splices the lines JSON into the view exactly where serializing the whole view would put them', () => {
    const job = new ImportJob('imp-json', 2, options, memoryLog());
    job.record([applied(1), refused(2)]);
    job.finish('completed');
    const view = job.view();
    const lines = [applied(1), refused(2)];
    expect(viewJson(view, JSON.stringify(lines))).toBe(JSON.stringify({ ...view, result: { ...view.result, lines } }));
    expect(viewJson({ ...view, result: null }, '[]')).toBe(JSON.stringify({ ...view, result: null }));
  });
});
