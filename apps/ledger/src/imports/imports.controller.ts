import { DomainError } from '#domain';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Roles } from '../common/auth.js';
import { IdPipe } from '../common/id.pipe.js';
import { declaredLength, importBodyLimitBytes, readBody } from './import-body.js';
import { ImportRunner } from './import-runner.js';
import { ImportView, StartImportQuery } from './imports.dto.js';
import type { ImportView as JobView } from './import-job.js';

const exampleLines =
  '{"key":"p-acme","method":"POST","path":"/partners","body":{"partnerId":"acme","name":"Acme",' +
  '"kind":"reseller","region":"EMEA"}}\n';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly runner: ImportRunner) {}

  /**
   * Starts an import: one command per line, `{"key","method","path","body"}`, each run through its
   * route in file order with the key as Idempotency-Key. Answers 202 at once; GET /imports/:id follows it.
   */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Import commands, one per NDJSON line, through their routes in file order' })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: exampleLines } })
  @ApiAcceptedResponse({
    type: ImportView,
    headers: { Location: { description: "The import's progress: GET /imports/<id>", schema: { type: 'string' } } },
  })
  @Roles('partner_manager')
  async start(
    @Body() body: unknown,
    @Query() query: StartImportQuery,
    @Headers('authorization') authorization: string,
    @Headers('content-length') length: string | undefined,
    @Headers('content-encoding') encoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const options = { dryRun: query.dryRun === 'true', stopOnError: query.stopOnError === 'true' };
    const gzipped = encoding?.trim().toLowerCase() === 'gzip';
    const job = await this.runner.start(bodyReader(body, declaredLength(length), gzipped), options, authorization);
    void reply.header('Location', `/imports/${job.id}`);
    return job.view();
  }

  @Get(':id')
  @ApiOperation({ summary: "An import's progress (done/total, rate, ETA, errors so far) and, once done, its result" })
  @ApiOkResponse({ type: ImportView })
  @Roles('partner_manager')
  get(@Param('id', IdPipe) importId: string, @Res({ passthrough: true }) reply: FastifyReply): string | StreamableFile {
    const answer = this.runner.answer(importId);
    if (answer === undefined) throw new DomainError('NOT_FOUND', `No import ${importId}`);
    // JSON already: Fastify sends a string of this type as it is, and a stream a chunk at a time.
    void reply.type('application/json; charset=utf-8');
    return typeof answer === 'string' ? answer : new StreamableFile(answer);
  }
}

/**
 * What reads the import's bytes once it may start: the request's stream from the NDJSON parser (imports.module.ts),
 * inflated as it arrives when gzip-compressed, refused with 413 past importBodyLimitBytes (inflated: a small body that
 * inflates without end stops there). Any other content type has no parser (415 before this).
 */
function bodyReader(body: unknown, bytesDeclared: number | undefined, gzipped: boolean): () => Promise<Buffer> {
  if (!(body instanceof Readable))
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'An import is sent as Content-Type: application/x-ndjson');
  if (!gzipped) return () => readBody(body, importBodyLimitBytes, bytesDeclared);
  return async () => {
    const inflated = createGunzip();
    // Either side's failure (a client gone, bytes that are not gzip) ends both, and the read with it.
    pipeline(body, inflated, () => undefined);
    try {
      return await readBody(inflated, importBodyLimitBytes);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const message = `The body is not valid gzip: ${error instanceof Error ? error.message : String(error)}`;
      throw new DomainError('MALFORMED_REQUEST', message, { rule: 'contentEncoding', header: 'Content-Encoding' });
    }
  };
}
