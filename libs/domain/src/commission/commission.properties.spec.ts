import fc from 'fast-check';
import { addDays, nextPeriod, periodEnd, periodOf } from '../dates.js';
import type { PartnerRole } from '../deal/deal.events.js';
import { Decimal, roundingModes, type RoundingMode } from '../money.js';
import type { RuleSetDocument } from '../program/rule-set.schema.js';
import { apply, applyAll, computeAll, initialState } from './commission.engine.js';
import type { CommissionLine, EngineOutput, LedgerEvent } from './commission.types.js';
import { History, partner, productLine, ruleSet } from './testing/commission-builders.js';

/**
 * Properties of DESIGN §5 that must hold for every history, checked on generated ones: rule sets with
 * random rates, brackets, caps and rounding; deals with splits, foreign currencies, discounts, refunds,
 * churns and losses; period closes that sometimes come days after deals of the next quarter.
 */
const fraction = (max: number) => fc.integer({ min: 0, max }).map((n) => new Decimal(n).dividedBy(10_000).toFixed());
const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => new Decimal(n).dividedBy(100).toFixed(2));

interface RuleSetShape {
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

const ruleSetShape: fc.Arbitrary<RuleSetShape> = fc.record({
  rounding: fc.constantFrom(...roundingModes),
  rates: fc.tuple(fraction(3000), fraction(3000), fraction(3000)),
  services: fc.tuple(fraction(1000), fraction(1000), fraction(1000)),
  thresholds: fc.uniqueArray(fc.integer({ min: 0, max: 400_000 }), { maxLength: 3 }).map((values) => values.sort((a, b) => a - b)),
  multipliers: fc.array(fc.constantFrom('1', '1.1', '1.25', '1.5', '2', '3'), { minLength: 3, maxLength: 3 }).map((values) => values.sort((a, b) => new Decimal(a).comparedTo(b))),
  perDeal: fc.option(cents(1, 5_000_000), { nil: null }),
  perQuarter: fc.option(cents(1, 20_000_000), { nil: null }),
  maxDiscount: fraction(10_000),
  multiplierAbove: fraction(10_000),
  clawbackDays: fc.integer({ min: 0, max: 200 }),
});

function documentOf(shape: RuleSetShape, options: { caps?: boolean } = {}): RuleSetDocument {
  const caps = options.caps === false ? {} : { ...(shape.perDeal ? { perDeal: shape.perDeal } : {}), ...(shape.perQuarter ? { perQuarter: shape.perQuarter } : {}) };
  return {
    ...ruleSet({ rounding: shape.rounding }),
    commission: {
      ...ruleSet().commission,
      rates: { registered: shape.rates[0], silver: shape.rates[1], gold: shape.rates[2] },
      familyRates: { services: { registered: shape.services[0], silver: shape.services[1], gold: shape.services[2] } },
      accelerators: shape.thresholds.map((threshold, index) => ({ quarterlyRevenueAbove: String(threshold), multiplier: shape.multipliers[index]! })),
      discountPolicy: { maxDiscount: shape.maxDiscount, multiplierAbove: shape.multiplierAbove },
      caps,
      clawbackDays: shape.clawbackDays,
    },
  };
}

const splits: readonly string[][] = [['1'], ['0.5', '0.5'], ['0.6', '0.4'], ['0.25', '0.25', '0.5'], ['0.3', '0.3', '0.4'], ['0.125', '0.375', '0.5']];
const lineShape = fc.record({ amount: cents(0, 30_000_000), services: fc.boolean(), discount: fraction(10_000) });

type Action =
  | { kind: 'deal'; gap: number; split: number; roles: PartnerRole[]; euro: boolean; fxRate: string; lines: { amount: string; services: boolean; discount: string }[] }
  | { kind: 'expand' | 'renew'; gap: number; deal: number; lines: { amount: string; services: boolean; discount: string }[] }
  | { kind: 'refund'; gap: number; deal: number; percent: number }
  | { kind: 'churn' | 'lose'; gap: number; deal: number }
  | { kind: 'override'; gap: number; partner: number; tier: string; days: number };

// Mostly busy weeks, sometimes a quiet stretch of quarters, so partners get demoted as well as promoted.
const gap = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 60, max: 240 }) });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deal' as const), gap, split: fc.integer({ min: 0, max: splits.length - 1 }), roles: fc.array(fc.constantFrom<PartnerRole>('sourcing', 'influencing'), { minLength: 3, maxLength: 3 }), euro: fc.boolean(), fxRate: fc.integer({ min: 5000, max: 20000 }).map((n) => new Decimal(n).dividedBy(10000).toFixed()), lines: fc.array(lineShape, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('expand' as const, 'renew' as const), gap, deal: fc.nat(), lines: fc.array(lineShape, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), gap, deal: fc.nat(), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('churn' as const, 'lose' as const), gap, deal: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('override' as const), gap, partner: fc.integer({ min: 0, max: 2 }), tier: fc.constantFrom('registered', 'silver', 'gold'), days: fc.integer({ min: 0, max: 120 }) }) },
);

