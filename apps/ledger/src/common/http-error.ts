import type { ErrorKind } from '#domain';

/** The kinds of refusal only the HTTP edge has, besides the domain's. */
export type HttpErrorKind = ErrorKind | 'unauthenticated' | 'too_large' | 'unsupported_media_type' | 'rate_limited';

/**
 * Codes the application raises at the HTTP edge, never a decider: malformed or oversized bodies, routes,
 * throttling and tokens (below Nest, in the errors filter and the auth guard), and look-ups the controllers
 * answer themselves. Stable on the wire like the domain's codes (libs/domain/src/errors.ts).
 */
export const httpErrorCatalog = {
  MALFORMED_REQUEST: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  UNAUTHENTICATED: 'unauthenticated',
  RATE_LIMITED: 'rate_limited',
  NOT_FOUND: 'not_found',
  ROUTE_NOT_FOUND: 'not_found',
  RULE_SET_NOT_FOUND: 'not_found',
  STORAGE_FULL: 'unavailable',
  /** An import's dry-run line that passed validation and reached its append (not made); never a client's. */
  IMPORT_DRY_RUN: 'conflict',
} as const satisfies Record<string, HttpErrorKind>;

export type HttpErrorCode = keyof typeof httpErrorCatalog;

/** A client error of the HTTP edge; the errors filter answers it exactly as a DomainError. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly kind: HttpErrorKind;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.kind = httpErrorCatalog[code];
  }
}
