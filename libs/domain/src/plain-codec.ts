import { Decimal } from './money.js';
import { PersistentMap } from './persistent-map.js';

/**
 * Turns an immutable value of the domain (the commission engine's state) into a plain structure and
 * back: only arrays, plain objects, strings, numbers, booleans, null and undefined, so any serializer
 * (v8.serialize, structuredClone, JSON) can carry it. The walk is generic: a field added to the state
 * is carried without a change here, as long as it is made of plain data, Decimal, Map, Set, bigint or
 * one of `recordClasses`. Anything else (a function, a symbol, an unknown class) is refused at encode,
 * never silently dropped.
 *
 * An object reached twice (the journal's book before a quarter shares most of the current book) is
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

class Encoder {
  private readonly seen = new Map<object, unknown>();

  encode(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return { [tagKey]: 'BigInt', v: value.toString() };
      case 'object':
        if (value === null) return null;
        return this.seen.get(value) ?? this.encodeObject(value);
      default:
        throw unencodable(`a ${typeof value}`);
    }
  }

  /** Registers the result before walking the children, so a shared object is encoded once. */
  private encodeObject(value: object): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      this.seen.set(value, out);
      for (const item of value as unknown[]) out.push(this.encode(item));
      return out;
    }
    if (value instanceof Decimal) return this.remember(value, { [tagKey]: 'Decimal', v: value.toString() });
    if (value instanceof Map) return this.tagged(value, 'Map', () => this.encodePairs(value.entries()));
    if (value instanceof Set) return this.tagged(value, 'Set', () => [...value].map((item) => this.encode(item)));
    const prototype = Object.getPrototypeOf(value) as object | null;
    const recordTag = prototype && recordTags.get(prototype);
    if (recordTag) return this.tagged(value, recordTag, () => this.encodeFields(value));
    if (prototype !== Object.prototype && prototype !== null) {
      throw unencodable(`an instance of ${(value.constructor as { name?: string } | undefined)?.name ?? 'a class'}`);
    }
    if (Object.hasOwn(value, tagKey)) return this.tagged(value, 'Object', () => this.encodeFields(value));
    const out: Record<string, unknown> = {};
    this.seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = this.encode((value as Record<string, unknown>)[key]);
    return out;
  }

  private remember<T>(value: object, out: T): T {
    this.seen.set(value, out);
    return out;
  }

  private tagged(value: object, tag: string, body: () => unknown): Tagged {
    const out: { [tagKey]: string; v: unknown } = { [tagKey]: tag, v: undefined };
    this.seen.set(value, out);
    out.v = body();
    return out;
  }

  private encodeFields(value: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = this.encode((value as Record<string, unknown>)[key]);
    return out;
  }

  private encodePairs(entries: Iterable<[unknown, unknown]>): unknown[][] {
    const out: unknown[][] = [];
    for (const [key, item] of entries) out.push([this.encode(key), this.encode(item)]);
    return out;
  }
}

class Decoder {
  private readonly seen = new Map<object, unknown>();

  decode(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (this.seen.has(value)) return this.seen.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      this.seen.set(value, out);
      for (const item of value as unknown[]) out.push(this.decode(item));
      return out;
    }
    if (Object.hasOwn(value, tagKey)) return this.decodeTagged(value as Tagged);
    const out: Record<string, unknown> = {};
    this.seen.set(value, out);
    return this.fill(out, value);
  }

  private fill<T extends object>(out: T, fields: unknown): T {
    if (typeof fields !== 'object' || fields === null) throw unreadable('a record without fields');
    for (const key of Object.keys(fields)) {
      (out as Record<string, unknown>)[key] = this.decode((fields as Record<string, unknown>)[key]);
    }
    return out;
  }

  private decodeTagged(value: Tagged): unknown {
    const { [tagKey]: tag, v: body } = value;
    const remember = <T>(out: T): T => {
      this.seen.set(value, out);
      return out;
    };
    switch (tag) {
      case 'BigInt':
        return remember(BigInt(String(body)));
      case 'Decimal':
        return remember(new Decimal(String(body)));
      case 'Map':
        return this.fillEntries(value, new Map<unknown, unknown>(), (out, entry) => {
          if (!Array.isArray(entry)) throw unreadable('a Map entry that is not a pair');
          out.set(this.decode(entry[0]), this.decode(entry[1]));
        });
      case 'Set':
        return this.fillEntries(value, new Set<unknown>(), (out, item) => out.add(this.decode(item)));
      case 'Object':
        return this.fill(remember({}), body);
    }
    const prototype = recordClasses.get(tag);
    if (!prototype) throw unreadable(`unknown tag ${tag}`);
    return this.fill(remember(Object.create(prototype) as object), body);
  }

  private fillEntries<T>(value: Tagged, out: T, add: (out: T, entry: unknown) => void): T {
    this.seen.set(value, out);
    if (!Array.isArray(value.v)) throw unreadable(`a ${value[tagKey]} without entries`);
    for (const entry of value.v as unknown[]) add(out, entry);
    return out;
  }
}

/** A plain structure carrying `value`: see the module comment for what it may hold. */
export function encodePlain(value: unknown): unknown {
  return new Encoder().encode(value);
}

/** The value `encodePlain` was given, rebuilt from its plain structure (throws when it is not one). */
export function decodePlain<T>(plain: unknown): T {
  return new Decoder().decode(plain) as T;
}
