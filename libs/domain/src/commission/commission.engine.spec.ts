import { Decimal, sumDecimals } from '../money.js';
import { explainLine } from './commission-explanation.js';
import {
  apply,
  applyAll,
  computeAll,
  initialState,
  ruleSetPublications,
  tierChangesReachingBack,
  tierOf,
  tierOutcomes,
} from './commission.engine.js';
import {
  designRuleSet,
  engineSpecification,
  History,
  partner,
  productLine,
  ruleSet,
} from './testing/commission-builders.js';

const spec = engineSpecification();

describe('commission engine', () => {
  describe('deal events', () => {
    it('gives one line per partner on the deal, with the motion multiplier of each event type', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1', '0.5'), partner('p2', '0.5', 'influencing')]);
      history.win('d1', '2026-02-01', [productLine('1000.00')]);
      history.expand('d1', '2026-02-15', [productLine('1000.00')]);
      spec
        .given(history.events)
        .when(history.renew('d1', '2026-03-01', [productLine('1000.00')], { eventId: 'renewal' }))
        .thenLines([
          // 1000 × 0.5 share × 0.05 × role 1 × renewal 0.5
          { lineId: 'renewal:p1', kind: 'earned', amount: '12.50', earned: { motion: 'renewal', role: 'sourcing' } },
          // 1000 × 0.5 × 0.05 × influencing 0.5 × renewal 0.5
          { lineId: 'renewal:p2', kind: 'earned', amount: '6.25', earned: { motion: 'renewal', role: 'influencing' } },
        ]);
      const { lines } = computeAll(history.events);
      expect(lines.map((line) => [line.lineId, line.amount])).toEqual([
        ['e3:p1', '25.00'],
        ['e3:p2', '12.50'],
        ['e4:p1', '18.75'],
        ['e4:p2', '9.38'], // 9.375 rounds half to even: 9.38
        ['renewal:p1', '12.50'],
        ['renewal:p2', '6.25'],
      ]);
    });

    it('uses the family rate when the rule set has one for the family, and the general rate otherwise', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      spec
        .given(history.events)
        .when(
          history.win('d1', '2026-02-01', [
            productLine('1000.00', { family: 'services' }),
            productLine('1000.00', { family: 'hardware' }),
          ]),
        )
        .thenLines([
          {
            amount: '70.00',
            earned: {
              productLines: [
                { rate: '0.02', rateClause: 'commission.familyRates.services.registered' },
                { rate: '0.05', rateClause: 'commission.rates.registered' },
              ],
            },
          },
        ]);
    });

    it('vests holdbackDays after the business date', () => {
      const history = new History();
      history.publish(ruleSet({ commission: { holdbackDays: 30 } }));
      history.open('d1', [partner('p1')]);
      spec
        .given(history.events)
        .when(history.win('d1', '2026-02-10', [productLine('100.00')]))
        .thenLines([{ vestsOn: '2026-03-12' }]);
    });

    it('caps per quarter after the per-deal cap, and keeps both as components', () => {
      const history = new History();
      history.publish(ruleSet({ commission: { accelerators: [], caps: { perDeal: '3000', perQuarter: '5000' } } }));
      history.open('a', [partner('p1')]);
      history.win('a', '2026-02-01', [productLine('80000.00')]); // 4000 → capped to 3000 per deal
      history.open('b', [partner('p1')]);
      spec
        .given(history.events)
        // 80,000 × 0.05 = 4,000; per deal room 3,000 (held back 1,000);
        // per quarter 5,000 − 3,000 = 2,000 (held back 1,000)
        .when(history.win('b', '2026-03-01', [productLine('80000.00')], { eventId: 'b-won' }))
        .thenLines([
          {
            amount: '2000.00',
            components: {
              standard: '4000',
              accelerated: '0',
              cappedPerDeal: '-1000',
              cappedPerQuarter: '-1000',
              reversal: '0',
              rounding: '0',
            },
            earned: { perQuarterCap: { limit: '5000', usedBefore: '3000', room: '2000', capped: '1000' } },
          },
        ]);
    });

    it('starts quarter-to-date revenue afresh each quarter', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('a', [partner('p1')]);
      history.win('a', '2026-03-31', [productLine('300000.00')]);
      history.open('b', [partner('p1')]);
      spec
        .given(history.events)
        .when(history.win('b', '2026-04-01', [productLine('1000.00')]))
        .thenLines([
          {
            amount: '50.00',
            earned: { quarter: '2026-Q2', quarterRevenueBefore: '0' },
            components: { accelerated: '0' },
          },
        ]);
    });

    it('gives no line and a notice when no rule set is in force on the business date', () => {
      const history = new History();
      history.publish(ruleSet({ effectiveFrom: '2026-04-01' }));
      history.open('d1', [partner('p1')]);
      spec
        .given(history.events)
        .when(history.win('d1', '2026-03-31', [productLine('100.00')]))
        .then((output) => {
          expect(output.lines).toEqual([]);
          expect(output.notices).toEqual([
            expect.objectContaining({
              code: 'NO_RULE_SET_IN_FORCE',
              details: expect.objectContaining({ date: '2026-03-31' }),
            }),
          ]);
        });
    });

    it('gives no line and a notice for a foreign-currency deal without an fxRate', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')], 'EUR');
      spec
        .given(history.events)
        .when(history.win('d1', '2026-02-01', [productLine('100.00')]))
        .then((output) => {
          expect(output.lines).toEqual([]);
          expect(output.notices).toEqual([expect.objectContaining({ code: 'FX_RATE_MISSING' })]);
        });
    });

    it('gives no line and a notice when the event converted into another currency than the rule set pays in', () => {
      const history = new History();
      history.publish(ruleSet({ currency: 'EUR' }));
      history.open('d1', [partner('p1')], 'GBP');
      spec
        .given(history.events)
        .when(history.win('d1', '2026-02-01', [productLine('100.00')], { fxRate: '1.2', programCurrency: 'USD' }))
        .then((output) => {
          expect(output.lines).toEqual([]);
          expect(output.mdfAccruals).toEqual([]);
          expect(output.notices).toEqual([
            expect.objectContaining({
              code: 'CURRENCY_MISMATCH',
              details: expect.objectContaining({ convertedInto: 'USD', programCurrency: 'EUR' }),
            }),
          ]);
        });
    });

    it('ignores an event for a deal it never saw opened, with a notice', () => {
      const history = new History();
      history.publish(designRuleSet());
      spec
        .given(history.events)
        .when(history.win('ghost', '2026-02-01', [productLine('100.00')]))
        .then((output) => {
          expect(output.lines).toEqual([]);
          expect(output.notices).toEqual([
            expect.objectContaining({ code: 'DEAL_UNKNOWN', details: { dealId: 'ghost' } }),
          ]);
        });
    });

    it('ignores events that do not move commission', () => {
      const history = new History();
      spec
        .given([])
        .when(history.add('campaign-c1', 'CampaignProposed', { partnerId: 'p1' }))
        .then((output) => {
          expect(output).toEqual({ lines: [], tierEvaluations: [], mdfAccruals: [], notices: [], accelerations: [] });
        });
    });
  });

  describe('effective dating', () => {
    it('computes each line under the set in force on its business date', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.publish(
        ruleSet({ version: '2026.2', effectiveFrom: '2026-03-01', commission: { rates: { registered: '0.07' } } }),
      );
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-02-28', [productLine('1000.00')], { eventId: 'before' });
      history.expand('d1', '2026-03-01', [productLine('1000.00')], { eventId: 'after' });
      const { lines } = computeAll(history.events);
      expect(lines.map((line) => [line.lineId, line.ruleSet.version, line.amount])).toEqual([
        ['before:p1', '2026.1', '50.00'],
        ['after:p1', '2026.2', '52.50'], // 1000 × 0.07 × expansion 0.75
      ]);
    });

    it('among sets with the same effective date, uses the one published last', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.publish(ruleSet({ version: '2026.1b', commission: { rates: { registered: '0.06' } } }));
      history.open('d1', [partner('p1')]);
      spec
        .given(history.events)
        .when(history.win('d1', '2026-02-01', [productLine('1000.00')]))
        .thenLines([{ ruleSet: { version: '2026.1b' }, amount: '60.00' }]);
    });

    it('flags a set reaching back before computed lines; a rebuild recomputes exactly the lines from its date', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-01-20', [productLine('1000.00')], { eventId: 'january' });
      history.expand('d1', '2026-02-20', [productLine('1000.00')], { eventId: 'february' });
      history.expand('d1', '2026-03-20', [productLine('1000.00')], { eventId: 'march' });
      const retroactive = ruleSet({
        version: '2026.1-fix',
        effectiveFrom: '2026-02-15',
        commission: { rates: { registered: '0.06' } },
      });
      spec
        .given(history.events)
        .when(history.publish(retroactive))
        .then((output) => {
          expect(output.notices).toEqual([
            expect.objectContaining({
              code: 'RULE_SET_RETROACTIVE',
              details: expect.objectContaining({ version: '2026.1-fix', effectiveFrom: '2026-02-15' }),
            }),
          ]);
        });

      const incremental = computeAll(history.events);
      const rebuilt = computeAll(history.events, { ruleSets: ruleSetPublications(history.events) });
      const figures = (lines: typeof incremental.lines) =>
        lines.map((line) => [line.lineId, line.ruleSet.version, line.amount]);
      expect(figures(incremental.lines)).toEqual([
        ['january:p1', '2026.1', '50.00'],
        ['february:p1', '2026.1', '37.50'],
        ['march:p1', '2026.1', '37.50'],
      ]);
      expect(figures(rebuilt.lines)).toEqual([
        ['january:p1', '2026.1', '50.00'],
        ['february:p1', '2026.1-fix', '45.00'],
        ['march:p1', '2026.1-fix', '45.00'],
      ]);
    });

    it('without a retroactive set, a rebuild that knows every set up front equals the incremental fold', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.enroll('p1');
      history.wonDeal('d1', '2026-02-01', '150000.00');
      history.publish(
        ruleSet({ version: '2026.2', effectiveFrom: '2026-07-01', commission: { rates: { silver: '0.12' } } }),
      );
      history.close('2026-Q1');
      history.wonDeal('d2', '2026-07-10', '5000.00');
      expect(computeAll(history.events, { ruleSets: ruleSetPublications(history.events) }).lines).toEqual(
        computeAll(history.events).lines,
      );
    });
  });

  describe('simulation', () => {
    it('treats a candidate as published last (it wins a tie of effective dates) and leaves the log untouched', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-02-01', [productLine('1000.00')], { eventId: 'won' });
      const candidate = ruleSet({ version: 'candidate', commission: { rates: { registered: '0.08' } } });
      const simulated = computeAll(history.events, {
        ruleSets: [...ruleSetPublications(history.events), { rules: candidate, position: null }],
      });
      expect(simulated.lines.map((line) => [line.ruleSet.version, line.amount])).toEqual([['candidate', '80.00']]);
      expect(computeAll(history.events).lines.map((line) => line.amount)).toEqual(['50.00']);
    });

    it('refuses a candidate that reuses a published version', () => {
      const history = new History();
      history.publish(designRuleSet());
      expect(() =>
        initialState({
          ruleSets: [...ruleSetPublications(history.events), { rules: designRuleSet(), position: null }],
        }),
      ).toThrow(expect.objectContaining({ code: 'RULE_SET_VERSION_EXISTS' }));
    });
  });

  describe('clawbacks', () => {
    function refundedDeal() {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1', '0.75'), partner('p2', '0.25')]);
      history.win('d1', '2026-02-01', [productLine('10000.00')], { eventId: 'won' }); // p1 375.00, p2 125.00
      return history;
    }

    it('claws back each partner line in proportion to refund / deal amount, vesting at once', () =>
      spec
        .given(refundedDeal().events)
        .when(refundedDeal().refund('d1', '2026-03-01', '1000.00', 'refund'))
        .thenLines([
          {
            lineId: 'refund:p1:won',
            amount: '-37.50',
            vestsOn: '2026-03-01',
            reversal: { reversedLineId: 'won:p1', ratio: '0.1' },
          },
          {
            lineId: 'refund:p2:won',
            amount: '-12.50',
            vestsOn: '2026-03-01',
            reversal: { reversedLineId: 'won:p2', ratio: '0.1' },
          },
        ]));

    it('rounds each partial clawback once and takes the exact remainder when refunds reach the whole deal', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-02-01', [productLine('100.10')], { eventId: 'won' }); // 5.005 → 5.00
      history.refund('d1', '2026-02-10', '33.37', 'r1');
      history.refund('d1', '2026-02-11', '33.37', 'r2');
      history.refund('d1', '2026-02-12', '33.36', 'r3');
      const { lines } = computeAll(history.events);
      const clawbacks = lines.filter((line) => line.kind === 'clawback');
      expect(clawbacks.map((line) => line.amount)).toEqual(['-1.67', '-1.67', '-1.66']);
      expect(explainLine(clawbacks[2]!).join(' ')).toContain('what remains of the line is clawed back exactly: 1.66');
    });

    it('claws back on day clawbackDays itself and leaves older lines alone', () => {
      const history = refundedDeal();
      spec
        .given(history.events)
        .when(history.refund('d1', '2026-07-31', '1000.00'))
        .thenLines([{ reversal: { daysAfter: 180 } }, { reversal: { daysAfter: 180 } }]);
      const later = refundedDeal();
      spec
        .given(later.events)
        .when(later.refund('d1', '2026-08-01', '1000.00'))
        .thenLines([]);
    });

    it('claws back under the rule set of the reversed line, not the one in force on the refund date', () => {
      const history = refundedDeal();
      history.publish(
        ruleSet({
          version: '2026.2',
          effectiveFrom: '2026-03-01',
          currency: 'USD',
          rounding: 'UP',
          commission: { clawbackDays: 10 },
        }),
      );
      spec
        .given(history.events)
        .when(history.refund('d1', '2026-03-01', '1000.00'))
        .thenLines([
          { ruleSet: { version: '2026.1' }, reversal: { clawbackDays: 180 } },
          { ruleSet: { version: '2026.1' } },
        ]);
    });

    it('does not re-open a cap when commission is clawed back', () => {
      const history = new History();
      history.publish(ruleSet({ commission: { accelerators: [], caps: { perDeal: '1000' } } }));
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-02-01', [productLine('40000.00')]); // 2000 → 1000 (capped)
      history.refund('d1', '2026-02-05', '20000.00'); // half: −500
      spec
        .given(history.events)
        .when(history.expand('d1', '2026-02-10', [productLine('10000.00')]))
        .thenLines([{ amount: '0.00', earned: { perDealCap: { usedBefore: '1000', room: '0' } } }]);
    });

    it('reverses on churn only what a refund has not already clawed back, and nothing twice', () => {
      const history = refundedDeal();
      history.refund('d1', '2026-03-01', '1000.00');
      history.churn('d1', '2026-03-15', 'churn');
      history.refund('d1', '2026-03-20', '1000.00', 'late-refund');
      const { lines } = computeAll(history.events);
      expect(lines.filter((line) => line.source.eventId === 'churn').map((line) => line.amount)).toEqual([
        '-337.50',
        '-112.50',
      ]);
      expect(lines.filter((line) => line.source.eventId === 'late-refund')).toEqual([]);
      // The partner keeps nothing of a churned deal inside the window.
      expect(
        sumDecimals(lines.filter((line) => line.partnerId === 'p1').map((line) => new Decimal(line.amount))).isZero(),
      ).toBe(true);
    });

    it('notices a refund beyond what is left of the deal and claws back no more than the line', () => {
      const history = refundedDeal();
      spec
        .given(history.events)
        .when(history.refund('d1', '2026-03-01', '12000.00'))
        .then((output) => {
          expect(output.lines.map((line) => line.amount)).toEqual(['-375.00', '-125.00']);
          expect(output.notices).toEqual([expect.objectContaining({ code: 'REFUND_EXCEEDS_DEAL' })]);
        });
    });
  });

  describe('tiers', () => {
    function silverQuarter(history = new History()) {
      history.publish(designRuleSet());
      history.enroll('p1');
      for (const [index, date] of ['2026-01-10', '2026-02-10', '2026-03-10'].entries())
        history.wonDeal(`s${index}`, date, '40000.00');
      return history;
    }

    it('promotes at the close, effective the day after the period ends, with the figures that decided it', () => {
      const history = silverQuarter();
      spec
        .given(history.events)
        .when(history.close('2026-Q1'))
        .then((output) => {
          expect(output.tierEvaluations).toEqual([
            expect.objectContaining({
              partnerId: 'p1',
              period: '2026-Q1',
              quarters: ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'],
              figures: { attributedRevenue: '120000', wonDeals: 3, lostDeals: 0, winRate: '1.0000' },
              previousTier: 'registered',
              qualifiedTier: 'silver',
              tier: 'silver',
              change: 'promoted',
              effectiveFrom: '2026-04-01',
              nextTier: {
                name: 'gold',
                missing: [
                  { requirement: 'trailingRevenue', required: '500000', actual: '120000', shortBy: '380000' },
                  { requirement: 'wonDeals', required: '10', actual: '3', shortBy: '7' },
                ],
              },
            }),
          ]);
        });
      const { state } = computeAll([...history.events, history.close('2026-Q1')]);
      expect(tierOf(state, 'p1', '2026-03-31')?.name).toBe('registered');
      expect(tierOf(state, 'p1', '2026-04-01')).toEqual({
        name: 'silver',
        basis: 'earned',
        since: '2026-04-01',
        note: null,
      });
    });

    it('measures the win rate as won / (won + lost) and requires it for gold', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.enroll('p1');
      for (let index = 0; index < 10; index += 1) history.wonDeal(`w${index}`, '2026-02-01', '50000.00');
      for (let index = 0; index < 31; index += 1) {
        history.open(`l${index}`, [partner('p1')]);
        history.lose(`l${index}`, '2026-02-02');
      }
      spec
        .given(history.events)
        .when(history.close('2026-Q1'))
        .then((output) => {
          // 10 / 41 = 0.2439… < 0.25: silver, not gold.
          expect(output.tierEvaluations[0]).toMatchObject({
            figures: { wonDeals: 10, lostDeals: 31, winRate: '0.2439' },
            qualifiedTier: 'silver',
          });
          expect(output.tierEvaluations[0]?.nextTier?.missing).toEqual([
            { requirement: 'winRate', required: '0.25', actual: '0.2439', shortBy: '0.0061' },
          ]);
        });
    });

    it('evaluates only active partners', () => {
      const history = silverQuarter();
      history.enroll('p2');
      history.suspend('p2', '2026-03-01');
      spec
        .given(history.events)
        .when(history.close('2026-Q1'))
        .then((output) => {
          expect(output.tierEvaluations.map((evaluation) => evaluation.partnerId)).toEqual(['p1']);
        });
    });

    it('resets the grace count when the partner meets its tier again', () => {
      const history = silverQuarter();
      history.close('2026-Q1'); // silver
      history.refund('s0', '2026-04-10', '40000.00'); // 80,000: short
      history.close('2026-Q2'); // held, 1 short
      history.wonDeal('s3', '2026-07-10', '40000.00'); // 120,000 again
      history.close('2026-Q3'); // meets silver: count back to 0
      history.refund('s3', '2026-10-10', '40000.00');
      spec
        .given(history.events)
        .when(history.close('2026-Q4'))
        .then((output) => {
          expect(output.tierEvaluations[0]).toMatchObject({ change: 'held', tier: 'silver', shortfallCount: 1 });
        });
    });

    it('pays at an overridden tier while the override is in force, then at the earned tier again', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.enroll('p1');
      history.override('p1', 'gold', '2026-02-01', '2026-02-28');
      history.open('d1', [partner('p1')]);
      history.win('d1', '2026-02-28', [productLine('1000.00')], { eventId: 'inside' });
      history.expand('d1', '2026-03-01', [productLine('1000.00')], { eventId: 'after' });
      const { lines } = computeAll(history.events);
      expect(lines.map((line) => [line.lineId, line.tier.name, line.tier.basis, line.amount])).toEqual([
        ['inside:p1', 'gold', 'override', '150.00'],
        ['after:p1', 'registered', 'entry', '37.50'],
      ]);
    });

    it('ignores an override to a tier the rule set does not define, and says so on the line', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.override('p1', 'platinum', '2026-01-01', '2026-12-31');
      history.open('d1', [partner('p1')]);
      spec
        .given(history.events)
        .when(history.win('d1', '2026-02-01', [productLine('1000.00')]))
        .thenLines([
          {
            tier: {
              name: 'registered',
              basis: 'entry',
              note: 'the override to platinum is ignored: rule set 2026.1 has no such tier',
            },
          },
        ]);
    });

    /** Q1 earns silver; two Q2 deal events (500.00 registered, then half of it refunded) come before Q1 closes. */
    function lateClose() {
      const history = silverQuarter();
      history.wonDeal('early-q2', '2026-04-03', '10000.00', [partner('p1')], { eventId: 'early' });
      history.refund('early-q2', '2026-04-05', '5000.00', 'half-back');
      return history;
    }

    it('a late close changes no line itself and names the tier change reaching back, for a recomputation', () => {
      const history = lateClose();
      const before = computeAll(history.events);
      expect(before.lines.map((line) => [line.lineId, line.tier.name, line.amount]).slice(-2)).toEqual([
        ['early:p1', 'registered', '500.00'],
        ['half-back:p1:early', 'registered', '-250.00'],
      ]);
      const given = spec.given(history.events);
      const close = history.close('2026-Q1');
      given.when(close).then((output) => {
        expect(output.lines).toEqual([]);
        expect(output.tierEvaluations.map((evaluation) => evaluation.change)).toEqual(['promoted']);
        expect(tierChangesReachingBack(before.state, output)).toEqual([
          { partnerId: 'p1', tier: 'silver', effectiveFrom: '2026-04-01', period: '2026-Q1', position: close.position },
        ]);
      });
    });

    it('computes lines dated after a close later in the log once, with the tier that close gives', () => {
      const history = lateClose();
      const close = history.close('2026-Q1');
      const tiersAhead = tierOutcomes(history.events);
      expect(tiersAhead).toEqual([
        { partnerId: 'p1', tier: 'silver', effectiveFrom: '2026-04-01', period: '2026-Q1', position: close.position },
      ]);
      const early = history.events.find((event) => event.eventId === 'early')!;
      const past = history.events.filter((event) => event.position < early.position);
      engineSpecification({ tiersAhead })
        .given(past)
        .when(early)
        .thenLines([{ lineId: 'early:p1', revision: 1, tier: { name: 'silver' }, amount: '1000.00' }]);
      const { lines, state } = computeAll(history.events);
      expect(lines.map((line) => [line.lineId, line.revision, line.tier.name, line.amount]).slice(-2)).toEqual([
        ['early:p1', 1, 'silver', '1000.00'],
        ['half-back:p1:early', 1, 'silver', '-500.00'],
      ]);
      // Known ahead, the close reaches back before nothing; once applied, it is no longer ahead.
      const withoutClose = applyAll(initialState({ tiersAhead }), history.events.slice(0, -1)).state;
      expect(tierChangesReachingBack(withoutClose, apply(withoutClose, close).output)).toEqual([]);
      expect(state.tiersAhead.size).toBe(0);
    });
  });

  describe('MDF accrual', () => {
    it('accrues on won revenue at the tier rate of the rules then known; a later set does not re-accrue it', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.override('p1', 'gold', '2026-01-01', '2026-12-31');
      history.open('d1', [partner('p1', '0.5'), partner('p2', '0.5')]);
      history.win('d1', '2026-02-01', [productLine('12345.67')], { eventId: 'won' });
      history.publish(
        ruleSet({ version: '2026.1-fix', effectiveFrom: '2026-01-01', mdf: { accrualRates: { gold: '0.05' } } }),
      );
      const incremental = computeAll(history.events);
      // p1 gold: 6172.835 × 0.02 = 123.4567 → 123.46; p2 registered accrues at 0: no figure.
      expect(incremental.mdfAccruals).toEqual([
        expect.objectContaining({
          accrualId: 'won:p1',
          ruleSetVersion: '2026.1',
          rate: '0.02',
          unrounded: '123.4567',
          amount: '123.46',
        }),
      ]);
      const rebuilt = computeAll(history.events, { ruleSets: ruleSetPublications(history.events) });
      expect(rebuilt.mdfAccruals).toEqual(incremental.mdfAccruals);
      expect(rebuilt.lines[0]?.ruleSet.version).toBe('2026.1-fix'); // while commission does follow the correction
    });
  });

  describe('replay', () => {
    it('ignores an event at or before the last applied position', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      const won = history.win('d1', '2026-02-01', [productLine('100.00')]);
      const { state } = applyAll(initialState(), history.events);
      const again = apply(state, won);
      expect(again.state).toBe(state);
      expect(again.output.lines).toEqual([]);
    });

    it('keeps the earlier state usable: apply never mutates', () => {
      const history = new History();
      history.publish(designRuleSet());
      history.open('d1', [partner('p1')]);
      const { state } = applyAll(initialState(), history.events);
      const won = history.win('d1', '2026-02-01', [productLine('100.00')]);
      const first = apply(state, won);
      const second = apply(state, won);
      expect(second.output).toEqual(first.output);
      expect(state.position).toBe(2n);
    });
  });
});
