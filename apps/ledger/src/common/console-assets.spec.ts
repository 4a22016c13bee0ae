import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { serveConsole } from './console-assets.js';

@Module({})
class EmptyModule {}

describe('serveConsole', () => {
  const root = mkdtempSync(join(tmpdir(), 'console-assets-'));
  let app: NestFastifyApplication;
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: false });
    await serveConsole(app, root);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ url });

  it('answers the page for /console and every path under it, so a typed or reloaded URL opens the app', async () => {
    for (const url of ['/console', '/console/', '/console/statements/p1-2026-Q1', '/console/ops/simulate?x=1']) {
      const response = await get(url);
      expect([url, response.statusCode, response.headers['content-type']]).toEqual([
        url,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(response.body).toContain('<title>console</title>');
    }
  });

  it('serves the built files as they are, and a missing asset as 404 rather than the page', async () => {
    const asset = await get('/console/assets/index-abc.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.body).toBe('console.log(1)');
    const missing = await get('/console/assets/index-old.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'NOT_FOUND' });
  });
});
