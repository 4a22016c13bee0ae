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

export function machineLine(): string {
  return `node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * A benchmark drives the service from one address far faster than the default per-client rate limit
 * allows (RATE_LIMIT_PER_MINUTE), so it raises the limit explicitly in the service's environment.
 */
export const benchRateLimit = { RATE_LIMIT_PER_MINUTE: '100000000' } as const;
