import helmet from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { applySecurityHeaders, securityHeaders } from './security-headers.js';

const options = { contentSecurityPolicy: { directives: { defaultSrc: [`'self'`], imgSrc: [`'self'`, 'data:'] } } };

async function answers(setUp: (instance: FastifyInstance) => Promise<void>) {
  const instance = new FastifyAdapter().getInstance<FastifyInstance>();
  await setUp(instance);
  instance.get('/ok', (_request, reply) => reply.send({ ok: true }));
  instance.get('/fails', () => Promise.reject(new Error('boom')));
  try {
    const headersOf = async (url: string) => {
      const { date: _date, ...headers } = (await instance.inject({ method: 'GET', url })).headers;
      return headers;
    };
    return { ok: await headersOf('/ok'), missing: await headersOf('/missing'), fails: await headersOf('/fails') };
  } finally {
    await instance.close();
  }
}

describe('securityHeaders', () => {
  it('sets exactly the headers the helmet plugin sets, on answers, 404s and errors alike', async () => {
    const headers = await securityHeaders(options);
    expect(headers.get('content-security-policy')).toContain("img-src 'self' data:");
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const byPlugin = await answers(async (instance) => {
      await instance.register(helmet, options);
    });
    const computedOnce = await answers((instance) => Promise.resolve(applySecurityHeaders(instance, headers)));
    expect(computedOnce).toEqual(byPlugin);
  });
});