const partnerIds = ['p1', 'p2', 'p3'];

/** Turns generated actions into a history a deal decider would accept: dates move forward, quarters close in order. */
function historyOf(shape: RuleSetShape, actions: readonly Action[], closeDelay: number): LedgerEvent[] {
  const history = new History();
  history.publish(documentOf(shape));
  partnerIds.forEach((id) => history.enroll(id));
  const deals: { id: string; won: boolean; open: boolean; amountCents: Decimal; refundedCents: Decimal; euro: boolean; fxRate: string }[] = [];
  let date = '2026-01-05';
  let nextClose = '2026-Q1';
  const linesOf = (lines: { amount: string; services: boolean; discount: string }[]) =>
    lines.map((line, index) => productLine(line.amount, { sku: `S${index}`, family: line.services ? 'services' : 'software', discount: line.discount }));
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
        history.open(id, shares.map((share, index) => partner(partnerIds[index]!, share, step.roles[index])), step.euro ? 'EUR' : 'USD');
        const lines = linesOf(step.lines);
        history.win(id, date, lines, step.euro ? { fxRate: step.fxRate } : {});
        deals.push({ id, won: true, open: true, amountCents: lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0)), refundedCents: new Decimal(0), euro: step.euro, fxRate: step.fxRate });
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
        if (!deal?.open) break;
        history.churn(deal.id, date);
        deal.open = false;
        break;
      case 'lose': {
        const id = `lost${history.events.length}`;
        history.open(id, [partner(partnerIds[step.deal % 3]!)]);
        history.lose(id, date);
        break;
      }
      case 'override':
        history.override(partnerIds[step.partner]!, step.tier, date, addDays(date, step.days));
        break;
    }
  }
  return history.events;
}

const histories = fc.record({ shape: ruleSetShape, actions: fc.array(action, { minLength: 1, maxLength: 50 }), closeDelay: fc.integer({ min: 0, max: 30 }) })
  .map(({ shape, actions, closeDelay }) => ({ shape, events: historyOf(shape, actions, closeDelay) }));

function allLines(events: readonly LedgerEvent[]): CommissionLine[] {
  return [...applyAll(initialState(), events).output.lines];
}

function sum(values: Iterable<string>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}

