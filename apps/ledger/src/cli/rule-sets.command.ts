import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../common/tokens.js';
import { ProgramFacts } from '../program/program-facts.js';
import { governingSpans, ruleSetView } from '../program/rule-set-views.js';

/**
 * `npm run ledger -- rule-sets`: every published rule set, in publication order, as a JSON array of the
 * documents `GET /rule-sets/:version` answers (so one can be edited and passed to `simulate` or posted).
 */
@Command({ name: 'rule-sets', description: 'Print the published rule sets as a JSON array' })
export class RuleSetsCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(): Promise<void> {
    const publications = await new ProgramFacts(this.store).ruleSets();
    const spans = governingSpans(publications);
    const views = publications.map((publication) => ruleSetView(publication, spans));
    process.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- rule-sets > rule-sets.json');
  }
}
