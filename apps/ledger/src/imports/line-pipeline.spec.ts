import type { DeferredCommitScope } from '#event-store';
import { LinePipeline } from './line-pipeline.js';

/** A line's work the test drives step by step: it gets its scope, then waits until the test lets it end. */
function heldLine() {
  let scope!: DeferredCommitScope;
  let end!: (value: string) => void;
  const run = (given: DeferredCommitScope) => {
    scope = given;
    return new Promise<string>((resolve) => (end = resolve));
  };
  return { run, scope: () => scope, end: (value: string) => end(value) };
}

/** Whether a promise has settled by the end of the current turn's microtasks. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('LinePipeline', () => {
  it('lets the next line start when a line that appends once sends its append, before it ends', async () => {
    const pipeline = new LinePipeline();
    const line = heldLine();
    const started = pipeline.start(1, true, line.run);
    expect(await settled(started.released)).toBe(false);
    line.scope().appending!('deal-1');
    expect(await settled(started.released)).toBe(true);
    expect(await settled(started.finished)).toBe(false);
    line.end('one');
    await expect(started.finished).resolves.toBe('one');
  });

  it('holds the next line back until the end of a line that may append more than once', async () => {
    const pipeline = new LinePipeline();
    const line = heldLine();
    const started = pipeline.start(1, false, line.run);
    line.scope().appending!('registration-1');
    expect(await settled(started.released)).toBe(false);
    line.end('saga');
    expect(await settled(started.released)).toBe(true);
  });

  it("holds a read of a stream an earlier running line appended to until that line's end, and no other", async () => {
    const pipeline = new LinePipeline();
    const first = heldLine();
    const second = heldLine();
    const firstStarted = pipeline.start(1, true, first.run);
    first.scope().appending!('deal-1');
    pipeline.start(2, true, second.run);
    // The first line's retry reads its own stream without waiting on itself; other streams are free.
    expect(first.scope().reading!('deal-1')).toBeUndefined();
    expect(second.scope().reading!('partner-1')).toBeUndefined();
    const held = second.scope().reading!('deal-1')!;
    expect(await settled(held)).toBe(false);
    first.end('opened');
    await firstStarted.finished;
    expect(await settled(held)).toBe(true);
    // Ended: reads of its stream no longer wait.
    expect(second.scope().reading!('deal-1')).toBeUndefined();
  });

  it('keeps a later line from holding an earlier one back', () => {
    const pipeline = new LinePipeline();
    const first = heldLine();
    const second = heldLine();
    pipeline.start(1, true, first.run);
    first.scope().appending!('deal-1');
    pipeline.start(2, true, second.run);
    second.scope().appending!('deal-2');
    expect(first.scope().reading!('deal-2')).toBeUndefined();
  });
});
