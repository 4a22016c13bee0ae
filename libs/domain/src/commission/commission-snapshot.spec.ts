import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Decimal } from '../money.js';
import { PersistentMap } from '../persistent-map.js';
import {
  decodePlain,
  encodePlain,
  PlainDecoding,
  PlainEncoding,
  StringSharing,
  type PlainStructure,
} from '../plain-codec.js';
import { asCommissionState, decodeCommissionState, encodeCommissionState } from './commission-snapshot.js';
import { applyAll, initialState } from './commission.engine.js';
import { histories } from './testing/commission-generators.js';
import { History } from './testing/commission-builders.js';

/** Through a serializer that keeps shared references, as v8.serialize does for a snapshot file. */
const roundTrip = <T>(value: T): T => structuredClone(value);

/**
 * A decode in steps as a snapshot's: the structure's containers in groups of `groupSize`, each group and the root
 * through a serializer of its own (as the snapshot's pieces).
 */
function decodingOf(value: unknown, groupSize = 3): PlainDecoding {
  const { root, containers } = encodePlain(value);
  const groups: object[][] = [];
  for (let start = 0; start < containers.length; start += groupSize) {
    groups.push(roundTrip(containers.slice(start, start + groupSize)));
  }
  return new PlainDecoding(roundTrip(root), groups);
}

/** The container a reference of `structure` stands for. */
const at = <T>(structure: PlainStructure, reference: unknown): T =>
  structure.containers[(reference as { $: number }).$] as T;

/** V8's full collection, from a context made while --expose-gc is on. */
function fullCollection(): void {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  collect();
}

