import fc from 'fast-check';
import { addDays, nextPeriod, periodEnd } from '../../dates.js';
import type { PartnerRole } from '../../deal/deal.events.js';
import { Decimal, roundingModes, type RoundingMode } from '../../money.js';
import type { Settlement } from '../../partner/partner.events.js';
import type { RuleSetDocument } from '../../program/rule-set.schema.js';
import type { LedgerEvent } from '../commission.types.js';
import { History, partner, productLine, ruleSet } from './commission-builders.js';

/**
 * Generators of commission histories for property tests: rule sets with random rates, brackets, caps
 * and rounding; deals with splits, foreign currencies, discounts, refunds, churns and losses; period
 * closes that sometimes come days after deals of the next quarter.
 */
export const fraction = (max: number) =>
  fc.integer({ min: 0, max }).map((n) => new Decimal(n).dividedBy(10_000).toFixed());
export const cents = (min: number, max: number) =>
  fc.integer({ min, max }).map((n) => new Decimal(n).dividedBy(100).toFixed(2));

export interface RuleSetShape {
  rounding: RoundingMode;
  rates: [string, string, string];
  services: [string, string, string];
  thresholds: number[];
  multipliers: string[];
  perDeal: string | null;
  perQuarter: string | null;
  maxDiscount: string;
  multiplierAbove: string;
  clawbackDays: number;
}

export const ruleSetShape: fc.Arbitrary<RuleSetShape> = fc.record({
  rounding: fc.constantFrom(...roundingModes),
  rates: fc.tuple(fraction(3000), fraction(3000), fraction(3000)),
  services: fc.tuple(fraction(1000), fraction(1000), fraction(1000)),
  thresholds: fc
    .uniqueArray(fc.integer({ min: 0, max: 400_000 }), { maxLength: 3 })
    .map((values) => values.sort((a, b) => a - b)),
  multipliers: fc
    .array(fc.constantFrom('1', '1.1', '1.25', '1.5', '2', '3'), { minLength: 3, maxLength: 3 })
    .map((values) => values.sort((a, b) => new Decimal(a).comparedTo(b))),
  perDeal: fc.option(cents(1, 5_000_000), { nil: null }),
  perQuarter: fc.option(cents(1, 20_000_000), { nil: null }),
  maxDiscount: fraction(10_000),
  multiplierAbove: fraction(10_000),
  clawbackDays: fc.integer({ min: 0, max: 200 }),
});

export function documentOf(shape: RuleSetShape, options: { caps?: boolean } = {}): RuleSetDocument {
  const caps =
    options.caps === false
      ? {}
      : {
          ...(shape.perDeal ? { perDeal: shape.perDeal } : {}),
          ...(shape.perQuarter ? { perQuarter: shape.perQuarter } : {}),
        };
  return {
    ...ruleSet({ rounding: shape.rounding }),
    commission: {
      ...ruleSet().commission,
      rates: { registered: shape.rates[0], silver: shape.rates[1], gold: shape.rates[2] },
      familyRates: { services: { registered: shape.services[0], silver: shape.services[1], gold: shape.services[2] } },
      accelerators: shape.thresholds.map((threshold, index) => ({
        quarterlyRevenueAbove: String(threshold),
        multiplier: shape.multipliers[index]!,
      })),
      discountPolicy: { maxDiscount: shape.maxDiscount, multiplierAbove: shape.multiplierAbove },
      caps,
      clawbackDays: shape.clawbackDays,
    },
  };
}

export const splits: readonly string[][] = [
  ['1'],
  ['0.5', '0.5'],
  ['0.6', '0.4'],
  ['0.25', '0.25', '0.5'],
  ['0.3', '0.3', '0.4'],
  ['0.125', '0.375', '0.5'],
];
export const lineShape = fc.record({
  amount: cents(0, 30_000_000),
  services: fc.boolean(),
  discount: fraction(10_000),
});

export type Action =
  | {
      kind: 'deal';
      gap: number;
      split: number;
      roles: PartnerRole[];
      euro: boolean;
      fxRate: string;
      lines: { amount: string; services: boolean; discount: string }[];
    }
  | {
      kind: 'expand' | 'renew';
      gap: number;
      deal: number;
      lines: { amount: string; services: boolean; discount: string }[];
    }
  | { kind: 'refund'; gap: number; deal: number; percent: number }
  | { kind: 'churn' | 'lose'; gap: number; deal: number }
  | { kind: 'override'; gap: number; partner: number; tier: string; days: number }
  | { kind: 'offboard'; gap: number; partner: number; settlement: Settlement };

// Mostly busy weeks, sometimes a quiet stretch of quarters, so partners get demoted as well as promoted.
export const gap = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 240 }) },
);

/** A refund of a percentage of what is left of a deal (the `deal`-th of those so far, modulo their number). */
export const refundAction = (gap: fc.Arbitrary<number>): fc.Arbitrary<Extract<Action, { kind: 'refund' }>> =>
  fc.record({
    kind: fc.constant('refund' as const),
    gap,
    deal: fc.nat(),
    percent: fc.integer({ min: 1, max: 100 }),
  });

/** A tier override for one of the three partners, for 0 to `maxDays` days. */
export const overrideAction = (
  gap: fc.Arbitrary<number>,
  maxDays: number,
): fc.Arbitrary<Extract<Action, { kind: 'override' }>> =>
  fc.record({
    kind: fc.constant('override' as const),
    gap,
    partner: fc.integer({ min: 0, max: 2 }),
    tier: fc.constantFrom('registered', 'silver', 'gold'),
    days: fc.integer({ min: 0, max: maxDays }),
  });

