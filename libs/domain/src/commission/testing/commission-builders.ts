import { designRuleSetDocument } from '../../program/rule-set.example.js';
import { expect } from '@jest/globals';
import type { DealLine, DealPartner, PartnerRole } from '../../deal/deal.events.js';
import type { RuleSetDocument } from '../../program/rule-set.schema.js';
import { apply, applyAll, initialState, type EngineOptions } from '../commission.engine.js';
import type { CommissionLine, EngineOutput, LedgerEvent } from '../commission.types.js';

/**
 * Builders for engine tests: a rule set that is DESIGN §5's example unless a test says otherwise,
 * and a history that numbers positions and names events so each test writes only what it cares about.
 */
type DeepPartial<T> = T extends readonly (infer _)[]
  ? T
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;
/** What `toMatchObject` accepts: any subset of fields, inside arrays too. */
type Expected<T> = T extends readonly (infer Item)[]
  ? readonly Expected<Item>[]
  : T extends object
    ? { readonly [K in keyof T]?: Expected<T[K]> }
    : T;

/** DESIGN §5's rule set. */
export const designRuleSet = designRuleSetDocument;

function merge(base: unknown, overrides: unknown): unknown {
  if (overrides === undefined) return base;
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof overrides !== 'object' ||
    overrides === null ||
    Array.isArray(overrides)
  ) {
    return overrides;
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) result[key] = merge(result[key], value);
  return result;
}

/** DESIGN §5's rule set with some fields changed (objects merge, arrays and values replace). */
export function ruleSet(overrides: DeepPartial<RuleSetDocument> = {}): RuleSetDocument {
  return merge(designRuleSet(), overrides) as RuleSetDocument;
}

export function productLine(
  amount: string,
  options: { family?: string; sku?: string; discount?: string } = {},
): DealLine {
  return {
    sku: options.sku ?? 'SKU-1',
    family: options.family ?? 'software',
    amount,
    discount: options.discount ?? '0',
  };
}

export function partner(partnerId: string, share = '1', role: PartnerRole = 'sourcing'): DealPartner {
  return { partnerId, role, share };
}

export class History {
  readonly events: LedgerEvent[] = [];
  private position = 0n;

  add(stream: string, type: string, data: unknown, eventId?: string): LedgerEvent {
    this.position += 1n;
    const event: LedgerEvent = { eventId: eventId ?? `e${this.position}`, stream, position: this.position, type, data };
    this.events.push(event);
    return event;
  }

  publish(rules: RuleSetDocument, eventId?: string): LedgerEvent {
    return this.add(
      'program',
      'RuleSetPublished',
      {
        version: rules.version,
        effectiveFrom: rules.effectiveFrom,
        rules,
        rationale: 'test',
        publishedAt: rules.effectiveFrom,
      },
      eventId,
    );
  }

  close(period: string, eventId?: string): LedgerEvent {
    return this.add('program', 'PeriodClosed', { period, closedAt: '2099-01-01' }, eventId ?? `close-${period}`);
  }

  enroll(partnerId: string, enrolledAt = '2025-12-01'): LedgerEvent {
    return this.add(`partner-${partnerId}`, 'PartnerEnrolled', {
      partnerId,
      name: partnerId,
      kind: 'reseller',
      region: 'EMEA',
      enrolledAt,
    });
  }

  suspend(partnerId: string, suspendedAt: string): LedgerEvent {
    return this.add(`partner-${partnerId}`, 'PartnerSuspended', { partnerId, reason: 'test', suspendedAt });
  }

  offboard(
    partnerId: string,
    offboardedAt: string,
    settlement: 'accelerate' | 'forfeit_unvested',
    eventId?: string,
  ): LedgerEvent {
    return this.add(`partner-${partnerId}`, 'PartnerOffboarded', { partnerId, settlement, offboardedAt }, eventId);
  }

