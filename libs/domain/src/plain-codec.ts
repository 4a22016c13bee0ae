import { Decimal } from './money.js';
import { PersistentMap } from './persistent-map.js';

/**
 * Turns an immutable value of the domain (the commission engine's state) into a plain structure and
 * back: only arrays, plain objects, strings, numbers, bigints, booleans, null and undefined, so a
 * structured serializer (v8.serialize, structuredClone) can carry it. The walk is generic: a field added to the state
 * is carried without a change here, as long as it is made of plain data, Decimal, Map, Set, bigint or
 * one of `recordClasses`. Anything else (a function, a symbol, an unknown class) is refused at encode,
 * never silently dropped.
 *
 * The structure is a list of containers (`PlainStructure`) that refer to one another by their index in it
 * (`{ $: index }`), never by the objects themselves: each container can be serialized alone, so a snapshot is
 * written in independent pieces and no serializer remembers every object it wrote (at 1M events one serializer's
 * memory of them was 208 MB). An object reached twice is encoded once and referred to twice, and decoding restores
 * the sharing. What is plain throughout (arrays and plain objects down to their leaves) and small is not copied:
 * a container holds the value's own objects, serialized with it.
 *
 * A special value is an object `{ $: tag, v: body }`; a plain object that has a `$` key of its own is
 * escaped the same way (tag 'Object'), so no plain data is ever mistaken for a special value or a reference.
 */
const tagKey = '$';

/**
 * Classes whose instances are described entirely by their own fields (no constructor work to redo):
 * decoded by giving the fields back to an object of the class's prototype.
 */
const recordClasses: ReadonlyMap<string, object> = new Map<string, object>([
  ['PersistentMap', PersistentMap.prototype as object],
]);

const recordTags: ReadonlyMap<object, string> = new Map([...recordClasses].map(([tag, prototype]) => [prototype, tag]));

type Tagged = { readonly [tagKey]: string; readonly v: unknown };

/** A container of the structure, by its index in `PlainStructure.containers`. */
type Reference = { readonly [tagKey]: number };

/**
 * What the encode makes: its containers in the order it made them (the fields of a record or escaped object after
 * the special value they belong to) and the root, a reference, a leaf, or a value carried as it is.
 */
export interface PlainStructure {
  readonly root: unknown;
  readonly containers: readonly object[];
}

/** A state holding what a snapshot cannot carry is a bug of the code that built it, never of a client. */
function unencodable(what: string): Error {
  return new Error(`A plain structure cannot hold ${what}`);
}

/** Its reader ignores a snapshot that does not decode (and says why); nothing reaches a client. */
function unreadable(reason: string): Error {
  return new Error(`Not a plain structure this version can read: ${reason}`);
}

type Slot = Record<string | number, unknown>;

/** Runs once the items of a Map or Set are decoded, so it is filled in the order they were written. */
type Finish = () => void;

/**
 * The explicit stack both walks run on: a value and the slot its result goes to (a container and a key),
 * or, decoding, a step to run once what was pushed after it is done.
 */
abstract class ResumableWalk {
  protected readonly values: unknown[] = [];
  protected readonly targets: (Slot | Finish)[] = [];
  protected readonly keys: (string | number)[] = [];
  /** The reference to what each object reached so far became: an object reached twice is walked once. */
  protected readonly seen = new Map<object, Reference>();
  private readonly holder: Slot = { root: undefined };

  constructor(value: unknown) {
    this.push(value, this.holder, 'root');
  }

  /** The walk's output; complete once `step` returned true. */
  get result(): unknown {
    return this.holder.root;
  }

  protected push(value: unknown, target: Slot | Finish, key: string | number): void {
    this.values.push(value);
    this.targets.push(target);
    this.keys.push(key);
  }

  /** Each of `items` into `out` later, in ascending order (the stack pops the lowest first): `out` stays packed. */
  protected pushItems(out: unknown[], items: readonly unknown[]): void {
    const slot = out as unknown as Slot;
    for (let index = items.length - 1; index >= 0; index -= 1) this.push(items[index], slot, index);
  }
}

