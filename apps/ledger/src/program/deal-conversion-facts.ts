import { Inject, Injectable } from '@nestjs/common';
import { paysIn, type DealConversionFact, type DealEvent } from '#domain';
import { catchUp, type EventStore, type StoredEvent } from '#event-store';
import { EVENT_STORE } from '../common/tokens.js';

/** Facts of one kind: same deal currency, recorded program currency and fxRate presence. */
interface FactGroup {
  readonly kind: Omit<DealConversionFact, 'dealId' | 'businessDate'>;
  readonly dealIds: string[];
  readonly dates: string[];
}

/** Small enough that reading and parsing one batch holds the API's thread a few milliseconds. */
const batchSize = 250;

/**
 * The deal facts (won, renewed, expanded, refunded) a rule-set publication weighs before it changes the
 * program currency (`requireNoOrphanedDeals`). Folded from the global log, reading only what was
 * appended since the last call, and kept small: facts are grouped by their kind (a handful of groups),
 * each holding a deal id and a date per fact, so a publication only walks the groups its currency
 * cannot pay. Publications are rare; the first one after a start reads the log once.
 */
@Injectable()
export class DealConversionFacts {
  private position = 0n;
  private readonly dealCurrencies = new Map<string, string>();
  private readonly groups = new Map<string, FactGroup>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The facts dated on or after `from` that a rule set paying in `currency` could not pay. */
  async unpayableFrom(from: string, currency: string): Promise<DealConversionFact[]> {
    await this.refresh();
    const facts: DealConversionFact[] = [];
    for (const group of this.groups.values()) {
      if (paysIn({ dealId: '', businessDate: from, ...group.kind }, currency)) continue;
      group.dates.forEach((businessDate, index) => {
        if (businessDate >= from) facts.push({ dealId: group.dealIds[index]!, businessDate, ...group.kind });
      });
    }
    return facts;
  }

  /** One refresh at a time: a second caller waits for the first and then reads what is left. */
  private refresh(): Promise<void> {
    // A failed read fails its callers, not every later one: the next refresh starts from the last position applied.
    this.refreshing = this.refreshing
      .catch(() => undefined)
      .then(async () => {
        await catchUp(this.store, { after: this.position, batchSize }, async (batch) => {
          batch.forEach((event) => this.apply(event));
          this.position = batch.at(-1)!.position;
          // The SQLite store answers at once, so without a turn of the event loop the whole log would be read
          // in one go while every request waits (a first publication after a start reads all of it).
          await new Promise<void>((resolve) => setImmediate(resolve));
        });
      });
    return this.refreshing;
  }

  private apply(stored: StoredEvent): void {
    if (!stored.stream.startsWith('deal-')) return;
    const event = stored as unknown as DealEvent;
    switch (event.type) {
      case 'DealOpened':
        this.dealCurrencies.set(event.data.dealId, event.data.currency);
        return;
      case 'DealWon':
        return this.record(event.data, event.data.wonAt);
      case 'DealRenewed':
        return this.record(event.data, event.data.renewedAt);
      case 'DealExpanded':
        return this.record(event.data, event.data.expandedAt);
      case 'DealRefunded':
        return this.record(event.data, event.data.refundedAt);
      default:
        return;
    }
  }

  private record(data: { dealId: string; fxRate?: string; programCurrency?: string }, businessDate: string): void {
    const dealCurrency = this.dealCurrencies.get(data.dealId);
    // A fact of a deal never opened pays nothing under any rule set (the engine ignores it).
    if (dealCurrency === undefined) return;
    const hasFxRate = data.fxRate !== undefined;
    const key = `${dealCurrency}|${data.programCurrency ?? ''}|${hasFxRate}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      const recorded = data.programCurrency === undefined ? {} : { programCurrency: data.programCurrency };
      const kind = { dealCurrency, hasFxRate, ...recorded };
      group = { kind, dealIds: [], dates: [] };
      this.groups.set(key, group);
    }
    group.dealIds.push(data.dealId);
    group.dates.push(businessDate);
  }
}
