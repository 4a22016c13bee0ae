import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  readonly type: 'chunk' | 'asset';
  readonly code?: string;
  readonly imports?: readonly string[];
  readonly isEntry?: boolean;
}

/** The gzipped bytes of each entry chunk and of every chunk it imports statically (what loads before first paint). */
export function initialGzipBytes(bundle: Readonly<Record<string, ChunkLike>>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [name, chunk] of Object.entries(bundle)) {
    if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
    const seen = new Set<string>();
    const pending = [name];
    let bytes = 0;
    while (pending.length > 0) {
      const current = pending.pop()!;
      const item = bundle[current];
      if (seen.has(current) || item?.type !== 'chunk') continue;
      seen.add(current);
      bytes += gzipSync(item.code ?? '').length;
      pending.push(...(item.imports ?? []));
    }
    sizes.set(name, bytes);
  }
  return sizes;
}

/** Fails the build when the JavaScript loaded at start exceeds the budget (lazy chunks are not counted). */
export function bundleBudget(options: { readonly initialGzipBytesMax: number }): Plugin {
  return {
    name: 'console-bundle-budget',
    apply: 'build',
    generateBundle(_output, bundle) {
      for (const [name, bytes] of initialGzipBytes(bundle)) {
        const kilobytes = (bytes / 1024).toFixed(1);
        if (bytes > options.initialGzipBytesMax)
          this.error(
            `${name}: initial JavaScript is ${kilobytes} KB gzipped, over the budget of ` +
              `${options.initialGzipBytesMax / 1024} KB`,
          );
        this.info(
          `${name}: initial JavaScript ${kilobytes} KB gzipped (budget ${options.initialGzipBytesMax / 1024} KB)`,
        );
      }
    },
  };
}
