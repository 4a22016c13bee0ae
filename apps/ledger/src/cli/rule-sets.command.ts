import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import { programStream, type ProgramEvent } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../common/tokens.js';

/** `npm run ledger -- rule-sets`: every published rule set, in publication order, as a JSON array. */
@Command({ name: 'rule-sets', description: 'Print the published rule sets as a JSON array' })
export class RuleSetsCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(): Promise<void> {
    const { events } = await this.store.readStream(programStream);
    const published = events
      .map((stored) => stored as unknown as ProgramEvent & { position: bigint })
      .filter((event) => event.type === 'RuleSetPublished')
      .map((event) => event.type === 'RuleSetPublished' && { ...event.data, position: event.position.toString() });
    process.stdout.write(`${JSON.stringify(published, null, 2)}\n`);
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- rule-sets > rule-sets.json');
  }
}
