import fc from 'fast-check';
import { addDays, dateOf, periodOf } from '../dates.js';
import { DomainError, errorCatalog } from '../errors.js';
import { Decimal, minorUnits, sumDecimals } from '../money.js';
import { metadata } from '../testing/decider-specification.js';
import type { DealCommand, DealFacts } from './deal.commands.js';
import { dealDecider, type DealState } from './deal.decider.js';
import type { DealEvent } from './deal.events.js';

/**
 * Random sequences of deal commands, valid and invalid, against one deal stream. Whatever the sequence,
 * every refusal is a catalogued DomainError and the recorded history keeps the deal's invariants.
 * The invariants are recomputed from the events alone, so a wrong `evolve` cannot hide a wrong `decide`.
 */

const day = (offset: number) => addDays('2026-01-01', offset);
const rarely = <T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: common }, { weight: 1, arbitrary: rare });

/**
 * Commands are generated as steps on a running clock, so most business dates are plausible (a few
 * days back from today) and a minority are invalid: in the future, malformed, or in a closed period.
 */
const dateOffset = rarely<number | string>(
  fc.integer({ min: -6, max: 1 }),
  fc.oneof(fc.integer({ min: 2, max: 30 }), fc.constantFrom('2026-02-30', '01/02/2026')),
);
const closedPeriods = rarely(fc.constant<string[]>([]), fc.constant(['2025-Q4', '2026-Q1']));
/** Minor units, written at the deal currency's scale when the command is built; or a malformed amount. */
const moneyValue = rarely<{ units: number } | { raw: unknown }>(
  fc.integer({ min: 0, max: 300_000 }).map((units) => ({ units })),
  fc.constantFrom<unknown>('-5.00', '1.005', 12, 'ten', '0').map((raw) => ({ raw })),
);
const line = fc.record({
  sku: rarely(fc.constantFrom('PLAT', 'SEAT'), fc.constant('')),
  family: fc.constantFrom('platform', 'services'),
  amount: moneyValue,
  discount: rarely<unknown>(fc.constantFrom(undefined, '0', '0.1', '0.25'), fc.constantFrom('2', 0.1)),
});
const lines = rarely(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constant<never[]>([]));
/** Right for the deal currency (absent or "1" in the program currency, a rate otherwise), or wrong. */
const fxRate = rarely<{ right: string | undefined } | { raw: unknown }>(
  fc.constantFrom(undefined, '1', '1.1', '0.9').map((right) => ({ right })),
  fc.constantFrom<unknown>(undefined, '1.1', '0', 1.1).map((raw) => ({ raw })),
);
const termMonths = rarely<unknown>(fc.constantFrom(1, 12, 36), fc.constantFrom(undefined, 0, 200));

/** Mostly valid splits (shares from random cut points), often enough broken ones. */
const validSplit = fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 3 }).map((cuts): unknown[] => {
  const bounds = [0, ...cuts.sort((left, right) => left - right), 1000];
  return bounds.slice(1).map((bound, index) => ({
    partnerId: `p${index + 1}`,
    role: index === 0 ? 'sourcing' : 'influencing',
    share: new Decimal(bound - bounds[index]!).dividedBy(1000).toFixed(),
  }));
});
const brokenSplit = fc.constantFrom<unknown[]>(
  [
    { partnerId: 'p1', role: 'sourcing', share: '0.6' },
    { partnerId: 'p2', role: 'influencing', share: '0.399' },
  ],
  [
    { partnerId: 'p1', role: 'sourcing', share: 0.5 },
    { partnerId: 'p2', role: 'influencing', share: '0.5' },
  ],
  [
    { partnerId: 'p1', role: 'sourcing', share: '1.5' },
    { partnerId: 'p2', role: 'influencing', share: '-0.5' },
  ],
  [
    { partnerId: 'p1', role: 'sourcing', share: '0.5' },
    { partnerId: 'p2', role: 'sourcing', share: '0.5' },
  ],
  [{ partnerId: 'p1', role: 'owner', share: '1' }],
  [{ partnerId: 'p9', role: 'sourcing', share: '1' }],
  [],
);
const partners = fc.oneof({ weight: 3, arbitrary: validSplit }, { weight: 1, arbitrary: brokenSplit });

