import { Inject, Injectable } from '@nestjs/common';
import { compileRuleSet, programStream, ruleSetInForce, type ProgramEvent, type RuleSet } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../common/tokens.js';

/** What a command needs to know about the program on a business date. */
export interface ProgramFactsOnDate {
  readonly programCurrency: string;
  readonly protectionDays: number;
  readonly closedPeriods: readonly string[];
  /** The rule set in force, when one is published. */
  readonly ruleSet: RuleSet | undefined;
}

/** Before any rule set is published: USD and 90 days of registration protection (DESIGN §5). */
export const programDefaults = { programCurrency: 'USD', protectionDays: 90 } as const;

/**
 * The program facts commands carry in their `context`: the rule set in force on a date, and the closed
 * periods. Folded from the `program` stream, reading only what was appended since the last call.
 */
@Injectable()
export class ProgramFacts {
  private version = 0;
  private readonly ruleSets: RuleSet[] = [];
  private readonly closedPeriods: string[] = [];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async on(date: string): Promise<ProgramFactsOnDate> {
    await this.refresh();
    const ruleSet = ruleSetInForce(this.ruleSets, date);
    return {
      programCurrency: ruleSet?.currency ?? programDefaults.programCurrency,
      protectionDays: ruleSet?.protectionDays ?? programDefaults.protectionDays,
      closedPeriods: [...this.closedPeriods],
      ruleSet,
    };
  }

  private async refresh(): Promise<void> {
    const read = await this.store.readStream(programStream, { afterRevision: this.version });
    for (const stored of read.events) {
      // Two concurrent refreshes read the same tail: whichever comes second skips what is applied.
      if (stored.revision <= this.version) continue;
      this.version = stored.revision;
      const event = stored as unknown as ProgramEvent;
      if (event.type === 'RuleSetPublished') this.ruleSets.push(compileRuleSet(event.data.rules));
      else if (event.type === 'PeriodClosed') this.closedPeriods.push(event.data.period);
    }
  }
}
