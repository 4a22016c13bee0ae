/**
 * One error type for every refusal the ledger gives, with one catalog of codes. Codes are stable forever:
 * clients branch on them. The kind decides the HTTP status in the application's single exception filter;
 * the domain itself knows nothing of HTTP. The last group of codes is raised only by the application's edge
 * (tokens, routes, throttling, bodies, storage), never by a decider; they share the catalog so a client
 * meets one shape and one list, whoever refused.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rule'
  | 'rate_limited'
  | 'unavailable'
  | 'abandoned';

export const errorCatalog = {
  // Input that cannot be a valid command, whatever the state.
  VALIDATION_FAILED: 'invalid',
  AMOUNT_INVALID: 'invalid',
  DATE_INVALID: 'invalid',
  // Access.
  FORBIDDEN: 'forbidden',
  // Missing things.
  PARTNER_NOT_FOUND: 'not_found',
  // Retries and races.
  IDEMPOTENCY_KEY_REUSED: 'conflict',
  CONCURRENCY_CONFLICT: 'conflict',
  PARTNER_ALREADY_ENROLLED: 'conflict',
  // Business rules.
  PARTNER_NOT_ACTIVE: 'rule',
  PARTNER_NOT_SUSPENDED: 'rule',
  PARTNER_OFFBOARDED: 'rule',
  // Deal registrations and the customer lock (channel conflict).
  CUSTOMER_DOMAIN_INVALID: 'invalid',
  REGISTRATION_NOT_FOUND: 'not_found',
  REGISTRATION_ALREADY_SUBMITTED: 'conflict',
  REGISTRATION_NOT_PENDING: 'conflict',
  REGISTRATION_CONFLICT: 'conflict',
  CUSTOMER_NOT_CLAIMED: 'conflict',
  CUSTOMER_RELEASE_NOT_ALLOWED: 'rule',
  REGISTRATION_NOT_APPROVED: 'rule',
  REGISTRATION_EXPIRED: 'rule',
  REGISTRATION_ALREADY_EXTENDED: 'conflict',
  // A direct deal for a customer another partner's registration protects; the details never name the holder.
  CUSTOMER_PROTECTED: 'conflict',
  // Deals.
  DATE_IN_FUTURE: 'invalid',
  DEAL_PARTNERS_INVALID: 'invalid',
  DEAL_SHARES_INVALID: 'invalid',
  DEAL_LINES_INVALID: 'invalid',
  DEAL_TERM_INVALID: 'invalid',
  DEAL_NOT_FOUND: 'not_found',
  DEAL_ALREADY_OPENED: 'conflict',
  DEAL_NOT_OPEN: 'conflict',
  DEAL_NOT_WON: 'conflict',
  DEAL_CHURNED: 'conflict',
  DEAL_SOURCING_PARTNER_INVALID: 'rule',
  DEAL_CUSTOMER_MISMATCH: 'rule',
  DEAL_STAGE_NOT_FORWARD: 'rule',
  DEAL_NOT_RECURRING: 'rule',
  DEAL_FX_RATE_REQUIRED: 'rule',
  DEAL_FX_RATE_UNEXPECTED: 'rule',
  DEAL_REFUND_EXCEEDS_WON: 'rule',
  DEAL_DATE_OUT_OF_ORDER: 'rule',
  DEAL_BEFORE_ENROLLMENT: 'rule',
  PERIOD_CLOSED: 'rule',
  // Rule sets and period closes.
  RULE_SET_INVALID: 'invalid',
  RULE_SET_VERSION_EXISTS: 'conflict',
  PERIOD_ALREADY_CLOSED: 'conflict',
  PERIOD_CLOSE_OUT_OF_ORDER: 'rule',
  PERIOD_NOT_ENDED: 'rule',
  NO_RULE_SET_IN_FORCE: 'rule',
  RULE_SET_ORPHANS_DEALS: 'rule',
  // Tier overrides.
  TIER_UNKNOWN: 'rule',
  TIER_OVERRIDE_UNTIL_INVALID: 'invalid',
  // Operations on the read side.
  REBUILD_IN_PROGRESS: 'conflict',
  PROJECTION_UNKNOWN: 'not_found',
  // Another process keeps the read models; only it may write them.
  PROJECTOR_LOCKED: 'conflict',
  // A projection stopped at an event it cannot apply; an operator must fix and rebuild it.
  PROJECTION_FAILED: 'unavailable',
  PROJECTION_REBUILD_FAILED: 'rule',
  // Campaigns.
  CAMPAIGN_MILESTONES_INVALID: 'invalid',
  CAMPAIGN_ATTRIBUTION_INVALID: 'invalid',
  CAMPAIGN_NOT_FOUND: 'not_found',
  CAMPAIGN_MILESTONE_NOT_FOUND: 'not_found',
  CAMPAIGN_ALREADY_PROPOSED: 'conflict',
  CAMPAIGN_NOT_PROPOSED: 'conflict',
  CAMPAIGN_CLOSED: 'conflict',
  CAMPAIGN_MILESTONE_ALREADY_COMPLETED: 'conflict',
  CAMPAIGN_NOT_APPROVED: 'rule',
  CAMPAIGN_NOT_CLOSED: 'rule',
  CAMPAIGN_NOT_FUNDED: 'rule',
  CAMPAIGN_ATTRIBUTION_PARTNER_MISMATCH: 'rule',
  // Market development funds.
  MDF_CLAIM_NOT_FOUND: 'not_found',
  MDF_CLAIM_ALREADY_SUBMITTED: 'conflict',
  MDF_CLAIM_NOT_PENDING: 'conflict',
  MDF_CLAIM_ALREADY_PAID: 'conflict',
  MDF_INSUFFICIENT_FUNDS: 'rule',
  MDF_CURRENCY_MISMATCH: 'rule',
  MDF_CAMPAIGN_NOT_COMMITTED: 'rule',
  MDF_MILESTONE_NOT_COMPLETED: 'rule',
  MDF_RELEASE_EXCEEDS_COMMITTED: 'rule',
  MDF_CLAIM_EXCEEDS_RELEASED: 'rule',
  MDF_CLAIM_NOT_APPROVED: 'rule',
  // Payout statements.
  STATEMENT_NOT_FOUND: 'not_found',
  STATEMENT_LINE_NOT_FOUND: 'not_found',
  STATEMENT_ALREADY_ISSUED: 'conflict',
  STATEMENT_ALREADY_APPROVED: 'conflict',
  STATEMENT_ALREADY_PAID: 'conflict',
  STATEMENT_LINE_ALREADY_DISPUTED: 'conflict',
  STATEMENT_DISPUTE_NOT_OPEN: 'conflict',
  STATEMENT_PERIOD_NOT_CLOSED: 'rule',
  STATEMENT_PERIOD_OUT_OF_ORDER: 'rule',
  STATEMENT_LINES_INVALID: 'rule',
  STATEMENT_CURRENCY_MISMATCH: 'rule',
  STATEMENT_APPROVER_IS_ISSUER: 'rule',
  STATEMENT_DISPUTE_OPEN: 'rule',
  STATEMENT_NOT_APPROVED: 'rule',
  STATEMENT_PAID_BEFORE_APPROVAL: 'rule',
  STATEMENT_NOT_PAID: 'rule',
  STATEMENT_ADJUSTMENT_EXCEEDS_LINE: 'rule',
  // The read side has not caught up with a position the client asked for.
  READ_MODEL_BEHIND: 'unavailable',
  // Raised by the application's edge only: bodies, routes, tokens, throttling, look-ups, storage, imports.
  MALFORMED_REQUEST: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  UNAUTHENTICATED: 'unauthenticated',
  RATE_LIMITED: 'rate_limited',
  NOT_FOUND: 'not_found',
  ROUTE_NOT_FOUND: 'not_found',
  RULE_SET_NOT_FOUND: 'not_found',
  STORAGE_FULL: 'unavailable',
  // A database file holds a damaged page (SQLite's SQLITE_CORRUPT): no retry mends it, an operator must.
  STORAGE_DAMAGED: 'unavailable',
  // A request that arrived while the service stops (a deploy, a restart).
  SERVICE_STOPPING: 'unavailable',
  // As many imports as the service runs at once are being received or run (LEDGER_IMPORTS_RUNNING_MAX).
  IMPORTS_BUSY: 'rate_limited',
  // As many simulations as the service runs at once are running (LEDGER_SIMULATIONS_RUNNING_MAX).
  SIMULATIONS_BUSY: 'rate_limited',
  // An import's dry-run line that passed validation and reached its append (not made); never a client's.
  IMPORT_DRY_RUN: 'conflict',
  // The client closed its connection before its answer, and the work it asked for was stopped (a simulation): never
  // answered, since nobody is left to read it (499 is nginx's status for such a request); the service logs the stop.
  REQUEST_ABANDONED: 'abandoned',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof errorCatalog;

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.kind = errorCatalog[code];
  }
}

/** One broken rule of one field of a request: what `details.fields` of a validation refusal lists. */
export interface FieldIssue {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * How many fields a refusal lists; `details.fieldsTotal` says how many there were when more. A body made of
 * thousands of unknown properties was answered with every one, 527 KB for 4,000 (docs/benchmarks.md).
 */
export const fieldsListedMax = 100;

/**
 * A refusal naming broken fields (non-empty): the message is `lead` and the listed fields' messages, the details
 * list them and name the first (`field`, `rule`) when `namesFirst`.
 */
export function fieldsRefusal(
  code: ErrorCode,
  lead: string,
  fields: readonly FieldIssue[],
  namesFirst: boolean,
): DomainError {
  const listed = fields.slice(0, fieldsListedMax);
  const unlisted = fields.length - listed.length;
  const messages = listed.map((field) => field.message).join('; ');
  const message = `${lead}${messages}${unlisted > 0 ? `; and ${unlisted} more` : ''}`;
  const first = namesFirst && listed[0] ? { field: listed[0].field, rule: listed[0].rule } : {};
  const total = unlisted > 0 ? { fieldsTotal: fields.length } : {};
  return new DomainError(code, message, { ...first, fields: listed, ...total });
}

/** Asserts an invariant the code itself guarantees; a failure is a bug, never a client error. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violated: ${message}`);
}
