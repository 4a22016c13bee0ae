/**
 * An immutable string-keyed map with cheap updates (a fixed-depth hash trie): `set` copies one path
 * of four small nodes instead of the whole map. The commission engine's state must stay immutable,
 * so a projector can keep the state of its last committed batch and drop a failed one, and a fold
 * over millions of events must not copy every deal on every event.
 *
 * Iteration order follows the hash, not insertion: callers that need an order sort.
 */
const bitsPerLevel = 5;
const width = 1 << bitsPerLevel;
const depth = 4;

type Entry<V> = readonly [string, V];
type Branch<V> = readonly (Node<V> | undefined)[];
type Node<V> = Branch<V> | readonly Entry<V>[];

/** FNV-1a over UTF-16 code units: stable across runs and platforms, which is all a trie needs. */
function hash(key: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    value ^= key.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function slot(keyHash: number, level: number): number {
  return (keyHash >>> (level * bitsPerLevel)) & (width - 1);
}

export class PersistentMap<V> {
  private static readonly emptyMap = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: Branch<V> | undefined,
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
    const keyHash = hash(key);
    let node: Node<V> | undefined = this.root;
    for (let level = 0; level < depth && node; level += 1) node = (node as Branch<V>)[slot(keyHash, level)];
    const bucket = node as readonly Entry<V>[] | undefined;
    return bucket?.find((entry) => entry[0] === key)?.[1];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const keyHash = hash(key);
    let added = false;
    const update = (node: Node<V> | undefined, level: number): Node<V> => {
      if (level === depth) {
        const bucket = (node as readonly Entry<V>[] | undefined) ?? [];
        const index = bucket.findIndex((entry) => entry[0] === key);
        if (index === -1) {
          added = true;
          return [...bucket, [key, value]];
        }
        const copy = bucket.slice();
        copy[index] = [key, value];
        return copy;
      }
      const branch = (node as Branch<V> | undefined) ?? new Array<Node<V> | undefined>(width).fill(undefined);
      const copy = branch.slice();
      const index = slot(keyHash, level);
      copy[index] = update(branch[index], level + 1);
      return copy;
    };
    const root = update(this.root, 0) as Branch<V>;
    return new PersistentMap(root, this.size + (added ? 1 : 0));
  }

  /** Returns the map with `key` set to `change(current)`; `current` is undefined for a new key. */
  update(key: string, change: (current: V | undefined) => V): PersistentMap<V> {
    return this.set(key, change(this.get(key)));
  }

  *entries(): IterableIterator<Entry<V>> {
    function* walk(node: Node<V> | undefined, level: number): IterableIterator<Entry<V>> {
      if (!node) return;
      if (level === depth) {
        yield* node as readonly Entry<V>[];
        return;
      }
      for (const child of node as Branch<V>) yield* walk(child, level + 1);
    }
    yield* walk(this.root, 0);
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
}