/** Phase 1's verdicts (PlainEncoding.sizes): a positive size is an object carried as it is, with that many objects. */
const entered = -1;
const copied = 0;
/**
 * The most objects carried as one piece (counting a shared one each time it is reached). A larger plain subtree
 * (a trie's upper nodes) is copied around its pieces, so that a snapshot's groups stay small: each is written and
 * read in one go, and a load on the API's thread reads one group per slice.
 */
const carriedObjectsMax = 32;

/**
 * The encode as a resumable walk over explicit stacks (no recursion), so a caller can run it a few
 * thousand objects at a time (`step`) and give its event loop a turn in between: the value is immutable,
 * so encoding it across turns sees one state. Two phases:
 *   1. Each object is classified, children first: plain throughout (arrays and plain objects down to its
 *      leaves, no `$` key) and small, or holding a special value somewhere (or large).
 *   2. The encode proper copies only what holds a special value (or is large); the rest is carried as it is
 *      (the serializer writes it as it would write a copy, and the decode has nothing to do in it). At 1M events
 *      most of the state (line and deal records, the tries' nodes under them) is plain throughout, and its copy
 *      doubled a snapshot worker's heap while a snapshot was encoded.
 * Every output container exists (in the source's key order) before its children are encoded into it.
 */
export class PlainEncoding extends ResumableWalk {
  /** Every container the encode made, in that order; not what it carried. */
  readonly containers: object[] = [];
  /** Phase 1: each object reached, entered, to be copied, or carried (its size). */
  private readonly sizes = new Map<object, number>();
  /** Phase 1's stack: an object is entered (its children pushed above it), then classified once on top again. */
  private readonly unclassified: object[] = [];

  constructor(value: unknown) {
    super(value);
    if (typeof value === 'object' && value !== null) this.unclassified.push(value);
  }

  /** The encoded structure; complete once `step` returned true. */
  get structure(): PlainStructure {
    return { root: this.result, containers: this.containers };
  }

  /** Classifies, then encodes, up to `objectsMax` more objects or values; true when the whole value is encoded. */
  step(objectsMax: number): boolean {
    for (let done = this.classify(objectsMax); done < objectsMax && this.values.length > 0; done += 1) {
      const target = this.targets.pop() as Slot;
      target[this.keys.pop()!] = this.encode(this.values.pop());
    }
    if (this.unclassified.length > 0 || this.values.length > 0) return false;
    // Needed only while encoding: at 1M events these maps alone are tens of MB, and the serializer that follows
    // needs as much again.
    this.seen.clear();
    this.sizes.clear();
    return true;
  }

  /** Phase 1 for up to `objectsMax` steps; returns the steps it took. */
  private classify(objectsMax: number): number {
    let done = 0;
    for (; done < objectsMax && this.unclassified.length > 0; done += 1) {
      const value = this.unclassified.at(-1)!;
      const size = this.sizes.get(value);
      if (size === undefined) {
        this.sizes.set(value, entered);
        for (const item of itemsOf(value)) if (isObject(item) && !this.sizes.has(item)) this.unclassified.push(item);
        continue;
      }
      this.unclassified.pop();
      // Pushed twice before it was classified; or a cycle (a child still entered), which phase 2's copies keep.
      if (size === entered) this.sizes.set(value, this.carriedSize(value));
    }
    return done;
  }

  /** How many objects `value` is carried as, its items classified; `copied` when it holds a special value or more. */
  private carriedSize(value: object): number {
    if (!isPlainContainer(value)) return copied;
    let size = 1;
    for (const item of itemsOf(value)) {
      if (!isObject(item)) {
        if (typeof item === 'function' || typeof item === 'symbol') return copied;
        continue;
      }
      const itemSize = this.sizes.get(item)!;
      if (itemSize <= copied) return copied;
      size += itemSize;
      if (size > carriedObjectsMax) return copied;
    }
    return size;
  }

