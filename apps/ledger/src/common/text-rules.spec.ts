import fc from 'fast-check';
import { notUtf8Refusal, unfitTextIn, unfitTextRefusal } from './text-rules.js';

/** The rule read plainly, code point by code point: the oracle the regular expressions are checked against. */
function unfitByCodePoints(text: string): boolean {
  return [...text].some((character) => {
    const codePoint = character.codePointAt(0)!;
    const control = codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d;
    return control || (codePoint >= 0xd800 && codePoint <= 0xdfff);
  });
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, member]) => [name, ...stringsOf(member)]);
}

describe('unfitTextIn', () => {
  it('names the first field holding a control character or an unpaired surrogate, members and items', () => {
    expect(unfitTextIn({ name: 'A\u0000B' })).toEqual({ field: 'name', codePoint: 0 });
    expect(unfitTextIn({ customer: { name: 'x\ud800' } })).toEqual({ field: 'customer.name', codePoint: 0xd800 });
    expect(unfitTextIn({ lines: [{ sku: 'ok' }, { sku: '\udfff' }] })).toEqual({
      field: 'lines.1.sku',
      codePoint: 0xdfff,
    });
    expect(unfitTextIn({ ['\u001b[31m']: 1 })).toEqual({ field: '\u001b[31m', codePoint: 0x1b });
  });

  it('lets through tab, line feed, carriage return, paired surrogates and every other character', () => {
    const fit = { name: 'Müller\tGmbH\r\n😀', note: '\u007f\u0085\u00a0\u202e\ufeff\uffff', count: 3, flag: null };
    expect(unfitTextIn(fit)).toBeUndefined();
  });
});

describe('unfitTextRefusal', () => {
  it('refuses with a 400 naming the field, the rule and the character', () => {
    const value = { partnerId: 'p', name: 'A\u0000B' };
    const refusal = unfitTextRefusal(JSON.stringify(value), value);
    expect(refusal).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'name', rule: 'text', message: expect.stringContaining('it holds U+0000') }] },
    });
    const backspace = JSON.parse('{"reason":"late\\b"}') as unknown;
    expect(unfitTextRefusal('{"reason":"late\\b"}', backspace)?.message).toMatch(/^reason .* U\+0008$/);
  });

  it('does not walk a body without the escapes such characters need, and an escaped backslash is not one', () => {
    const text = '{"name":"C:\\\\files\\\\b"}';
    expect(unfitTextRefusal(text, JSON.parse(text))).toBeUndefined();
  });

  it('refuses exactly the JSON values holding an unfit string, however the text escapes it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), fc.boolean(), (value, upper) => {
        let text = JSON.stringify(value);
        // A client may write \uD800 where JSON.stringify writes \ud800.
        if (upper) text = text.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`);
        const expected = stringsOf(value).some(unfitByCodePoints);
        expect(unfitTextRefusal(text, JSON.parse(text)) !== undefined).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('notUtf8Refusal', () => {
  it('refuses bytes that are not UTF-8, encoded surrogates included', () => {
    expect(notUtf8Refusal(Buffer.from('{"name":"Müller"}'))).toBeUndefined();
    expect(notUtf8Refusal(Buffer.from('{"name":"M\u00fcller"}', 'latin1'))).toMatchObject({
      code: 'MALFORMED_REQUEST',
      details: { rule: 'utf8' },
    });
    expect(notUtf8Refusal(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toBeDefined();
  });
});
