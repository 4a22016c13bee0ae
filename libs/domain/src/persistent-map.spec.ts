import fc from 'fast-check';
import { PersistentMap } from './persistent-map.js';

describe('PersistentMap', () => {
  it('behaves like a Map, and every earlier version stays as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer())), (writes) => {
        let map = PersistentMap.empty<number>();
        const model = new Map<string, number>();
        const versions: { map: PersistentMap<number>; model: Map<string, number> }[] = [];
        for (const [key, value] of writes) {
          versions.push({ map, model: new Map(model) });
          map = map.set(key, value);
          model.set(key, value);
        }
        versions.push({ map, model });
        for (const version of versions) {
          expect(version.map.size).toBe(version.model.size);
          for (const [key, value] of version.model) expect(version.map.get(key)).toBe(value);
          expect(new Map(version.map.entries())).toEqual(version.model);
        }
        expect(map.get('absent key that is long')).toBeUndefined();
      }),
    );
  });

  it('keeps keys apart when there are many of them', () => {
    let map = PersistentMap.empty<number>();
    for (let index = 0; index < 20_000; index += 1) map = map.set(`deal-${index}`, index);
    expect(map.size).toBe(20_000);
    for (let index = 0; index < 20_000; index += 997) expect(map.get(`deal-${index}`)).toBe(index);
    expect([...map.keys()]).toHaveLength(20_000);
  });

  it('deletes like a Map, leaving earlier versions as they were', () => {
    const operation = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.string({ maxLength: 3 }), fc.integer()),
      fc.tuple(fc.constant('delete' as const), fc.string({ maxLength: 3 }), fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        let map = PersistentMap.empty<number>();
        const model = new Map<string, number>();
        const versions: { map: PersistentMap<number>; model: Map<string, number> }[] = [];
        for (const [kind, key, value] of operations) {
          versions.push({ map, model: new Map(model) });
          if (kind === 'set') {
            map = map.set(key, value);
            model.set(key, value);
          } else {
            map = map.delete(key);
            model.delete(key);
          }
        }
        versions.push({ map, model });
        for (const version of versions) {
          expect(version.map.size).toBe(version.model.size);
          expect(new Map(version.map.entries())).toEqual(version.model);
          for (const key of version.model.keys()) expect(version.map.has(key)).toBe(true);
        }
      }),
    );
  });

  it('forgets many keys and keeps the rest', () => {
    let map = PersistentMap.empty<number>();
    for (let index = 0; index < 5_000; index += 1) map = map.set(`deal-${index}`, index);
    for (let index = 0; index < 5_000; index += 2) map = map.delete(`deal-${index}`);
    expect(map.size).toBe(2_500);
    expect(map.get('deal-2')).toBeUndefined();
    expect(map.get('deal-3')).toBe(3);
    expect([...map.keys()]).toHaveLength(2_500);
  });

  it('keeps keys whose 32-bit hashes are equal apart, and lets one go without the other', () => {
    // Pairs of keys with equal FNV-1a hashes, found by a search over `deal-<n>`.
    const colliding = [
      ['deal-309876', 'deal-1122490'],
      ['deal-309877', 'deal-1122491'],
    ] as const;
    let map = PersistentMap.from([...colliding.flat(), 'deal-1', 'deal-2'].map((key, index) => [key, index] as const));
    const before = map;
    map = map.set('deal-1122490', 10).delete('deal-309877');
    expect(new Map(map.entries())).toEqual(
      new Map([
        ['deal-309876', 0],
        ['deal-1122490', 10],
        ['deal-1122491', 3],
        ['deal-1', 4],
        ['deal-2', 5],
      ]),
    );
    map = map.delete('deal-309876').delete('deal-1122491');
    expect([...map.keys()].sort()).toEqual(['deal-1', 'deal-1122490', 'deal-2']);
    expect(map.get('deal-309876')).toBeUndefined();
    expect(map.get('deal-1122490')).toBe(10);
    expect(map.delete('deal-1122490').delete('deal-1').delete('deal-2').size).toBe(0);
    expect(before.get('deal-309877')).toBe(2);
    expect(before.size).toBe(6);
  });
});
