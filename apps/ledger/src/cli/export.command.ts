import { Inject } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Command, CommandRunner, Option, SubCommand, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import type { EventStore } from '#event-store';
import { Projector, StatementQueries, statementsProjection, type StatementView } from '#read-models';
import { EVENT_STORE, READ_DATABASE } from '../common/tokens.js';
import { periodPattern } from '../common/field-validators.js';
import { statementsCsv } from '../statements/statement-csv.js';

interface ExportStatementsOptions {
  readonly period?: string;
  readonly csv?: boolean;
}

/**
 * `npm run ledger -- export statements --period 2026-Q1 [--csv]`: every partner's statement of the
 * period, as the JSON of GET /statements/:id (an array, by partner) or as the CSV of
 * GET /statements?format=csv (one row per line with its provenance).
 *
 * It first brings the statements read model up to the log's head, and only that one (it never
 * replays the commission engine); when a running service holds the read models' writer lock, it
 * waits for that service to reach the head instead.
 */
@SubCommand({
  name: 'statements',
  description: "Export every partner's payout statement of a period (JSON, or CSV with --csv)",
})
export class ExportStatementsCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: Database.Database,
  ) {
    super();
  }

  async run(_parameters: string[], options: ExportStatementsOptions): Promise<void> {
    const { period } = options;
    if (period === undefined) throw new Error('export statements needs --period, such as --period 2026-Q1');
    const label = 'the ledger CLI (export)';
    const projector = new Projector({ store: this.store, db: this.db, projections: [statementsProjection], label });
    // A running service keeps the read models: wait for it to reach the head instead of projecting beside it.
    if (projector.tryBecomeWriter()) await projector.runUntilCaughtUp();
    else await projector.waitFor(await this.store.headPosition(), 60_000, ['statements']);
    const queries = new StatementQueries(this.db, this.store);
    const statements: StatementView[] = [];
    const pageSize = 500;
    for (let offset = 0; ; offset += pageSize) {
      const page = await queries.list({ period, limit: pageSize, offset });
      statements.push(...page);
      if (page.length < pageSize) break;
    }
    process.stdout.write(options.csv ? statementsCsv(statements) : `${JSON.stringify(statements, null, 2)}\n`);
  }

  @Option({ flags: '--period <period>', description: 'the quarter, such as 2026-Q1', required: true })
  parsePeriod(value: string): string {
    if (!periodPattern.test(value)) throw new Error('--period must be a quarter such as 2026-Q1');
    return value;
  }

  @Option({ flags: '--csv', description: 'print CSV (one row per statement line) instead of JSON' })
  parseCsv(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- export statements --period 2026-Q1',
      'npm run ledger -- export statements --period 2026-Q1 --csv > statements.csv',
    );
  }
}

/** `npm run ledger -- export <what>`: read models as files for finance. */
@Command({ name: 'export', description: 'Export ledger data (statements)', subCommands: [ExportStatementsCommand] })
export class ExportCommand extends CommandRunner {
  run(): Promise<void> {
    return Promise.reject(new Error('Name what to export: export statements --period <period> [--csv]'));
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- export statements --period 2026-Q1');
  }
}
