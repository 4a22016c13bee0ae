/**
 * A bounded memo of values that recur from event to event (parsed shares and fx rates, shifted dates, applied
 * tiers, a deal's partners), so the engine computes each once and its state holds one copy of each instead of one
 * per line or deal. Cleared when full, so odd inputs cannot grow it: a miss only costs a copy.
 */
export class Recurring<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly sizeMax = 4096) {}

  /** The value kept for `key`, made by `make(key)` when there is none. */
  of(key: string, make: (key: string) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.values.size >= this.sizeMax) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
