import fc from 'fast-check';
import { Decimal, minorUnits, roundingModes, roundMoney, sumDecimals, type RoundingMode } from '../money.js';
import type { DealPartner } from './deal.events.js';
import { attributeRefund, attributeRevenue } from './revenue-attribution.js';

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

describe('attributeRefund', () => {
  const refund = (amount: string, amountWon: string, amountRefunded: string, ...attributed: [string, string][]) =>
    attributeRefund({
      amount,
      amountWon,
      amountRefunded,
      partners: attributed.map(([total, refunded], index) => ({
        partnerId: `p${index + 1}`,
        attributed: total,
        refunded,
      })),
      currency: 'USD',
    }).map((part) => part.amount);

  it('takes back the refunded part of what the deal attributed, whatever the rate on the refund', () =>
    // 1000.00 EUR won at 1.1 attributed 1100.00 USD; 600.00 EUR refunded is 60% of it, at any later rate.
    expect(refund('600.00', '1000.00', '0', ['1100.00', '0'])).toEqual(['-660.00']));

  it('splits it by what each partner was attributed, and the refund that completes the deal takes the rest', () => {
    const won: [string, string][] = [
      ['660.00', '0'],
      ['440.01', '0'],
    ];
    expect(refund('333.33', '1000.00', '0', ...won)).toEqual(['-220.00', '-146.67']);
    expect(refund('333.33', '1000.00', '333.33', ['660.00', '220.00'], ['440.01', '146.67'])).toEqual([
      '-220.00',
      '-146.67',
    ]);
    expect(refund('333.34', '1000.00', '666.66', ['660.00', '440.00'], ['440.01', '293.34'])).toEqual([
      '-220.00',
      '-146.67',
    ]);
  });

  it('never takes back more than is left of a partner, even when each part rounds up', () => {
    expect(refund('0.30', '1.00', '0', ['0.05', '0'])).toEqual(['-0.02']);
    expect(refund('0.30', '1.00', '0.30', ['0.05', '0.02'])).toEqual(['-0.02']);
    expect(refund('0.30', '1.00', '0.60', ['0.05', '0.04'])).toEqual(['-0.01']);
    expect(refund('0.10', '1.00', '0.90', ['0.05', '0.05'])).toEqual(['0.00']);
  });

  it('counts a refund up to what is left of the deal, and nothing on a deal that won nothing', () => {
    expect(refund('900.00', '1000.00', '500.00', ['1100.00', '550.00'])).toEqual(['-550.00']);
    expect(refund('10.00', '0', '0', ['0', '0'])).toEqual(['0.00']);
    expect(refund('10.00', '1000.00', '1000.00', ['1100.00', '1100.00'])).toEqual(['0.00']);
  });

  describe('properties', () => {
    const cents = (max: bigint) => fc.bigInt({ min: 0n, max }).map((units) => new Decimal(units.toString()));
    const history = fc.record({
      won: cents(10n ** 12n).filter((value) => value.gt(0)),
      attributed: fc.array(cents(10n ** 13n), { minLength: 1, maxLength: 4 }),
      // Each refund as a share of the deal, in thousandths: their sum may pass the whole deal.
      refunds: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
    });

    it('takes back at most what is left of each partner, and exactly all of it once the deal is refunded', () =>
      fc.assert(
        fc.property(history, ({ won, attributed, refunds }) => {
          const taken = attributed.map(() => new Decimal(0));
          let refunded = new Decimal(0);
          for (const thousandths of refunds) {
            const amount = won.times(thousandths).dividedBy(1000).toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2);
            const parts = attributeRefund({
              amount,
              amountWon: won.dividedBy(100).toFixed(2),
              amountRefunded: refunded.toFixed(2),
              partners: attributed.map((total, index) => ({
                partnerId: `p${index}`,
                attributed: total.dividedBy(100).toFixed(2),
                refunded: taken[index]!.toFixed(2),
              })),
              currency: 'USD',
            });
            parts.forEach((part, index) => {
              expect(new Decimal(part.amount).lte(0)).toBe(true);
              taken[index] = taken[index]!.minus(part.amount);
              expect(taken[index].lte(attributed[index]!.dividedBy(100))).toBe(true);
            });
            refunded = refunded.plus(amount);
          }
          const whole = refunded.gte(won.dividedBy(100));
          taken.forEach((total, index) => {
            if (whole) expect(total.eq(attributed[index]!.dividedBy(100))).toBe(true);
          });
        }),
      ));
  });
});
