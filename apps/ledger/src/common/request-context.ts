import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '#domain';
import type { AuthenticatedRequest } from './auth.js';

/** What every command needs from the request besides its payload. */
export interface RequestContext {
  readonly actor: Actor;
  /**
   * The Idempotency-Key header when the client sent one, as the store keeps it: scoped to the actor
   * (clientIdempotencyKey). Handlers derive their own keys only when it is absent.
   */
  readonly idempotencyKey: string | undefined;
  readonly correlationId: string;
  readonly requestId: string;
}

/** An Idempotency-Key or X-Correlation-Id header: 1 to 200 visible ASCII characters. */
export const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** The prefix of every key a client chose; no key the server derives (`approve:`, `pay:`...) starts with it. */
export const clientKeyPrefix = 'client:';

/**
 * A client's Idempotency-Key as the store keeps it: `client:<actor id, URI-encoded>:<key>`. Scoped to
 * the actor, so two users' keys never meet; under a prefix no derived key has, so a partner sending
 * `approve:c1:approve` cannot take the key of the manager's later approval. The actor id is encoded
 * so its `:` cannot move the boundary between actor and key.
 */
export function clientIdempotencyKey(actorId: string, key: string): string {
  return `${clientKeyPrefix}${encodeURIComponent(actorId)}:${key}`;
}

function header(request: AuthenticatedRequest, name: string, field: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !keyPattern.test(value)) {
    throw new DomainError('VALIDATION_FAILED', `The ${field} header must be 1 to 200 visible ASCII characters`, {
      fields: [{ field, rule: 'headerFormat', message: `${field} must be 1 to 200 visible ASCII characters` }],
    });
  }
  return value;
}

export const Context = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('Invariant violated: a command route ran without an authenticated actor');
  const requestId = String(request.id ?? randomUUID());
  const key = header(request, 'idempotency-key', 'Idempotency-Key');
  return {
    actor: request.actor,
    idempotencyKey: key === undefined ? undefined : clientIdempotencyKey(request.actor.id, key),
    correlationId: header(request, 'x-correlation-id', 'X-Correlation-Id') ?? requestId,
    requestId,
  };
});
