import { createServer } from 'node:net';

/** A TCP port free on the loopback interface right now, for a service a benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

/** Asks for a partner's commission lines `?after=` a position until they answer 200 (503 means not yet). */
export async function commissionLinesAfter(
  baseUrl: string,
  partnerId: string,
  position: string,
  headers: Record<string, string>,
): Promise<void> {
  for (;;) {
    const read = await fetch(`${baseUrl}/partners/${partnerId}/commission-lines?after=${position}&limit=1`, {
      headers,
    });
    if (read.status === 200) return;
    if (read.status !== 503) throw new Error(`?after= answered ${read.status}`);
  }
}
