import fc from 'fast-check';
import { nextPeriod, periodEnd, periodOf } from '../dates.js';
import type { PartnerRole } from '../deal/deal.events.js';
import { Decimal, type RoundingMode } from '../money.js';
import {
  acceleratedLine,
  apply,
  applyAll,
  computeAll,
  initialState,
  ruleSetPublications,
  tierChangesReachingBack,
  TierLookahead,
  tierOf,
  tierOutcomes,
  tierView,
} from './commission.engine.js';
import type { ComputedCommissionLine as CommissionLine, EngineOutput, LedgerEvent } from './commission.types.js';
import { History, partner, productLine } from './testing/commission-builders.js';
import {
  cents,
  documentOf,
  fraction,
  histories,
  lineShape,
  partnerIds,
  ruleSetShape,
  splits,
} from './testing/commission-generators.js';

/**
 * Properties of DESIGN §5 that must hold for every history, checked on generated ones: rule sets with
 * random rates, brackets, caps and rounding; deals with splits, foreign currencies, discounts, refunds,
 * churns and losses; period closes that sometimes come days after deals of the next quarter.
 */
function allLines(events: readonly LedgerEvent[]): CommissionLine[] {
  return [...applyAll(initialState(), events).output.lines];
}

function sum(values: Iterable<string>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}

