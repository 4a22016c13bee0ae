import fc from 'fast-check';
import { Decimal, minorUnits, roundingModes, roundMoney, sumDecimals, type RoundingMode } from '../money.js';
import type { DealPartner } from './deal.events.js';
import { attributeRevenue } from './revenue-attribution.js';

const split = (...shares: string[]): DealPartner[] =>
  shares.map((share, index) => ({ partnerId: `p${index + 1}`, role: index === 0 ? 'sourcing' : 'influencing', share }));
const amounts = (attribution: ReturnType<typeof attributeRevenue>) => attribution.partners.map((part) => part.amount);

describe('attributeRevenue', () => {
  it('attributes 1000.00 EUR at 1.1 split 0.6 / 0.4 as 660.00 and 440.00 in the program currency', () => {
    const attribution = attributeRevenue({
      lines: [{ amount: '1000.00' }],
      fxRate: '1.1',
      partners: split('0.6', '0.4'),
      currency: 'USD',
    });
    expect(attribution).toEqual({
      currency: 'USD',
      total: '1100.00',
      lines: [
        {
          amount: '1100.00',
          parts: [
            { partnerId: 'p1', role: 'sourcing', share: '0.6', amount: '660.00' },
            { partnerId: 'p2', role: 'influencing', share: '0.4', amount: '440.00' },
          ],
        },
      ],
      partners: [
        { partnerId: 'p1', role: 'sourcing', share: '0.6', amount: '660.00' },
        { partnerId: 'p2', role: 'influencing', share: '0.4', amount: '440.00' },
      ],
    });
  });

  it('gives the cent a per-partner rounding would lose to the largest remainder', () =>
    expect(
      amounts(
        attributeRevenue({
          lines: [{ amount: '1.00' }],
          partners: split('0.3333', '0.3333', '0.3334'),
          currency: 'USD',
        }),
      ),
    ).toEqual(['0.33', '0.33', '0.34']));

  it('breaks a tie between equal remainders in favour of the partner listed first on the first line', () =>
    expect(
      amounts(attributeRevenue({ lines: [{ amount: '0.01' }], partners: split('0.5', '0.5'), currency: 'USD' })),
    ).toEqual(['0.01', '0.00']));

  it('passes ties to the next partner on each following line, so no partner collects every tied cent', () => {
    const attribution = attributeRevenue({
      lines: [{ amount: '0.01' }, { amount: '0.01' }, { amount: '0.01' }],
      partners: split('0.5', '0.5'),
      currency: 'USD',
    });
    expect(attribution.lines.map((line) => line.parts.map((part) => part.amount))).toEqual([
      ['0.01', '0.00'],
      ['0.00', '0.01'],
      ['0.01', '0.00'],
    ]);
    expect(amounts(attribution)).toEqual(['0.02', '0.01']);
    expect(attribution.total).toBe('0.03');
  });

  it('rounds amount × fxRate once per line, with the rule set rounding mode', () => {
    const line = { lines: [{ amount: '0.15' }], fxRate: '1.1', partners: split('1'), currency: 'USD' } as const;
    expect(attributeRevenue(line).total).toBe('0.16');
    expect(attributeRevenue({ ...line, rounding: 'HALF_UP' }).total).toBe('0.17');
  });

  it('rounds each line, not the deal total', () =>
    // 0.15 × 1.1 = 0.165 rounds to 0.16 on each line (HALF_EVEN); rounding the deal total 0.33 once would differ.
    expect(
      attributeRevenue({
        lines: [{ amount: '0.15' }, { amount: '0.15' }],
        fxRate: '1.1',
        partners: split('1'),
        currency: 'USD',
      }).total,
    ).toBe('0.32'));

  it("uses the program currency's minor unit", () =>
    expect(
      amounts(
        attributeRevenue({
          lines: [{ amount: '1000.00' }],
          fxRate: '150.123',
          partners: split('0.6', '0.4'),
          currency: 'JPY',
        }),
      ),
    ).toEqual(['90074', '60049']));

  it('mirrors a refund: the parts of a negative amount are the negated parts of the positive one', () => {
    const partners = split('0.5', '0.3', '0.2');
    const won = attributeRevenue({ lines: [{ amount: '999.99' }], fxRate: '1.07', partners, currency: 'USD' });
    const refunded = attributeRevenue({ lines: [{ amount: '-999.99' }], fxRate: '1.07', partners, currency: 'USD' });
    expect(amounts(refunded)).toEqual(amounts(won).map((amount) => new Decimal(amount).negated().toFixed(2)));
  });

  it('attributes nothing for no lines', () =>
    expect(attributeRevenue({ lines: [], partners: split('1'), currency: 'USD' }).total).toBe('0.00'));

  it('refuses a split whose shares do not sum to 1, which no deal can have', () =>
    expect(() =>
      attributeRevenue({ lines: [{ amount: '1.00' }], partners: split('0.5', '0.4'), currency: 'USD' }),
    ).toThrow(/sum to exactly 1/));

  describe('for any valid split, amounts and rate', () => {
    /** A split of 1 to 10 partners, shares with 1 to 8 decimals, each in (0, 1], summing to exactly 1. */
    const shares = fc
      .record({ scale: fc.integer({ min: 1, max: 8 }), size: fc.integer({ min: 1, max: 10 }) })
      .filter(({ scale, size }) => 10 ** scale >= size)
      .chain(({ scale, size }) =>
        fc
          .uniqueArray(fc.integer({ min: 1, max: 10 ** scale - 1 }), { minLength: size - 1, maxLength: size - 1 })
          .map((cuts) => {
            const bounds = [0, ...cuts.sort((left, right) => left - right), 10 ** scale];
            return bounds
              .slice(1)
              .map((bound, index) =>
                new Decimal(bound - bounds[index]!).dividedBy(new Decimal(10).pow(scale)).toFixed(),
              );
          }),
      );
    const amount = fc
      .bigInt({ min: 0n, max: 10n ** 17n })
      .map((cents) => new Decimal(cents.toString()).dividedBy(100).toFixed(2));
    const fxRate = fc.option(
      fc.integer({ min: 1, max: 10_000_000 }).map((rate) => new Decimal(rate).dividedBy(10_000).toFixed()),
      { nil: undefined },
    );
    const input = fc.record({
      shares,
      lines: fc.array(
        amount.map((value) => ({ amount: value })),
        { maxLength: 6 },
      ),
      fxRate,
      currency: fc.constantFrom('USD', 'JPY', 'KWD'),
      rounding: fc.constantFrom<RoundingMode>(...roundingModes),
    });

    it('each line is amount × fxRate rounded once; its parts sum to it, each within one minor unit of its share', () =>
      fc.assert(
        fc.property(input, ({ shares: splitShares, lines, fxRate: rate, currency, rounding }) => {
          const partners = split(...splitShares);
          const attribution = attributeRevenue({ lines, fxRate: rate, partners, currency, rounding });
          const unit = new Decimal(1).dividedBy(new Decimal(10).pow(minorUnits(currency)));
          attribution.lines.forEach((attributed, index) => {
            const expected = roundMoney(new Decimal(lines[index]!.amount).times(rate ?? '1'), currency, rounding);
            expect(new Decimal(attributed.amount).eq(expected)).toBe(true);
            expect(sumDecimals(attributed.parts.map((part) => new Decimal(part.amount))).eq(attributed.amount)).toBe(
              true,
            );
            attributed.parts.forEach((part, partIndex) => {
              const exact = new Decimal(attributed.amount).times(splitShares[partIndex]!);
              expect(new Decimal(part.amount).minus(exact).abs().lt(unit)).toBe(true);
              expect(new Decimal(part.amount).gte(0)).toBe(true);
              expect(part.amount).toBe(new Decimal(part.amount).toFixed(minorUnits(currency)));
            });
          });
          // Partner totals are the sums of their parts, and they sum exactly to the total.
          attribution.partners.forEach((partner, index) =>
            expect(
              sumDecimals(attribution.lines.map((attributed) => new Decimal(attributed.parts[index]!.amount))).eq(
                partner.amount,
              ),
            ).toBe(true),
          );
          expect(
            sumDecimals(attribution.partners.map((partner) => new Decimal(partner.amount))).eq(attribution.total),
          ).toBe(true);
          expect(
            sumDecimals(attribution.lines.map((attributed) => new Decimal(attributed.amount))).eq(attribution.total),
          ).toBe(true);
        }),
      ));

    it('a negative amount is attributed as the exact mirror of the positive one', () =>
      fc.assert(
        fc.property(input, ({ shares: splitShares, lines, fxRate: rate, currency }) => {
          const partners = split(...splitShares);
          const positive = attributeRevenue({ lines, fxRate: rate, partners, currency });
          const negative = attributeRevenue({
            lines: lines.map((line) => ({ amount: new Decimal(line.amount).negated().toFixed(2) })),
            fxRate: rate,
            partners,
            currency,
          });
          negative.partners.forEach((partner, index) =>
            expect(new Decimal(partner.amount).plus(positive.partners[index]!.amount).isZero()).toBe(true),
          );
        }),
      ));

    it('is deterministic', () =>
      fc.assert(
        fc.property(input, ({ shares: splitShares, lines, fxRate: rate, currency, rounding }) => {
          const request = { lines, fxRate: rate, partners: split(...splitShares), currency, rounding };
          expect(attributeRevenue(request)).toEqual(attributeRevenue(request));
        }),
      ));
  });
});
