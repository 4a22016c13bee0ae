import fc from 'fast-check';
import { isBusinessDate } from './dates.js';

/** What a business date means: the text a UTC calendar day from 1970 on formats to, read back unchanged. */
function isFormattedDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === value && Number(match[1]) >= 1970;
}

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

describe('isBusinessDate', () => {
  it('accepts exactly the days a UTC calendar formats, from 1970 on', () => {
    const candidate = fc
      .tuple(fc.oneof(digits(4), fc.integer({ min: 1960, max: 2110 }).map(String)), digits(2), digits(2))
      .map(([year, month, day]) => `${year}-${month}-${day}`);
    fc.assert(
      fc.property(candidate, (value) => isBusinessDate(value) === isFormattedDay(value)),
      { numRuns: 20_000 },
    );
  });

  it('knows leap days, month ends and what is not a date', () => {
    expect(['2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '1970-01-01'].every(isBusinessDate)).toBe(true);
    const refused = ['1900-02-29', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '1969-12-31'];
    expect(refused.filter(isBusinessDate)).toEqual([]);
    expect([20260101, '2026-1-01', ' 2026-01-01', '2026-01-01T00:00:00Z', null].filter(isBusinessDate)).toEqual([]);
  });
});
