import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` writes the console (dist/console): from dist/apps/ledger/src, or from the sources in tests. */
export function consoleAssetsDir(): string | undefined {
  const candidates = [
    join(import.meta.dirname, '../../../../console'),
    join(import.meta.dirname, '../../../../dist/console'),
  ];
  return candidates.find((directory) => existsSync(join(directory, 'index.html')));
}

/**
 * Serves the single-page console at /console: its built files as they are, and index.html for every other
 * path under /console so a reloaded or typed URL (/console/statements/p1-2026-Q1) opens the same app.
 * Without a build (a test run on the sources) /console answers 404 like any unknown path.
 */
export async function serveConsole(app: NestFastifyApplication, root = consoleAssetsDir()): Promise<void> {
  if (!root) return;
  const index = readFileSync(join(root, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();
  // The Swagger UI registers @fastify/static too: only one registration may decorate the reply.
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    wildcard: false,
    index: false,
  });
  const sendIndex = (_request: unknown, reply: { type(value: string): { send(body: Buffer): unknown } }) =>
    reply.type('text/html; charset=utf-8').send(index);
  // A missing asset (an old build's chunk, say) is a 404, not the page: a script tag must not receive HTML.
  fastify.get('/console/assets/*', (request, reply) =>
    reply.code(404).send({ statusCode: 404, error: 'NOT_FOUND', message: `There is no console file ${request.url}` }),
  );
  fastify.get('/console', sendIndex);
  fastify.get('/console/*', sendIndex);
}
