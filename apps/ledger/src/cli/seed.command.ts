import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import { dateOf, isBusinessDate, nextPeriod, partnerStream, periodEnd, periodStart, type PartnerEvent } from '#domain';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { deferSync, SqliteEventStore, type EventStore } from '#event-store';
import { Projector } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG, READ_DATABASE, systemClock } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { planSeed, seedDefaults, timelineOf, type SeedOptions } from './seed/seed-plan.js';
import { SeedRunner } from './seed/seed-runner.js';
import { startProgress } from './progress.js';

interface SeedFlags {
  events?: number;
  seed?: number;
  from?: string;
  quarters?: number;
  concurrency?: number;
  project?: boolean;
}

const failuresShown = 10;

/**
 * `npm run ledger -- seed [--events N] [--seed S] [--from YYYY-MM-DD] [--quarters Q]`: a realistic demo
 * program played through the command handlers on a virtual clock (cli/seed/seed-plan.ts says what it
 * holds). The same options on the same data folder replay (nothing appended); another seed adds its
 * own partners and customers (ids `s<seed>-...`) after the quarters already closed.
 */
@Command({
  name: 'seed',
  description:
    'Seed a demo partner program through the command handlers: partners, registrations, ' +
    'deals over several quarters, rule changes, closed periods',
})
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly runner: SeedRunner,
    private readonly program: ProgramFacts,
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly readDb: Database.Database,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run(_args: string[], flags: SeedFlags): Promise<void> {
    // Refuse before appending anything when a running service keeps the read models: the seed projects as it goes.
    this.projector.claimWriter();
    // A bulk load: commits stop waiting for their own fsync, and everything is synced once at the end (deferSync).
    // A kill loses nothing committed, and a re-run replays what was appended and appends the rest.
    const restores = [
      deferSync(this.readDb),
      ...(this.store instanceof SqliteEventStore ? [this.store.deferSync()] : []),
    ];
    try {
      await this.seed(flags);
    } finally {
      for (const restore of restores) restore();
    }
  }

  private async seed(flags: SeedFlags): Promise<void> {
    const options = await this.resolve(flags);
    const plan = planSeed(options);
    process.stderr.write(
      `seed ${options.seed}: ${plan.start} to ${plan.end} (${options.quarters} quarters), ` +
        `${plan.partners.length} partners, ${plan.stories} customers, ${plan.campaigns} campaigns, ` +
        `${plan.statements} statements, ${plan.steps.length} steps, about ${plan.eventsPlanned} events\n`,
    );

    const progress = startProgress('seed', plan.eventsPlanned);
    let shownAt = 0;
    const report = await this.runner.run(plan, {
      concurrency: flags.concurrency ?? 256,
      onProgress: (done) => {
        const now = Date.now();
        if (now - shownAt >= 100) {
          shownAt = now;
          progress.update(done);
        }
      },
    });
    progress.update(plan.eventsPlanned);
    progress.stop();
    if (report.failures.length > 0) {
      for (const failure of report.failures.slice(0, failuresShown)) {
        process.stderr.write(
          `  ${failure.date} ${failure.step} (${failure.key ?? failure.chain}): ${failure.code} ${failure.message}\n`,
        );
      }
      const more = report.failures.length > failuresShown ? ` (the first ${failuresShown} above)` : '';
      const hint = report.failures.some((failure) => failure.code === 'IDEMPOTENCY_KEY_REUSED')
        ? `; this data folder was seeded with --seed ${options.seed} and other options: ` +
          're-run with the same --events, --from and --quarters, or use another --seed'
        : '';
      throw new Error(`seed went off plan: ${report.failures.length} commands refused${more}${hint}`);
    }

    const rate = Math.round(report.eventsAppended / Math.max(report.seconds, 0.001));
    process.stdout.write(
      `Seeded ${report.eventsAppended} events in ${report.seconds.toFixed(1)} s ` +
        `(${rate} events/s, projecting and accruing MDF on the way included): ` +
        `${report.commands} commands, ${report.replayed} replayed, ` +
        `${report.refusedAsPlanned} refused as planned (conflicting registrations)\n`,
    );
    const notSent = [
      [
        report.skippedByKind.get('proposeCampaign') ?? 0,
        'campaigns not proposed, the fund having too little available (a budget under 300)',
      ],
      [report.skippedByKind.get('disputeLine') ?? 0, 'disputes not raised, the statement having no commission line'],
      [report.skippedByKind.get('publish') ?? 0, 'launch rule sets not published, rules being in force already'],
    ] as const;
    const skipped = notSent.filter(([count]) => count > 0).map(([count, what]) => `${what}: ${count}`);
    if (skipped.length > 0) process.stdout.write(`Not sent as planned: ${skipped.join('; ')}\n`);
    const renamed = [...report.ruleSetVersions].filter(([planned, published]) => planned !== published);
    if (renamed.length > 0) {
      const versions = renamed.map(([planned, published]) => `${published} (planned ${planned})`);
      process.stdout.write(`Rule sets published as ${versions.join(', ')}\n`);
    }
    if (flags.project !== false) await this.project();
    await this.saveSnapshot();
  }

  /**
   * The commission engine's memory where this process left it, so a service started on the folder replays
   * only the log after it: the seed saves none every N events (cli/seed/seed-config.ts).
   */
  private async saveSnapshot(): Promise<void> {
    if (this.config.snapshotEveryEvents === 0) return;
    await this.projector.saveSnapshots(new Map([['commissions', join(this.config.dataDir, 'snapshots')]]));
  }

  /** Brings the read models up to the head, so the service shows the program as soon as it starts. */
  private async project(): Promise<void> {
    const startedAt = performance.now();
    const before = (await this.projector.status()).position;
    const head = await this.store.headPosition();
    const progress = startProgress('project', Number(head - before));
    const timer = setInterval(() => {
      void this.projector.status().then((status) => progress.update(Number(status.position - before)));
    }, 250);
    try {
      await this.projector.runUntilCaughtUp();
    } finally {
      clearInterval(timer);
    }
    progress.update(Number(head - before));
    progress.stop();
    const seconds = (performance.now() - startedAt) / 1000;
    const rate = Math.round(Number(head - before) / Math.max(seconds, 0.001));
    process.stdout.write(
      `Projected ${head - before} events in ${seconds.toFixed(1)} s (${rate} events/s); ` +
        `read models at position ${head}\n`,
    );
  }

  /**
   * Fills in the defaults. Without --from: the timeline this seed used before (a re-run must plan the
   * same commands to replay them), else the first open quarter after the closed ones, else 2025-01-01.
   * The timeline must lie in the past, and a new seed must not reach into closed quarters.
   */
  private async resolve(flags: SeedFlags): Promise<SeedOptions> {
    const seed = flags.seed ?? seedDefaults.seed;
    const firstPartner = await this.store.readStream(partnerStream(`s${seed}-p0001`));
    const enrolled = firstPartner.events.find((event) => event.type === 'PartnerEnrolled') as
      (PartnerEvent & { type: 'PartnerEnrolled' }) | undefined;
    const closed = (await this.program.closedPeriods()).at(-1)?.period;
    const from =
      flags.from ?? enrolled?.data.enrolledAt ?? (closed ? periodStart(nextPeriod(closed)) : seedDefaults.from);
    const options: SeedOptions = {
      seed,
      from,
      quarters: flags.quarters ?? seedDefaults.quarters,
      events: flags.events ?? seedDefaults.events,
    };

    const { end } = timelineOf(options);
    const today = dateOf(systemClock.now());
    if (end >= today) {
      throw new Error(
        `The timeline ${from} to ${end} (${options.quarters} quarters) does not end before today (${today}): ` +
          'seed the past with an earlier --from or fewer --quarters',
      );
    }
    if (!enrolled && closed && from <= periodEnd(closed)) {
      const firstOpen = periodStart(nextPeriod(closed));
      throw new Error(
        `Periods are closed through ${closed}, so a new seed can only add facts from ${firstOpen} on: ` +
          `pass --from ${firstOpen} or later`,
      );
    }
    return options;
  }

  @Option({
    flags: '--events <count>',
    description: `about how many events to append (default ${seedDefaults.events}; 1000000 for benchmarks)`,
  })
  parseEvents(value: string): number {
    return integer(value, '--events', 1, 50_000_000);
  }

  @Option({
    flags: '--seed <seed>',
    description: `the generator's seed, which also namespaces ids as s<seed>-... (default ${seedDefaults.seed})`,
  })
  parseSeed(value: string): number {
    return integer(value, '--seed', 0, 2_147_483_647);
  }

  @Option({
    flags: '--from <date>',
    description:
      'first day of the timeline, YYYY-MM-DD ' + `(default ${seedDefaults.from}, or after the last closed quarter)`,
  })
  parseFrom(value: string): string {
    const given = value;
    if (!isBusinessDate(value)) throw new Error(`--from must be a date such as 2025-01-01, not ${given}`);
    return value;
  }

  @Option({
    flags: '--quarters <count>',
    description: `calendar quarters the timeline spans, all closed but the last (default ${seedDefaults.quarters})`,
  })
  parseQuarters(value: string): number {
    return integer(value, '--quarters', 2, 40);
  }

  @Option({ flags: '--concurrency <count>', description: 'commands in flight at once (default 256)' })
  parseConcurrency(value: string): number {
    return integer(value, '--concurrency', 1, 10_000);
  }

  @Option({
    flags: '--no-project',
    description:
      'skip the final catch-up of the read models (the service projects at start); ' +
      'the seed still projects where statements and campaigns need it',
  })
  parseProject(): boolean {
    return false;
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- seed', 'npm run ledger -- seed --events 1000000 --seed 7 --no-project');
  }
}

function integer(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new Error(`${flag} must be a whole number from ${min} to ${max}, not ${value}`);
  return Number(value);
}