describe('commission engine properties', () => {
  it('every line (and every revision) equals the sum of its components, and each part of an earned line adds up', () => {
    fc.assert(fc.property(histories, ({ events }) => {
      for (const line of allLines(events)) {
        expect(sum(Object.values(line.components)).eq(line.amount)).toBe(true);
        expect(new Decimal(line.rounding.unrounded).plus(line.rounding.adjustment).eq(line.amount)).toBe(true);
        // One rounding per line, to the minor unit: never a cent or more away from the exact figure.
        expect(new Decimal(line.rounding.adjustment).abs().lt('0.01')).toBe(true);
        if (line.earned) {
          expect(sum(line.earned.productLines.map((product) => product.standard)).eq(line.components.standard)).toBe(true);
          expect(sum(line.earned.productLines.map((product) => product.accelerated)).eq(line.components.accelerated)).toBe(true);
          expect(new Decimal(line.amount).gte(0)).toBe(true);
        }
      }
    }));
  });

  it('caps are never exceeded: per partner per deal, and per partner per quarter', () => {
    fc.assert(fc.property(histories, ({ shape, events }) => {
      const earned = computeAll(events).lines.filter((line) => line.kind === 'earned');
      const byKey = (key: (line: CommissionLine) => string) => {
        const totals = new Map<string, Decimal>();
        for (const line of earned) totals.set(key(line), (totals.get(key(line)) ?? new Decimal(0)).plus(line.amount));
        return totals;
      };
      if (shape.perDeal) for (const total of byKey((line) => `${line.partnerId}/${line.dealId}`).values()) expect(total.lte(shape.perDeal)).toBe(true);
      if (shape.perQuarter) for (const total of byKey((line) => `${line.partnerId}/${line.period}`).values()) expect(total.lte(shape.perQuarter)).toBe(true);
    }));
  });

  it('clawbacks never take back more than the line they reverse', () => {
    fc.assert(fc.property(histories, ({ events }) => {
      const { lines } = computeAll(events);
      const clawed = new Map<string, Decimal>();
      for (const line of lines) {
        if (line.reversal) clawed.set(line.reversal.reversedLineId, (clawed.get(line.reversal.reversedLineId) ?? new Decimal(0)).plus(line.amount));
      }
      for (const [lineId, total] of clawed) {
        const original = lines.find((line) => line.lineId === lineId)!;
        expect(total.lte(0)).toBe(true);
        expect(total.plus(original.amount).gte(0)).toBe(true);
      }
    }));
  });

  it('accelerated commission is monotone in revenue', () => {
    fc.assert(fc.property(
      ruleSetShape, cents(0, 40_000_000), cents(0, 30_000_000), cents(0, 10_000_000), fc.boolean(), fraction(10_000), fc.constantFrom<PartnerRole>('sourcing', 'influencing'),
      (shape, earlier, amount, more, services, discount, role) => {
        const lineFor = (value: string) => {
          const history = new History();
          history.publish(documentOf(shape));
          history.wonDeal('earlier', '2026-02-01', earlier, [partner('p1', '1', role)]);
          history.open('d', [partner('p1', '1', role)]);
          history.win('d', '2026-02-02', [productLine(value, { family: services ? 'services' : 'software', discount })], { eventId: 'w' });
          return computeAll(history.events).lines.find((line) => line.lineId === 'w:p1')!;
        };
        const smaller = lineFor(amount);
        const larger = lineFor(new Decimal(amount).plus(more).toFixed(2));
        expect(new Decimal(larger.rounding.unrounded).gte(smaller.rounding.unrounded)).toBe(true);
        expect(new Decimal(larger.amount).gte(smaller.amount)).toBe(true);
      },
    ));
  });

  it('the commission of a split deal never exceeds the unsplit commission at the same rate', () => {
    fc.assert(fc.property(
      ruleSetShape, fc.integer({ min: 1, max: splits.length - 1 }), fc.array(lineShape, { minLength: 1, maxLength: 3 }), fc.constantFrom<PartnerRole>('sourcing', 'influencing'),
      (shape, split, lines, role) => {
        // Caps are per partner (DESIGN §5), so a split can escape a cap the single partner would hit;
        // the property is about rates, accelerators and rounding, without caps.
        const commissionOf = (shares: readonly string[], rounding: RoundingMode) => {
          const history = new History();
          history.publish({ ...documentOf(shape, { caps: false }), rounding });
          history.open('d', shares.map((share, index) => partner(partnerIds[index]!, share, role)));
          history.win('d', '2026-02-02', lines.map((line, index) => productLine(line.amount, { sku: `S${index}`, family: line.services ? 'services' : 'software', discount: line.discount })));
          const result = computeAll(history.events).lines;
          return { unrounded: sum(result.map((line) => line.rounding.unrounded)), rounded: sum(result.map((line) => line.amount)) };
        };
        const whole = commissionOf(['1'], shape.rounding);
        const parts = commissionOf(splits[split]!, shape.rounding);
        expect(parts.unrounded.lte(whole.unrounded)).toBe(true);
        // Rounding each partner's line once can add at most half a cent per partner, except when rounding down.
        const down = (shares: readonly string[]) => commissionOf(shares, 'DOWN');
        expect(down(splits[split]!).rounded.lte(down(['1']).rounded)).toBe(true);
      },
    ));
  });

  it('folding the history in one go equals applying it in batches, and replaying a batch changes nothing', () => {
    fc.assert(fc.property(histories, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), ({ events }, cuts, replayed) => {
      const oneGo = applyAll(initialState(), events);

      const bounds = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort((a, b) => a - b);
      const batches: LedgerEvent[][] = [];
      let start = 0;
      for (const bound of [...bounds, events.length]) {
        batches.push(events.slice(start, bound));
        start = bound;
      }
      let state = initialState();
      const outputs: EngineOutput[] = [];
      batches.forEach((batch, index) => {
        const result = applyAll(state, batch);
        state = result.state;
        outputs.push(result.output);
        // At-least-once delivery: an earlier batch arrives again.
        const again = applyAll(state, batches[replayed % (index + 1)]!);
        expect(again.state).toBe(state);
        expect(again.output.lines).toEqual([]);
      });
      expect(outputs.flatMap((output) => output.lines)).toEqual(oneGo.output.lines);
      expect(outputs.flatMap((output) => output.tierEvaluations)).toEqual(oneGo.output.tierEvaluations);
      expect(outputs.flatMap((output) => output.mdfAccruals)).toEqual(oneGo.output.mdfAccruals);
      expect(outputs.flatMap((output) => output.notices)).toEqual(oneGo.output.notices);
      expect(state).toEqual(oneGo.state);
      // And event by event.
      let single = initialState();
      const lines: CommissionLine[] = [];
      for (const event of events) {
        const result = apply(single, event);
        single = result.state;
        lines.push(...result.output.lines);
      }
      expect(lines).toEqual(oneGo.output.lines);
    }), { numRuns: 60 });
  });

  it('a line revised at a late close equals the line computed with the tier known in advance', () => {
    fc.assert(fc.property(histories, ({ events }) => {
      // Move every close to right after the last event of its quarter (as if finance closed on time)
      // and compare with the history as generated: final lines agree for every deal event.
      const closes = events.filter((event) => event.type === 'PeriodClosed');
      const others = events.filter((event) => event.type !== 'PeriodClosed');
      const onTime: LedgerEvent[] = [];
      const pending = [...closes];
      for (const event of others) {
        const date = businessDateOf(event);
        while (pending.length > 0 && date !== null && periodEnd((pending[0]!.data as { period: string }).period) < date) {
          onTime.push(pending.shift()!);
        }
        onTime.push(event);
      }
      onTime.push(...pending);
      const renumbered = onTime.map((event, index) => ({ ...event, position: BigInt(index + 1) }));
      const late = computeAll(events).lines;
      const early = computeAll(renumbered).lines;
      const figures = (lines: readonly CommissionLine[]) => lines.map((line) => [line.lineId, line.amount, line.tier.name]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      // Only histories where the order of deal events is unchanged are comparable (closes never move a deal event).
      expect(figures(late)).toEqual(figures(early));
    }), { numRuns: 60 });
  });
});

function businessDateOf(event: LedgerEvent): string | null {
  const data = event.data as Record<string, unknown>;
  for (const key of ['wonAt', 'expandedAt', 'renewedAt', 'refundedAt', 'churnedAt', 'lostAt', 'overriddenAt']) {
    if (typeof data[key] === 'string') return data[key];
  }
  return null;
}

// Keeps the helper honest: quarters in the generated histories line up with the engine's calendar.
it('generated histories close quarters in order', () => {
  fc.assert(fc.property(histories, ({ events }) => {
    const periods = events.filter((event) => event.type === 'PeriodClosed').map((event) => (event.data as { period: string }).period);
    periods.forEach((period, index) => index > 0 && expect(period).toBe(nextPeriod(periods[index - 1]!)));
    expect(periods[0] === undefined || periods[0] === periodOf('2026-01-05')).toBe(true);
  }), { numRuns: 20 });
});

