import fc from 'fast-check';
import { PersistentMap } from './persistent-map.js';

describe('PersistentMap', () => {
  it('behaves like a Map, and every earlier version stays as it was', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer())), (writes) => {
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
    }));
  });

  it('keeps keys apart when there are many of them', () => {
    let map = PersistentMap.empty<number>();
    for (let index = 0; index < 20_000; index += 1) map = map.set(`deal-${index}`, index);
    expect(map.size).toBe(20_000);
    for (let index = 0; index < 20_000; index += 997) expect(map.get(`deal-${index}`)).toBe(index);
    expect([...map.keys()]).toHaveLength(20_000);
  });
});
