import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { LedgerConfig } from './config.js';
import type { CoreOptions } from './ledger-core.module.js';

/** Builds the HTTP application (used by main.ts and by the end-to-end tests alike). */
export async function createApp(config: LedgerConfig, options: CoreOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Partner Ledger')
      .setDescription('Event-sourced revenue ledger for partner programs. Amounts are decimal strings; positions are decimal strings.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
