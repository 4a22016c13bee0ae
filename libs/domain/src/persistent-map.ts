/**
 * An immutable string-keyed map with cheap updates: a hash array mapped trie whose nodes hold only
 * the children they have (a 32-bit bitmap says which), so `set` copies one short path instead of the
 * whole map, and a small map is a single small node. The commission engine's state must stay
 * immutable, so a projector can keep the state of its last committed batch and drop a failed one,
 * and a fold over millions of events must not copy every deal on every event.
 *
 * A key is held by a leaf of its own (hash, key, value: one object per entry, which is most of what
 * the engine's state weighs), unless two keys share all 32 bits of hash (a collision list).
 *
 * Iteration order follows the hash, not insertion: callers that need an order sort.
 */
const bitsPerLevel = 5;
const mask = (1 << bitsPerLevel) - 1;
/** Past 32 bits of hash, keys with equal hashes share one collision leaf. */
const shiftMax = 30;

interface Leaf<V> {
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}

interface Collision<V> {
  readonly hash: number;
  readonly entries: readonly Leaf<V>[];
}

interface Branch<V> {
  readonly bitmap: number;
  readonly children: readonly TrieNode<V>[];
}

type TrieNode<V> = Leaf<V> | Collision<V> | Branch<V>;

function isBranch<V>(node: TrieNode<V>): node is Branch<V> {
  return (node as Branch<V>).children !== undefined;
}

function isCollision<V>(node: Leaf<V> | Collision<V>): node is Collision<V> {
  return (node as Collision<V>).entries !== undefined;
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
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function fragment(hash: number, shift: number): number {
  return (hash >>> shift) & mask;
}

function leavesOf<V>(node: Leaf<V> | Collision<V>): readonly Leaf<V>[] {
  return isCollision(node) ? node.entries : [node];
}

/** A branch holding two leaves (or collision lists) whose hashes first differ at or below `shift`. */
function merge<V>(left: Leaf<V> | Collision<V>, right: Leaf<V> | Collision<V>, shift: number): TrieNode<V> {
  if (shift > shiftMax) return { hash: left.hash, entries: [...leavesOf(left), ...leavesOf(right)] };
  const leftFragment = fragment(left.hash, shift);
  const rightFragment = fragment(right.hash, shift);
  if (leftFragment === rightFragment) {
    return { bitmap: 1 << leftFragment, children: [merge(left, right, shift + bitsPerLevel)] };
  }
  return {
    bitmap: (1 << leftFragment) | (1 << rightFragment),
    children: leftFragment < rightFragment ? [left, right] : [right, left],
  };
}

/** The node with `leaf` set in it (added or replacing the entry of its key), and whether it was added. */
function inserted<V>(
  node: TrieNode<V> | undefined,
  leaf: Leaf<V>,
  shift: number,
  added: { value: boolean },
): TrieNode<V> {
  if (node === undefined) {
    added.value = true;
    return leaf;
  }
  if (!isBranch(node)) {
    if (node.hash !== leaf.hash) {
      added.value = true;
      return merge(node, leaf, shift);
    }
    const entries = leavesOf(node);
    const index = entries.findIndex((entry) => entry.key === leaf.key);
    if (index === -1) {
      added.value = true;
      return { hash: leaf.hash, entries: [...entries, leaf] };
    }
    if (entries.length === 1) return leaf;
    const replaced = entries.slice();
    replaced[index] = leaf;
    return { hash: leaf.hash, entries: replaced };
  }
  const bit = 1 << fragment(leaf.hash, shift);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    added.value = true;
    // toSpliced allocates exactly one more slot; splice on a copy leaves room for 16 more in a node that
    // later states share (half the bytes of the branches' child arrays in the commission engine's state).
    return { bitmap: node.bitmap | bit, children: node.children.toSpliced(index, 0, leaf) };
  }
  const children = node.children.slice();
  children[index] = inserted(node.children[index], leaf, shift + bitsPerLevel, added);
  return { bitmap: node.bitmap, children };
}

/** The node without `key` (undefined when nothing is left of it), or the node itself when `key` is absent. */
function removed<V>(node: TrieNode<V>, key: string, hash: number, shift: number): TrieNode<V> | undefined {
  if (!isBranch(node)) {
    if (node.hash !== hash) return node;
    const entries = leavesOf(node);
    const rest = entries.filter((entry) => entry.key !== key);
    if (rest.length === entries.length) return node;
    if (rest.length === 0) return undefined;
    return rest.length === 1 ? rest[0] : { hash, entries: rest };
  }
  const bit = 1 << fragment(hash, shift);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const child = node.children[index]!;
  const replaced = removed(child, key, hash, shift + bitsPerLevel);
  if (replaced === child) return node;
  if (replaced !== undefined) {
    const children = node.children.slice();
    children[index] = replaced;
    return { bitmap: node.bitmap, children };
  }
  const children = node.children.toSpliced(index, 1);
  return children.length === 0 ? undefined : { bitmap: node.bitmap & ~bit, children };
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
    while (node !== undefined) {
      if (!isBranch(node)) {
        if (node.hash !== hash) return undefined;
        if (!isCollision(node)) return node.key === key ? node.value : undefined;
        for (const entry of node.entries) if (entry.key === key) return entry.value;
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
    const added = { value: false };
    const root = inserted(this.root, { hash: hashOf(key), key, value }, 0, added);
    return new PersistentMap(root, this.size + (added.value ? 1 : 0));
  }

  /** The map without `key`: only the path to it is copied; a leaf or branch left empty goes too. */
  delete(key: string): PersistentMap<V> {
    if (this.root === undefined) return this;
    const root = removed(this.root, key, hashOf(key), 0);
    return root === this.root ? this : new PersistentMap(root, this.size - 1);
  }

  /** Returns the map with `key` set to `change(current)`; `current` is undefined for a new key. */
  update(key: string, change: (current: V | undefined) => V): PersistentMap<V> {
    return this.set(key, change(this.get(key)));
  }

  /** Every leaf, depth first with an explicit stack (no generator per node). */
  private *leaves(): IterableIterator<Leaf<V>> {
    if (this.root === undefined) return;
    const stack: TrieNode<V>[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isBranch(node)) {
        for (let index = node.children.length - 1; index >= 0; index -= 1) stack.push(node.children[index]!);
      } else if (isCollision(node)) {
        yield* node.entries;
      } else {
        yield node;
      }
    }
  }

  *entries(): IterableIterator<readonly [string, V]> {
    for (const leaf of this.leaves()) yield [leaf.key, leaf.value];
  }

  *values(): IterableIterator<V> {
    for (const leaf of this.leaves()) yield leaf.value;
  }

  *keys(): IterableIterator<string> {
    for (const leaf of this.leaves()) yield leaf.key;
  }
}