  private encode(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        // As it is: v8.serialize and structuredClone carry it, and a wrapper per figure was a sixth of a
        // snapshot's objects.
        return value;
      case 'object':
        if (value === null) return null;
        if (this.sizes.get(value)! > copied) return value;
        return this.seen.get(value) ?? this.encodeObject(value);
      default:
        throw unencodable(`a ${typeof value}`);
    }
  }

  private encodeObject(value: object): Reference {
    if (Array.isArray(value)) return this.container(value, [], value as unknown[]);
    if (value instanceof Decimal) return this.made(value, { [tagKey]: 'Decimal', v: value.toString() });
    if (value instanceof Map) {
      const pairs = [...value].map((pair) => this.container(pair, [undefined, undefined], pair));
      return this.made(value, { [tagKey]: 'Map', v: this.made(pairs, pairs) });
    }
    if (value instanceof Set) return this.tagged(value, 'Set', [...value]);
    const prototype = Object.getPrototypeOf(value) as object | null;
    const recordTag = prototype && recordTags.get(prototype);
    if (recordTag) return this.tagged(value, recordTag, this.fieldsOf(value));
    // A plain object made in another realm (a decoded snapshot's, under a test runner's vm) is plain too.
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
      throw unencodable(`an instance of ${(value.constructor as { name?: string } | undefined)?.name ?? 'a class'}`);
    }
    if (Object.hasOwn(value, tagKey)) return this.tagged(value, 'Object', this.fieldsOf(value));
    return this.fields(value, value);
  }

  /** `out` listed as the container that `source` became, and the reference to it. */
  private made(source: object, out: object): Reference {
    const reference = { [tagKey]: this.containers.length };
    this.seen.set(source, reference);
    this.containers.push(out);
    return reference;
  }

  /**
   * An output array whose items are encoded later from `items`: in ascending order (the stack pops the
   * lowest index first), so the array stays packed.
   */
  private container(source: object, out: unknown[], items: readonly unknown[]): Reference {
    const reference = this.made(source, out);
    this.pushItems(out, items);
    return reference;
  }

  /** An output object with the source's keys, in its order, whose values are encoded later. */
  private fields(source: object, fields: object): Reference {
    const out: Slot = {};
    const reference = this.made(source, out);
    const keys = Object.keys(fields);
    for (const key of keys) out[key] = undefined;
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      this.push((fields as Slot)[keys[index]!], out, keys[index]!);
    }
    return reference;
  }

  private fieldsOf(value: object): Slot {
    const copy: Slot = {};
    for (const key of Object.keys(value)) copy[key] = (value as Slot)[key];
    return copy;
  }

  private tagged(value: object, tag: string, body: object): Reference {
    const out: Slot = { [tagKey]: tag, v: undefined };
    const reference = this.made(value, out);
    out.v = Array.isArray(body) ? this.container(body, [], body as unknown[]) : this.fields(body, body);
    return reference;
  }
}

/**
 * The decode, given every container of the plain structure once, in order (`PlainStructure.containers`, in
 * groups: every group but the last as long as the first, so a reference finds its container without a map), in
 * three passes a caller can run a few thousand containers at a time (`step`), giving its event loop a turn in
 * between. It decodes in place: the structure's arrays and plain objects become the state's; only a reference or a
 * special value is replaced, in each container that holds it, by what it stands for (kept on the special value while
 * decoding). No map from each object to what it became and no stack: a large state's decode allocates little
 * beyond its Maps and records, and nothing grows with the state (a map of millions of objects held the API's
 * thread for hundreds of milliseconds each time it grew).
 *   1. Each special value gets what it stands for (a Decimal as it is, an empty Map, Set or record), and
 *      the fields of a record or escaped object (made after it) are marked as its body, not a value.
 *   2. Each array and plain object has its references and special values replaced.
 *   3. Each Map, Set and record is filled from its body, decoded by then, in its order.
 */
export class PlainDecoding {
  private pass = 1;
  /** Where the pass stands. */
  private group = 0;
  private item = 0;
  private readonly groupSize: number;

  constructor(
    private readonly root: unknown,
    private readonly containers: readonly (readonly object[])[],
  ) {
    this.groupSize = containers[0]?.length ?? 0;
  }

  /** The decoded value; complete once `step` returned true. */
  get result(): unknown {
    return this.valueOf(this.root);
  }

