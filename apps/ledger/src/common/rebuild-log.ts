import type { Projector, RebuildProgress } from '#read-models';

/** Where rebuild-log writes: Nest's Logger, in the service. */
export interface RebuildLogger {
  log(message: string): void;
  error(message: string): void;
}

const kindName = { rebuild: 'Rebuild', recompute: 'Recomputation' } as const;

function named(progress: RebuildProgress): string {
  return `${kindName[progress.kind]} of ${progress.projections.join(', ')}`;
}

/**
 * Logs when each rebuild and recomputation starts and how it ends (they run in threads of their own, and an
 * operator otherwise sees them only on GET /admin/projections): read from the projector's progress every
 * `everyMs`. A job that starts and ends between two looks is logged once, as ended. Returns what stops it.
 */
export function logRebuilds(
  projector: Pick<Projector, 'projectionReports' | 'rebuildStatus'>,
  logger: RebuildLogger,
  everyMs = 1000,
): () => void {
  let seen: Pick<RebuildProgress, 'startedAt' | 'state'> | undefined;
  const look = async () => {
    // The reports bring a projector thread's progress along (rebuildStatus is as of the thread's last answer).
    await projector.projectionReports();
    const progress = projector.rebuildStatus();
    if (!progress || (seen?.startedAt === progress.startedAt && seen.state === progress.state)) return;
    const running = progress.state === 'building' || progress.state === 'swapping' || progress.state === 'restoring';
    if (seen?.startedAt !== progress.startedAt && running) {
      const again = progress.resumed ? ' again (a stop or a crash cut it short)' : '';
      logger.log(`${named(progress)} started${again} at ${progress.startedAt}, to position ${progress.total}`);
    }
    if (progress.state === 'done') logger.log(`${named(progress)} done at position ${progress.done}`);
    if (progress.state === 'failed') logger.error(`${named(progress)} failed: ${progress.error ?? 'unknown error'}`);
    seen = { startedAt: progress.startedAt, state: progress.state };
  };
  let looking = Promise.resolve();
  const timer = setInterval(() => {
    looking = looking.then(look).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What a shutdown says of a rebuild or recomputation it interrupts, if one is under way. */
export function interruptedRebuild(progress: RebuildProgress | undefined): string | undefined {
  if (!progress || !['building', 'swapping', 'restoring'].includes(progress.state)) return undefined;
  const stops = `${named(progress)} stops with the service at position ${progress.done} of ${progress.total}`;
  if (progress.state === 'restoring') return `${stops}, its rows swapped in: the next start replays what is left`;
  return `${stops}, before its swap: the read models are as they were until it runs again at the next start`;
}
