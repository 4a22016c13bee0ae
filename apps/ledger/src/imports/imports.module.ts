import { DomainError } from '#domain';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { declaredLength, readBody } from './import-body.js';
import { ImportRunner } from './import-runner.js';
import { ImportsController } from './imports.controller.js';
import { LineDispatcher } from './line-dispatcher.js';

/**
 * The largest import body: 100,000 commands of seeded style are about 30 MB. Far above the JSON limit of
 * single commands, so it applies to this content type alone.
 */
export const importBodyLimitBytes = 256 * 1024 * 1024;

@Module({
  controllers: [ImportsController],
  providers: [ImportRunner, LineDispatcher],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // The CLI has no HTTP server: nothing to parse there.
    if (!http?.addContentTypeParser) return;
    http.addContentTypeParser('application/x-ndjson', (request, payload, done) => {
      // Parsers are not per route in Fastify: the large limit must not open every route to large bodies.
      if (request.routeOptions.url !== '/imports' || request.method !== 'POST') {
        done(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Only POST /imports takes application/x-ndjson'), undefined);
        return;
      }
      readBody(payload, importBodyLimitBytes, declaredLength(request.headers['content-length'])).then(
        (body) => done(null, body),
        (error: unknown) => done(error as Error, undefined),
      );
    });
  }
}