  /** Decodes up to `objectsMax` more containers; true when the whole structure is decoded. */
  step(objectsMax: number): boolean {
    for (let done = 0; done < objectsMax && this.pass <= 3; done += 1) {
      const container = this.next();
      if (container !== undefined) this.visit(container as Slot);
    }
    return this.pass > 3;
  }

  /** The pass's next container, moving the cursor; undefined at the end of a pass (the next one starts). */
  private next(): object | undefined {
    const group = this.containers[this.group];
    if (group === undefined) {
      this.pass += 1;
      this.group = 0;
      this.item = 0;
      return undefined;
    }
    const container = group[this.item];
    this.item += 1;
    if (this.item >= group.length) {
      this.group += 1;
      this.item = 0;
    }
    return container;
  }

  private visit(container: Slot): void {
    const special = isSpecial(container);
    if (this.pass === 1 && special) {
      container[resultKey] = created(container);
      const body = isReference(container.v) ? this.containerAt(container.v[tagKey]) : container.v;
      (container as Slot).v = body;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) (body as SpecialSlot)[bodyMark] = true;
    } else if (this.pass === 2 && !special) this.replaceSpecials(container);
    else if (this.pass === 3 && special) fillCreated(container);
  }

  private replaceSpecials(container: Slot): void {
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index += 1) {
        const item: unknown = container[index];
        if (isSpecial(item)) container[index] = this.valueOf(item);
      }
      return;
    }
    for (const key in container) {
      const value = container[key];
      if (isSpecial(value)) container[key] = this.valueOf(value);
    }
  }

  /** What a reference or a special value stands for; any other value as it is. */
  private valueOf(value: unknown): unknown {
    if (!isSpecial(value)) return value;
    if (!isReference(value)) return resultOf(value);
    const target = this.containerAt(value[tagKey]);
    return isSpecial(target) ? resultOf(target) : target;
  }

  private containerAt(index: number): object {
    const container = this.containers[Math.floor(index / this.groupSize)]?.[index % this.groupSize];
    if (container === undefined) throw unreadable(`a reference to container ${index}, which it does not hold`);
    return container;
  }
}

/**
 * Makes the equal strings of a decoded value one string each: every string it holds (a field, an array item, a Map's
 * key or value, a Set item) is replaced by the first equal one the walk met. A deserializer makes a new string for
 * every occurrence, where the fold that built the value shared them (dates, currencies, ids, each line's id in the
 * line and in its map): the commission engine's state at 1M events took 206 MB of heap decoded and 147 MB shared.
 * Two equal strings cannot be told apart, so the value means the same before, during and after: it may be read,
 * and folded on, while the walk runs a step at a time. An object reached twice is walked twice (the state is a
 * tree but for a few shared records); Decimals hold no string.
 */
export class StringSharing {
  private readonly pending: object[] = [];
  /** The first string met of each text; dropped when the walk ends. */
  private readonly first = new Map<string, string>();
  /** How many strings were replaced by an equal one met before. */
  replaced = 0;

  constructor(value: unknown) {
    this.follow(value);
  }

  /** Walks up to `objectsMax` more objects; true when the whole value is walked. */
  step(objectsMax: number): boolean {
    for (let done = 0; done < objectsMax && this.pending.length > 0; done += 1) this.visit(this.pending.pop()!);
    if (this.pending.length > 0) return false;
    this.first.clear();
    return true;
  }

  private visit(value: object): void {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index];
        if (typeof item === 'string') value[index] = this.shared(item);
        else this.follow(item);
      }
    } else if (value instanceof Map) {
      // String keys are replaced by setting every entry again, in the Map's order (the state's Maps are small).
      const entries = [...(value as Map<unknown, unknown>)];
      value.clear();
      for (const [key, item] of entries) value.set(this.item(key), this.item(item));
    } else if (value instanceof Set) {
      const items = [...(value as Set<unknown>)];
      value.clear();
      for (const item of items) value.add(this.item(item));
    } else {
      for (const key in value) {
        const item = (value as Slot)[key];
        if (typeof item === 'string') (value as Slot)[key] = this.shared(item);
        else this.follow(item);
      }
    }
  }

  /** A Map's or Set's item as it goes back in: a string shared, an object to walk. */
  private item(item: unknown): unknown {
    if (typeof item === 'string') return this.shared(item);
    this.follow(item);
    return item;
  }

  private follow(item: unknown): void {
    if (isObject(item) && !(item instanceof Decimal)) this.pending.push(item);
  }

  private shared(text: string): string {
    const first = this.first.get(text);
    if (first === undefined) {
      this.first.set(text, text);
      return text;
    }
    this.replaced += 1;
    return first;
  }
}

