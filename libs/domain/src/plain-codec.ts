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
 * An object reached twice (a line id listed in two maps, a rule set shared by several parts of a state) is
 * encoded once and referenced twice, and decoding restores the sharing, so a serializer that keeps
 * references (v8.serialize does) neither writes nor rebuilds it twice.
 *
 * A special value is an object `{ $: tag, v: body }`; a plain object that has a `$` key of its own is
 * escaped the same way (tag 'Object'), so no plain data is ever mistaken for a special value.
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
  /** What each object reached so far became: an object reached twice is walked once. */
  protected readonly seen = new Map<object, unknown>();
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

/**
 * The encode as a resumable walk over an explicit stack (no recursion), so a caller can run it a few
 * thousand objects at a time (`step`) and give its event loop a turn in between: the value is immutable,
 * so encoding it across turns sees one state. Every output container exists (in the source's key
 * order) before its children are encoded into it.
 */
export class PlainEncoding extends ResumableWalk {
  /** Every container of the result, in the order it was made (parents before their children). */
  readonly containers: object[] = [];

  /** Encodes up to `objectsMax` more values; true when the whole value is encoded. */
  step(objectsMax: number): boolean {
    for (let done = 0; done < objectsMax && this.values.length > 0; done += 1) {
      const target = this.targets.pop() as Slot;
      target[this.keys.pop()!] = this.encode(this.values.pop());
    }
    return this.values.length === 0;
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
        // snapshot's objects. A tagged one (written before) still decodes.
        return value;
      case 'object':
        if (value === null) return null;
        return this.seen.has(value) ? this.seen.get(value) : this.encodeObject(value);
      default:
        throw unencodable(`a ${typeof value}`);
    }
  }

  private encodeObject(value: object): unknown {
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

  private made<T extends object>(source: object, out: T): T {
    this.seen.set(source, out);
    this.containers.push(out);
    return out;
  }

  /**
   * An output array whose items are encoded later from `items`: in ascending order (the stack pops the
   * lowest index first), so the array stays packed.
   */
  private container(source: object, out: unknown[], items: readonly unknown[]): unknown[] {
    this.made(source, out);
    this.pushItems(out, items);
    return out;
  }

  /** An output object with the source's keys, in its order, whose values are encoded later. */
  private fields(source: object, fields: object): Slot {
    const out: Slot = {};
    this.made(source, out);
    const keys = Object.keys(fields);
    for (const key of keys) out[key] = undefined;
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      this.push((fields as Slot)[keys[index]!], out, keys[index]!);
    }
    return out;
  }

  private fieldsOf(value: object): Slot {
    const copy: Slot = {};
    for (const key of Object.keys(value)) copy[key] = (value as Slot)[key];
    return copy;
  }

  private tagged(value: object, tag: string, body: object): Slot {
    const out: Slot = { [tagKey]: tag, v: undefined };
    this.made(value, out);
    out.v = Array.isArray(body) ? this.container(body, [], body as unknown[]) : this.fields(body, body);
    return out;
  }
}

/**
 * The decode as a resumable walk over an explicit stack, like `PlainEncoding`, so a caller can rebuild a
 * large state a few thousand objects at a time (`step`) and give its event loop a turn in between. It
 * decodes in place: the plain structure's arrays and plain objects become the state's (only a special
 * value is replaced, in the container that holds it), so the structure is consumed, and a large state is
 * not allocated twice. Only objects are visited: a string, number or bigint stays where it is. A Map or a
 * Set is filled once its items are decoded, in their order. An object reached twice is decoded once.
 */
export class PlainDecoding extends ResumableWalk {
  /** Decodes up to `objectsMax` more values; true when the whole structure is decoded. */
  step(objectsMax: number): boolean {
    for (let done = 0; done < objectsMax && this.values.length > 0; done += 1) {
      const target = this.targets.pop()!;
      const key = this.keys.pop()!;
      const value = this.values.pop();
      if (typeof target === 'function') target();
      else target[key] = this.decode(value);
    }
    return this.values.length === 0;
  }

