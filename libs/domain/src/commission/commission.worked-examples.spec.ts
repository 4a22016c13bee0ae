import { readFileSync } from 'node:fs';
import { explainLine } from './commission-explanation.js';
import { computeAll as computeAllLines } from './commission.engine.js';
import type { ComputedCommissionLine as CommissionLine } from './commission.types.js';
import { exactText } from './exact-decimal.js';
import { designRuleSet, History, partner, productLine, ruleSet } from './testing/commission-builders.js';
import { expectPerDealCapMet, perDealCapComponents, promotionHistory } from './testing/commission-examples.js';

/**
 * Every example of docs/commission-examples.md, computed by the engine. The figures asserted here are
 * the figures printed there; a change to either must change both.
 */
function lineOf(lines: readonly CommissionLine[], lineId: string): CommissionLine {
  const line = lines.find((candidate) => candidate.lineId === lineId);
  if (!line) throw new Error(`no line ${lineId} among ${lines.map((candidate) => candidate.lineId).join(', ')}`);
  return line;
}

/** The explanations the engine wrote into these lines before explainLine rendered them. */
const frozenFile = new URL('./testing/frozen-explanations.json', import.meta.url);
const frozen = (JSON.parse(readFileSync(frozenFile, 'utf8')) as { workedExamples: Record<string, string[][]> })
  .workedExamples;
const rendered: Record<string, string[][]> = {};

/** Every line an example computes is also explained, to compare with the frozen text once all have run. */
function computeAll(...args: Parameters<typeof computeAllLines>): ReturnType<typeof computeAllLines> {
  const result = computeAllLines(...args);
  const name = expect.getState().currentTestName!;
  rendered[name] = [...(rendered[name] ?? []), ...result.lines.map((line) => explainLine(line))];
  return result;
}

afterAll(() => {
  // Byte for byte what the engine wrote before, for every line of every example.
  expect(Object.keys(rendered).sort()).toEqual(Object.keys(frozen).sort());
  for (const [name, explanations] of Object.entries(rendered)) expect(explanations).toEqual(frozen[name]);
});

