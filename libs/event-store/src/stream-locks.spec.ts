import { StreamLocks } from './stream-locks.js';

/** A promise the test settles by hand. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamLocks', () => {
  it('runs work on one stream in order, one at a time, and other streams alongside', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, stream: string) =>
      locks.run(stream, async () => {
        running += 1;
        log.push(`start ${name} (${running} running)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        log.push(`end ${name}`);
        if (name === 'a2') throw new Error('a2 fails');
        return name;
      });
    const results = await Promise.allSettled([work('a1', 'a'), work('b1', 'b'), work('a2', 'a'), work('a3', 'a')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const onA = log.filter((line) => line.includes(' a'));
    expect(onA).toEqual([
      'start a1 (1 running)',
      'end a1',
      expect.stringMatching(/^start a2/),
      'end a2',
      expect.stringMatching(/^start a3/),
      'end a3',
    ]);
    expect(log).toContain('start b1 (2 running)');
    await new Promise((resolve) => setImmediate(resolve));
    expect(locks.size).toBe(0);
  });

  it('starts the next piece of work for a key only once the one before has settled, failures included', async () => {
    const queue = new StreamLocks();
    const started: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const one = queue.run('acme', () => (started.push('one'), first.promise));
    const two = queue.run('acme', () => (started.push('two'), second.promise));
    const three = queue.run('acme', () => (started.push('three'), Promise.resolve('three')));
    await settle();
    expect(started).toEqual(['one']);
    first.reject(new Error('refused'));
    await expect(one).rejects.toThrow('refused');
    await settle();
    expect(started).toEqual(['one', 'two']);
    second.resolve('two');
    await expect(two).resolves.toBe('two');
    await expect(three).resolves.toBe('three');
    expect(started).toEqual(['one', 'two', 'three']);
    await settle();
    expect(queue.size).toBe(0);
  });

  it('runs different keys side by side', async () => {
    const queue = new StreamLocks();
    const blocked = deferred();
    const started: string[] = [];
    void queue.run('acme', () => (started.push('acme'), blocked.promise));
    await queue.run('bolt', () => (started.push('bolt'), Promise.resolve()));
    expect(started).toEqual(['acme', 'bolt']);
    blocked.resolve();
  });
});
