import type { PlannedStep } from './seed-plan.js';
import { takeByDayAndPhase } from './seed-runner.js';

/** Steps over `days` days, two phases a day, `perGroup` steps each, in play order. */
function plannedSteps(days: number, perGroup: number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (let day = 1; day <= days; day += 1) {
    const date = `2025-01-${String(day).padStart(2, '0')}`;
    for (const phase of ['partners', 'business'] as const) {
      for (let index = 0; index < perGroup; index += 1) {
        const chain = `${date}/${phase}/${index}`;
        steps.push({ date, phase, chain, actor: 'ops', step: { kind: 'sync' }, events: 0 });
      }
    }
  }
  return steps;
}

describe('takeByDayAndPhase', () => {
  it.each([
    ['a few steps', 3, 2],
    ['more steps than one take moves (65,536)', 2, 20_000],
  ])('hands out every step once, by day and phase in order, and takes them out of the plan: %s', (_, days, per) => {
    const steps = plannedSteps(days, per);
    const expected = steps.map((step) => step.chain);
    const handed: string[] = [];
    const groups: string[] = [];
    for (const [date, phase, group] of takeByDayAndPhase(steps)) {
      groups.push(`${date} ${phase}`);
      expect(group.every((step) => step.date === date && step.phase === phase)).toBe(true);
      handed.push(...group.map((step) => step.chain));
    }
    expect(handed).toEqual(expected);
    expect(groups).toHaveLength(days * 2);
    expect(steps).toHaveLength(0);
  });
});