/** What a value holds directly: array items, Map keys and values, Set items, own field values. */
function itemsOf(value: object): readonly unknown[] {
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  if (value instanceof Set) return [...value];
  if (Array.isArray(value)) return value;
  return value instanceof Decimal ? [] : Object.values(value);
}

const isObject = (item: unknown): item is object => typeof item === 'object' && item !== null;

/** An array, or a plain object without a `$` key of its own: the encode would copy it as it is. */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as object | null;
  const plain = prototype === null || Object.getPrototypeOf(prototype) === null;
  return plain && !recordTags.has(prototype as object) && !Object.hasOwn(value, tagKey);
}

/** Where a special value keeps what it stands for while decoding (the special value is dropped after). */
const resultKey = Symbol('decoded');
/** Marks the fields of a record or escaped object, which may have a `$` of their own: data, not a special value. */
const bodyMark = Symbol('body');

type SpecialSlot = Tagged & { [resultKey]?: unknown; [bodyMark]?: true };

const isReference = (value: unknown): value is Reference =>
  typeof value === 'object' && value !== null && typeof (value as Partial<Reference>)[tagKey] === 'number';

function isSpecial(value: unknown): value is SpecialSlot {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, tagKey) &&
    (value as SpecialSlot)[bodyMark] !== true
  );
}

/** What a special value stands for: final for a Decimal, empty (filled in pass 3) for the others. */
function created(value: Tagged): unknown {
  const { [tagKey]: tag, v: body } = value;
  switch (tag) {
    case 'Decimal':
      return new Decimal(String(body));
    case 'Map':
      return new Map<unknown, unknown>();
    case 'Set':
      return new Set<unknown>();
    case 'Object':
      return {};
  }
  const prototype = recordClasses.get(tag);
  if (!prototype) throw unreadable(`unknown tag ${tag}`);
  return Object.create(prototype) as object;
}

/** What pass 1 made of a special value (every one is a container of the structure). */
function resultOf(value: SpecialSlot): unknown {
  const result = value[resultKey];
  if (result === undefined) throw unreadable('a special value that is not one of its containers');
  return result;
}

function fillCreated(value: SpecialSlot): void {
  const { [tagKey]: tag, v: body } = value;
  const out = resultOf(value);
  if (tag === 'Decimal') return;
  if (tag === 'Map' || tag === 'Set') {
    if (!Array.isArray(body)) throw unreadable(`a ${tag} without entries`);
    if (tag === 'Set') for (const item of body) (out as Set<unknown>).add(item);
    else {
      for (const pair of body) {
        if (!Array.isArray(pair)) throw unreadable('a Map entry that is not a pair');
        (out as Map<unknown, unknown>).set(pair[0], pair[1]);
      }
    }
    return;
  }
  if (typeof body !== 'object' || body === null) throw unreadable('a record without fields');
  const slot = out as Slot;
  for (const key of Object.keys(body)) slot[key] = (body as Slot)[key];
}

/** A plain structure carrying `value`: see the module comment for what it may hold. */
export function encodePlain(value: unknown): PlainStructure {
  const encoding = new PlainEncoding(value);
  encoding.step(Number.POSITIVE_INFINITY);
  return encoding.structure;
}

/** The value `encodePlain` was given, rebuilt from its plain structure (throws when it is not one). */
export function decodePlain<T>(plain: PlainStructure): T {
  const decoding = new PlainDecoding(plain.root, [plain.containers]);
  decoding.step(Number.POSITIVE_INFINITY);
  return decoding.result as T;
}
