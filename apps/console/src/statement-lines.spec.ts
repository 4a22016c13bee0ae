import { describe, expect, it } from '@jest/globals';
import { shortLineLabel, sumOfLines } from './statement-lines';

describe('the lines table of a statement', () => {
  it("shortens a commission line's event UUID to its first 8 digits, and any other long id", () => {
    expect(shortLineLabel('5412d71b-b18c-8e44-9772-bd08cccdcdfa:s1-p0013')).toBe('5412d71b…');
    expect(shortLineLabel('mdf-claim:claim-7')).toBe('mdf-claim:claim-7');
    expect(shortLineLabel('recomputation:s1-p0013-2025-Q3:abc')).toBe('recomputation:s1-p0013-…');
  });

  it('sums the lines exactly, clawbacks included, at the scale of the amounts', () => {
    expect(sumOfLines([{ amount: '0.10' }, { amount: '0.20' }, { amount: '-0.30' }])).toBe('0.00');
    expect(sumOfLines([{ amount: '418.75' }, { amount: '2548.35' }])).toBe('2967.10');
    expect(sumOfLines([])).toBe('0');
  });
});
