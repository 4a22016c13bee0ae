import { DomainError } from '#domain';
import type { FastifyBodyParser, FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { LedgerConfig } from '../config.js';

/**
 * How deep a JSON body may nest. The deepest command (a rule set: rules, tiers, rates) is under ten
 * levels; past a few thousand, class-transformer overflows the stack. 32 leaves room and stops that.
 */
export const jsonDepthMax = 32;

/**
 * Timeouts against clients that hold sockets open. requestTimeout bounds headers and body together
 * (a body trickling in byte by byte is answered 408 and closed); Node checks it on an interval, so the
 * interval is made short enough that the limit holds to within a second. keepAliveTimeout closes
 * connections idle between requests. Fastify sets server.requestTimeout from its own option.
 */
export function httpServerOptions(config: Pick<LedgerConfig, 'http' | 'bodyLimitBytes'>): FastifyHttpOptions<Server> {
  const { requestTimeoutMs, idleTimeoutMs } = config.http;
  return {
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: idleTimeoutMs,
    http: {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    },
  };
}

/** Connections beyond the limit are closed as soon as they are accepted. */
export function limitConnections(server: { maxConnections: number }, config: Pick<LedgerConfig, 'http'>): void {
  server.maxConnections = config.http.connectionsMax;
}

/**
 * Whether a JSON text nests deeper than depthMax, found in one pass without parsing or recursion.
 * Bytes suffice: in UTF-8 every byte of a multi-byte character is >= 0x80, so none looks like a
 * bracket or a quote. Brackets inside strings do not count. Malformed text is left to the parser.
 */
export function jsonDepthExceeds(body: Buffer, depthMax: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index]!;
    if (inString) {
      if (byte === 0x5c)
        index += 1; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      // { [
      depth += 1;
      if (depth > depthMax) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      // } ]
      depth -= 1;
    }
  }
  return false;
}

/**
 * The JSON body parser: refuses a body nested deeper than jsonDepthMax with 400 before anything walks
 * it, then parses with Fastify's own parser (secure-json-parse: __proto__ and constructor refused).
 * An empty body reads as `{}`: most HTTP clients send `Content-Type: application/json` with no body on
 * an action that takes none (approve, close a period), and a route that needs fields names each missing one.
 */
export function depthLimitedJsonParser(instance: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = instance.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (text.trim().length === 0) {
      done(null, {});
      return;
    }
    if (jsonDepthExceeds(body, jsonDepthMax)) {
      const message = `The JSON body nests deeper than ${jsonDepthMax} levels of objects and arrays`;
      done(new DomainError('MALFORMED_REQUEST', message, { rule: 'jsonDepthMax', limit: jsonDepthMax }), undefined);
      return;
    }
    void parse(request, text, done);
  };
}
