import { openDatabase, type StoredEvent } from '#event-store';
import { mdfProjection, MdfQueries } from './mdf/mdf.projection.js';
import { formatMinor, int64Max, minorOf } from './money-columns.js';

/**
 * Money columns hold minor units as SQLite 64-bit integers. A figure beyond that range must fail the
 * projection loudly and exactly, never be stored as a REAL (which loses cents and made the MDF routes
 * answer 500 for good once `accrued = accrued + ?` overflowed).
 */
describe('money columns', () => {
  it('converts an amount at the edge of the 64-bit range exactly', () => {
    expect(minorOf('92233720368547758.07', 'USD')).toBe(int64Max);
    expect(minorOf('-92233720368547758.08', 'USD')).toBe(-int64Max - 1n);
    expect(formatMinor(int64Max, 'USD')).toBe('92233720368547758.07');
  });

  it('refuses an amount beyond the 64-bit range instead of storing a float', () => {
    expect(() => minorOf('92233720368547758.08', 'USD')).toThrow(
      '9223372036854775808 minor units, outside the 64-bit integer range',
    );
    expect(() => minorOf('5000000000000000000.00', 'USD')).toThrow(
      '500000000000000000000 minor units, outside the 64-bit integer range',
    );
    expect(() => minorOf('-999999999999999999999.99', 'EUR')).toThrow('outside the 64-bit integer range');
  });

  it('fails an MDF accrual whose running total would overflow, and keeps the fund an exact integer', () => {
    const db = openDatabase(':memory:');
    db.exec(mdfProjection.schema);
    const apply = mdfProjection.bind(db) as (event: StoredEvent) => void;
    // The projector applies each batch in one transaction; a throw rolls the batch back.
    const applyInTransaction = db.transaction((event: StoredEvent) => apply(event));
    const accrual = (position: number, amount: string): StoredEvent => ({
      eventId: `e${position}`,
      stream: 'mdf-p1',
      revision: position,
      position: BigInt(position),
      type: 'MdfAccrued',
      data: {
        partnerId: 'p1',
        sourceEventId: `s${position}`,
        dealId: 'd1',
        amount,
        currency: 'USD',
        businessDate: '2026-02-10',
        ruleSetVersion: '2026.1',
        tier: 'gold',
        rate: '0.02',
        accruedAt: '2026-02-10',
      },
      metadata: {
        actor: 'system',
        actorRole: 'system',
        correlationId: 'c',
        causationId: 'c',
        recordedAt: '2026-02-10T12:00:00.000Z',
        idempotencyKey: `k${position}`,
        commandHash: 'h',
      },
    });

    applyInTransaction(accrual(1, '30000000000000000.00'));
    expect(() => applyInTransaction(accrual(2, '90000000000000000.00'))).toThrow('accrued became');
    const raw = db.prepare('SELECT accrued, typeof(accrued) AS kind FROM mdf_funds WHERE partner_id = ?').get('p1') as {
      accrued: unknown;
      kind: string;
    };
    expect(raw).toEqual({ accrued: 3000000000000000000n, kind: 'integer' });
    expect(new MdfQueries(db).fund('p1').figures.accrued).toBe('30000000000000000.00');
  });
});