describe('commission state snapshots', () => {
  it('a decoded state continues the fold exactly like the state it was encoded from', () => {
    fc.assert(
      fc.property(histories, fc.nat(), ({ events }, cut) => {
        const at = cut % (events.length + 1);
        const head = applyAll(initialState(), events.slice(0, at)).state;
        const decoded = decodeCommissionState(roundTrip(encodeCommissionState(head)));
        expect(decoded).toEqual(head);
        const rest = events.slice(at);
        const original = applyAll(head, rest);
        const resumed = applyAll(decoded, rest);
        expect(resumed.output).toEqual(original.output);
        expect(resumed.state).toEqual(original.state);
      }),
    );
  });

  it('encodes a few objects at a time exactly as in one go, keeping every key order', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 1, max: 50 }), ({ events }, objectsPerStep) => {
        const state = applyAll(initialState(), events).state;
        const encoding = new PlainEncoding(state);
        let steps = 0;
        while (!encoding.step(objectsPerStep)) steps += 1;
        expect(steps).toBeGreaterThan(0);
        expect(encoding.structure).toEqual(encodePlain(state));
        const text = (value: unknown) =>
          JSON.stringify(value, (_key, item: unknown) =>
            item instanceof PersistentMap ? [...item.entries()] : typeof item === 'bigint' ? `${item}n` : item,
          );
        expect(text(decodePlain(roundTrip(encoding.structure)))).toBe(text(state));
      }),
      { numRuns: 30 },
    );
  });

  it('decodes a few objects at a time into the state it was encoded from, which continues the fold alike', () => {
    fc.assert(
      fc.property(histories, fc.nat(), fc.integer({ min: 1, max: 20 }), ({ events }, cut, objectsPerStep) => {
        const at = cut % (events.length + 1);
        const head = applyAll(initialState(), events.slice(0, at)).state;
        const decoding = decodingOf(head, objectsPerStep);
        while (!decoding.step(objectsPerStep));
        const decoded = asCommissionState(decoding.result);
        expect(decoded).toEqual(head);
        const rest = events.slice(at);
        expect(applyAll(decoded, rest)).toEqual(applyAll(head, rest));
      }),
      { numRuns: 30 },
    );
  });

  it('decodes Maps and Sets in steps in their written order, sharing what was shared', () => {
    const shared = { amount: new Decimal('2.25') };
    const value = {
      byQuarter: new Map<unknown, unknown>([
        ['2026-Q2', shared],
        ['2026-Q1', new Set(['z', 'a', shared])],
        ['2025-Q4', [shared, 3n]],
      ]),
      again: shared,
    };
    const decoding = decodingOf(value);
    while (!decoding.step(1));
    const decoded = decoding.result as typeof value;
    expect(decoded).toEqual(value);
    expect([...decoded.byQuarter.keys()]).toEqual(['2026-Q2', '2026-Q1', '2025-Q4']);
    expect([...(decoded.byQuarter.get('2026-Q1') as Set<unknown>)].slice(0, 2)).toEqual(['z', 'a']);
    expect(decoded.byQuarter.get('2026-Q2')).toBe(decoded.again);
    expect((decoded.byQuarter.get('2025-Q4') as unknown[])[0]).toBe(decoded.again);
  });

  it('leaves bigints as they are, and carries a value plain throughout as its root', () => {
    const value = { position: 7n };
    expect(encodePlain(value)).toEqual({ root: value, containers: [] });
    expect(encodePlain(value).root).toBe(value);
    expect(decodePlain(encodePlain(value))).toBe(value);
  });

  it('carries what is plain throughout as it is, and copies and lists only what holds a special value', () => {
    const line = { lineId: 'l1', units: 5n, tags: ['a'] };
    const quarter = { revenue: [1, 2] };
    const value = { lines: [line], byQuarter: new Map([['Q1', quarter]]), escaped: { $: 'data' } };
    const encoding = new PlainEncoding(value);
    while (!encoding.step(2));
    const structure = encoding.structure;
    const copy = at<{ lines: unknown; byQuarter: unknown; escaped: unknown }>(structure, structure.root);
    expect(copy).not.toBe(value);
    expect(copy.lines).toBe(value.lines);
    const pairs = at<unknown[]>(structure, at<{ v: unknown }>(structure, copy.byQuarter).v);
    expect(at<unknown[]>(structure, pairs[0])[1]).toBe(quarter);
    expect(at(structure, copy.escaped)).toEqual({ $: 'Object', v: { $: expect.any(Number) as number } });
    for (const carried of [value.lines, line, line.tags, quarter, quarter.revenue]) {
      expect(encoding.containers).not.toContain(carried);
    }
    expect(decodePlain(roundTrip(structure))).toEqual(value);
  });

  it('copies a large plain subtree around pieces of at most 32 objects, so that no group is large', () => {
    const records = Array.from({ length: 40 }, (_, n) => ({ id: `r${n}`, amount: { units: BigInt(n), scale: 2 } }));
    const value = { records };
    const structure = encodePlain(value);
    const copied = at<unknown[]>(structure, at<{ records: unknown }>(structure, structure.root).records);
    expect(copied).not.toBe(records);
    copied.forEach((record, n) => expect(record).toBe(records[n]));
    expect(decodePlain(roundTrip(structure))).toEqual(value);
  });

  it('holds nothing it made once encoded: what each object became is needed only while encoding', async () => {
    const encodedFrom = () => {
      const value = { partners: new Map([['p1', { tier: 'gold' }]]), lines: [{ lineId: 'l1' }, { lineId: 'l2' }] };
      const encoding = new PlainEncoding(value);
      while (!encoding.step(2));
      return { encoding, source: new WeakRef(value) };
    };
    const { encoding, source } = encodedFrom();
    // A WeakRef's target lives at least until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    fullCollection();
    expect(source.deref()).toBeUndefined();
    expect(decodePlain(encoding.structure)).toEqual({
      partners: new Map([['p1', { tier: 'gold' }]]),
      lines: [{ lineId: 'l1' }, { lineId: 'l2' }],
    });
  });

  it('writes the book and statistics of partners without commission once, however many partners there are', () => {
    const enrolled = (count: number) => {
      const history = new History();
      for (let index = 0; index < count; index += 1) history.enroll(`p${index}`);
      return applyAll(initialState(), history.events).state;
    };
    const containers = (count: number) => encodePlain(enrolled(count)).containers.length;
    // Each partner's record and its place in the map's trie; its empty maps were seven containers more each.
    expect(containers(400) - containers(200)).toBeLessThan(200 * 2);
    const decoded = decodeCommissionState(roundTrip(encodeCommissionState(enrolled(3))));
    expect(decoded).toEqual(enrolled(3));
    const [first, second] = [...decoded.partners.values()];
    expect(first!.book).toBe(second!.book);
  });

  it('keeps an object reached twice shared after decoding', () => {
    const shared = { amount: new Decimal('1.5') };
    const decoded = decodePlain<{ left: typeof shared; right: typeof shared }>(
      roundTrip(encodePlain({ left: shared, right: shared })),
    );
    expect(decoded.left).toBe(decoded.right);
    expect(decoded.left.amount).toBeInstanceOf(Decimal);
    expect(decoded.left.amount.eq('1.5')).toBe(true);
  });

  it('carries Decimal, PersistentMap, Map, Set, bigint and an own "$" key generically', () => {
    const value = {
      position: 12345678901234567890n,
      amounts: new Map([['2026-Q1', new Decimal('-0.000000001')]]),
      tags: new Set(['a', 'b']),
      deals: PersistentMap.from([['d1', { refunded: new Decimal(0) }]]),
      escaped: { $: 'Decimal', v: 'not a decimal' },
      lookalike: { $: 'Map', v: [['k', { $: 'Set', v: ['x'] }]] },
      missing: undefined,
    };
    const decoded = decodePlain<typeof value>(roundTrip(encodePlain(value)));
    expect(decoded).toEqual(value);
    const stepped = decodingOf(value, 1);
    while (!stepped.step(2));
    expect(stepped.result).toEqual(value);
    expect(decoded.deals.get('d1')?.refunded).toBeInstanceOf(Decimal);
    expect(decoded.escaped).toEqual({ $: 'Decimal', v: 'not a decimal' });
  });

  it('decodes in place: the plain arrays and objects become the value, only special values are made anew', () => {
    const plain = roundTrip(encodePlain({ lines: [{ id: 'l1', units: 5n }], byQuarter: new Map([['Q1', [1]]]) }));
    const root = at<{ lines: object[]; byQuarter: unknown }>(plain, plain.root);
    const [line] = root.lines;
    const pairs = at<unknown[]>(plain, at<{ v: unknown }>(plain, root.byQuarter).v);
    const quarter = at<[string, number[]]>(plain, pairs[0])[1];
    const decoded = decodePlain<{ lines: object[]; byQuarter: Map<string, number[]> }>(plain);
    expect(decoded).toBe(root);
    expect(decoded.lines[0]).toBe(line);
    expect(decoded.byQuarter).toBeInstanceOf(Map);
    expect(decoded.byQuarter.get('Q1')).toBe(quarter);
    expect(decoded).toEqual({ lines: [{ id: 'l1', units: 5n }], byQuarter: new Map([['Q1', [1]]]) });
  });

  it('shares the strings of a decoded state in steps while it is folded on, changing no value and no output', () => {
    fc.assert(
      fc.property(histories, fc.nat(), fc.integer({ min: 1, max: 20 }), ({ events }, cut, objectsPerStep) => {
        const at = cut % (events.length + 1);
        const head = applyAll(initialState(), events.slice(0, at)).state;
        const decoded = decodeCommissionState(roundTrip(encodeCommissionState(head)));
        const sharing = new StringSharing(decoded);
        let [original, folded] = [head, decoded];
        // One event folded on both between steps: the state is in use while its strings are shared.
        for (const event of events.slice(at)) {
          sharing.step(objectsPerStep);
          const [expected, actual] = [applyAll(original, [event]), applyAll(folded, [event])];
          expect(actual.output).toEqual(expected.output);
          [original, folded] = [expected.state, actual.state];
        }
        while (!sharing.step(objectsPerStep));
        expect(decoded).toEqual(head);
        expect(folded).toEqual(original);
      }),
      { numRuns: 30 },
    );
  });

  it('replaces every string but the first of its text, in fields, items, Map keys and values and Set items', () => {
    const text = (value: string) => [...value].join('');
    const value = {
      date: text('2025-01-01'),
      dates: [text('2025-01-01'), text('2025-04-01'), text('2025-04-01')],
      byQuarter: new Map<string, unknown>([
        [text('2025Q1'), text('USD')],
        [text('2025Q2'), { currency: text('USD'), amount: new Decimal('2.25') }],
      ]),
      roles: new Set([text('sourcing'), text('2025Q1')]),
    };
    const sharing = new StringSharing(value);
    expect(sharing.step(Number.POSITIVE_INFINITY)).toBe(true);
    // Repeated: 2025-01-01 once, 2025-04-01 once, USD once, 2025Q1 once (in the Set).
    expect(sharing.replaced).toBe(4);
    expect(value).toEqual({
      date: '2025-01-01',
      dates: ['2025-01-01', '2025-04-01', '2025-04-01'],
      byQuarter: new Map<string, unknown>([
        ['2025Q1', 'USD'],
        ['2025Q2', { currency: 'USD', amount: new Decimal('2.25') }],
      ]),
      roles: new Set(['sourcing', '2025Q1']),
    });
    expect([...value.byQuarter.keys()]).toEqual(['2025Q1', '2025Q2']);
  });

  it('refuses a value it could not bring back, and a structure that is not one', () => {
    expect(() => encodePlain({ when: new Date(0) })).toThrow(/instance of Date/);
    expect(() => encodePlain({ run: () => undefined })).toThrow(/a function/);
    expect(() => decodePlain({ root: { $: 0 }, containers: [{ $: 'Mystery', v: {} }] })).toThrow(/unknown tag Mystery/);
    expect(() => decodePlain({ root: { $: 1 }, containers: [{ a: 1 }] })).toThrow(/reference to container 1/);
    expect(() => decodePlain({ root: { $: 'Decimal', v: '1' }, containers: [] })).toThrow(/not one of its containers/);
    expect(() => decodeCommissionState({ root: { position: 1 }, containers: [] })).toThrow(
      /Not a commission engine state/,
    );
  });
});
