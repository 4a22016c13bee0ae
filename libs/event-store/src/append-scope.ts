import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendScope } from './event-store.port.js';

/**
 * The scope an append runs in, carried by its async context (AsyncLocalStorage), so an import can ask
 * for deferred commits or a dry run without threading an option through every route and handler.
 * Appends outside any scope behave as they always have.
 */
export class AppendScopes {
  private readonly storage = new AsyncLocalStorage<AppendScope>();

  run<T>(scope: AppendScope, work: () => Promise<T>): Promise<T> {
    return this.storage.run(scope, work);
  }

  current(): AppendScope | undefined {
    return this.storage.getStore();
  }
}
