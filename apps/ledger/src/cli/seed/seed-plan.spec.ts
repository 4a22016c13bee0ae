import { Decimal, periodEnd, periodOf } from '#domain';
import { planSeed, seedDefaults, timelineOf, type PlannedStep, type SeedStep } from './seed-plan.js';

const defaults = { seed: 7, from: seedDefaults.from, quarters: seedDefaults.quarters, events: 3000 };
const kindsOf = (steps: readonly PlannedStep[]) => new Set(steps.map((planned) => planned.step.kind));
const ofKind = <K extends SeedStep['kind']>(steps: readonly PlannedStep[], kind: K) =>
  steps.filter(
    (planned): planned is PlannedStep & { step: Extract<SeedStep, { kind: K }> } => planned.step.kind === kind,
  );

describe('the seed plan', () => {
  const plan = planSeed(defaults);
  const larger = planSeed({ ...defaults, events: 40_000 });

  it('is a function of its options: the same seed plans the same commands, another seed other ids', () => {
    expect(JSON.stringify(planSeed(defaults))).toBe(JSON.stringify(plan));
    const other = planSeed({ ...defaults, seed: 8 });
    const keys = new Set(plan.steps.map((planned) => planned.key).filter(Boolean));
    expect(other.steps.some((planned) => planned.key !== undefined && keys.has(planned.key))).toBe(false);
    expect(other.partners.every((partner) => partner.partnerId.startsWith('s8-'))).toBe(true);
  });

  it('plans about the events asked for, at any size', () => {
    expect(Math.abs(plan.eventsPlanned - 3000)).toBeLessThan(3000 * 0.03);
    expect(Math.abs(larger.eventsPlanned - 40_000)).toBeLessThan(40_000 * 0.03);
    expect(larger.partners.length).toBe(160);
  });

  it('holds 50+ partners per kind, every command kind the demo shows (a larger plan rejects 1 claim in 10)', () => {
    expect(plan.partners.length).toBeGreaterThanOrEqual(50);
    expect(new Set(plan.partners.map((partner) => partner.kind))).toEqual(
      new Set(['reseller', 'referral', 'technology']),
    );
    expect(new Set(plan.partners.map((partner) => partner.region)).size).toBe(4);
    expect(
      [...kindsOf(plan.steps), ...kindsOf(larger.steps)]
        .filter((kind, index, all) => all.indexOf(kind) === index)
        .sort(),
    ).toEqual(
      [
        ...[
          'approve',
          'churn',
          'close',
          'enroll',
          'expand',
          'lose',
          'offboard',
          'open',
          'override',
          'publish',
          'refund',
          'reinstate',
          'reject',
          'renew',
          'stage',
          'submit',
          'suspend',
          'win',
        ],
        ...[
          'sync',
          'proposeCampaign',
          'approveCampaign',
          'completeMilestone',
          'submitClaim',
          'approveClaim',
          'rejectClaim',
          'attributeLead',
          'closeCampaign',
        ],
        ...['issueStatement', 'disputeLine', 'resolveDispute', 'approveStatement', 'payStatement'],
      ].sort(),
    );
    expect(plan.steps.some((planned) => planned.expect?.includes('REGISTRATION_CONFLICT'))).toBe(true);
    expect(ofKind(plan.steps, 'win').some((planned) => planned.step.fxRate !== undefined)).toBe(true);
    expect(ofKind(plan.steps, 'open').some((planned) => (planned.step.partners?.length ?? 0) > 1)).toBe(true);
  });

  it('walks the timeline in order: every step inside it, each quarter closed after its last fact, in order', () => {
    const { start, end, periods } = timelineOf(defaults);
    const dates = plan.steps.map((planned) => planned.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe(start);
    // The funds catch up after the last day's business, so a re-run finds no accrual left to append.
    expect(plan.steps.at(-1)).toMatchObject({ date: end, phase: 'closing', step: { kind: 'sync' } });
    expect(dates.every((date) => date >= start && date <= end)).toBe(true);
    const closes = ofKind(plan.steps, 'close');
    expect(closes.map((planned) => planned.step.period)).toEqual(periods.slice(0, -1));
    for (const close of closes) {
      const closedAt = plan.steps.indexOf(close);
      expect(close.date > periodEnd(close.step.period)).toBe(true);
      expect(
        plan.steps
          .slice(closedAt)
          .some((planned) => planned.phase === 'business' && periodOf(planned.date) <= close.step.period),
      ).toBe(false);
    }
  });

  it('publishes a rule change and a retroactive correction of it', () => {
    const publications = ofKind(plan.steps, 'publish');
    expect(
      publications.map((planned) => [planned.step.ruleSet, planned.step.version, planned.step.effectiveFrom]),
    ).toEqual([
      ['launch', '2025.1', '2025-01-01'],
      ['change', '2025.2', '2025-10-01'],
      ['correction', '2025.3', '2025-10-01'],
    ]);
    const correction = publications[2]!;
    expect(correction.step.effectiveFrom < correction.date).toBe(true);
    expect(correction.step.corrects).toBe('2025.2');
  });

  it('issues statements per period and partner, days after each close, approved by a second person, then paid', () => {
    const { periods } = timelineOf(defaults);
    const byPartner = new Map<string, string[]>();
    for (const { step } of ofKind(plan.steps, 'issueStatement'))
      byPartner.set(step.partnerId, [...(byPartner.get(step.partnerId) ?? []), step.period]);
    expect(byPartner.size).toBeGreaterThan(20);
    for (const issued of byPartner.values()) expect(issued).toEqual(periods.slice(periods.indexOf(issued[0]!), -1));
    for (const statement of ofKind(plan.steps, 'issueStatement')) {
      const steps = plan.steps.filter(
        (planned) =>
          planned.chain === statement.chain &&
          'period' in planned.step &&
          planned.step.period === statement.step.period,
      );
      expect(
        steps.map((planned) => planned.step.kind).filter((kind) => kind !== 'disputeLine' && kind !== 'resolveDispute'),
      ).toEqual(['issueStatement', 'approveStatement', 'payStatement']);
      expect(steps.find((planned) => planned.step.kind === 'approveStatement')!.actor).toBe('finance_approver');
      expect(statement.actor).toBe('finance');
    }
  });

  it('plans campaigns one at a time per partner, each step after its proposal, claims after their milestone', () => {
    const proposals = ofKind(plan.steps, 'proposeCampaign');
    expect(proposals.length).toBeGreaterThan(3);
    for (const proposal of proposals) {
      const steps = plan.steps.filter((planned) => planned.chain === proposal.chain);
      expect(steps[0]).toBe(proposal);
      expect(plan.steps.some((planned) => planned.step.kind === 'sync' && planned.date === proposal.date)).toBe(true);
      for (const claim of ofKind(steps, 'submitClaim')) {
        const completed = ofKind(steps, 'completeMilestone').find(
          (planned) => planned.step.milestoneId === claim.step.milestoneId,
        )!;
        expect(completed.date <= claim.date).toBe(true);
      }
      // Closed once, unless the timeline ends first.
      expect(steps.filter((planned) => planned.step.kind === 'closeCampaign').length).toBeLessThanOrEqual(1);
    }
    expect(ofKind(plan.steps, 'closeCampaign').length).toBeGreaterThan(proposals.length / 2);
  });

  it('splits co-sold deals into shares that sum to exactly 1, with one sourcing partner at most', () => {
    for (const { step } of ofKind(plan.steps, 'open')) {
      if (!step.partners) continue;
      expect(step.partners.reduce((sum, partner) => sum.plus(partner.share), new Decimal(0)).eq(1)).toBe(true);
      expect(step.partners.filter((partner) => partner.role === 'sourcing').length).toBeLessThanOrEqual(1);
    }
  });

  it('names only partners that are enrolled and active on the day of a submission or an opening', () => {
    const partners = new Map(plan.partners.map((partner) => [partner.partnerId, partner]));
    const activeOn = (partnerId: string, date: string) => {
      const partner = partners.get(partnerId)!;
      return (
        date >= partner.enrolledAt &&
        partner.inactive.every((span) => date < span.from || (span.until !== null && date >= span.until))
      );
    };
    for (const planned of plan.steps) {
      if (planned.step.kind === 'submit') expect(activeOn(planned.step.partnerId, planned.date)).toBe(true);
      if (planned.step.kind === 'open')
        for (const partner of planned.step.partners ?? []) expect(activeOn(partner.partnerId, planned.date)).toBe(true);
    }
  });
});
