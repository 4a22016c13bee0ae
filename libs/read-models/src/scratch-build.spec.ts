import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { garbageCollector, releasePooledPages } from './scratch-build.js';

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
