import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ImportRunner } from './import-runner.js';
import { ImportsController } from './imports.controller.js';

/**
 * The largest import body: 100,000 commands of seeded style are about 30 MB. Far above the JSON limit of
 * single commands, so it applies to this content type alone.
 */
export const importBodyLimitBytes = 256 * 1024 * 1024;

@Module({
  controllers: [ImportsController],
  providers: [ImportRunner],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // The CLI has no HTTP server: nothing to parse there.
    if (!http?.addContentTypeParser) return;
    http.addContentTypeParser(
      'application/x-ndjson',
      { parseAs: 'string', bodyLimit: importBodyLimitBytes },
      (_request, body, done) => done(null, body),
    );
  }
}