export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deal' as const),
      gap,
      split: fc.integer({ min: 0, max: splits.length - 1 }),
      roles: fc.array(fc.constantFrom<PartnerRole>('sourcing', 'influencing'), { minLength: 3, maxLength: 3 }),
      euro: fc.boolean(),
      fxRate: fc.integer({ min: 5000, max: 20000 }).map((n) => new Decimal(n).dividedBy(10000).toFixed()),
      lines: fc.array(lineShape, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('expand' as const, 'renew' as const),
      gap,
      deal: fc.nat(),
      lines: fc.array(lineShape, { minLength: 1, maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: refundAction(gap) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('churn' as const, 'lose' as const), gap, deal: fc.nat() }),
  },
  { weight: 1, arbitrary: overrideAction(gap, 120) },
);

/** An offboarding of one of the three partners (once; later ones for the same partner are skipped). */
export const offboardAction: fc.Arbitrary<Extract<Action, { kind: 'offboard' }>> = fc.record({
  kind: fc.constant('offboard' as const),
  gap,
  partner: fc.integer({ min: 0, max: 2 }),
  settlement: fc.constantFrom<Settlement>('accelerate', 'forfeit_unvested'),
});

export const partnerIds = ['p1', 'p2', 'p3'];

/** Churns a deal that is still open; nothing for one already churned, or for no deal. */
export function churnDeal(history: History, deal: { id: string; open: boolean } | undefined, date: string): void {
  if (!deal?.open) return;
  history.churn(deal.id, date);
  deal.open = false;
}

/** Opens a deal for one of the three partners (picked by `pick` modulo 3) and loses it on `date`. */
export function loseDeal(history: History, pick: number, date: string): void {
  const id = `lost${history.events.length}`;
  history.open(id, [partner(partnerIds[pick % 3]!)]);
  history.lose(id, date);
}

/** Turns generated actions into a history a deal decider would accept: dates move forward, quarters close in order. */
export function historyOf(shape: RuleSetShape, actions: readonly Action[], closeDelay: number): LedgerEvent[] {
  const history = new History();
  history.publish(documentOf(shape));
  partnerIds.forEach((id) => history.enroll(id));
  const deals: {
    id: string;
    won: boolean;
    open: boolean;
    amountCents: Decimal;
    refundedCents: Decimal;
    euro: boolean;
    fxRate: string;
  }[] = [];
  let date = '2026-01-05';
  let nextClose = '2026-Q1';
  const linesOf = (lines: { amount: string; services: boolean; discount: string }[]) =>
    lines.map((line, index) =>
      productLine(line.amount, {
        sku: `S${index}`,
        family: line.services ? 'services' : 'software',
        discount: line.discount,
      }),
    );
  for (const step of actions) {
    date = addDays(date, step.gap);
    while (addDays(periodEnd(nextClose), closeDelay) < date) {
      history.close(nextClose);
      nextClose = nextPeriod(nextClose);
    }
    const deal = deals.length > 0 && 'deal' in step ? deals[step.deal % deals.length]! : undefined;
    switch (step.kind) {
      case 'deal': {
        const shares = splits[step.split]!;
        const id = `d${deals.length}`;
        history.open(
          id,
          shares.map((share, index) => partner(partnerIds[index]!, share, step.roles[index])),
          step.euro ? 'EUR' : 'USD',
        );
        const lines = linesOf(step.lines);
        history.win(id, date, lines, step.euro ? { fxRate: step.fxRate } : {});
        deals.push({
          id,
          won: true,
          open: true,
          amountCents: lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0)),
          refundedCents: new Decimal(0),
          euro: step.euro,
          fxRate: step.fxRate,
        });
        break;
      }
      case 'expand':
      case 'renew': {
        if (!deal?.open) break;
        const lines = linesOf(step.lines);
        const options = deal.euro ? { fxRate: deal.fxRate } : {};
        if (step.kind === 'expand') history.expand(deal.id, date, lines, options);
        else history.renew(deal.id, date, lines, options);
        deal.amountCents = lines.reduce((sum, line) => sum.plus(line.amount), deal.amountCents);
        break;
      }
      case 'refund': {
        if (!deal?.open) break;
        const refundable = deal.amountCents.minus(deal.refundedCents);
        const amount = refundable.times(step.percent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_DOWN);
        if (amount.lte(0)) break;
        history.refund(deal.id, date, amount.toFixed(2));
        deal.refundedCents = deal.refundedCents.plus(amount);
        break;
      }
      case 'churn':
        churnDeal(history, deal, date);
        break;
      case 'lose':
        loseDeal(history, step.deal, date);
        break;
      case 'override':
        history.override(partnerIds[step.partner]!, step.tier, date, addDays(date, step.days));
        break;
      case 'offboard':
        offboardOnce(history, partnerIds[step.partner]!, date, step.settlement);
        break;
    }
  }
  return history.events;
}

function offboardOnce(history: History, partnerId: string, date: string, settlement: Settlement): void {
  const offboarded = history.events.some(
    (event) => event.type === 'PartnerOffboarded' && (event.data as { partnerId: string }).partnerId === partnerId,
  );
  if (!offboarded) history.offboard(partnerId, date, settlement);
}

/** Histories with offboardings among the other actions: what a settlement must hold for. */
export const settledHistories = fc
  .record({
    shape: ruleSetShape,
    actions: fc.array(fc.oneof({ weight: 8, arbitrary: action }, { weight: 1, arbitrary: offboardAction }), {
      minLength: 1,
      maxLength: 50,
    }),
    closeDelay: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ shape, actions, closeDelay }) => ({ shape, events: historyOf(shape, actions, closeDelay) }));

export const histories = fc
  .record({
    shape: ruleSetShape,
    actions: fc.array(action, { minLength: 1, maxLength: 50 }),
    closeDelay: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ shape, actions, closeDelay }) => ({ shape, events: historyOf(shape, actions, closeDelay) }));