describe('worked examples (docs/commission-examples.md)', () => {
  it('1. a split deal in a foreign currency', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('north');
    history.enroll('south');
    history.open('eu-1', [partner('north', '0.6', 'sourcing'), partner('south', '0.4', 'influencing')], 'EUR');
    history.win(
      'eu-1',
      '2026-02-10',
      [
        productLine('10000.00', { sku: 'PLATFORM', family: 'software', discount: '0.10' }),
        productLine('2000.00', { sku: 'ONBOARDING', family: 'services' }),
      ],
      { fxRate: '1.1', eventId: 'won-eu-1' },
    );
    const { lines } = computeAll(history.events);

    const north = lineOf(lines, 'won-eu-1:north');
    expect(north.earned?.productLines.map((line) => [line.base, line.rate, line.standard])).toEqual([
      ['6600', '0.05', '330'],
      ['1320', '0.02', '26.4'],
    ]);
    expect(north).toMatchObject({
      amount: '356.40',
      currency: 'USD',
      vestsOn: '2026-04-11',
      tier: { name: 'registered', basis: 'entry' },
    });
    const south = lineOf(lines, 'won-eu-1:south');
    expect(south.earned?.productLines.map((line) => [line.base, line.roleMultiplier, line.standard])).toEqual([
      ['4400', '0.5', '110'],
      ['880', '0.5', '8.8'],
    ]);
    expect(south.amount).toBe('118.80');
  });

  it('2. a marginal accelerator crossing', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('acme');
    history.wonDeal('big', '2026-04-10', '240000.00', [partner('acme')], { eventId: 'won-big' });
    history.wonDeal('cross', '2026-05-05', '30000.00', [partner('acme')], { eventId: 'won-cross' });
    const { lines } = computeAll(history.events);

    expect(lineOf(lines, 'won-big:acme').amount).toBe('12000.00');
    const crossing = lineOf(lines, 'won-cross:acme');
    expect(crossing.earned).toMatchObject({ quarterRevenueBefore: '240000', quarterRevenueAfter: '270000' });
    expect(crossing.earned?.productLines[0]?.slices).toEqual([
      { revenueFrom: '240000', revenueTo: '250000', threshold: null, multiplier: '1' },
      { revenueFrom: '250000', revenueTo: '270000', threshold: '250000', multiplier: '1.5' },
    ]);
    expect(crossing.components).toMatchObject({ standard: '1500', accelerated: '500' });
    expect(crossing.amount).toBe('2000.00');
  });

  it('3. a per-deal cap over the deal lifetime', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('zeta');
    history.wonDeal('mega', '2026-02-02', '400000.00', [partner('zeta')], { eventId: 'won-mega' });
    history.expand('mega', '2026-03-02', [productLine('100000.00')], { eventId: 'expanded-mega' });
    const { lines } = computeAll(history.events);

    const won = lineOf(lines, 'won-mega:zeta');
    expect(won.components).toMatchObject({ standard: '20000', accelerated: '3750', cappedPerDeal: '0' });
    expect(won.amount).toBe('23750.00');
    const expanded = lineOf(lines, 'expanded-mega:zeta');
    expect(expanded.components).toMatchObject(perDealCapComponents);
    expectPerDealCapMet(expanded);
  });

  it('4. a discount above policy', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('delta');
    history.open('disc', [partner('delta')]);
    history.win(
      'disc',
      '2026-02-03',
      [
        productLine('50000.00', { sku: 'DEEP-DISCOUNT', discount: '0.25' }),
        productLine('10000.00', { sku: 'AT-POLICY', discount: '0.20' }),
      ],
      { eventId: 'won-disc' },
    );
    const { lines } = computeAll(history.events);

    const line = lineOf(lines, 'won-disc:delta');
    expect(line.earned?.productLines.map((product) => [product.discountMultiplier, product.standard])).toEqual([
      ['0.5', '1250'],
      ['1', '500'],
    ]);
    expect(line.amount).toBe('1750.00');
  });

  it('5. a refund clawback', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('gamma');
    history.wonDeal('refunded', '2026-02-10', '80000.00', [partner('gamma')], { eventId: 'won-refunded' });
    history.refund('refunded', '2026-05-01', '20000.00', 'refund-1');
    const { lines, state } = computeAll(history.events);

    expect(lineOf(lines, 'won-refunded:gamma').amount).toBe('4000.00');
    const clawback = lineOf(lines, 'refund-1:gamma:won-refunded');
    expect(clawback).toMatchObject({
      kind: 'clawback',
      amount: '-1000.00',
      vestsOn: '2026-05-01',
      ruleSet: { version: '2026.1' },
      components: { reversal: '-1000', rounding: '0' },
      reversal: {
        reason: 'refund',
        reversedLineId: 'won-refunded:gamma',
        ratio: '0.25',
        daysAfter: 80,
        clawbackDays: 180,
      },
    });
    // Tier revenue is net of refunds: 80,000 booked in Q1, 20,000 given back in Q2.
    expect(exactText(state.partners.get('gamma')!.stats.get('2026-Q2')!.revenue)).toBe('-20000');
  });

  it('6. a churn inside and outside the clawback window', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('sigma');
    history.wonDeal('subscription', '2026-01-15', '40000.00', [partner('sigma')], { eventId: 'won-subscription' });
    history.renew('subscription', '2026-07-15', [productLine('40000.00')], { eventId: 'renewed-subscription' });
    history.churn('subscription', '2026-08-31', 'churned-subscription');
    const { lines } = computeAll(history.events);

    expect(lineOf(lines, 'won-subscription:sigma').amount).toBe('2000.00');
    expect(lineOf(lines, 'renewed-subscription:sigma').amount).toBe('1000.00');
    const clawbacks = lines.filter((line) => line.kind === 'clawback');
    expect(clawbacks).toHaveLength(1);
    expect(clawbacks[0]).toMatchObject({
      lineId: 'churned-subscription:sigma:renewed-subscription',
      amount: '-1000.00',
      reversal: { reason: 'churn', reversedLineId: 'renewed-subscription:sigma', daysAfter: 47 },
    });
  });

  it('7. half-cent rounding, once per line', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('rho');
    history.wonDeal('down', '2026-02-10', '100.10', [partner('rho')], { eventId: 'won-down' });
    history.wonDeal('up', '2026-02-11', '100.30', [partner('rho')], { eventId: 'won-up' });
    history.open('pair', [partner('rho')]);
    history.win('pair', '2026-02-12', [productLine('100.10', { sku: 'A' }), productLine('100.10', { sku: 'B' })], {
      eventId: 'won-pair',
    });
    const { lines } = computeAll(history.events);

    expect(lineOf(lines, 'won-down:rho').rounding).toEqual({
      mode: 'HALF_EVEN',
      decimalPlaces: 2,
      unrounded: '5.005',
      rounded: '5.00',
      adjustment: '-0.005',
    });
    expect(lineOf(lines, 'won-up:rho').rounding).toEqual({
      mode: 'HALF_EVEN',
      decimalPlaces: 2,
      unrounded: '5.015',
      rounded: '5.02',
      adjustment: '0.005',
    });
    expect(lineOf(lines, 'won-pair:rho').rounding).toMatchObject({
      unrounded: '10.01',
      rounded: '10.01',
      adjustment: '0',
    });

    const halfUp = new History();
    halfUp.publish(ruleSet({ rounding: 'HALF_UP' }));
    halfUp.enroll('rho');
    halfUp.wonDeal('down', '2026-02-10', '100.10', [partner('rho')], { eventId: 'won-down' });
    expect(lineOf(computeAll(halfUp.events).lines, 'won-down:rho').amount).toBe('5.01');
  });

  it('8. a promotion, then a demotion after the grace quarter', () => {
    const history = promotionHistory();
    history.close('2026-Q2');
    history.close('2026-Q3');
    history.wonDeal('t5', '2026-10-20', '10000.00', [partner('tau')], { eventId: 'won-t5' });
    const { lines, tierEvaluations, mdfAccruals } = computeAll(history.events);

    expect(
      tierEvaluations.map((evaluation) => [
        evaluation.period,
        evaluation.figures.attributedRevenue,
        evaluation.figures.wonDeals,
        evaluation.qualifiedTier,
        evaluation.change,
        evaluation.tier,
        evaluation.shortfallCount,
      ]),
    ).toEqual([
      ['2026-Q1', '120000', 3, 'silver', 'promoted', 'silver', 0],
      ['2026-Q2', '90000', 4, 'registered', 'held', 'silver', 1],
      ['2026-Q3', '90000', 4, 'registered', 'demoted', 'registered', 0],
    ]);
    expect(tierEvaluations[0]?.effectiveFrom).toBe('2026-04-01');
    expect(tierEvaluations[2]?.effectiveFrom).toBe('2026-10-01');
    expect(lineOf(lines, 'won-t4:tau')).toMatchObject({
      amount: '1000.00',
      tier: { name: 'silver', basis: 'earned', since: '2026-04-01' },
    });
    expect(lineOf(lines, 'refund-t3:tau:won-t3')).toMatchObject({ amount: '-2000.00', tier: { name: 'registered' } });
    expect(lineOf(lines, 'won-t5:tau')).toMatchObject({
      amount: '500.00',
      tier: { name: 'registered', basis: 'earned', since: '2026-10-01' },
    });
    expect(mdfAccruals).toEqual([
      expect.objectContaining({ accrualId: 'won-t4:tau', tier: 'silver', rate: '0.01', amount: '100.00' }),
    ]);
  });
});
