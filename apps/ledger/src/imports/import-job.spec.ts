import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  errorsListedMax,
  ImportJob,
  viewAnswer,
  type ImportAnswer,
  type ImportView,
  type LineLog,
  type LineOutcome,
} from './import-job.js';
import type { LineError } from './import-lines.js';

/** A line log in memory that counts its reads. */
function memoryLog(): LineLog & { readonly appended: LineOutcome[]; reads: number } {
  const appended: LineOutcome[] = [];
  const log = {
    appended,
    reads: 0,
    append: (outcomes: readonly LineOutcome[]) => void appended.push(...outcomes),
    read: () => {
      log.reads += 1;
      return Readable.from([JSON.stringify(appended)]);
    },
  };
  return log;
}

/** An answer as the text a client receives. */
async function received(answer: ImportAnswer): Promise<string> {
  return typeof answer === 'string' ? answer : text(answer);
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

  it('hands every outcome to its line log and holds only counts and refusals, however many lines', async () => {
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
    const counts = { applied: total - 4 - 100, replayed: 100, refused: 4, notRun: 0, validatedOnly: 0 };
    expect(job.view().result).toEqual({ ...counts, lines: [] });
    expect(log.reads).toBe(0);
    const answered = JSON.parse(await received(job.answer())) as ImportView;
    expect(answered.result!.lines).toEqual(log.appended);
    expect(answered.errors.map((error) => error.line)).toEqual([5000, 10000, 15000, 20000]);
    expect(log.reads).toBe(1);
  });

  it("keeps a dry run's refused lines alone, counts the undecided, and what a stop left", async () => {
    const log = memoryLog();
    const dryRun = new ImportJob('imp-dry', 4, { dryRun: true, stopOnError: false }, log);
    const checked = (line: number, decided: boolean) => ({ line, checked: true as const, decided });
    dryRun.record([checked(1, true), refused(2), checked(3, false), checked(4, true)]);
    dryRun.finish('completed');
    expect(log.appended).toEqual([refused(2)]);
    const answered = JSON.parse(await received(dryRun.answer())) as ImportView;
    const result = { applied: 0, refused: 1, notRun: 0, validatedOnly: 1, lines: [refused(2)] };
    expect(answered).toMatchObject({ result });
    expect(answered.errors).toEqual([refused(2)]);

    const stopped = new ImportJob('imp-stop', 10, { dryRun: false, stopOnError: true }, memoryLog());
    stopped.record([applied(1), refused(2)]);
    stopped.finish('stopped');
    expect(stopped.view().result).toMatchObject({ applied: 1, refused: 1, notRun: 8 });
    expect((JSON.parse(await received(stopped.answer())) as ImportView).result!.lines).toEqual([
      applied(1),
      refused(2),
    ]);
  });

  it('lists the first refused lines in every answer and all of them once done, whatever the file', async () => {
    const log = memoryLog();
    const total = 5000;
    const job = new ImportJob('imp-refused', total, options, log);
    const refusals = Array.from({ length: total }, (_, index) => refused(index + 1));
    for (let start = 0; start < total; start += 1000) job.record(refusals.slice(start, start + 1000));
    // A poll while it runs: every line refused so far counted, the first ones listed.
    const polled = job.view();
    expect(polled).toMatchObject({
      progress: { done: total, errors: total },
      errors: refusals.slice(0, errorsListedMax),
    });
    expect(Math.max(0, ...arraysHeld(job).map((array) => array.length))).toBe(errorsListedMax);
    job.finish('completed');
    const answered = JSON.parse(await received(job.answer())) as ImportView;
    expect(answered.errors).toHaveLength(errorsListedMax);
    const counts = { applied: 0, replayed: 0, refused: total, notRun: 0, validatedOnly: 0 };
    expect(answered.result).toEqual({ ...counts, lines: refusals });
  });

  it('splices the lines JSON into the view exactly where serializing the whole view would put them', async () => {
    const job = new ImportJob('imp-json', 2, options, memoryLog());
    job.record([applied(1), refused(2)]);
    job.finish('completed');
    const view = job.view();
    const lines = [applied(1), refused(2)];
    const spliced = await received(viewAnswer(view, Readable.from([JSON.stringify(lines)])));
    expect(spliced).toBe(JSON.stringify({ ...view, result: { ...view.result, lines } }));
    expect(viewAnswer({ ...view, result: null }, Readable.from(['[]']))).toBe(
      JSON.stringify({ ...view, result: null }),
    );
  });
});
