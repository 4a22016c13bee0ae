import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { getHeapStatistics } from 'node:v8';
import { garbageCollector, HeapBound, releasePooledPages } from './scratch-build.js';

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

describe('HeapBound', () => {
  it('collects whenever the heap has grown past twice what its last collection left', () => {
    const bound = new HeapBound(0);
    const used = () => getHeapStatistics().used_heap_size;
    // Objects that outlive a few scavenges (promoted) and then die: old-generation garbage, as a build makes.
    const kept: object[][] = Array.from({ length: 16 }, () => []);
    const batchBytesMax = 4 * 1024 * 1024;
    // What the bound's last collection left (none yet: its first check collects).
    let leftBytes: number | undefined;
    let collections = 0;
    for (let batch = 0; batch < 400; batch += 1) {
      kept[batch % kept.length] = Array.from({ length: 10_000 }, (_, index) => ({ batch, index, text: `${index}` }));
      const before = used();
      if (!bound.check()) continue;
      if (leftBytes !== undefined) expect(before).toBeGreaterThan(2 * leftBytes);
      [collections, leftBytes] = [collections + 1, used()];
      expect(leftBytes).toBeLessThan(before);
    }
    expect(collections).toBeGreaterThanOrEqual(3);
    expect(used()).toBeLessThanOrEqual(2 * leftBytes! + batchBytesMax);
  });
});
