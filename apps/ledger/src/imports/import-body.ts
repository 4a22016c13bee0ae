import { DomainError } from '#domain';

/**
 * The largest import body: 100,000 commands of seeded style are about 30 MB. Far above the JSON limit of
 * single commands, so it applies to this content type alone.
 */
export const importBodyLimitBytes = 256 * 1024 * 1024;

/** A Content-Length header's bytes; undefined without one (a chunked body). */
export function declaredLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * The body's bytes, refused with 413 as soon as it passes `bytesMax` (nothing more is buffered). Kept as
 * bytes, outside V8's heap: the import decodes each line as it reaches it (ImportLines). The chunks are copied
 * into one buffer as they arrive, of the declared length or, for a chunked body, of `bytesMax`: the system
 * gives its pages as they are written, so a small chunked body takes no more memory than its bytes. Joining the
 * chunks at the end held the API's event loop for about 90 ms at 30 MB, and 650 ms at 224 MB.
 */
export async function readBody(
  payload: AsyncIterable<Buffer>,
  bytesMax: number,
  bytesDeclared?: number,
): Promise<Buffer> {
  const tooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', `An import is at most ${bytesMax} bytes`);
  if (bytesDeclared !== undefined && bytesDeclared > bytesMax) throw tooLarge();
  const whole = Buffer.allocUnsafe(bytesDeclared ?? bytesMax);
  let bytes = 0;
  for await (const chunk of payload) {
    if (bytes + chunk.length > whole.length) throw tooLarge();
    chunk.copy(whole, bytes);
    bytes += chunk.length;
  }
  // Node's parser ends a body at its declared length, or aborts the request before this line.
  return whole.subarray(0, bytes);
}
