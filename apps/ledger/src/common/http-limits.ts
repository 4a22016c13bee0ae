import { DomainError, fieldsRefusal } from '#domain';
import type { FastifyBodyParser, FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { LedgerConfig } from '../config.js';
import { notUtf8Refusal, unfitTextRefusal } from './text-rules.js';

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
    // Requests during a stop are answered by refuseWhileStopping, in the ledger's error shape.
    return503OnClosing: false,
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

/**
 * A body is read as it is sent: one with a Content-Encoding other than identity is refused with 415, where it was
 * parsed as its compressed bytes (a 400 about invalid JSON) or, uncompressed after all, accepted. An import alone
 * may be sent gzip-compressed (its body is inflated as it is read, bounded once inflated: ImportsController).
 */
export function refuseEncodedBodies(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers['content-encoding'];
    const encoding = header?.trim().toLowerCase();
    if (encoding === undefined || encoding === 'identity') return done();
    if (encoding === 'gzip' && request.method === 'POST' && request.routeOptions.url === '/imports') return done();
    const message = `Content-Encoding ${header} is not supported: send the body uncompressed`;
    done(new DomainError('UNSUPPORTED_MEDIA_TYPE', message, { rule: 'contentEncoding', header: 'Content-Encoding' }));
  });
}

/**
 * Requests that arrive while the service stops (on a kept-alive connection, or pipelined) answer 503
 * SERVICE_STOPPING in the one error shape, with Retry-After and `Connection: close`, so that a client or a load
 * balancer retries elsewhere. Fastify's own answer (`return503OnClosing`) was `{error, message, statusCode}`.
 */
export function refuseWhileStopping(instance: FastifyInstance): void {
  let stopping = false;
  instance.addHook('preClose', (done) => {
    stopping = true;
    done();
  });
  instance.addHook('onRequest', (_request, _reply, done) => done(stopping ? serviceStopping() : undefined));
}

/** The refusal of a request the service cannot serve because it stops (refuseWhileStopping, a simulation cut short). */
export function serviceStopping(): DomainError {
  const message = 'The service is stopping: retry in a moment (it restarts, or another instance answers)';
  return new DomainError('SERVICE_STOPPING', message, { retryAfterSeconds: 1 });
}

/**
 * No query parameter of the API takes a list: one given twice (`?limit=1&limit=2`) reaches the validation as an
 * array and was refused once per rule a string passes (`q must be shorter than or equal to 100 characters; q must be
 * a string`). It is refused before the route runs, naming each repeated parameter with `rule: once`.
 */
export function refuseRepeatedQuery(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    // Commands carry no query: they pay one search of their URL, not the query's parse.
    if (!request.url.includes('?')) return done();
    const query = request.query as Record<string, unknown>;
    const repeated = Object.entries(query).filter(([, value]) => Array.isArray(value));
    if (repeated.length === 0) return done();
    const fields = repeated.map(([field]) => ({ field, rule: 'once', message: `${field} must be given once` }));
    done(fieldsRefusal('VALIDATION_FAILED', '', fields, false));
  });
}

/** Connections beyond the limit are closed as soon as they are accepted. */
export function limitConnections(server: { maxConnections: number }, config: Pick<LedgerConfig, 'http'>): void {
  server.maxConnections = config.http.connectionsMax;
}

/**
 * How many values (object members and array items, at every depth) a JSON body may hold. The largest command, a deal
 * won with 500 product lines, holds about 2,500. Every value a client sends is validated on the API's thread, and a
 * property that no field takes costs an error of its own: a body of 80,000 such properties (1.1 MB) held the event
 * loop 6.1 s and was answered with 10.8 MB (docs/benchmarks.md). At 4,000 the worst such body costs tens of ms.
 */
export const jsonValuesMax = 4000;

/** What a JSON body may hold: how deep it nests, and how many values (object members and array items) in all. */
export interface JsonShapeMax {
  readonly depthMax: number;
  readonly valuesMax: number;
}

const bodyShapeMax: JsonShapeMax = { depthMax: jsonDepthMax, valuesMax: jsonValuesMax };

/**
 * The first bound of `shapeMax` a JSON text passes, found in one pass without parsing or recursion (a body of
 * 80,000 members is refused before anything builds them). Bytes suffice: in UTF-8 every byte of a multi-byte
 * character is >= 0x80, so none looks like a bracket, a colon, a comma or a quote; none inside a string counts.
 * A value is an object member (its colon) or an array item (the first, then one per comma). Malformed text is
 * left to the parser.
 */
export function jsonShapeExceeds(body: Buffer, shapeMax: JsonShapeMax): 'depth' | 'values' | undefined {
  // Whether each open container is an array, by depth.
  const arrays = new Uint8Array(shapeMax.depthMax + 2);
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index]!;
    if (inString) {
      if (byte === 0x5c)
        index += 1; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      // { [
      depth += 1;
      if (depth > shapeMax.depthMax) return 'depth';
      arrays[depth] = byte === 0x5b ? 1 : 0;
      if (byte === 0x5b && !emptyArrayAt(body, index)) values += 1;
    } else if (byte === 0x7d || byte === 0x5d)
      depth -= 1; // } ]
    else if (byte === 0x3a || (byte === 0x2c && arrays[depth] === 1)) values += 1; // : a member, , another item
    if (values > shapeMax.valuesMax) return 'values';
  }
  return undefined;
}

const blanks = new Set([0x20, 0x0a, 0x0d, 0x09]);

/** Whether the array opened at `open` is empty: its next byte after blanks closes it. */
function emptyArrayAt(body: Buffer, open: number): boolean {
  let index = open + 1;
  while (index < body.length && blanks.has(body[index]!)) index += 1;
  return body[index] === 0x5d;
}

/**
 * A JSON body past jsonDepthMax or jsonValuesMax, refused alike over HTTP and in an import's line (whose own
 * `shapeMax` is one level and its four members more than its body's).
 */
export function jsonShapeRefusal(body: Buffer, shapeMax = bodyShapeMax): DomainError | undefined {
  const exceeds = jsonShapeExceeds(body, shapeMax);
  if (exceeds === 'depth') {
    const message = `The JSON body nests deeper than ${jsonDepthMax} levels of objects and arrays`;
    return new DomainError('MALFORMED_REQUEST', message, { rule: 'jsonDepthMax', limit: jsonDepthMax });
  }
  if (exceeds === 'values') {
    const message = `The JSON body holds more than ${jsonValuesMax} values (object members and array items)`;
    return new DomainError('MALFORMED_REQUEST', message, { rule: 'jsonValuesMax', limit: jsonValuesMax });
  }
  return undefined;
}

/**
 * The JSON body parser: refuses a body nested deeper than jsonDepthMax, or of more than jsonValuesMax values,
 * with 400 before anything parses or walks it, then parses with Fastify's own parser (secure-json-parse:
 * __proto__ and constructor refused). Bytes that are not UTF-8, and text no field may hold (text-rules.ts), are
 * refused with 400 too, where decoding and storing would have altered them.
 * An empty body reads as `{}`: most HTTP clients send `Content-Type: application/json` with no body on
 * an action that takes none (approve, close a period), and a route that needs fields names each missing one.
 */
export function boundedJsonParser(instance: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = instance.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (text.trim().length === 0) {
      done(null, {});
      return;
    }
    const refusal = notUtf8Refusal(body) ?? jsonShapeRefusal(body);
    if (refusal) {
      done(refusal, undefined);
      return;
    }
    void parse(request, text, (error, value) => done(error ?? unfitTextRefusal(text, value) ?? null, value));
  };
}
