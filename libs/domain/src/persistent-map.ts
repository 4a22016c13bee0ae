/**
 * An immutable string-keyed map with cheap updates: a compressed hash array mapped prefix tree (CHAMP). `set`
 * copies one short path instead of the whole map, and a small map is a single small node. The commission
 * engine's state must stay immutable, so a projector can keep the state of its last committed batch and drop
 * a failed one, and a fold over millions of events must not copy every deal on every event.
 *
 * A node holds its entries inline, as key and value side by side in its one array, and its child nodes after
 * them; two bitmaps say which of the 32 slots of its level hold an entry and which a child. No object per
 * entry and no stored hash: at a million events that was a fifth of the engine's state (docs/benchmarks.md,
 * "The engine's maps without an object per entry"). A hash is computed again when an entry moves down a level.
 *
 * Iteration order follows the hash, not insertion: callers that need an order sort.
 */
const bitsPerLevel = 5;
const mask = (1 << bitsPerLevel) - 1;
/** Past 32 bits of hash, keys with equal hashes share one collision node. */
const shiftMax = 30;

/**
 * `content`: for each bit of `dataMap` in ascending order a key and its value, then for each bit of `nodeMap`
 * in ascending order a child node. Plain data throughout, so a snapshot carries it as it is (plain-codec.ts).
 */
interface Branch {
  readonly dataMap: number;
  readonly nodeMap: number;
  readonly content: readonly unknown[];
}

/** Keys whose 32-bit hashes are all equal: key, value, key, value... (never fewer than two keys). */
interface Collision {
  readonly hash: number;
  readonly pairs: readonly unknown[];
}

type TrieNode = Branch | Collision;

/** Every branch made by one literal, so all share one shape. */
function branch(dataMap: number, nodeMap: number, content: readonly unknown[]): Branch {
  return { dataMap, nodeMap, content };
}

