import type { CommandResult } from '#event-store';
import type { RequestContext } from './request-context.js';

/** What a request that runs a protocol over several streams answers. */
export interface ProtocolOutcome {
  /** The global position of the latest event the request touched, across every stream it wrote. */
  readonly position: bigint;
  /** True when the request's deciding step had already taken effect (a retry). */
  readonly replayed: boolean;
}

/**
 * The request context of each step: the request's key (the header, or one derived from the entity)
 * plus the step name, so a retried request replays every step it completed the first time.
 */
export function stepsOf(context: RequestContext, defaultKey: string): (step: string) => RequestContext {
  const key = context.idempotencyKey ?? defaultKey;
  return (step) => ({ ...context, idempotencyKey: `${key}:${step}` });
}

/** The latest position among the steps' results (0n when there are none). */
export function maxPosition(results: readonly CommandResult[]): bigint {
  return results.reduce((max, result) => (result.position > max ? result.position : max), 0n);
}

/** The outcome of steps whose last one decides: replayed when that one was. */
export function protocolOutcome(results: readonly CommandResult[]): ProtocolOutcome {
  return { position: maxPosition(results), replayed: results.at(-1)?.replayed ?? false };
}
