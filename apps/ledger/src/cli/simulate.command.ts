import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import { readFileSync } from 'node:fs';
import type { EventStore } from '#event-store';
import { simulateRuleSet } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { storeLocation } from '../ledger-core.module.js';
import { simulationCsv, simulationTable } from '../simulation/simulation-format.js';
import { startProgress } from './progress.js';
import { ruleSetInput } from '../program/rule-set-views.js';

/** `npm run ledger -- simulate <rule-set.json> [--csv|--json]`: the per-partner, per-period difference. */
@Command({
  name: 'simulate',
  arguments: '<ruleSetFile>',
  description: 'Simulate a candidate rule set against the whole history (writes nothing)',
})
export class SimulateCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([file]: string[], options: { csv?: boolean; json?: boolean }): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(file!, 'utf8'));
    } catch (error) {
      throw new Error(
        `Cannot read a rule set from ${file}: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
    // The same document as the HTTP routes: a rule set read with `rule-sets` or GET, rationale optional.
    const { rules: candidate } = ruleSetInput(body, 'simulate');
    const progress = startProgress('simulate', Number(await this.store.headPosition()));
    const report = await simulateRuleSet({
      store: this.store,
      candidate,
      // The two replays (published rules, with the candidate) one after the other, a worker thread each.
      worker: storeLocation(this.config),
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    process.stdout.write(
      options.csv
        ? simulationCsv(report)
        : options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : simulationTable(report),
    );
  }

  @Option({ flags: '--csv', description: 'print CSV instead of a table' })
  parseCsv(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the JSON report instead of a table' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- simulate candidate-rules.json',
      'npm run ledger -- simulate candidate-rules.json --csv > difference.csv',
    );
  }
}
