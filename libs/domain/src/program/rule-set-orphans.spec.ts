import fc from 'fast-check';
import { mayOrphanDeals, requireNoOrphanedDeals, type DealConversionFact } from './rule-set-orphans.js';

const currencies = ['USD', 'EUR', 'GBP'] as const;
const date = fc
  .integer({ min: 0, max: 720 })
  .map((day) => new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10));
const fact: fc.Arbitrary<DealConversionFact> = fc.record(
  {
    dealId: fc.constantFrom('d1', 'd2', 'd3'),
    businessDate: date,
    dealCurrency: fc.constantFrom(...currencies),
    programCurrency: fc.constantFrom(...currencies),
    hasFxRate: fc.boolean(),
  },
  { requiredKeys: ['dealId', 'businessDate', 'dealCurrency', 'hasFxRate'] },
);

describe('whether a publication may orphan deal facts, before they are read', () => {
  it('when it says no, no facts whatever make the publication orphan a deal', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.nat(), currency: fc.constantFrom(...currencies) }), {
          minLength: 0,
          maxLength: 4,
        }),
        fc.constantFrom(...currencies),
        date,
        fc.array(fact, { maxLength: 12 }),
        (sets, currency, from, facts) => {
          const published = sets.map((set, index) => ({
            version: `v${index}`,
            effectiveFrom: new Date(Date.UTC(2025, 0, 1 + (set.day % 720))).toISOString().slice(0, 10),
            currency: set.currency,
          }));
          const candidate = { version: 'candidate', effectiveFrom: from, currency };
          fc.pre(!mayOrphanDeals(published, candidate));
          expect(() => requireNoOrphanedDeals(published, candidate, facts)).not.toThrow();
        },
      ),
    );
  });

  it('says yes for a change of currency, before any set is published, and before the first set takes effect', () => {
    const usd = { effectiveFrom: '2026-01-01', currency: 'USD' };
    expect(mayOrphanDeals([usd], { effectiveFrom: '2026-04-01', currency: 'EUR' })).toBe(true);
    expect(mayOrphanDeals([], { effectiveFrom: '2026-04-01', currency: 'USD' })).toBe(true);
    expect(mayOrphanDeals([usd], { effectiveFrom: '2025-12-31', currency: 'USD' })).toBe(true);
    expect(mayOrphanDeals([usd], { effectiveFrom: '2026-01-01', currency: 'USD' })).toBe(false);
  });
});
