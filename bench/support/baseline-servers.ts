import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { createServer } from 'node:http';
import { ledgerValidationPipe } from '../../apps/ledger/src/common/errors.filter.js';

/**
 * Baselines for the HTTP command benchmark, run as child processes: `raw` is node:http answering
 * 201 with no work; `nest` is Nest + Fastify + the ledger's ValidationPipe on a no-op endpoint with
 * the same DTO shape as POST /partners, and a no-op GET /commission-lines/:lineId answering a fixed line.
 * The ledger's figure is read against these, in the same run.
 */
class EnrollDto {
  @IsString() @IsNotEmpty() @MaxLength(100) partnerId!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsIn(['reseller', 'referral', 'technology']) kind!: string;
  @IsString() @IsNotEmpty() @MaxLength(50) region!: string;
}

@Controller()
class NoopController {
  @Post('partners')
  enroll(@Body() body: EnrollDto): { partnerId: string; position: string } {
    return { partnerId: body.partnerId, position: '0' };
  }

  @Get('commission-lines/:lineId')
  line(@Param('lineId') lineId: string): { lineId: string; amount: string; explanation: string[] } {
    return { lineId, amount: '0.00', explanation: [] };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

const [kind, port] = [process.argv[2], Number(process.argv[3])];
if (kind === 'raw') {
  createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'Content-Type': 'application/json' });
      response.end('{"partnerId":"x","position":"0"}');
    });
  }).listen(port, '127.0.0.1');
} else if (kind === 'nest') {
  const app = await NestFactory.create<NestFastifyApplication>(NoopModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(ledgerValidationPipe());
  await app.listen(port, '127.0.0.1');
} else {
  throw new Error('usage: baseline-servers.js raw|nest <port>');
}
