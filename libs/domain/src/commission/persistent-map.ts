/**
 * An immutable string-keyed map with cheap updates: a hash array mapped trie whose nodes hold only
 * the children they have (a 32-bit bitmap says which), so `set` copies one short path instead of the
 * whole map, and a small map is a single small node. The commission engine's state must stay
 * immutable, so a projector can keep the state of its last committed batch and drop a failed one,
 * and a fold over millions of events must not copy every deal on every event.
 *
 * Iteration order follows the hash, not insertion: callers that need an order sort.
 */
const bitsPerLevel = 5;
const mask = (1 << bitsPerLevel) - 1;
/** Past 32 bits of hash, keys with equal hashes share one collision leaf. */
const shiftMax = 30;

interface Leaf<V> {
  readonly hash: number;
  readonly entries: readonly (readonly [string, V])[];
}

interface Branch<V> {
  readonly bitmap: number;
  readonly children: readonly TrieNode<V>[];
}

type TrieNode<V> = Leaf<V> | Branch<V>;

function isLeaf<V>(node: TrieNode<V>): node is Leaf<V> {
  return 'entries' in node;
}

/** FNV-1a over UTF-16 code units: stable across runs and platforms, which is all a trie needs. */
function hashOf(key: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    value ^= key.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function fragment(hash: number, shift: number): number {
  return (hash >>> shift) & mask;
}

/** A branch holding two leaves whose hashes first differ at or below `shift`. */
function merge<V>(left: Leaf<V>, right: Leaf<V>, shift: number): TrieNode<V> {
  if (shift > shiftMax) return { hash: left.hash, entries: [...left.entries, ...right.entries] };
  const leftFragment = fragment(left.hash, shift);
  const rightFragment = fragment(right.hash, shift);
  if (leftFragment === rightFragment) return { bitmap: 1 << leftFragment, children: [merge(left, right, shift + bitsPerLevel)] };
  return {
    bitmap: (1 << leftFragment) | (1 << rightFragment),
    children: leftFragment < rightFragment ? [left, right] : [right, left],
  };
}

export class PersistentMap<V> {
  private static readonly emptyMap = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: TrieNode<V> | undefined,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.emptyMap;
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    const hash = hashOf(key);
    let node = this.root;
    let shift = 0;
    while (node) {
      if (isLeaf(node)) {
        if (node.hash !== hash) return undefined;
        for (const entry of node.entries) if (entry[0] === key) return entry[1];
        return undefined;
      }
      const bit = 1 << fragment(hash, shift);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))];
      shift += bitsPerLevel;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    let added = false;
    const insert = (node: TrieNode<V> | undefined, shift: number): TrieNode<V> => {
      if (!node) {
        added = true;
        return { hash, entries: [[key, value]] };
      }
      if (isLeaf(node)) {
        if (node.hash === hash) {
          const index = node.entries.findIndex((entry) => entry[0] === key);
          if (index === -1) {
            added = true;
            return { hash, entries: [...node.entries, [key, value]] };
          }
          const entries = node.entries.slice();
          entries[index] = [key, value];
          return { hash, entries };
        }
        added = true;
        return merge(node, { hash, entries: [[key, value]] }, shift);
      }
      const bit = 1 << fragment(hash, shift);
      const index = popcount(node.bitmap & (bit - 1));
      const children = node.children.slice();
      if ((node.bitmap & bit) === 0) {
        added = true;
        children.splice(index, 0, { hash, entries: [[key, value]] });
        return { bitmap: node.bitmap | bit, children };
      }
      children[index] = insert(node.children[index], shift + bitsPerLevel);
      return { bitmap: node.bitmap, children };
    };
    const root = insert(this.root, 0);
    return new PersistentMap(root, this.size + (added ? 1 : 0));
  }

  /** The map without `key`: only the path to it is copied; a leaf or branch left empty goes too. */
  delete(key: string): PersistentMap<V> {
    const hash = hashOf(key);
    let removed = false;
    const remove = (node: TrieNode<V>, shift: number): TrieNode<V> | undefined => {
      if (isLeaf(node)) {
        if (node.hash !== hash) return node;
        const entries = node.entries.filter((entry) => entry[0] !== key);
        if (entries.length === node.entries.length) return node;
        removed = true;
        return entries.length === 0 ? undefined : { hash, entries };
      }
      const bit = 1 << fragment(hash, shift);
      if ((node.bitmap & bit) === 0) return node;
      const index = popcount(node.bitmap & (bit - 1));
      const child = node.children[index]!;
      const replaced = remove(child, shift + bitsPerLevel);
      if (replaced === child) return node;
      const children = node.children.slice();
      if (replaced !== undefined) {
        children[index] = replaced;
        return { bitmap: node.bitmap, children };
      }
      children.splice(index, 1);
      return children.length === 0 ? undefined : { bitmap: node.bitmap & ~bit, children };
    };
    if (!this.root) return this;
    const root = remove(this.root, 0);
    return removed ? new PersistentMap(root, this.size - 1) : this;
  }

  /** Returns the map with `key` set to `change(current)`; `current` is undefined for a new key. */
  update(key: string, change: (current: V | undefined) => V): PersistentMap<V> {
    return this.set(key, change(this.get(key)));
  }

  *entries(): IterableIterator<readonly [string, V]> {
    function* walk(node: TrieNode<V> | undefined): IterableIterator<readonly [string, V]> {
      if (!node) return;
      if (isLeaf(node)) {
        yield* node.entries;
        return;
      }
      for (const child of node.children) yield* walk(child);
    }
    yield* walk(this.root);
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
}
