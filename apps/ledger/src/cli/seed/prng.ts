/**
 * A small seeded pseudo-random generator for the demo seed (sfc32, seeded through a string hash),
 * so a given `--seed` always plans the same program. It lives in the seed code, never in the domain:
 * the domain stays free of randomness, and the seed only chooses which commands to send.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for one purpose: `new Random(seed, 'partners')` and `new Random(seed, 'story', 7)` are independent. */
  constructor(...parts: readonly (string | number)[]) {
    const [a, b, c, d] = hash128(parts.join('\u0000'));
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // Discard the first outputs: sfc32 mixes its state over the first few rounds.
    for (let index = 0; index < 12; index += 1) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Invariant violated: pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `items`, with the probability of each proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items.at(-1)![0];
  }

  /** A log-normal-ish figure around `median`: most values near it, a long tail of large ones. */
  skewed(median: number, spread: number): number {
    // The sum of three uniforms is close enough to a normal for demo data, and cheap.
    const normal = (this.next() + this.next() + this.next() - 1.5) * 2;
    return median * Math.exp(normal * spread);
  }
}

/** cyrb128: a fast 128-bit string hash, good enough to seed sfc32. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let index = 0; index < text.length; index += 1) {
    const k = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
