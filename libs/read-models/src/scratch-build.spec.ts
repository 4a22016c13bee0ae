import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { DomainError } from '#domain';
import {
  garbageCollector,
  HeapBound,
  ParallelBuild,
  receivedError,
  releasePooledPages,
  sendableError,
  workerEntry,
  type ScratchBuild,
} from './scratch-build.js';

/** The process's mapped memory in KiB: pages V8 keeps pooled for reuse stay mapped, released ones do not. */
function mappedKiB(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmSize:'));
  return Number(line!.split(/\s+/)[1]);
}

/** A regular full collection, as V8 runs on its own: the dead objects' pages go to the pool, still mapped. */
function collectAsUsual(): void {
  garbageCollector()({ type: 'major', execution: 'sync' });
}

describe('an error sent from a thread', () => {
  const across = (error: unknown) => receivedError(structuredClone(sendableError(error)));

  it("keeps a domain error whole, and another's code (a damaged page's SQLITE_CORRUPT)", () => {
    const refusal = across(new DomainError('PARTNER_NOT_FOUND', 'Partner p is not enrolled', { partnerId: 'p' }));
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'PARTNER_NOT_FOUND', details: { partnerId: 'p' } });
    const damage = across(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }));
    expect(damage).not.toBeInstanceOf(DomainError);
    expect(damage).toMatchObject({ message: 'database disk image is malformed', code: 'SQLITE_CORRUPT' });
    expect(across(new Error('plain'))).not.toHaveProperty('code');
  });
});

describe('releasePooledPages', () => {
  it('unmaps the pages a collection pooled, on this thread, and leaves gc unexposed', () => {
    let garbage: object[] | undefined = Array.from({ length: 400_000 }, (_, index) => ({ index, text: `x${index}` }));
    expect(garbage).toHaveLength(400_000);
    garbage = undefined;
    collectAsUsual();
    const pooled = mappedKiB();

    releasePooledPages();

    // Tens of MB of pages were pooled by the usual collection; released, they are no longer mapped.
    expect(pooled - mappedKiB()).toBeGreaterThan(16 * 1024);
    // --expose-gc was on only while the collector was taken: no later context sees a gc function.
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
  });
});

describe('garbageCollector', () => {
  it('gives every thread its gc when many threads take it at once (V8 flags are the process’s)', async () => {
    const entry = workerEntry('testing/gc-taker');
    const answers = await Promise.all(
      Array.from(
        { length: 12 },
        () =>
          new Promise<string>((resolve, reject) => {
            const worker = new Worker(entry.url, { ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
            worker.once('message', (answer: string) => resolve(answer));
            worker.once('error', reject);
          }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, () => 'ok'));
  }, 60_000);
});

describe('HeapBound', () => {
  /** A heap whose size the spec sets; a collection leaves `liveBytes`. */
  const fakeHeap = (liveBytes: number) => {
    const heap = { used: 0, collections: 0, released: 0 };
    const control = {
      usedBytes: () => heap.used,
      collect: (release: boolean) => {
        heap.collections += 1;
        if (release) heap.released += 1;
        heap.used = liveBytes;
      },
    };
    return { heap, control };
  };

  it('collects once the heap passes its floor, then whenever it passes twice what the last collection left', () => {
    const { heap, control } = fakeHeap(30);
    const bound = new HeapBound({ floorBytes: 50, heap: control });
    const collectedAt = [40, 50, 51, 55, 60, 61, 60].map((used) => {
      heap.used = used;
      return bound.check();
    });
    // Over the floor at 51 (30 left), then over twice 30 at 61.
    expect(collectedAt).toEqual([false, false, true, false, false, true, false]);
    expect(heap).toMatchObject({ collections: 2, released: 0 });
  });

  it('collects past the growth it is given instead of twice', () => {
    const { heap, control } = fakeHeap(40);
    const bound = new HeapBound({ floorBytes: 50, growthMax: 1.5, heap: control });
    const collectedAt = [51, 60, 61, 80].map((used) => {
      heap.used = used;
      return bound.check();
    });
    // Over the floor at 51 (40 left), then over half again 40 at 61.
    expect(collectedAt).toEqual([true, false, true, true]);
  });

  it('gives back the emptied pages when asked to collect, and counts from what that collection left', () => {
    const { heap, control } = fakeHeap(40);
    const bound = new HeapBound({ floorBytes: 50, heap: control });
    heap.used = 70;
    bound.collect();
    expect(heap).toMatchObject({ collections: 1, released: 1 });
    heap.used = 80;
    expect(bound.check()).toBe(false);
    heap.used = 81;
    expect(bound.check()).toBe(true);
    expect(heap).toMatchObject({ collections: 2, released: 1 });
  });

  it('keeps the floor while twice what is left stays under it', () => {
    const { heap, control } = fakeHeap(10);
    const bound = new HeapBound({ floorBytes: 50, heap: control });
    const collectedAt = [51, 30, 50, 51].map((used) => {
      heap.used = used;
      return bound.check();
    });
    expect(collectedAt).toEqual([true, false, false, true]);
  });

  it("runs a full collection of V8's heap, which frees the garbage", () => {
    const used = () => getHeapStatistics().used_heap_size;
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, index) => ({ index, text: `${index}` }));
    const before = used();
    expect(garbage).toHaveLength(200_000);
    garbage = undefined;
    // The first check of a bound with no floor always collects: nothing was left by a collection yet.
    expect(new HeapBound({ floorBytes: 0 }).check()).toBe(true);
    expect(used()).toBeLessThan(before);
  });
});

describe('ParallelBuild', () => {
  /** A part that records what it was asked; its first catch-up ends when the spec says. */
  const part = (name: string, log: string[], firstReached: Promise<void>): ScratchBuild => {
    let catchUps = 0;
    return {
      async catchUp(until, saveTo) {
        catchUps += 1;
        if (catchUps === 1) await firstReached;
        log.push(`${name} at ${until}${saveTo ? (saveTo.size > 0 ? ' saved' : ' (nothing to save)') : ''}`);
        return { position: until, saved: saveTo?.size ? [name] : [], startedFrom: new Map() };
      },
      close: () => Promise.resolve(),
    };
  };

  it('saves snapshots only once every part has reached the position, one part slower than the other', async () => {
    const log: string[] = [];
    let slowReached!: () => void;
    const slow = new Promise<void>((resolve) => (slowReached = resolve));
    const parts = [part('commissions', log, Promise.resolve()), part('deals', log, slow)];
    const build = new ParallelBuild(
      2,
      (index) => parts[index]!,
      () => undefined,
    );

    const built = build.catchUp(100n, new Map([['commissions', '/snapshots']]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['commissions at 100 (nothing to save)']);
    slowReached();

    await expect(built).resolves.toMatchObject({ position: 100n, saved: ['commissions', 'deals'] });
    expect(log).toEqual([
      'commissions at 100 (nothing to save)',
      'deals at 100 (nothing to save)',
      'commissions at 100 saved',
      'deals at 100 saved',
    ]);
  });

  it('catches up once when nothing is saved', async () => {
    const log: string[] = [];
    const parts = [part('commissions', log, Promise.resolve()), part('deals', log, Promise.resolve())];
    const build = new ParallelBuild(
      2,
      (index) => parts[index]!,
      () => undefined,
    );

    await expect(build.catchUp(7n)).resolves.toMatchObject({ position: 7n, saved: [] });
    expect(log).toEqual(['commissions at 7', 'deals at 7']);
  });
});
