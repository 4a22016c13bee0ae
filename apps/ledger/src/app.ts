import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { LedgerConfig } from './config.js';
import type { CoreOptions } from './ledger-core.module.js';
import { completeOpenApi } from './common/openapi.js';
import { commandRoutes } from './imports/command-routes.js';
import { serveConsole } from './common/console-assets.js';
import { frameworkErrorAnswer } from './common/errors.filter.js';
import { boundedJsonParser, httpServerOptions, limitConnections } from './common/http-limits.js';
import { refuseEncodedBodies, refuseRepeatedQuery, refuseWhileStopping } from './common/http-limits.js';
import { Metrics } from './common/metrics.js';
import { applySecurityHeaders, securityHeaders } from './common/security-headers.js';

/** The OpenAPI document of the application's routes, as /docs serves it. */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return completeOpenApi(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Partner Ledger')
        .setDescription(
          'Event-sourced revenue ledger for partner programs. ' +
            'Amounts are decimal strings; positions are decimal strings.',
        )
        .setVersion('1')
        .addServer('/', 'This service')
        .setLicense('Proprietary', 'https://example.com/partner-ledger/license')
        .addBearerAuth()
        .build(),
    ),
    new Set(commandRoutes.map(({ route }) => route.slice('POST '.length).replace(/:(\w+)/g, '{$1}'))),
  );
}

/** Security headers on every answer (helmet's, computed once); the CSP is relaxed only as far as /docs needs. */
function ledgerSecurityHeaders(config: LedgerConfig): Promise<ReadonlyMap<string, string>> {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
        // The console signing in with an OpenID Connect provider reads its discovery document and token endpoint.
        connectSrc: [`'self'`, ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])],
      },
    },
  });
}

/** Builds the HTTP application (used by main.ts and by the end-to-end tests alike). */
export async function createApp(config: LedgerConfig, options: CoreOptions = {}): Promise<NestFastifyApplication> {
  const headers = await ledgerSecurityHeaders(config);
  const adapter = new FastifyAdapter({
    ...httpServerOptions(config),
    trustProxy: false,
    // Request ids are UUIDs: they become causation ids on events, so they must not restart at 1 on every boot.
    genReqId: () => randomUUID(),
    frameworkErrors: frameworkErrorAnswer(headers),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    // Nest's parsers are JSON's and forms'; JSON's is ours (useBodyParser below), and forms are refused.
    bodyParser: false,
    // A provider that cannot be built (the log on a full disk) rejects here, for serve.ts to say why in one line;
    // by default Nest printed its stack and exited. The logs buffered so far are printed by our logger, or dropped.
    abortOnError: false,
    autoFlushLogs: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Every answer, refusals and 404s included, by route pattern (not the raw URL, which would grow without bound).
  const metrics = app.get(Metrics);
  // One line per answer at info and below, as pino-http wrote it; above info nothing is done per answer.
  const requestLog = ['info', 'debug', 'trace'].includes(config.logLevel) ? PinoLogger.root : undefined;
  adapter.getInstance().addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    requestLog?.info(
      {
        req: { id: request.id, method: request.method, url: request.url },
        res: reply.raw,
        responseTime: Math.round(reply.elapsedTime),
      },
      reply.statusCode >= 500 ? 'request errored' : 'request completed',
    );
    done();
  });
  limitConnections(app.getHttpServer(), config);
  const jsonParser = boundedJsonParser(adapter.getInstance());
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, jsonParser);
  // Every body is JSON: without Fastify's text/plain parser (and Nest's form parser: `bodyParser: false`), any other
  // content type answers 415 (not a 400 listing every field the string lacks, nor a form's fields taken as a command).
  adapter.getInstance().removeContentTypeParser('text/plain');
  // Per client address, before any work is done for the request. (@nestjs/throttler is CommonJS
  // requiring the ESM-only @nestjs/common, which the test runtime refuses as a require cycle.)
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Probes from orchestrators must never be throttled into a restart.
    allowList: (request) => request.url.startsWith('/health'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'RATE_LIMITED',
      message: `Too many requests: at most ${context.max} a minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
      details: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
    }),
  });
  applySecurityHeaders(adapter.getInstance<FastifyInstance>(), headers);
  refuseEncodedBodies(adapter.getInstance<FastifyInstance>());
  refuseWhileStopping(adapter.getInstance<FastifyInstance>());
  refuseRepeatedQuery(adapter.getInstance<FastifyInstance>());
  app.enableShutdownHooks();
  // Built at the first request of /docs, /docs-json or /docs-yaml, then kept: scanning every route's metadata
  // cost the start about 0.1 s that no probe or command needs.
  SwaggerModule.setup('docs', app, () => openApiDocument(app));
  await serveConsole(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
