import type { ProjectionProgress, ProjectionsStatus } from './api/views';

/** Whether the page should keep reading: a rebuild or recomputation runs, or a projection is catching up. */
export function isBusy(status: ProjectionsStatus): boolean {
  if (status.rebuild && ['building', 'swapping', 'restoring'].includes(status.rebuild.state)) return true;
  return status.projections.some((projection) => projection.state !== 'caught_up' && projection.state !== 'failed');
}

/** Whole percent of a rebuild done (positions are bigints on the wire: no precision lost for large logs). */
export function percentDone(progress: ProjectionProgress): number {
  const total = BigInt(progress.total);
  if (total === 0n) return 100;
  const percent = (BigInt(progress.done) * 100n) / total;
  return Number(percent > 100n ? 100n : percent);
}

/** How a rebuild reads in one line: what, which projections, how far. */
export function progressText(progress: ProjectionProgress): string {
  return (
    `${progress.kind} of ${progress.projections.join(', ')}: ${progress.state}, ` +
    `${progress.done} of ${progress.total} positions (${percentDone(progress)}%)`
  );
}
