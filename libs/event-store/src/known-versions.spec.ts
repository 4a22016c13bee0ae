import fc from 'fast-check';
import { KnownVersions, type FollowedLog } from './known-versions.js';

/** A log two connections append to: this one (its commits leave its data version alone) and another. */
class TwoConnections implements FollowedLog {
  readonly events: { position: bigint; stream: string; revision: number }[] = [];
  tailQueries = 0;
  private otherCommits = 0n;

  dataVersion(): bigint {
    return this.otherCommits;
  }

  head(): bigint {
    return this.events.at(-1)?.position ?? 0n;
  }

  after(position: bigint, limit: number) {
    this.tailQueries += 1;
    return this.events.filter((event) => event.position > position).slice(0, limit);
  }

  version(stream: string): number {
    return this.events.filter((event) => event.stream === stream).length;
  }

  append(stream: string, count: number, by: 'this' | 'other'): number {
    for (let index = 0; index < count; index += 1) {
      const position = BigInt(this.events.length + 1);
      this.events.push({ position, stream, revision: this.version(stream) + 1 });
    }
    if (by === 'other') this.otherCommits += 1n;
    return this.version(stream);
  }
}

type Step = { kind: 'read'; stream: string } | { kind: 'append'; stream: string; count: number; by: 'this' | 'other' };

const streams = ['a', 'b', 'c', 'd', 'e', 'f'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('read' as const), stream: fc.constantFrom(...streams) }),
  fc.record({
    kind: fc.constant('append' as const),
    stream: fc.constantFrom(...streams),
    count: fc.integer({ min: 1, max: 4 }),
    by: fc.constantFrom('this' as const, 'other' as const),
  }),
);

describe('KnownVersions', () => {
  it('never answers a version a stream has moved past, whoever appended to it', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const log = new TwoConnections();
        // Small bounds, so that eviction and a tail too long to follow both happen.
        const known = new KnownVersions(log, 4, 5);
        for (const next of steps) {
          const observed = known.observe();
          for (const stream of streams) {
            const version = known.get(stream);
            if (version !== undefined) expect({ stream, version }).toEqual({ stream, version: log.version(stream) });
          }
          if (next.kind === 'read') known.set(next.stream, log.version(next.stream), observed);
          else if (next.by === 'this') known.set(next.stream, log.append(next.stream, next.count, 'this'), observed);
          else log.append(next.stream, next.count, 'other');
        }
      }),
    );
  });

  it("follows another connection's appends instead of forgetting what it knew", () => {
    const log = new TwoConnections();
    const known = new KnownVersions(log);
    let observed = known.observe();
    known.set('a', log.append('a', 1, 'other'), observed);
    known.set('b', log.append('b', 2, 'other'), observed);
    log.append('a', 2, 'other');
    log.append('c', 1, 'other');
    observed = known.observe();
    expect(['a', 'b', 'c'].map((stream) => known.get(stream))).toEqual([3, 2, undefined]);
    // Nothing committed since: no query.
    const queries = log.tailQueries;
    known.observe();
    expect(log.tailQueries).toBe(queries);
  });

  it('forgets everything when more events arrived at once than it follows', () => {
    const log = new TwoConnections();
    const known = new KnownVersions(log, 100, 3);
    const observed = known.observe();
    known.set('a', log.append('a', 1, 'this'), observed);
    log.append('b', 3, 'other');
    known.observe();
    expect(known.get('a')).toBeUndefined();
    // It follows again from the head it read.
    known.set('a', 1, known.observe());
    log.append('a', 1, 'other');
    known.observe();
    expect(known.get('a')).toBe(2);
  });
});
