import { decodeCursor, encodeCursor, listOf } from './cursor.js';

describe('cursors', () => {
  const lines = listOf('commission-lines', { partnerId: 'acme', period: undefined });
  const key = ['2026-02-10', 42, 'e1:acme'];

  it("give back their list's key, whatever order its filters were named in", () => {
    const cursor = encodeCursor(key, lines);
    expect(decodeCursor(cursor, lines, 3)).toEqual(key);
    const filtered = listOf('deals', { status: 'won', partnerId: 'acme' });
    expect(
      decodeCursor(
        encodeCursor(['2026-01-01', 'd1'], filtered),
        listOf('deals', { partnerId: 'acme', status: 'won' }),
        2,
      ),
    ).toEqual(['2026-01-01', 'd1']);
  });

  it('refuse a cursor of another list with keys of the same shape, of other filters, or edited', () => {
    const cursor = encodeCursor(key, lines);
    const refused = {
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ field: 'cursor', rule: 'cursor' })] },
    };
    for (const [other, list] of [
      [cursor, listOf('mdf-accruals', { partnerId: 'acme' })],
      [cursor, listOf('commission-lines', { partnerId: 'globex' })],
      [cursor, listOf('commission-lines', { partnerId: 'acme', period: '2026-Q1' })],
      [
        `${Buffer.from(JSON.stringify(['2026-02-11', 42, 'e1:acme'])).toString('base64url')}.${cursor.split('.')[1]}`,
        lines,
      ],
      [cursor.split('.')[0]!, lines],
      [`${cursor}.x`, lines],
    ] as const)
      expect(() => decodeCursor(other, list, 3)).toThrow(expect.objectContaining(refused));
  });
});
