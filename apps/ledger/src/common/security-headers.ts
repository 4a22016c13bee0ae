import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * The headers @fastify/helmet sets with `options`, worked out once at startup: the plugin builds a new helmet
 * middleware (parsing the whole Content-Security-Policy) on every request, and the headers never vary
 * here (no per-request nonces). Found by answering one request with the plugin and one without, on
 * throwaway Fastify instances: the headers only the first carries are helmet's.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<ReadonlyMap<string, string>> {
  const withHelmet = await probeHeaders((instance) => instance.register(helmet, options));
  const without = await probeHeaders(() => Promise.resolve());
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(withHelmet)) {
    if (!(name in without) && typeof value === 'string') headers.set(name, value);
  }
  return headers;
}

async function probeHeaders(
  prepare: (instance: FastifyInstance) => PromiseLike<unknown>,
): Promise<Record<string, unknown>> {
  const instance = new FastifyAdapter().getInstance<FastifyInstance>();
  try {
    await prepare(instance);
    instance.get('/', (_request, reply) => reply.send({}));
    return (await instance.inject({ method: 'GET', url: '/' })).headers;
  } finally {
    await instance.close();
  }
}

/** Sets the headers on every answer, refusals and errors included, before any other work (as the plugin did). */
export function applySecurityHeaders(instance: FastifyInstance, headers: ReadonlyMap<string, string>): void {
  instance.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
