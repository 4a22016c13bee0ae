import { jsonShapeExceeds, jsonValuesMax, type JsonShapeMax } from './http-limits.js';

const nested = (depth: number) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const depthMax = (depth: number): JsonShapeMax => ({ depthMax: depth, valuesMax: Number.MAX_SAFE_INTEGER });
const valuesMax = (values: number): JsonShapeMax => ({ depthMax: 32, valuesMax: values });

describe('jsonShapeExceeds: depth', () => {
  it('counts objects and arrays, mixed', () => {
    expect(jsonShapeExceeds(nested(32), depthMax(32))).toBeUndefined();
    expect(jsonShapeExceeds(nested(33), depthMax(32))).toBe('depth');
    expect(jsonShapeExceeds(Buffer.from(`${'[{"a":'.repeat(16)}1${'}]'.repeat(16)}`), depthMax(32))).toBeUndefined();
    expect(jsonShapeExceeds(Buffer.from(`${'[{"a":'.repeat(17)}1${'}]'.repeat(17)}`), depthMax(32))).toBe('depth');
  });

  it('measures depth, not the number of objects', () => {
    const lines = Array.from({ length: 5000 }, (_, index) => ({ sku: `s${index}`, tags: [1, 2] }));
    const wide = json({ lines });
    expect(jsonShapeExceeds(wide, depthMax(4))).toBeUndefined();
    expect(jsonShapeExceeds(wide, depthMax(3))).toBe('depth');
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonShapeExceeds(json({ name: '[[[[{{{{"\\"[[[[' }), depthMax(1))).toBeUndefined();
    expect(jsonShapeExceeds(json({ name: 'é"ü[[[[', nested: { a: [1] } }), depthMax(2))).toBe('depth');
  });

  it('stops at the first level too deep, whatever follows', () => {
    expect(jsonShapeExceeds(Buffer.from('['.repeat(100_000)), depthMax(32))).toBe('depth');
  });
});

describe('jsonShapeExceeds: values', () => {
  it('counts every object member and array item, at every depth', () => {
    // Members a, b, c, d and the items 1, 2, 3: seven values.
    const body = json({ a: 1, b: [1, 2, 3], c: { d: [] } });
    expect(jsonShapeExceeds(body, valuesMax(7))).toBeUndefined();
    expect(jsonShapeExceeds(body, valuesMax(6))).toBe('values');
    // Items of arrays in arrays, and blanks around them: [[1, 2], [3], [ ]] holds six.
    const arrays = Buffer.from('[ [1, 2] , [3], [ ] ]');
    expect(jsonShapeExceeds(arrays, valuesMax(6))).toBeUndefined();
    expect(jsonShapeExceeds(arrays, valuesMax(5))).toBe('values');
  });

  it('ignores colons and commas inside strings', () => {
    const body = json({ 'a:b,c': 'x: y, z', list: ['1,2', '3:4'] });
    expect(jsonShapeExceeds(body, valuesMax(4))).toBeUndefined();
    expect(jsonShapeExceeds(body, valuesMax(3))).toBe('values');
  });

  it('holds the largest command, a deal won with 500 product lines, well within jsonValuesMax', () => {
    const line = { sku: 'PLAT-12M', family: 'platform', amount: '1000.00', discount: '0.1' };
    const win = { lines: Array.from({ length: 500 }, () => line), fxRate: '1.085', billing: 'monthly', termMonths: 12 };
    expect(jsonShapeExceeds(json({ ...win, wonAt: '2026-02-02' }), valuesMax(jsonValuesMax / 1.5))).toBeUndefined();
  });

  it('stops at the first value past the bound, whatever follows', () => {
    const wide = Buffer.from(`{${Array.from({ length: 80_000 }, (_, index) => `"k${index}":1`).join(',')}}`);
    expect(jsonShapeExceeds(wide, valuesMax(jsonValuesMax))).toBe('values');
  });
});
