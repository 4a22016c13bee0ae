import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { Projector } from '#read-models';
import type { CommandPipeline } from '../../common/command-pipeline.js';
import type { MdfAccrualReactor } from '../../mdf/mdf-accrual.reactor.js';
import type { ProgramFacts } from '../../program/program-facts.js';
import type { PlannedStep, SeedPlan } from './seed-plan.js';
import { SeedRunner } from './seed-runner.js';
import { VirtualClock } from './virtual-clock.js';

/** The first catch-up finishes only when the test lets it (a worker's recomputation); later ones at once. */
function fakeProjector(log: string[]) {
  let held: (() => void) | undefined;
  let calls = 0;
  const projector = {
    runUntilCaughtUp: () => {
      log.push('catch-up started');
      calls += 1;
      if (calls > 1) return Promise.resolve(log.push('catch-up done')).then(() => undefined);
      return new Promise<void>((resolve) => {
        held = () => resolve(void log.push('catch-up done'));
      });
    },
    start: () => log.push('projector follows'),
    stop: () => Promise.resolve(),
  };
  return { projector, finishCatchUp: () => held?.() };
}

const step = (date: string, phase: PlannedStep['phase'], chain: string, planned: PlannedStep['step']): PlannedStep => ({
  date,
  phase,
  chain,
  actor: 'ops',
  step: planned,
  events: 1,
  ...(planned.kind === 'enroll' ? { key: `seed:${planned.partnerId}` } : {}),
});

function enroll(date: string, partnerId: string): PlannedStep {
  const data = { kind: 'enroll', partnerId, name: partnerId, partnerKind: 'reseller', region: 'EMEA' } as const;
  return step(date, 'partners', partnerId, data);
}

describe('SeedRunner', () => {
  it('catches the read models up in the background after a publication, and waits before reading them', async () => {
    const log: string[] = [];
    const { projector, finishCatchUp } = fakeProjector(log);
    const commands = {
      execute: (message: { input: { type: string; data: { partnerId?: string } } }) => {
        log.push(`${message.input.type} ${message.input.data.partnerId ?? ''}`.trim());
        // The background catch-up ends while the next day's partner is enrolled, as a worker's recomputation may.
        if (message.input.data.partnerId === 's7-p0002') finishCatchUp();
        return Promise.resolve({ replayed: false });
      },
    };
    const mdfAccruals = { runUntilCaughtUp: () => Promise.resolve(log.push('accrued')) };
    const store = { headPosition: () => Promise.resolve(0n) };
    const program = { ruleSets: () => Promise.resolve([]) };
    const runner = new SeedRunner(
      commands as unknown as CommandBus,
      program as unknown as ProgramFacts,
      {} as CommandPipeline,
      projector as unknown as Projector,
      mdfAccruals as unknown as MdfAccrualReactor,
      new VirtualClock(),
      store as unknown as EventStore,
    );
    const publish = { kind: 'publish', ruleSet: 'launch', version: '2025.1', effectiveFrom: '2025-01-01' } as const;
    const steps = [
      step('2025-01-01', 'program', 'program', publish),
      enroll('2025-01-01', 's7-p0001'),
      enroll('2025-01-02', 's7-p0002'),
      step('2025-01-03', 'reactors', 'reactors', { kind: 'sync' }),
    ];
    const plan = { options: { seed: 7 }, steps } as unknown as SeedPlan;

    const report = await runner.run(plan, { concurrency: 4 });

    expect(report.failures).toEqual([]);
    expect(log).toEqual([
      'PublishRuleSet',
      // Started right after the publication, and not waited for by the commands that need no read model.
      'catch-up started',
      'EnrollPartner s7-p0001',
      'EnrollPartner s7-p0002',
      'catch-up done',
      // The sync step waits for it, catches up to the head, and only then accrues.
      'catch-up started',
      'catch-up done',
      'accrued',
    ]);
  });
});
