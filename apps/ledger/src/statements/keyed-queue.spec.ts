import { KeyedQueue } from './keyed-queue.js';

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

describe('KeyedQueue', () => {
  it('starts the next piece of work for a key only once the one before has settled, failures included', async () => {
    const queue = new KeyedQueue();
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
    const queue = new KeyedQueue();
    const blocked = deferred();
    const started: string[] = [];
    void queue.run('acme', () => (started.push('acme'), blocked.promise));
    await queue.run('bolt', () => (started.push('bolt'), Promise.resolve()));
    expect(started).toEqual(['acme', 'bolt']);
    blocked.resolve();
  });
});
