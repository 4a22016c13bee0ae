import { Recurring } from './recurring.js';

describe('Recurring', () => {
  it('makes a value once per key and hands the same one back', () => {
    const made: string[] = [];
    const recurring = new Recurring<{ key: string }>();
    const make = (key: string) => {
      made.push(key);
      return { key };
    };
    const first = recurring.of('2026-03-31', make);
    expect(recurring.of('2026-03-31', make)).toBe(first);
    expect(recurring.of('2026-04-01', make)).not.toBe(first);
    expect(made).toEqual(['2026-03-31', '2026-04-01']);
  });

  it('starts over once full, so odd inputs cannot grow it', () => {
    const recurring = new Recurring<object>(2);
    const first = recurring.of('a', () => ({}));
    recurring.of('b', () => ({}));
    expect(recurring.of('a', () => ({}))).toBe(first);
    recurring.of('c', () => ({}));
    expect(recurring.of('a', () => ({}))).not.toBe(first);
  });
});