function isCollision(node: TrieNode): node is Collision {
  return (node as Collision).pairs !== undefined;
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

function bitOf(hash: number, shift: number): number {
  return 1 << ((hash >>> shift) & mask);
}

/** Where the key of the entry at `bit` is in `content`. */
function dataIndex(node: Branch, bit: number): number {
  return 2 * popcount(node.dataMap & (bit - 1));
}

/** Where the child at `bit` is in `content`. */
function nodeIndex(node: Branch, bit: number): number {
  return 2 * popcount(node.dataMap) + popcount(node.nodeMap & (bit - 1));
}

/** A node holding two entries whose keys differ, their hashes first differing at or below `shift`. */
function paired(key: string, value: unknown, other: string, otherValue: unknown, shift: number): TrieNode {
  const hash = hashOf(key);
  const otherHash = hashOf(other);
  if (shift > shiftMax) return { hash, pairs: [key, value, other, otherValue] };
  const bit = bitOf(hash, shift);
  const otherBit = bitOf(otherHash, shift);
  if (bit === otherBit) {
    return branch(0, bit, [paired(key, value, other, otherValue, shift + bitsPerLevel)]);
  }
  // Ordered by slot, not by bit: the bit of slot 31 is negative.
  const inOrder = ((hash >>> shift) & mask) < ((otherHash >>> shift) & mask);
  const content = inOrder ? [key, value, other, otherValue] : [other, otherValue, key, value];
  return branch(bit | otherBit, 0, content);
}

/** The node with `key` set to `value` (added, or replacing its value); `added` says which. */
function inserted(
  node: TrieNode,
  key: string,
  hash: number,
  value: unknown,
  shift: number,
  added: { value: boolean },
): TrieNode {
  if (isCollision(node)) {
    const index = node.pairs.findIndex((item, at) => at % 2 === 0 && item === key);
    if (index !== -1) return { hash, pairs: node.pairs.with(index + 1, value) };
    added.value = true;
    return { hash, pairs: [...node.pairs, key, value] };
  }
  const bit = bitOf(hash, shift);
  if ((node.dataMap & bit) !== 0) {
    const index = dataIndex(node, bit);
    const existing = node.content[index] as string;
    if (existing === key) return branch(node.dataMap, node.nodeMap, node.content.with(index + 1, value));
    // Two keys in one slot: the entry there moves down, beside the new one, in a child of its own.
    added.value = true;
    const child = paired(existing, node.content[index + 1], key, value, shift + bitsPerLevel);
    const withoutEntry = node.content.toSpliced(index, 2);
    const at = nodeIndex(node, bit) - 2;
    return branch(node.dataMap ^ bit, node.nodeMap | bit, withoutEntry.toSpliced(at, 0, child));
  }
  if ((node.nodeMap & bit) !== 0) {
    const index = nodeIndex(node, bit);
    const child = inserted(node.content[index] as TrieNode, key, hash, value, shift + bitsPerLevel, added);
    return branch(node.dataMap, node.nodeMap, node.content.with(index, child));
  }
  added.value = true;
  const content = node.content.toSpliced(dataIndex(node, bit), 0, key, value);
  return branch(node.dataMap | bit, node.nodeMap, content);
}

/** The one entry of a node left with a single entry and no child, which its parent then holds inline. */
function soleEntry(node: TrieNode): readonly [unknown, unknown] | undefined {
  if (isCollision(node)) return node.pairs.length === 2 ? [node.pairs[0], node.pairs[1]] : undefined;
  return node.nodeMap === 0 && node.content.length === 2 ? [node.content[0], node.content[1]] : undefined;
}

/** The node without `key` (undefined when nothing is left of it), or the node itself when `key` is absent. */
function removed(node: TrieNode, key: string, hash: number, shift: number): TrieNode | undefined {
  if (isCollision(node)) {
    const index = node.pairs.findIndex((item, at) => at % 2 === 0 && item === key);
    return index === -1 ? node : { hash, pairs: node.pairs.toSpliced(index, 2) };
  }
  const bit = bitOf(hash, shift);
  if ((node.dataMap & bit) !== 0) {
    const index = dataIndex(node, bit);
    if (node.content[index] !== key) return node;
    if (node.content.length === 2) return undefined;
    return branch(node.dataMap ^ bit, node.nodeMap, node.content.toSpliced(index, 2));
  }
  if ((node.nodeMap & bit) === 0) return node;
  const index = nodeIndex(node, bit);
  const child = node.content[index] as TrieNode;
  const replaced = removed(child, key, hash, shift + bitsPerLevel);
  if (replaced === child) return node;
  const sole = replaced && soleEntry(replaced);
  if (replaced && !sole) return branch(node.dataMap, node.nodeMap, node.content.with(index, replaced));
  // A child left with one entry gives it back to this node, so every node keeps at least two entries.
  const withoutChild = node.content.toSpliced(index, 1);
  if (!sole) return branch(node.dataMap, node.nodeMap ^ bit, withoutChild);
  const content = withoutChild.toSpliced(dataIndex(node, bit), 0, sole[0], sole[1]);
  return branch(node.dataMap | bit, node.nodeMap ^ bit, content);
}

export class PersistentMap<V> {
  private static readonly emptyMap = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: TrieNode | undefined,
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
    for (let shift = 0; node !== undefined; shift += bitsPerLevel) {
      if (isCollision(node)) {
        const index = node.pairs.findIndex((item, at) => at % 2 === 0 && item === key);
        return index === -1 ? undefined : (node.pairs[index + 1] as V);
      }
      const bit = bitOf(hash, shift);
      if ((node.dataMap & bit) !== 0) {
        const index = dataIndex(node, bit);
        return node.content[index] === key ? (node.content[index + 1] as V) : undefined;
      }
      node = (node.nodeMap & bit) !== 0 ? (node.content[nodeIndex(node, bit)] as TrieNode) : undefined;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    if (this.root === undefined) return new PersistentMap(branch(bitOf(hashOf(key), 0), 0, [key, value]), 1);
    const added = { value: false };
    const root = inserted(this.root, key, hashOf(key), value, 0, added);
    return new PersistentMap(root, this.size + (added.value ? 1 : 0));
  }

  /** The map without `key`: only the path to it is copied; a node left with one entry goes up into its parent. */
  delete(key: string): PersistentMap<V> {
    if (this.root === undefined) return this;
    const root = removed(this.root, key, hashOf(key), 0);
    return root === this.root ? this : new PersistentMap(root, this.size - 1);
  }

  /** Returns the map with `key` set to `change(current)`; `current` is undefined for a new key. */
  update(key: string, change: (current: V | undefined) => V): PersistentMap<V> {
    return this.set(key, change(this.get(key)));
  }

  /** Every entry as a key and its value, depth first with an explicit stack (no generator per node). */
  *entries(): IterableIterator<readonly [string, V]> {
    if (this.root === undefined) return;
    const stack: TrieNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const items = isCollision(node) ? node.pairs : node.content;
      const pairsEnd = isCollision(node) ? items.length : 2 * popcount(node.dataMap);
      for (let index = items.length - 1; index >= pairsEnd; index -= 1) stack.push(items[index] as TrieNode);
      for (let index = 0; index < pairsEnd; index += 2) yield [items[index] as string, items[index + 1] as V];
    }
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
}