  override(
    partnerId: string,
    tier: string,
    overriddenAt: string,
    until: string,
    reason = 'strategic partner',
  ): LedgerEvent {
    return this.add(`partner-${partnerId}`, 'TierOverridden', { partnerId, tier, until, reason, overriddenAt });
  }

  open(dealId: string, partners: DealPartner[], currency = 'USD'): LedgerEvent {
    return this.add(`deal-${dealId}`, 'DealOpened', {
      dealId,
      customer: { name: `Customer of ${dealId}`, domain: `${dealId}.example` },
      partners,
      currency,
      openedAt: '2026-01-02',
    });
  }

  win(
    dealId: string,
    wonAt: string,
    lines: DealLine[],
    options: { fxRate?: string; programCurrency?: string; eventId?: string } = {},
  ): LedgerEvent {
    return this.add(
      `deal-${dealId}`,
      'DealWon',
      {
        dealId,
        lines,
        ...(options.fxRate ? { fxRate: options.fxRate } : {}),
        programCurrency: options.programCurrency ?? 'USD',
        billing: 'one_time',
        wonAt,
      },
      options.eventId,
    );
  }

  expand(
    dealId: string,
    expandedAt: string,
    lines: DealLine[],
    options: { fxRate?: string; programCurrency?: string; eventId?: string } = {},
  ): LedgerEvent {
    return this.add(
      `deal-${dealId}`,
      'DealExpanded',
      {
        dealId,
        lines,
        ...(options.fxRate ? { fxRate: options.fxRate } : {}),
        programCurrency: options.programCurrency ?? 'USD',
        expandedAt,
      },
      options.eventId,
    );
  }

  renew(
    dealId: string,
    renewedAt: string,
    lines: DealLine[],
    options: { fxRate?: string; programCurrency?: string; eventId?: string } = {},
  ): LedgerEvent {
    return this.add(
      `deal-${dealId}`,
      'DealRenewed',
      {
        dealId,
        lines,
        ...(options.fxRate ? { fxRate: options.fxRate } : {}),
        programCurrency: options.programCurrency ?? 'USD',
        renewedAt,
      },
      options.eventId,
    );
  }

  lose(dealId: string, lostAt: string): LedgerEvent {
    return this.add(`deal-${dealId}`, 'DealLost', { dealId, reason: 'price', lostAt });
  }

  refund(dealId: string, refundedAt: string, amount: string, eventId?: string): LedgerEvent {
    return this.add(`deal-${dealId}`, 'DealRefunded', { dealId, amount, programCurrency: 'USD', refundedAt }, eventId);
  }

  churn(dealId: string, churnedAt: string, eventId?: string): LedgerEvent {
    return this.add(`deal-${dealId}`, 'DealChurned', { dealId, churnedAt }, eventId);
  }

  /** A deal with one partner (or a split), opened and won in one go. */
  wonDeal(
    dealId: string,
    wonAt: string,
    amount: string,
    partners: DealPartner[] = [partner('p1')],
    options: { eventId?: string } = {},
  ): LedgerEvent {
    this.open(dealId, partners);
    return this.win(dealId, wonAt, [productLine(amount)], options);
  }
}

/**
 * Given/when/then for the engine: `given` a history, `when` one more event, `then` what that event
 * produced. The state is only ever built by folding events, as in the projector.
 */
export function engineSpecification(options: EngineOptions = {}) {
  return {
    given(events: readonly LedgerEvent[]) {
      // A copy: `when(history.win(...))` appends to the same history after `given` has read it.
      const past = [...events];
      return {
        when(event: LedgerEvent) {
          const run = (): EngineOutput => apply(applyAll(initialState(options), past).state, event).output;
          return {
            then(check: (output: EngineOutput) => void) {
              check(run());
            },
            thenLines(expected: readonly Expected<CommissionLine>[]) {
              const { lines } = run();
              expect(lines).toHaveLength(expected.length);
              expected.forEach((line, index) => expect(lines[index]).toMatchObject(line));
            },
          };
        },
      };
    },
  };
}
