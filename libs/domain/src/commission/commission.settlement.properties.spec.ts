import fc from 'fast-check';
import { Decimal } from '../money.js';
import { computeAll } from './commission.engine.js';
import type { ComputedCommissionLine, LedgerEvent } from './commission.types.js';
import { settledHistories } from './testing/commission-generators.js';

/**
 * Offboarding settlements (DESIGN §5), on generated histories with offboardings among deals, refunds,
 * churns, losses, overrides and late closes.
 */
interface Offboarding {
  readonly partnerId: string;
  readonly offboardedAt: string;
  readonly settlement: 'accelerate' | 'forfeit_unvested';
  readonly position: bigint;
}

function offboardingsOf(events: readonly LedgerEvent[]): Offboarding[] {
  return events
    .filter((event) => event.type === 'PartnerOffboarded')
    .map((event) => ({ ...(event.data as Omit<Offboarding, 'position'>), position: event.position }));
}

/** Σ amount of the lines vested by `date`. */
function vestedBy(lines: readonly ComputedCommissionLine[], date: string): Decimal {
  return lines.filter((line) => line.vestsOn <= date).reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
}

describe('offboarding settlement properties', () => {
  it('forfeiture and vesting never pay a line twice: a line and its reversals never pay more than the line', () => {
    fc.assert(
      fc.property(settledHistories, ({ events }) => {
        const { lines } = computeAll(events);
        for (const { partnerId, offboardedAt, settlement, position } of offboardingsOf(events)) {
          const own = lines.filter((line) => line.partnerId === partnerId);
          for (const line of own.filter((candidate) => candidate.kind === 'earned')) {
            const reversals = own.filter((candidate) => candidate.reversal?.reversedLineId === line.lineId);
            const family = [line, ...reversals];
            const forfeitures = reversals.filter((reversal) => reversal.kind === 'forfeiture');
            expect(forfeitures.length).toBeLessThanOrEqual(1);
            // At every date any of them vests, what has vested of the line and its reversals is within [0, line].
            for (const date of family.map((member) => member.vestsOn)) {
              const paid = vestedBy(family, date);
              expect(paid.lte(line.amount)).toBe(true);
              // A clawback vests at once, before the line it reverses; a forfeiture never goes below that.
              const clawedBack = vestedBy(
                reversals.filter((reversal) => reversal.kind === 'clawback'),
                date,
              );
              if (forfeitures.length > 0) expect(paid.gte(clawedBack)).toBe(true);
            }
            // Settled: earned before the offboarding, by business date and, on its date, by log order.
            const before =
              line.businessDate < offboardedAt ||
              (line.businessDate === offboardedAt && BigInt(line.source.position) < position);
            const unvested = before && (line.accelerated !== undefined || line.vestsOn > offboardedAt);
            if (settlement === 'accelerate') {
              expect(forfeitures).toEqual([]);
              if (before) expect(line.vestsOn <= offboardedAt).toBe(true);
            } else if (unvested) {
              // Forfeited: the line and everything reversing it net to zero.
              expect(vestedBy(family, '9999-12-31').isZero()).toBe(true);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a settled partner's payable never goes below what clawbacks allow", () => {
    fc.assert(
      fc.property(settledHistories, ({ events }) => {
        const { lines } = computeAll(events);
        for (const { partnerId } of offboardingsOf(events)) {
          const own = lines.filter((line) => line.partnerId === partnerId);
          const clawbacks = own.filter((line) => line.kind === 'clawback');
          for (const date of own.map((line) => line.vestsOn)) {
            // Only clawbacks may take the payable below zero; a forfeiture takes back nothing that had not vested.
            expect(vestedBy(own, date).gte(vestedBy(clawbacks, date))).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