  private decode(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) return this.inPlace(value, value as unknown as Slot, value);
    if (Object.hasOwn(value, tagKey)) return this.decodeTagged(value as Tagged);
    return this.inPlace(value, value as Slot, value);
  }

  /** `result`, for `source` reached again; the objects among `container`'s values decoded later in place. */
  private inPlace(source: object, container: Slot, result: unknown): unknown {
    this.seen.set(source, result);
    this.pushObjectsOf(container);
    return result;
  }

  /** The objects among `container`'s values (an array's items, an object's fields), to decode in place. */
  private pushObjectsOf(container: Slot): void {
    if (Array.isArray(container)) {
      for (let index = container.length - 1; index >= 0; index -= 1) {
        const item: unknown = container[index];
        if (typeof item === 'object' && item !== null) this.push(item, container, index);
      }
      return;
    }
    const keys = Object.keys(container);
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      const value = container[key];
      if (typeof value === 'object' && value !== null) this.push(value, container, key);
    }
  }

  /** `out` (a new object: a record's or an escaped plain object's) with the fields of `fields`, in their order. */
  private fill<T extends object>(source: object, out: T, fields: unknown): T {
    if (typeof fields !== 'object' || fields === null) throw unreadable('a record without fields');
    const slot = out as Slot;
    for (const key of Object.keys(fields)) slot[key] = (fields as Slot)[key];
    this.inPlace(source, slot, out);
    return out;
  }

  private decodeTagged(value: Tagged): unknown {
    const { [tagKey]: tag, v: body } = value;
    switch (tag) {
      case 'BigInt':
        return this.remember(value, BigInt(String(body)));
      case 'Decimal':
        return this.remember(value, new Decimal(String(body)));
      case 'Map':
        return this.collection(value, new Map<unknown, unknown>(), (out, pairs) => {
          for (const pair of pairs as [unknown, unknown][]) out.set(pair[0], pair[1]);
        });
      case 'Set':
        return this.collection(value, new Set<unknown>(), (out, items) => {
          for (const item of items) out.add(item);
        });
      case 'Object':
        return this.fill(value, {}, body);
    }
    const prototype = recordClasses.get(tag);
    if (!prototype) throw unreadable(`unknown tag ${tag}`);
    return this.fill(value, Object.create(prototype) as object, body);
  }

  private remember<T>(source: object, out: T): T {
    this.seen.set(source, out);
    return out;
  }

  /**
   * A Map or Set: its entries (a Map's each a pair) are decoded in place first, then added in their order
   * by a finishing step that the stack runs after them.
   */
  private collection<T>(value: Tagged, out: T, add: (out: T, decoded: readonly unknown[]) => void): T {
    this.seen.set(value, out);
    const entries = value.v;
    if (!Array.isArray(entries)) throw unreadable(`a ${value[tagKey]} without entries`);
    const isMap = value[tagKey] === 'Map';
    if (isMap && !entries.every((entry) => Array.isArray(entry))) throw unreadable('a Map entry that is not a pair');
    this.push(undefined, () => add(out, entries), 0);
    if (!isMap) this.pushObjectsOf(entries as unknown as Slot);
    else for (let index = entries.length - 1; index >= 0; index -= 1) this.pushObjectsOf(entries[index] as Slot);
    return out;
  }
}

/** A plain structure carrying `value`: see the module comment for what it may hold. */
export function encodePlain(value: unknown): unknown {
  const encoding = new PlainEncoding(value);
  encoding.step(Number.POSITIVE_INFINITY);
  return encoding.result;
}

/** The value `encodePlain` was given, rebuilt from its plain structure (throws when it is not one). */
export function decodePlain<T>(plain: unknown): T {
  const decoding = new PlainDecoding(plain);
  decoding.step(Number.POSITIVE_INFINITY);
  return decoding.result as T;
}
