import { BroadcastChannel } from 'node:worker_threads';

/**
 * A signal between the threads of one process that open the same file: the store's commits wake a projector
 * running in a thread of its own, and that projector's batches wake the readers waiting on the API's thread.
 * Only a signal, never data: whoever hears it reads the file. One channel per instance, which never hears its
 * own posts (a BroadcastChannel delivers to every other channel of its name); unreferenced, so it never keeps a
 * process or a thread alive, and opened at the first post or listener.
 */
export class ThreadSignal {
  private channel: BroadcastChannel | undefined;
  private readonly listeners = new Set<() => void>();

  /** `name` is the kind and the file's path; undefined (an in-memory database) makes a signal that does nothing. */
  constructor(private readonly name: string | undefined) {}

  post(): void {
    this.open()?.postMessage(0);
  }

  /** Calls `listener` at every post from another thread; returns the unsubscribe. */
  on(listener: () => void): () => void {
    this.listeners.add(listener);
    this.open();
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  private open(): BroadcastChannel | undefined {
    if (this.name === undefined) return undefined;
    if (!this.channel) {
      this.channel = new BroadcastChannel(this.name);
      this.channel.onmessage = () => this.listeners.forEach((listener) => listener());
      this.channel.unref();
    }
    return this.channel;
  }
}
