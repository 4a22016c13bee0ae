import { planSeed, type PlannedStep } from '../../apps/ledger/src/cli/seed/seed-plan.js';
import { sendableSteps, soakRequestOf } from '../../bench/soak/soak-requests.js';

/**
 * Over HTTP every fact is dated by the service's clock, so a protection approved during a soak never lapses
 * within it: the soak must not send a registration for a customer an approval it sent already claims.
 */
function resubmittedClaims(steps: readonly PlannedStep[]): string[] {
  const claimed = new Set<string>();
  const domainOf = new Map<string, string>();
  const resubmitted: string[] = [];
  for (const { step, expect } of steps) {
    if (step.kind === 'submit') {
      if (claimed.has(step.customer.domain)) resubmitted.push(step.registrationId);
      domainOf.set(step.registrationId, step.customer.domain);
    }
    if (step.kind === 'approve' && !expect) claimed.add(domainOf.get(step.registrationId)!);
  }
  return resubmitted;
}

describe('the steps the soak sends', () => {
  const plan = planSeed({ seed: 1, from: '2026-04-01', quarters: 2, events: 3000 });

  it('leaves out the stories whose protection must lapse first, with every step after it in their chain', () => {
    // The plan itself re-registers lapsed customers (the seed plays it on a virtual clock).
    const lapsed = resubmittedClaims(plan.steps);
    expect(lapsed.length).toBeGreaterThan(0);
    const sent = sendableSteps(plan.steps);
    expect(resubmittedClaims(sent)).toEqual([]);
    const lapsedChains = new Set(
      plan.steps.filter(({ step }) => step.kind === 'submit' && lapsed.includes(step.registrationId)),
    );
    for (const dropped of lapsedChains) {
      const kept = sent.filter((planned) => planned.chain === dropped.chain);
      // The chain's steps before the re-registration stay; none from it on.
      expect(kept.every((planned) => plan.steps.indexOf(planned) < plan.steps.indexOf(dropped))).toBe(true);
    }
  });

  it('keeps every other story, and the refusals the plan expects on the requests', () => {
    const sent = sendableSteps(plan.steps);
    expect(sent.length).toBeGreaterThan(plan.steps.length * 0.9);
    const conflicting = sent.find((planned) => planned.expect);
    expect(conflicting && soakRequestOf(conflicting)?.expect).toContain('REGISTRATION_CONFLICT');
  });
});
