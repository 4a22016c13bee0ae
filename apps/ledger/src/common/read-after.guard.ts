import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '#domain';
import { Projector } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { LEDGER_CONFIG } from './tokens.js';

const positionPattern = /^\d{1,20}$/;
const readModelsKey = 'ledger:read-models';

/**
 * The projections a controller's reads are served from, so `?after=` waits for those alone and a
 * failed projection answers PROJECTION_FAILED only for its own reads. None: the reads fold streams
 * from the log. Without the decorator a read waits for every projection.
 */
export const ReadModels = (...projections: string[]) => SetMetadata(readModelsKey, projections);

/**
 * Read-your-writes: every GET accepts `?after=<position>` and answers only once the read models have
 * applied that position, waiting at most READ_WAIT_TIMEOUT_MS, then 503 with Retry-After. A guard, not an
 * interceptor: it runs after the authentication guard and before the handler all the same, and a global
 * interceptor wrapped every request, commands included, in rxjs and async-scope bindings (about 5% of a
 * `POST /partners` on the API thread).
 */
@Injectable()
export class ReadAfterGuard implements CanActivate {
  constructor(
    private readonly projector: Projector,
    private readonly reflector: Reflector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ method: string; query?: Record<string, unknown> }>();
    const after = request.method === 'GET' ? request.query?.['after'] : undefined;
    if (after === undefined) return true;
    if (typeof after !== 'string' || !positionPattern.test(after)) {
      throw new DomainError('VALIDATION_FAILED', 'after must be a position: a whole number', {
        fields: [{ field: 'after', rule: 'position', message: 'after must be a whole number' }],
      });
    }
    const targets = [context.getHandler(), context.getClass()];
    const names = this.reflector.getAllAndOverride<string[] | undefined>(readModelsKey, targets);
    await this.projector.waitFor(BigInt(after), this.config.readWaitTimeoutMs, names);
    return true;
  }
}
