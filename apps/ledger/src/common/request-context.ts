import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '#domain';
import type { AuthenticatedRequest } from './auth.js';

/** What every command needs from the request besides its payload. */
export interface RequestContext {
  readonly actor: Actor;
  /** The Idempotency-Key header when the client sent one. */
  readonly idempotencyKey: string | undefined;
  readonly correlationId: string;
  readonly requestId: string;
}

const keyPattern = /^[\x21-\x7e]{1,200}$/;

function header(request: AuthenticatedRequest, name: string, field: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !keyPattern.test(value)) {
    throw new DomainError('VALIDATION_FAILED', `The ${field} header must be 1 to 200 visible ASCII characters`, { fields: [{ field, rule: 'headerFormat', message: `${field} must be 1 to 200 visible ASCII characters` }] });
  }
  return value;
}

export const Context = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('Invariant violated: a command route ran without an authenticated actor');
  const requestId = String(request.id ?? randomUUID());
  return {
    actor: request.actor,
    idempotencyKey: header(request, 'idempotency-key', 'Idempotency-Key'),
    correlationId: header(request, 'x-correlation-id', 'X-Correlation-Id') ?? requestId,
    requestId,
  };
});
