import { describe, expect, it } from '@jest/globals';
import type { ProjectionProgress, ProjectionsStatus } from './api/views';
import { isBusy, percentDone, progressText } from './projections';

const progress = (overrides: Partial<ProjectionProgress>): ProjectionProgress => ({
  projections: ['statements', 'commissions'],
  kind: 'rebuild',
  state: 'building',
  done: '250',
  total: '1000',
  ...overrides,
});

function status(states: ProjectionsStatus['projections'][number]['state'][], rebuild: ProjectionProgress | null) {
  return {
    headPosition: '1000',
    projections: states.map((state, index) => ({
      name: `p${index}`,
      version: 1,
      position: '1000',
      lag: '0',
      state,
    })),
    rebuild,
  };
}

describe('projections', () => {
  it('keeps reading while a rebuild runs or a projection is behind, not once all are caught up or failed', () => {
    expect(isBusy(status(['caught_up', 'failed'], null))).toBe(false);
    expect(isBusy(status(['caught_up', 'catching_up'], null))).toBe(true);
    expect(isBusy(status(['caught_up'], progress({ state: 'swapping' })))).toBe(true);
    expect(isBusy(status(['caught_up'], progress({ state: 'done' })))).toBe(false);
  });

  it('reads progress exactly, also past the precision of a JS number', () => {
    expect(percentDone(progress({}))).toBe(25);
    expect(percentDone(progress({ done: '0', total: '0' }))).toBe(100);
    expect(percentDone(progress({ done: '9007199254740993', total: '18014398509481986' }))).toBe(50);
    expect(progressText(progress({ kind: 'recompute' }))).toBe(
      'recompute of statements, commissions: building, 250 of 1000 positions (25%)',
    );
  });
});
