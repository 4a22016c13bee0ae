import type { RebuildProgress } from '#read-models';
import { interruptedRebuild, logRebuilds } from './rebuild-log.js';

const progress = (state: RebuildProgress['state'], overrides: Partial<RebuildProgress> = {}): RebuildProgress => ({
  projections: ['commissions'],
  kind: 'recompute',
  state,
  done: 500n,
  total: 1000n,
  ratePerSecond: 100,
  etaSeconds: 5,
  startedAt: '2026-12-07T10:00:00.000Z',
  ...overrides,
});

describe('logRebuilds', () => {
  it('logs when each job starts and how it ends, once each, a failure at error level', async () => {
    const states: Array<RebuildProgress | undefined> = [
      undefined,
      progress('building'),
      progress('building', { done: 700n }),
      progress('done', { done: 1000n }),
      progress('done', { done: 1000n }),
      progress('failed', { kind: 'rebuild', startedAt: '2026-12-07T11:00:00.000Z', error: 'disk I/O error' }),
      progress('building', { kind: 'rebuild', startedAt: '2026-12-07T12:00:00.000Z', resumed: true }),
    ];
    let current: RebuildProgress | undefined;
    let looks = 0;
    const projector = {
      projectionReports: () => {
        current = states[Math.min(looks, states.length - 1)];
        looks += 1;
        return Promise.resolve([]);
      },
      rebuildStatus: () => current,
    };
    const lines: string[] = [];
    const stop = logRebuilds(
      projector,
      { log: (line) => lines.push(line), error: (line) => lines.push(`ERROR ${line}`) },
      5,
    );
    while (looks < states.length + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    expect(lines).toEqual([
      'Recomputation of commissions started at 2026-12-07T10:00:00.000Z, to position 1000',
      'Recomputation of commissions done at position 1000',
      'ERROR Rebuild of commissions failed: disk I/O error',
      'Rebuild of commissions started again (a stop or a crash cut it short) at 2026-12-07T12:00:00.000Z, ' +
        'to position 1000',
    ]);
  });

  it('says what a shutdown interrupts, and what comes of it', () => {
    expect(interruptedRebuild(undefined)).toBeUndefined();
    expect(interruptedRebuild(progress('done'))).toBeUndefined();
    expect(interruptedRebuild(progress('building'))).toBe(
      'Recomputation of commissions stops with the service at position 500 of 1000, before its swap: ' +
        'the read models are as they were until it runs again at the next start',
    );
    expect(interruptedRebuild(progress('swapping', { kind: 'rebuild' }))).toBe(
      'Rebuild of commissions stops with the service at position 500 of 1000, before its swap: ' +
        'the read models are as they were until it runs again at the next start',
    );
  });
});
