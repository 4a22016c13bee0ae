import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '#domain';
import { Projector } from '#read-models';
import { from, switchMap, type Observable } from 'rxjs';
import type { LedgerConfig } from '../config.js';
import { LEDGER_CONFIG } from './tokens.js';

const positionPattern = /^\d{1,20}$/;

/**
 * Read-your-writes: every GET accepts `?after=<position>` and answers only once the read models have
 * applied that position, waiting at most READ_WAIT_TIMEOUT_MS, then 503 with Retry-After.
 */
@Injectable()
export class ReadAfterInterceptor implements NestInterceptor {
  constructor(
    private readonly projector: Projector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string; query?: Record<string, unknown> }>();
    const after = request.method === 'GET' ? request.query?.['after'] : undefined;
    if (after === undefined) return next.handle();
    if (typeof after !== 'string' || !positionPattern.test(after)) {
      throw new DomainError('VALIDATION_FAILED', 'after must be a position: a whole number', { fields: [{ field: 'after', rule: 'position', message: 'after must be a whole number' }] });
    }
    return from(this.projector.waitFor(BigInt(after), this.config.readWaitTimeoutMs)).pipe(switchMap(() => next.handle()));
  }
}
