import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';

/** The native addon in native/malloc-trim, built by `npm ci`; absent where it could not be built. */
interface MallocTrim {
  /** glibc's malloc_trim(0): true when memory went back to the OS, false when none was free, null off glibc. */
  trim(): boolean | null;
}

let addon: MallocTrim | null | undefined;

function loaded(): MallocTrim | null {
  if (addon !== undefined) return addon;
  try {
    addon = createRequire(import.meta.url)('@partner-ledger/malloc-trim') as MallocTrim;
  } catch {
    // An optional dependency: without a compiler at install (or off Linux) the memory stays with glibc, as before.
    addon = null;
  }
  return addon;
}

/** Whether this process can give back what exited threads leave in their malloc arenas. */
export function mallocTrimAvailable(): boolean {
  return loaded() !== null;
}

/**
 * Gives back to the OS the free memory of every malloc arena; call it once a worker thread has exited. glibc
 * keeps an exited thread's arena for the next thread and never returns what is free in it: after the build
 * workers of a rebuild of a million events, 127 MB of arenas held 150 KB in use, and a process's RSS stayed that
 * much higher for as long as no worker ran (docs/decisions.md, "Memory that exited workers leave to glibc goes back
 * to the OS").
 * Returns whether anything was given back (false also where it cannot be done).
 */
export function trimMallocArenas(): boolean {
  return loaded()?.trim() === true;
}

/** Runs `handler` once `worker` has exited, after giving back what its thread left in its malloc arena. */
export function onWorkerExit(worker: Worker, handler: (code: number) => void): void {
  worker.once('exit', (code) => {
    trimMallocArenas();
    handler(code);
  });
}
