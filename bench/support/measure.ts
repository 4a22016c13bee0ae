import { readdirSync, readFileSync } from 'node:fs';

/** Median and range of repeated measurements: this machine is shared and noisy, so one run means little. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('Nothing was measured');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** The value below which `fraction` of the values lie (NaN for none). */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

export function formatSummary(summary: Summary, digits = 0): string {
  return `${summary.median.toFixed(digits)} [${summary.min.toFixed(digits)}–${summary.max.toFixed(digits)}]`;
}

/**
 * CPU ticks (1/100 s, Linux's USER_HZ) a process has used so far, on its main thread and in its worker threads
 * (the store's writer, the projector), from Linux's /proc. CPU per unit of work moves less than a rate does when
 * other work shares the machine.
 */
export function threadTicks(pid: number): { main: number; workers: number } {
  const ticks = { main: 0, workers: 0 };
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    const name = readFileSync(`/proc/${pid}/task/${thread}/comm`, 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const used = Number(fields[11]) + Number(fields[12]);
    if (name === 'MainThread') ticks.main += used;
    if (name === 'WorkerThread') ticks.workers += used;
  }
  return ticks;
}

export function machineLine(): string {
  return `node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * A benchmark drives the service from one address far faster than the default per-client rate limit
 * allows (RATE_LIMIT_PER_MINUTE), so it raises the limit explicitly in the service's environment.
 */
export const benchRateLimit = { RATE_LIMIT_PER_MINUTE: '100000000' } as const;
