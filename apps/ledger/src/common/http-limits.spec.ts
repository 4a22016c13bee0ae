import { jsonDepthExceeds } from './http-limits.js';

const nested = (depth: number) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, mixed', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`${'[{"a":'.repeat(16)}1${'}]'.repeat(16)}`), 32)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`${'[{"a":'.repeat(17)}1${'}]'.repeat(17)}`), 32)).toBe(true);
  });

  it('measures depth, not the number of objects', () => {
    const lines = Array.from({ length: 5000 }, (_, index) => ({ sku: `s${index}`, tags: [1, 2] }));
    const wide = Buffer.from(JSON.stringify({ lines }));
    expect(jsonDepthExceeds(wide, 4)).toBe(false);
    expect(jsonDepthExceeds(wide, 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ name: '[[[[{{{{"\\"[[[[' })), 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ name: 'é"ü[[[[', nested: { a: [1] } })), 2)).toBe(true);
  });

  it('stops at the first level too deep, whatever follows', () => {
    expect(jsonDepthExceeds(Buffer.from('['.repeat(100_000)), 32)).toBe(true);
  });
});