describe('commission engine properties', () => {
  it('every line (and revision) equals the sum of its components, and each part of an earned line adds up', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        for (const line of allLines(events)) {
          expect(sum(Object.values(line.components)).eq(line.amount)).toBe(true);
          expect(new Decimal(line.rounding.unrounded).plus(line.rounding.adjustment).eq(line.amount)).toBe(true);
          // One rounding per line, to the minor unit: never a cent or more away from the exact figure.
          expect(new Decimal(line.rounding.adjustment).abs().lt('0.01')).toBe(true);
          if (line.earned) {
            expect(sum(line.earned.productLines.map((product) => product.standard)).eq(line.components.standard)).toBe(
              true,
            );
            expect(
              sum(line.earned.productLines.map((product) => product.accelerated)).eq(line.components.accelerated),
            ).toBe(true);
            expect(new Decimal(line.amount).gte(0)).toBe(true);
          }
        }
      }),
    );
  });

  it('caps are never exceeded: per partner per deal, and per partner per quarter', () => {
    fc.assert(
      fc.property(histories, ({ shape, events }) => {
        const earned = computeAll(events).lines.filter((line) => line.kind === 'earned');
        const byKey = (key: (line: CommissionLine) => string) => {
          const totals = new Map<string, Decimal>();
          for (const line of earned) totals.set(key(line), (totals.get(key(line)) ?? new Decimal(0)).plus(line.amount));
          return totals;
        };
        if (shape.perDeal)
          for (const total of byKey((line) => `${line.partnerId}/${line.dealId}`).values())
            expect(total.lte(shape.perDeal)).toBe(true);
        if (shape.perQuarter)
          for (const total of byKey((line) => `${line.partnerId}/${line.period}`).values())
            expect(total.lte(shape.perQuarter)).toBe(true);
      }),
    );
  });

  it('clawbacks never take back more than the line they reverse', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const { lines } = computeAll(events);
        const clawed = new Map<string, Decimal>();
        for (const line of lines) {
          if (line.reversal)
            clawed.set(
              line.reversal.reversedLineId,
              (clawed.get(line.reversal.reversedLineId) ?? new Decimal(0)).plus(line.amount),
            );
        }
        for (const [lineId, total] of clawed) {
          const original = lines.find((line) => line.lineId === lineId)!;
          expect(total.lte(0)).toBe(true);
          expect(total.plus(original.amount).gte(0)).toBe(true);
        }
      }),
    );
  });

  it("a lookahead going on from a rebuild's state anywhere finds the closes after it as the one from the start", () => {
    fc.assert(
      fc.property(histories, fc.nat(), ({ events }, cut) => {
        const options = { ruleSets: ruleSetPublications(events) };
        const outcomes = tierOutcomes(events, options);
        const at = cut % (events.length + 1);
        const state = applyAll(initialState({ ...options, tiersAhead: outcomes }), events.slice(0, at)).state;
        const lookahead = new TierLookahead(options, state);
        for (const event of events.slice(at)) lookahead.apply(event);
        expect(lookahead.outcomes).toEqual(outcomes.filter((outcome) => outcome.position > state.position));
      }),
    );
  });

  it('accelerated commission is monotone in revenue', () => {
    fc.assert(
      fc.property(
        ruleSetShape,
        cents(0, 40_000_000),
        cents(0, 30_000_000),
        cents(0, 10_000_000),
        fc.boolean(),
        fraction(10_000),
        fc.constantFrom<PartnerRole>('sourcing', 'influencing'),
        (shape, earlier, amount, more, services, discount, role) => {
          const lineFor = (value: string) => {
            const history = new History();
            history.publish(documentOf(shape));
            history.wonDeal('earlier', '2026-02-01', earlier, [partner('p1', '1', role)]);
            history.open('d', [partner('p1', '1', role)]);
            history.win(
              'd',
              '2026-02-02',
              [productLine(value, { family: services ? 'services' : 'software', discount })],
              { eventId: 'w' },
            );
            return computeAll(history.events).lines.find((line) => line.lineId === 'w:p1')!;
          };
          const smaller = lineFor(amount);
          const larger = lineFor(new Decimal(amount).plus(more).toFixed(2));
          expect(new Decimal(larger.rounding.unrounded).gte(smaller.rounding.unrounded)).toBe(true);
          expect(new Decimal(larger.amount).gte(smaller.amount)).toBe(true);
        },
      ),
    );
  });

  it('the commission of a split deal never exceeds the unsplit commission at the same rate', () => {
    fc.assert(
      fc.property(
        ruleSetShape,
        fc.integer({ min: 1, max: splits.length - 1 }),
        fc.array(lineShape, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<PartnerRole>('sourcing', 'influencing'),
        (shape, split, lines, role) => {
          // Caps are per partner (DESIGN §5), so a split can escape a cap the single partner would hit;
          // the property is about rates, accelerators and rounding, without caps.
          const commissionOf = (shares: readonly string[], rounding: RoundingMode) => {
            const history = new History();
            history.publish({ ...documentOf(shape, { caps: false }), rounding });
            history.open(
              'd',
              shares.map((share, index) => partner(partnerIds[index]!, share, role)),
            );
            history.win(
              'd',
              '2026-02-02',
              lines.map((line, index) =>
                productLine(line.amount, {
                  sku: `S${index}`,
                  family: line.services ? 'services' : 'software',
                  discount: line.discount,
                }),
              ),
            );
            const result = computeAll(history.events).lines;
            return {
              unrounded: sum(result.map((line) => line.rounding.unrounded)),
              rounded: sum(result.map((line) => line.amount)),
            };
          };
          const whole = commissionOf(['1'], shape.rounding);
          const parts = commissionOf(splits[split]!, shape.rounding);
          expect(parts.unrounded.lte(whole.unrounded)).toBe(true);
          // Rounding each partner's line once can add at most half a cent per partner, except when rounding down.
          const down = (shares: readonly string[]) => commissionOf(shares, 'DOWN');
          expect(down(splits[split]!).rounded.lte(down(['1']).rounded)).toBe(true);
        },
      ),
    );
  });

  it('folding the history in one go equals applying it in batches, and replaying a batch changes nothing', () => {
    fc.assert(
      fc.property(histories, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), ({ events }, cuts, replayed) => {
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
      }),
      { numRuns: 60 },
    );
  });

  it('forgetting what no later event can read changes no output, folded at once or batch by batch', () => {
    fc.assert(
      fc.property(histories, fc.nat(), ({ events }, cut) => {
        const kept = applyAll(initialState({ forgets: false }), events);
        const forgetting = applyAll(initialState(), events);
        expect(forgetting.output).toEqual(kept.output);
        // Live then restarted: two batches, the second from the state the first left.
        const bound = cut % (events.length + 1);
        const first = applyAll(initialState(), events.slice(0, bound));
        const second = applyAll(first.state, events.slice(bound));
        expect([...first.output.lines, ...second.output.lines]).toEqual(kept.output.lines);
        expect([...first.output.notices, ...second.output.notices]).toEqual(kept.output.notices);
        const lost = events.filter((event) => event.type === 'DealLost').length;
        expect(forgetting.state.deals.size).toBe(kept.state.deals.size - lost);
      }),
      { numRuns: 150 },
    );
  });

  it("a fold's tier view gives every partner the tier the fold gives, on every day an event is dated", () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const { state } = applyAll(initialState(), events);
        const view = tierView(state);
        const dates = events.map(businessDateOf).filter((date) => date !== null);
        const asked = [...new Set([...dates, ...dates.map((date) => periodEnd(periodOf(date)))])];
        for (const partnerId of [...state.partners.keys(), 'p-never-seen']) {
          for (const date of asked) expect(tierOf(view, partnerId, date)).toEqual(tierOf(state, partnerId, date));
        }
        expect(view.deals.size).toBe(0);
        for (const partner of view.partners.values()) expect(partner.book.lines.size).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it('a late close gives the lines of closes on time: each line once, with the tier known in advance', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        // Move every close to right after the last event of its quarter (as if finance closed on time)
        // and compare with the history as generated: final lines agree for every deal event.
        const closes = events.filter((event) => event.type === 'PeriodClosed');
        const others = events.filter((event) => event.type !== 'PeriodClosed');
        const onTime: LedgerEvent[] = [];
        const pending = [...closes];
        for (const event of others) {
          const date = businessDateOf(event);
          while (
            pending.length > 0 &&
            date !== null &&
            periodEnd((pending[0]!.data as { period: string }).period) < date
          ) {
            onTime.push(pending.shift()!);
          }
          onTime.push(event);
        }
        onTime.push(...pending);
        const renumbered = onTime.map((event, index) => ({ ...event, position: BigInt(index + 1) }));
        const late = computeAll(events).lines;
        const early = computeAll(renumbered).lines;
        const figures = (lines: readonly CommissionLine[]) =>
          lines.map((line) => [line.lineId, line.amount, line.tier.name]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
        // Only histories where the order of deal events is unchanged are comparable (closes never move a deal event).
        expect(figures(late)).toEqual(figures(early));
        expect(late.every((line) => line.revision === 1)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('live, recomputing from 0 at each close that reaches back, gives the rows of a fold from 0 (a rebuild)', () => {
    let recomputed = 0;
    fc.assert(
      fc.property(histories, ({ events }) => {
        // The projection's rows: upserts by line id; a recomputation replaces them all.
        let rows = new Map<string, CommissionLine>();
        let state = initialState();
        events.forEach((event, index) => {
          const result = apply(state, event);
          if (tierChangesReachingBack(state, result.output).length > 0) {
            recomputed += 1;
            const upTo = events.slice(0, index + 1);
            const rebuilt = computeAll(upTo);
            rows = new Map(rebuilt.lines.map((line) => [line.lineId, line]));
            state = rebuilt.state;
            return;
          }
          state = result.state;
          for (const line of result.output.lines) rows.set(line.lineId, line);
          for (const acceleration of result.output.accelerations) {
            const line = rows.get(acceleration.lineId);
            if (line) rows.set(line.lineId, acceleratedLine(line, acceleration));
          }
        });
        const rebuild = computeAll(events);
        expect([...rows.values()].sort(byLineId)).toEqual([...rebuild.lines].sort(byLineId));
        expect(state.partners).toEqual(rebuild.state.partners);
      }),
      // A close that reaches back is rare in these histories: 80 runs made 1 to 4 in six tries, and a CI run failed
      // on none. 320 runs made 8 to 22 in four tries.
      { numRuns: 320 },
    );
    // The generator does make closes that come late for lines already computed.
    expect(recomputed).toBeGreaterThan(0);
  });
});

const byLineId = (left: CommissionLine, right: CommissionLine) => (left.lineId < right.lineId ? -1 : 1);

function businessDateOf(event: LedgerEvent): string | null {
  const data = event.data as Record<string, unknown>;
  for (const key of ['wonAt', 'expandedAt', 'renewedAt', 'refundedAt', 'churnedAt', 'lostAt', 'overriddenAt']) {
    if (typeof data[key] === 'string') return data[key];
  }
  return null;
}

// Keeps the helper honest: quarters in the generated histories line up with the engine's calendar.
it('generated histories close quarters in order', () => {
  fc.assert(
    fc.property(histories, ({ events }) => {
      const periods = events
        .filter((event) => event.type === 'PeriodClosed')
        .map((event) => (event.data as { period: string }).period);
      periods.forEach((period, index) => index > 0 && expect(period).toBe(nextPeriod(periods[index - 1]!)));
      expect(periods[0] === undefined || periods[0] === periodOf('2026-01-05')).toBe(true);
    }),
    { numRuns: 20 },
  );
});
