import { DomainError } from '#domain';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ImportRunner } from './import-runner.js';
import { ImportsController } from './imports.controller.js';
import { LineDispatcher } from './line-dispatcher.js';

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
      // The body is read by the route once the caller is authenticated and an import may start (ImportRunner.start):
      // read here, before any guard, anyone could have the service buffer 256 MB per request, token or not.
      done(null, payload);
    });
  }
}
