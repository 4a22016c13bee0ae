import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, fieldsRefusal, type ErrorCode, type ErrorKind, type FieldIssue } from '#domain';
import { databaseDamage } from '#event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ValidatorOptions } from 'class-validator';
import { certainlyValid, ledgerValidatorOptions, memoizeValidationMetadata } from './validation-metadata.js';

const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rule: 422,
  rate_limited: 429,
  unavailable: 503,
  abandoned: 499,
};

/** Client errors raised below Nest (Fastify's body parser, routing, throttling) and their codes. */
const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'MALFORMED_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * The data folder's disk is full (SQLite's SQLITE_FULL, or ENOSPC from a file write): nothing was
 * written, so the client may retry once space frees; the ledger needs no restart for that.
 */
function storageFull(exception: unknown): DomainError | undefined {
  const code = (exception as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_FULL' && code !== 'ENOSPC') return undefined;
  return new DomainError('STORAGE_FULL', 'The disk holding the ledger is full: nothing was recorded; retry later', {
    retryAfterSeconds: 5,
  });
}

/** Logs what no client can mend: reads of a damaged database page are answered 503 and told to the operator. */
const storageLogger = new Logger('Storage');
/** When a full disk was last logged: once a minute is enough to page someone, every refused command would flood. */
let storageFullLoggedAtMs = -Infinity;
const storageFullLogEveryMs = 60_000;

/** A full disk refuses every write with 503 STORAGE_FULL until an operator frees space: said at error level. */
function reportStorageFull(): void {
  const now = performance.now();
  if (now - storageFullLoggedAtMs < storageFullLogEveryMs) return;
  storageFullLoggedAtMs = now;
  storageLogger.error(
    'The disk holding the ledger is full: writes answer 503 STORAGE_FULL and record nothing until space is freed ' +
      '(logged at most once a minute)',
  );
}

/**
 * A database file holds a damaged page (SQLite's SQLITE_CORRUPT, SQLITE_NOTADB): nothing was changed, and only an
 * operator can mend it. SQLite does not say which file; `ledger verify` finds it and says what to do. Logged here,
 * where the HTTP answer and an import line's answer are both made, since the client's answer is no bug report.
 */
function storageDamaged(exception: unknown): DomainError | undefined {
  const damage = databaseDamage(exception);
  if (!damage) return undefined;
  const found = `a database file of the ledger is damaged (SQLite: ${damage.reason})`;
  storageLogger.error(`A request found that ${found}: run \`ledger verify\`, which names the file and what to do`);
  const message = `The ledger cannot read its data: ${found}. Nothing was changed; an operator must mend it`;
  return new DomainError('STORAGE_DAMAGED', message, { retryAfterSeconds: 60 });
}

function toClientError(exception: unknown): DomainError | undefined {
  if (exception instanceof DomainError) return exception;
  const stored = storageFull(exception) ?? storageDamaged(exception);
  if (stored) return stored;
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const text = (exception as { message?: unknown }).message;
  const message =
    status === 404
      ? 'No such route'
      : status === 415
        ? 'The body must be JSON, sent with Content-Type: application/json'
        : typeof text === 'string' && text.length > 0
          ? text
          : 'The request is malformed';
  // Forbidden is the domain's code too (a partner acting for another): one code, whoever refuses.
  if (status === 403) return new DomainError('FORBIDDEN', message);
  return new DomainError(codeByStatus[status] ?? (status === 401 ? 'UNAUTHENTICATED' : 'MALFORMED_REQUEST'), message);
}

/**
 * The one place errors become HTTP answers: `{ error, message, details }` with the status the code's
 * kind implies. Anything that is not a known client error is a bug: it is logged with its stack and
 * answered 500 without internals.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // A route may have set another content type (CSV, Prometheus text) before failing: errors are JSON.
    void reply.header('Content-Type', 'application/json; charset=utf-8');
    if (exception instanceof HttpException && exception.getStatus() === 503) {
      // Health checks answer 503 with their own report of what is down.
      void reply.status(503).send(exception.getResponse());
      return;
    }
    const answer = refusalAnswer(exception);
    if (!answer) {
      // The request's id ties the error to its "request errored" line (and to the causation id of its events).
      const requestId = String(host.switchToHttp().getRequest<FastifyRequest | undefined>()?.id ?? 'unknown');
      const cause = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`Request ${requestId} failed: ${cause}`);
      void reply.status(500).send(internalErrorBody);
      return;
    }
    const retryAfter = answer.body.details['retryAfterSeconds'];
    if (answer.status === 503 || typeof retryAfter === 'number')
      void reply.header('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : 1));
    void reply.status(answer.status).send(answer.body);
  }
}

/** What every refusal answers. */
export interface RefusalBody {
  readonly error: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The answer to an error that is a bug: logged, never shown. */
export const internalErrorBody: RefusalBody = {
  error: 'INTERNAL',
  message: 'An unexpected error occurred; it has been logged',
  details: {},
};

/**
 * The status and body a client's refusal answers (the one mapping of codes to statuses, shared by the
 * filter and by import lines, which run without HTTP); undefined when the error is not a client's (a bug).
 */
export function refusalAnswer(exception: unknown): { status: number; body: RefusalBody } | undefined {
  const error = toClientError(exception);
  if (!error) return undefined;
  if (error.code === 'STORAGE_FULL') reportStorageFull();
  return {
    status: statusByKind[error.kind],
    body: { error: error.code, message: error.message, details: fieldsListed(error) },
  };
}

/**
 * A validation error in the one shape (docs/api.md, "Errors"): `details.fields`. A decider names its one field as
 * `{field, rule}`; said as a list of one, a client reads every VALIDATION_FAILED the same way.
 */
function fieldsListed({ code, message, details }: DomainError): Readonly<Record<string, unknown>> {
  const { field, rule, ...rest } = details;
  if (code !== 'VALIDATION_FAILED' || details['fields'] !== undefined || typeof field !== 'string') return details;
  return { ...rest, fields: [{ field, rule, message }] };
}

/**
 * Each offending field with one message per failing rule. A missing field fails every rule it has (a
 * string, not empty, a pattern); it is told once that it is required.
 */
function flatten(errors: readonly ValidationError[], parent = ''): FieldIssue[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const rules = Object.entries(error.constraints ?? {});
    const own =
      error.value === undefined && rules.length > 0 && !('whitelistValidation' in (error.constraints ?? {}))
        ? [{ field, rule: 'required', message: `${field} is required` }]
        : rules.map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Asks class-validator only for what `certainlyValid` cannot pass: its errors, or what it alone can check. */
class LedgerValidationPipe extends ValidationPipe {
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    return certainlyValid(object) === true ? [] : super.validate(object, options);
  }
}

/**
 * What Fastify refuses before any route, hook or filter runs (a path with a bad percent escape, a path parameter
 * longer than 100 characters), answered in the one shape with the security headers, as an import line with the
 * same path is answered (LineDispatcher); Fastify's own answer was `{statusCode, code, error, message}`.
 */
export function frameworkErrorAnswer(
  headers: ReadonlyMap<string, string>,
): (error: unknown, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, _request, reply) => {
    const answer = refusalAnswer(error) ?? { status: 500, body: internalErrorBody };
    for (const [name, value] of headers) void reply.header(name, value);
    void reply.code(answer.status).header('Content-Type', 'application/json; charset=utf-8').send(answer.body);
  };
}

/** Whitelisting validation whose errors name every offending field and rule. */
export function ledgerValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new LedgerValidationPipe({
    ...ledgerValidatorOptions,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      if (fields.length === 0) return new DomainError('VALIDATION_FAILED', 'The request is invalid', { fields });
      return fieldsRefusal('VALIDATION_FAILED', '', fields, false);
    },
  });
}
