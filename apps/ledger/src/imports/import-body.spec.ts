import { DomainError } from '#domain';
import { Readable } from 'node:stream';
import { declaredLength, readBody } from './import-body.js';

const chunksOf = (...texts: string[]): AsyncIterable<Buffer> => Readable.from(texts.map((text) => Buffer.from(text)));

describe("an import's body", () => {
  it('is the bytes received, whether its length was declared or it came in chunks', async () => {
    const declared = await readBody(chunksOf('{"a":1}\n', '{"b":2}\n'), 100, 16);
    expect(declared.toString()).toBe('{"a":1}\n{"b":2}\n');
    const chunked = await readBody(chunksOf('{"a":1}\n', '{"b":2}\n'), 100);
    expect(chunked.toString()).toBe('{"a":1}\n{"b":2}\n');
  });

  it('takes memory for the bytes a chunked body brings, not for the limit it is read under', async () => {
    const limit = 256 * 1024 * 1024;
    const rssBefore = process.memoryUsage().rss;
    const bodies = await Promise.all([1, 2, 3].map(() => readBody(chunksOf('{"a":1}\n', '{"b":2}\n'), limit)));
    // Three buffers of the limit's size, their pages unwritten but for the first: far less than one limit of RSS.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(limit / 4);
    expect(bodies.map((body) => body.toString())).toEqual(Array(3).fill('{"a":1}\n{"b":2}\n'));
  });

  it('is refused as too large when its declared length passes the limit, before a byte is read', async () => {
    let read = 0;
    const counted: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          read += 1;
          return Promise.resolve({ done: false, value: Buffer.from('x') });
        },
      }),
    };
    await expect(readBody(counted, 10, 11)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(read).toBe(0);
  });

  it('is refused as too large as soon as a chunked body passes the limit', async () => {
    const refusal = readBody(chunksOf('12345', '67890', '1'), 10);
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads a Content-Length of digits only', () => {
    expect([
      declaredLength('30000000'),
      declaredLength(undefined),
      declaredLength('12abc'),
      declaredLength(''),
    ]).toEqual([30_000_000, undefined, undefined, undefined]);
  });
});
