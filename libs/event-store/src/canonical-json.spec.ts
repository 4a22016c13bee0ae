import { canonicalJson, deterministicUuid, deterministicUuids } from './canonical-json.js';

/** The definition stored command hashes were computed with: the fast path must give the same bytes. */
function canonicalByReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
      return Object.fromEntries(
        Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return nested;
  });
}

describe('canonicalJson', () => {
  const samples: Record<string, unknown> = {
    'a deal win': {
      type: 'WinDeal',
      data: {
        lines: [
          { sku: 'PLAT-12M', family: 'platform', amount: '12000.00', discount: '0.10' },
          { sku: 'SVC', family: 'services', amount: '3000.00', discount: undefined },
        ],
        fxRate: '1.0850',
        wonAt: '2026-12-02',
      },
    },
    'integer-like keys, which objects list first': { b: 1, 10: 'ten', 9: 'nine', a: { 2: [], 1: {}, z: null } },
    'keys sorted by code unit': { é: 1, Z: 2, a: 3, _: 4, 'a b': 5, '': 6, '"quoted"': 7 },
    'values JSON leaves out or turns to null': { f: () => 1, u: undefined, list: [undefined, () => 1, NaN, -0] },
    'toJSON, as for dates': { at: new Date(Date.UTC(2026, 0, 5)), custom: { toJSON: (key: string) => `k=${key}` } },
    'primitives at the top': 'text "with" \u2028 escapes',
    'deep nesting': { a: [[{ c: 1, b: [{ e: 2, d: 3 }] }]] },
    'an empty object and array': { empty: {}, none: [] },
  };

  it.each(Object.entries(samples))('writes %s exactly as the replacer definition did', (_name, value) => {
    expect(canonicalJson(value)).toBe(canonicalByReplacer(value));
  });

  it('gives equal payloads built in different key orders the same text', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});

describe('deterministicUuids', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("keeps a command's first event id as it always was, and gives every later event its own", () => {
    const ids = deterministicUuids(40, 'deal-d1', 'client:a:k1', 'f'.repeat(64));
    expect(ids[0]).toBe(deterministicUuid('deal-d1', 'client:a:k1', 'f'.repeat(64), '0'));
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id).toMatch(uuid);
  });

  it('derives the same ids from the same inputs and different ids from another key', () => {
    const ids = deterministicUuids(3, 'deal-d1', 'k1', 'hash');
    expect(deterministicUuids(3, 'deal-d1', 'k1', 'hash')).toEqual(ids);
    expect(deterministicUuids(3, 'deal-d1', 'k2', 'hash').filter((id) => ids.includes(id))).toEqual([]);
  });
});
