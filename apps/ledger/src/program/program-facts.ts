import { Inject, Injectable } from '@nestjs/common';
import {
  compileRuleSet,
  programStream,
  ruleSetInForce,
  type ProgramEvent,
  type RuleSet,
  type RuleSetDocument,
} from '#domain';
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

/** A `RuleSetPublished` fact as the program routes show it. */
export interface RuleSetPublication {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly rationale: string;
  /** The business date of the publication (the command's date). */
  readonly publishedAt: string;
  /** Who published it (the authenticated subject) and when the ledger recorded it. */
  readonly publishedBy: string;
  readonly recordedAt: string;
  readonly position: bigint;
  /** The document exactly as published. */
  readonly rules: RuleSetDocument;
  readonly ruleSet: RuleSet;
}

/** A `PeriodClosed` fact. */
export interface PeriodClose {
  readonly period: string;
  readonly closedAt: string;
  readonly closedBy: string;
  readonly recordedAt: string;
  readonly position: bigint;
}

/** A rule set that governs part of a span of days, from `from` on (within the span). */
export interface GoverningRuleSet {
  readonly version: string;
  readonly from: string;
  readonly tiers: readonly string[];
}

/** Before any rule set is published: USD and 90 days of registration protection (DESIGN §5). */
export const programDefaults = { programCurrency: 'USD', protectionDays: 90 } as const;

/**
 * The program facts commands carry in their `context`, and what the program routes read: the rule
 * sets (in publication order, which breaks ties between equal effective dates) and the closed periods.
 * Folded from the `program` stream, reading only what was appended since the last call; the stream is
 * small (a few publications and four closes a year), so it is read from the store, which also makes
 * every read see the writes before it.
 */
@Injectable()
export class ProgramFacts {
  private version = 0;
  private readonly publications: RuleSetPublication[] = [];
  private readonly closes: PeriodClose[] = [];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async on(date: string): Promise<ProgramFactsOnDate> {
    await this.refresh();
    const ruleSet = ruleSetInForce(this.publications, date)?.ruleSet;
    return {
      programCurrency: ruleSet?.currency ?? programDefaults.programCurrency,
      protectionDays: ruleSet?.protectionDays ?? programDefaults.protectionDays,
      closedPeriods: this.closes.map((close) => close.period),
      ruleSet,
    };
  }

  /** Every published rule set, in publication order. */
  async ruleSets(): Promise<readonly RuleSetPublication[]> {
    await this.refresh();
    return [...this.publications];
  }

  /** Every closed period, oldest first (the order they were closed in). */
  async closedPeriods(): Promise<readonly PeriodClose[]> {
    await this.refresh();
    return [...this.closes];
  }

  /**
   * The rule sets that govern the days from `from` through `through`, in date order: the one in
   * force on `from` (when there is one), then each that takes over inside the span.
   */
  async governing(from: string, through: string): Promise<readonly GoverningRuleSet[]> {
    await this.refresh();
    const changes = [
      ...new Set(
        this.publications
          .map((publication) => publication.effectiveFrom)
          .filter((date) => date > from && date <= through),
      ),
    ].sort();
    const governing: GoverningRuleSet[] = [];
    for (const date of [from, ...changes]) {
      const publication = ruleSetInForce(this.publications, date);
      if (!publication || governing.at(-1)?.version === publication.version) continue;
      governing.push({
        version: publication.version,
        from: date,
        tiers: publication.ruleSet.tiers.map((tier) => tier.name),
      });
    }
    return governing;
  }

  private async refresh(): Promise<void> {
    const read = await this.store.readStream(programStream, { afterRevision: this.version });
    for (const stored of read.events) {
      // Two concurrent refreshes read the same tail: whichever comes second skips what is applied.
      if (stored.revision <= this.version) continue;
      this.version = stored.revision;
      const event = stored as unknown as ProgramEvent;
      const recorded = { recordedAt: stored.metadata.recordedAt, position: stored.position };
      if (event.type === 'RuleSetPublished') {
        const { version, effectiveFrom, rationale, publishedAt, rules } = event.data;
        this.publications.push({
          version,
          effectiveFrom,
          rationale,
          publishedAt,
          publishedBy: stored.metadata.actor,
          ...recorded,
          rules: rules as RuleSetDocument,
          ruleSet: compileRuleSet(rules),
        });
      } else if (event.type === 'PeriodClosed') {
        this.closes.push({
          period: event.data.period,
          closedAt: event.data.closedAt,
          closedBy: stored.metadata.actor,
          ...recorded,
        });
      }
    }
  }
}
