import { designRuleSet, ruleSet } from '../commission/testing/commission-builders.js';
import { deciderSpecification, metadata } from '../testing/decider-specification.js';
import { isInClosedPeriod, programDecider } from './program.decider.js';
import type { ProgramEvent } from './program.events.js';
import type { DealConversionFact } from './rule-set-orphans.js';

const spec = deciderSpecification(programDecider);
const now = { now: '2026-07-03T09:00:00.000Z' };
const noDeals = { dealFacts: [] };
const published = (version: string, effectiveFrom: string): ProgramEvent => ({
  type: 'RuleSetPublished',
  data: {
    version,
    effectiveFrom,
    rules: ruleSet({ version, effectiveFrom }),
    rationale: 'launch',
    publishedAt: '2025-12-15',
  },
});
const closed = (period: string): ProgramEvent => ({ type: 'PeriodClosed', data: { period, closedAt: '2026-04-02' } });

describe('program decider', () => {
  describe('publish a rule set', () => {
    it('publishes a valid rule set under its own version and effective date', () =>
      spec
        .given([])
        .when({
          type: 'PublishRuleSet',
          data: { rules: designRuleSet(), rationale: ' Launch of the 2026 program ' },
          facts: noDeals,
          metadata: metadata(now),
        })
        .then([
          {
            type: 'RuleSetPublished',
            data: {
              version: '2026.1',
              effectiveFrom: '2026-01-01',
              rules: designRuleSet(),
              rationale: 'Launch of the 2026 program',
              publishedAt: '2026-07-03',
            },
          },
        ]));

    it('allows an effective date in the past: a retroactive correction', () =>
      spec
        .given([published('2026.1', '2026-01-01'), closed('2026-Q1')])
        .when({
          type: 'PublishRuleSet',
          data: { rules: ruleSet({ version: '2026.1a', effectiveFrom: '2026-02-01' }), rationale: 'fix' },
          facts: noDeals,
          metadata: metadata(now),
        })
        .then([
          expect.objectContaining({
            type: 'RuleSetPublished',
            data: expect.objectContaining({ version: '2026.1a', effectiveFrom: '2026-02-01' }),
          }),
        ]));

    it('refuses an invalid rule set with every issue', () =>
      spec
        .given([])
        .when({
          type: 'PublishRuleSet',
          data: { rules: ruleSet({ commission: { rates: { gold: '1.5' } } }), rationale: 'typo' },
          facts: noDeals,
          metadata: metadata(now),
        })
        .thenThrows('RULE_SET_INVALID', { field: 'commission.rates.gold', rule: 'fractionMax' }));

    it('refuses a version that is already published', () =>
      spec
        .given([published('2026.1', '2026-01-01')])
        .when({
          type: 'PublishRuleSet',
          data: { rules: ruleSet({ effectiveFrom: '2026-04-01' }), rationale: 'again' },
          facts: noDeals,
          metadata: metadata(now),
        })
        .thenThrows('RULE_SET_VERSION_EXISTS', { version: '2026.1' }));

    it('refuses a publication without a rationale', () =>
      spec
        .given([])
        .when({
          type: 'PublishRuleSet',
          data: { rules: designRuleSet(), rationale: ' ' },
          facts: noDeals,
          metadata: metadata(now),
        })
        .thenThrows('VALIDATION_FAILED', { field: 'rationale' }));
  });

  describe('publish a change of program currency', () => {
    const usdProgram = published('2026.1', '2026-01-01');
    const euro = (effectiveFrom: string) => ruleSet({ version: '2026.2', effectiveFrom, currency: 'EUR' });
    const usdFact = (dealId: string, businessDate: string): DealConversionFact => ({
      dealId,
      businessDate,
      dealCurrency: 'USD',
      programCurrency: 'USD',
      hasFxRate: false,
    });
    const publish = (rules: unknown, dealFacts: readonly DealConversionFact[]) =>
      ({
        type: 'PublishRuleSet',
        data: { rules, rationale: 'Euro program' },
        facts: { dealFacts },
        metadata: metadata(now),
      }) as const;

    it('refuses a retroactive currency change dropping lines of a USD deal recorded without an fxRate, naming it', () =>
      spec
        .given([usdProgram])
        .when(publish(euro('2026-04-01'), [usdFact('d1', '2026-05-15')]))
        .thenThrows('RULE_SET_ORPHANS_DEALS', {
          field: 'currency',
          currency: 'EUR',
          effectiveFrom: '2026-04-01',
          dealIds: ['d1'],
          dealCount: 1,
        }));

    it('publishes the change when every fact it would govern can be paid in its currency, or predates it', () =>
      spec
        .given([usdProgram])
        .when(
          publish(euro('2026-04-01'), [
            usdFact('before', '2026-03-31'),
            {
              dealId: 'converted',
              businessDate: '2026-05-15',
              dealCurrency: 'USD',
              programCurrency: 'EUR',
              hasFxRate: true,
            },
            { dealId: 'in-euros', businessDate: '2026-05-15', dealCurrency: 'EUR', hasFxRate: false },
          ]),
        )
        .then([
          expect.objectContaining({ type: 'RuleSetPublished', data: expect.objectContaining({ version: '2026.2' }) }),
        ]));

    it('leaves out facts a later set governs, and facts no set can pay today', () =>
      spec
        .given([usdProgram, published('2027.1', '2027-01-01')])
        .when(
          publish(euro('2026-04-01'), [
            usdFact('next-year', '2027-02-01'),
            {
              dealId: 'unpaid',
              businessDate: '2026-05-15',
              dealCurrency: 'GBP',
              programCurrency: 'USD',
              hasFxRate: false,
            },
          ]),
        )
        .then([expect.objectContaining({ type: 'RuleSetPublished' })]));

    it('names the first 20 orphaned deals and counts them all', () =>
      spec
        .given([usdProgram])
        .when(
          publish(
            euro('2026-04-01'),
            Array.from({ length: 25 }, (_, index) => usdFact(`d${String(index).padStart(2, '0')}`, '2026-05-15')),
          ),
        )
        .thenThrows('RULE_SET_ORPHANS_DEALS', {
          dealIds: Array.from({ length: 20 }, (_, index) => `d${String(index).padStart(2, '0')}`),
          dealCount: 25,
        }));
  });

  describe('close a period', () => {
    it('closes the first quarter once it is over', () =>
      spec
        .given([published('2026.1', '2026-01-01')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q1' }, metadata: metadata(now) })
        .then([{ type: 'PeriodClosed', data: { period: '2026-Q1', closedAt: '2026-07-03' } }]));

    it('closes the next quarter after the last closed one', () =>
      spec
        .given([published('2026.1', '2026-01-01'), closed('2026-Q1')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q2' }, metadata: metadata(now) })
        .then([{ type: 'PeriodClosed', data: { period: '2026-Q2', closedAt: '2026-07-03' } }]));

    it('refuses a gap', () =>
      spec
        .given([published('2025.1', '2025-01-01'), closed('2025-Q3')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q1' }, metadata: metadata(now) })
        .thenThrows('PERIOD_CLOSE_OUT_OF_ORDER', { period: '2026-Q1', expected: '2025-Q4' }));

    it('refuses a first close while an earlier quarter since the first rule set took effect is open', () =>
      spec
        .given([published('2026.2', '2026-04-01'), published('2026.1', '2026-02-15')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q2' }, metadata: metadata(now) })
        .thenThrows('PERIOD_CLOSE_OUT_OF_ORDER', {
          period: '2026-Q2',
          expected: '2026-Q1',
          firstOpenPeriod: '2026-Q1',
        }));

    it('starts closing at the quarter of the earliest effective rule set, even one published later', () =>
      spec
        .given([published('2026.2', '2026-04-01'), published('2026.1', '2026-02-15')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q1' }, metadata: metadata(now) })
        .then([{ type: 'PeriodClosed', data: { period: '2026-Q1', closedAt: '2026-07-03' } }]));

    it('refuses a quarter already closed, or one before it', () => {
      spec
        .given([published('2026.1', '2026-01-01'), closed('2026-Q1')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q1' }, metadata: metadata(now) })
        .thenThrows('PERIOD_ALREADY_CLOSED', { period: '2026-Q1', closedThrough: '2026-Q1' });
      spec
        .given([published('2025.1', '2025-01-01'), closed('2026-Q1')])
        .when({ type: 'ClosePeriod', data: { period: '2025-Q4' }, metadata: metadata(now) })
        .thenThrows('PERIOD_ALREADY_CLOSED');
    });

    it('refuses a quarter that is not over yet, including on its last day', () =>
      spec
        .given([published('2026.1', '2026-01-01')])
        .when({
          type: 'ClosePeriod',
          data: { period: '2026-Q1' },
          metadata: metadata({ now: '2026-03-31T23:59:59.000Z' }),
        })
        .thenThrows('PERIOD_NOT_ENDED', { endsOn: '2026-03-31' }));

    it('refuses a quarter no rule set governs', () =>
      spec
        .given([published('2026.2', '2026-04-01')])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q1' }, metadata: metadata(now) })
        .thenThrows('NO_RULE_SET_IN_FORCE', { date: '2026-03-31' }));

    it('refuses something that is not a quarter', () =>
      spec
        .given([])
        .when({ type: 'ClosePeriod', data: { period: '2026-Q5' }, metadata: metadata(now) })
        .thenThrows('VALIDATION_FAILED', { field: 'period' }));
  });

  it('treats every date up to the end of the last closed quarter as closed', () => {
    expect(isInClosedPeriod([], '2026-01-01')).toBe(false);
    expect(isInClosedPeriod(['2026-Q1'], '2026-03-31')).toBe(true);
    expect(isInClosedPeriod(['2026-Q1'], '2025-11-30')).toBe(true);
    expect(isInClosedPeriod(['2026-Q1'], '2026-04-01')).toBe(false);
  });
});
