/**
 * Runs work one at a time per key within this process, in the order it was asked for, whatever each
 * piece's outcome; keys with nothing queued hold no memory. The command pipeline keys it by stream:
 * without it, N concurrent commands on a hot aggregate race to the same expected version: each group
 * commit lets one win and the others re-read and retry, so most exhaust their bounded retries. With it,
 * they queue; version conflicts remain only between processes, where the bounded retry handles them.
 * Statement issuing keys it by partner, so one partner's statements are issued one at a time.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(stream, tail);
    // Forget the stream once nothing is queued behind this work, so the map stays small.
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return result;
  }

  /** Streams with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
