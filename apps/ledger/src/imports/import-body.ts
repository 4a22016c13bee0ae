import { DomainError } from '#domain';

/** A Content-Length header's bytes; undefined without one (a chunked body). */
export function declaredLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * The body's bytes, refused with 413 as soon as it passes `bytesMax` (nothing more is buffered). Kept as
 * bytes, outside V8's heap: the import decodes each line as it reaches it (ImportLines). A body of a declared length
 * is copied into one buffer of that length chunk by chunk as it arrives: joining the chunks of 30 MB at the end held
 * the API's event loop for about 90 ms. A chunked body (no length) is still joined at the end.
 */
export async function readBody(
  payload: AsyncIterable<Buffer>,
  bytesMax: number,
  bytesDeclared?: number,
): Promise<Buffer> {
  const tooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', `An import is at most ${bytesMax} bytes`);
  if (bytesDeclared !== undefined && bytesDeclared > bytesMax) throw tooLarge();
  const whole = bytesDeclared === undefined ? undefined : Buffer.allocUnsafe(bytesDeclared);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of payload) {
    if (bytes + chunk.length > (whole?.length ?? bytesMax)) throw tooLarge();
    if (whole) chunk.copy(whole, bytes);
    else chunks.push(chunk);
    bytes += chunk.length;
  }
  // Node's parser ends a body at its declared length, or aborts the request before this line.
  if (whole) return whole.subarray(0, bytes);
  return Buffer.concat(chunks);
}