const step = fc.record({
  advanceDays: fc.integer({ min: 0, max: 12 }),
  atEndOfDay: fc.boolean(),
  kind: fc.constantFrom(
    'open',
    'advance',
    'advance',
    'win',
    'win',
    'win',
    'lose',
    'renew',
    'renew',
    'expand',
    'expand',
    'refund',
    'refund',
    'refund',
    'churn',
  ),
  dateOffset,
  closedPeriods,
  partners,
  currency: fc.constantFrom('USD', 'USD', 'EUR', 'JPY'),
  stage: fc.constantFrom('qualification', 'proposal', 'negotiation', 'prospecting', 'closing'),
  lines,
  fxRate,
  termMonths,
  billing: rarely(fc.constantFrom('one_time', 'recurring', 'recurring'), fc.constant('weekly')),
  reason: rarely(fc.constant('budget'), fc.constant('')),
  // Refunds aim at the boundary (what remains refundable, give or take a minor unit) as often as not.
  refund: fc.oneof(
    moneyValue,
    fc.integer({ min: -2, max: 2 }).map((remainingPlusUnits) => ({ remainingPlusUnits })),
  ),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toCommand(at: Step, nowDay: number, currency: string, state: DealState): DealCommand {
  const meta = metadata({ now: `${day(nowDay)}T${at.atEndOfDay ? '23:59:59.999' : '00:00:00.000'}Z` });
  const date = typeof at.dateOffset === 'number' ? day(nowDay + at.dateOffset) : at.dateOffset;
  const facts: DealFacts = { programCurrency: 'USD', closedPeriods: at.closedPeriods };
  const any = (value: unknown) => value as never;
  const unit = new Decimal(10).pow(-minorUnits(currency));
  const money = (value: Step['refund']) => {
    if ('raw' in value) return value.raw;
    if ('units' in value) return unit.times(value.units).toFixed(minorUnits(currency));
    const remaining =
      state.status === 'none' ? new Decimal(0) : new Decimal(state.amountBooked).minus(state.amountRefunded);
    return remaining.plus(unit.times(value.remainingPlusUnits)).toFixed(minorUnits(currency));
  };
  const items = at.lines.map((item) => ({ ...item, amount: money(item.amount) }));
  const rate =
    'raw' in at.fxRate
      ? at.fxRate.raw
      : currency === 'USD'
        ? at.fxRate.right === '1'
          ? '1'
          : undefined
        : (at.fxRate.right ?? '1.1');
  switch (at.kind) {
    case 'open':
      return {
        type: 'OpenDeal',
        data: {
          dealId: 'd1',
          customer: { name: 'Globex', domain: 'globex.com' },
          partners: any(at.partners),
          currency: at.currency,
          openedAt: date,
        },
        facts: {
          ...facts,
          partnerStatuses: { p1: 'active', p2: 'active', p3: 'active', p4: 'active', p9: 'suspended' },
          partnerEnrollments: { p1: '1970-01-01', p2: '1970-01-01', p3: '1970-01-01', p4: '1970-01-01' },
          customerClaim: null,
        },
        metadata: meta,
      };
    case 'advance':
      return { type: 'AdvanceDealStage', data: { dealId: 'd1', stage: at.stage }, metadata: meta };
    case 'win':
      return {
        type: 'WinDeal',
        data: {
          dealId: 'd1',
          lines: any(items),
          fxRate: any(rate),
          billing: any(at.billing),
          termMonths: any(at.billing === 'recurring' ? at.termMonths : undefined),
          wonAt: date,
        },
        facts,
        metadata: meta,
      };
    case 'lose':
      return { type: 'LoseDeal', data: { dealId: 'd1', reason: at.reason, lostAt: date }, facts, metadata: meta };
    case 'renew':
      return {
        type: 'RenewDeal',
        data: { dealId: 'd1', lines: any(items), fxRate: any(rate), renewedAt: date },
        facts,
        metadata: meta,
      };
    case 'expand':
      return {
        type: 'ExpandDeal',
        data: { dealId: 'd1', lines: any(items), fxRate: any(rate), expandedAt: date },
        facts,
        metadata: meta,
      };
    case 'refund':
      return {
        type: 'RefundDeal',
        data: { dealId: 'd1', amount: any(money(at.refund)), fxRate: any(rate), refundedAt: date },
        facts,
        metadata: meta,
      };
    case 'churn':
      return { type: 'ChurnDeal', data: { dealId: 'd1', churnedAt: date }, facts, metadata: meta };
  }
}

/**
 * Runs steps as commands on a clock that starts 2026-01-10 and only moves forward. The first step
 * opens the deal (not always validly), so most sequences exercise a deal rather than a missing one.
 * Commands are built against the current state so that refunds can aim at what remains refundable.
 */
function* toCommands([first, ...rest]: readonly Step[], current: () => DealState): Generator<DealCommand> {
  if (first === undefined) return;
  let nowDay = 9;
  for (const at of [{ ...first, kind: 'open' as const }, ...rest]) {
    nowDay += at.advanceDays;
    yield toCommand(at, nowDay, first.currency, current());
  }
}
const steps = fc.array(step, { minLength: 1, maxLength: 40, size: 'medium' });

/** The business date an event records, if any. */
function businessDateOf(event: DealEvent): string | undefined {
  switch (event.type) {
    case 'DealOpened':
      return event.data.openedAt;
    case 'DealWon':
      return event.data.wonAt;
    case 'DealLost':
      return event.data.lostAt;
    case 'DealRenewed':
      return event.data.renewedAt;
    case 'DealExpanded':
      return event.data.expandedAt;
    case 'DealRefunded':
      return event.data.refundedAt;
    case 'DealChurned':
      return event.data.churnedAt;
    case 'DealStageAdvanced':
      return undefined;
  }
}

const bookedAmounts = (history: readonly DealEvent[]) =>
  history.flatMap((event) =>
    event.type === 'DealWon' || event.type === 'DealRenewed' || event.type === 'DealExpanded'
      ? event.data.lines.map((item) => new Decimal(item.amount))
      : [],
  );
const refundedAmounts = (history: readonly DealEvent[]) =>
  history.flatMap((event) => (event.type === 'DealRefunded' ? [new Decimal(event.data.amount)] : []));

function checkHistory(history: readonly DealEvent[], state: DealState): void {
  const types = history.map((event) => event.type);
  // A deal opens once, first.
  expect(types.filter((type) => type === 'DealOpened').length).toBeLessThanOrEqual(1);
  if (history.length > 0) expect(types[0]).toBe('DealOpened');
  const opening = history[0];
  if (opening?.type !== 'DealOpened') {
    expect(state.status).toBe('none');
    return;
  }
  // Shares are each in (0, 1] and sum to exactly 1.
  const shares = opening.data.partners.map((partner) => new Decimal(partner.share));
  for (const share of shares) expect(share.gt(0) && share.lte(1)).toBe(true);
  expect(sumDecimals(shares).eq(1)).toBe(true);
  expect(opening.data.partners.filter((partner) => partner.role === 'sourcing').length).toBeLessThanOrEqual(1);

  // Won or lost, at most once, never both; subscription facts only after a recurring win; nothing booked after churn.
  const won = history.find((event) => event.type === 'DealWon');
  expect(types.filter((type) => type === 'DealWon' || type === 'DealLost').length).toBeLessThanOrEqual(1);
  const churnIndex = types.indexOf('DealChurned');
  expect(types.filter((type) => type === 'DealChurned').length).toBeLessThanOrEqual(1);
  history.forEach((event, index) => {
    if (event.type === 'DealRenewed' || event.type === 'DealExpanded' || event.type === 'DealChurned') {
      expect(won?.type === 'DealWon' && won.data.billing === 'recurring').toBe(true);
      expect(index).toBeGreaterThan(types.indexOf('DealWon'));
    }
    if (churnIndex >= 0 && index > churnIndex) expect(event.type).toBe('DealRefunded');
    if (event.type === 'DealRefunded') expect(types.indexOf('DealWon')).toBeGreaterThanOrEqual(0);
  });

  // Refunds are positive and never exceed what was won, renewed and expanded.
  const booked = sumDecimals(bookedAmounts(history));
  const refunds = refundedAmounts(history);
  for (const refund of refunds) expect(refund.gt(0)).toBe(true);
  expect(sumDecimals(refunds).lte(booked)).toBe(true);

  // Amounts are non-negative strings at the deal currency's scale.
  const scale = minorUnits(opening.data.currency);
  for (const amount of [...bookedAmounts(history), ...refunds])
    expect(amount.gte(0) && amount.decimalPlaces() <= scale).toBe(true);

  // The folded state agrees with the history.
  expect(state).toMatchObject({
    amountBooked: booked.toFixed(scale),
    amountRefunded: sumDecimals(refunds).toFixed(scale),
  });
}

describe('deal decider under random command sequences', () => {
  it('refuses only with catalogued domain errors and never breaks an invariant', () => {
    const outcomes = { accepted: 0, refused: 0 };
    const codes = new Set<string>();
    fc.assert(
      fc.property(steps, (sequence) => {
        let state = dealDecider.initialState();
        const history: DealEvent[] = [];
        for (const next of toCommands(sequence, () => state)) {
          let decided: DealEvent[];
          try {
            decided = dealDecider.decide(next, state);
          } catch (error) {
            // Anything but a DomainError with a catalogued code would be a 500 for a client's mistake.
            expect(error).toBeInstanceOf(DomainError);
            expect(Object.hasOwn(errorCatalog, (error as DomainError).code)).toBe(true);
            outcomes.refused += 1;
            codes.add((error as DomainError).code);
            continue;
          }
          outcomes.accepted += 1;
          // Each accepted fact is dated at most one day ahead and outside the closed periods it was decided under.
          const today = dateOf(next.metadata.now);
          for (const event of decided) {
            const date = businessDateOf(event);
            if (date === undefined) continue;
            expect(date <= addDays(today, 1)).toBe(true);
            if (next.type !== 'AdvanceDealStage') expect(next.facts.closedPeriods).not.toContain(periodOf(date));
          }
          history.push(...decided);
          state = decided.reduce(dealDecider.evolve, state);
          checkHistory(history, state);
        }
      }),
      { numRuns: 300 },
    );
    // The generators must reach both sides, and the refusals that guard the invariants, or the property proves little.
    expect(outcomes.accepted).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(500);
    for (const code of [
      'DEAL_REFUND_EXCEEDS_WON',
      'DEAL_SHARES_INVALID',
      'DEAL_NOT_RECURRING',
      'DEAL_CHURNED',
      'DEAL_NOT_OPEN',
      'PERIOD_CLOSED',
      'DATE_IN_FUTURE',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('reaches the interesting states: refunds up to the booked amount, churn, renewals', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(steps, (sequence) => {
        let state = dealDecider.initialState();
        for (const next of toCommands(sequence, () => state)) {
          try {
            const decided = dealDecider.decide(next, state);
            for (const event of decided) seen.add(event.type);
            state = decided.reduce(dealDecider.evolve, state);
          } catch {
            // Refusals are covered by the property above.
          }
        }
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual([
      'DealChurned',
      'DealExpanded',
      'DealLost',
      'DealOpened',
      'DealRefunded',
      'DealRenewed',
      'DealStageAdvanced',
      'DealWon',
    ]);
  });
});
