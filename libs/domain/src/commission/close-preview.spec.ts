import fc from 'fast-check';
import { periodEnd } from '../dates.js';
import { previewTierEvaluations, type TierStanding } from './close-preview.js';
import { apply, applyAll, initialState, ruleSetOn, sourceOf } from './commission.engine.js';
import type { CommissionState } from './commission.state.js';
import { decimalOf } from './exact-decimal.js';
import type { LedgerEvent } from './commission.types.js';
import { designRuleSet, History, partner, productLine } from './testing/commission-builders.js';
import { histories } from './testing/commission-generators.js';

/** The standings of the partners a close evaluates, as the engine holds them. */
function standingsOf(state: CommissionState): TierStanding[] {
  return [...state.partners.values()]
    .filter((record) => record.status === 'active')
    .map(({ partnerId, earnedTiers, shortfallCount, stats }) => ({
      partnerId,
      earnedTiers,
      shortfallCount,
      // As the read model gives them: revenue as a Decimal.
      stats: new Map(
        [...stats].map(([quarter, figures]) => [quarter, { ...figures, revenue: decimalOf(figures.revenue) }]),
      ),
    }));
}

function previewOf(state: CommissionState, close: LedgerEvent) {
  const { period } = close.data as { period: string };
  return previewTierEvaluations(standingsOf(state), ruleSetOn(state, periodEnd(period))!, period, sourceOf(close));
}

describe('period close preview', () => {
  it('given a partner over the silver bar, when the close is previewed, then it shows promotion and figures', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('p1');
    history.enroll('p2');
    for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries()) {
      history.open(`d${index}`, [partner('p1')]);
      history.win(`d${index}`, date, [productLine('40000.00')]);
    }
    const state = applyAll(initialState(), history.events).state;
    const preview = previewOf(state, history.close('2026-Q1'));
    expect(preview.map((evaluation) => [evaluation.partnerId, evaluation.change, evaluation.tier])).toEqual([
      ['p1', 'promoted', 'silver'],
      ['p2', 'unchanged', 'registered'],
    ]);
    expect(preview[0]).toMatchObject({
      figures: { attributedRevenue: '120000', wonDeals: 3, lostDeals: 0 },
      effectiveFrom: '2026-04-01',
    });
  });

  it('equals the evaluations the close then makes, at every close of generated histories', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        let state = initialState();
        for (const event of events) {
          const expected = event.type === 'PeriodClosed' ? previewOf(state, event) : null;
          const result = apply(state, event);
          if (expected) expect(result.output.tierEvaluations).toEqual(expected);
          state = result.state;
        }
      }),
      { numRuns: 60 },
    );
  });
});
