import type Database from 'better-sqlite3';
import type { RegistrationEvent } from '#domain';
import type { StoredEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { after, equal, pageOf, whereAll, type Condition, type Page, type PageRequest } from '../page.js';
import { StatementCache } from '../statement-cache.js';

/** As stored: what the events decided. */
type StoredRegistrationStatus = 'submitted' | 'approved' | 'rejected';

/**
 * As read: an approved registration past its last protected day reads `expired`, computed against the reader's
 * today (docs/decisions.md, "Registration expiry"); no event records it.
 */
export type RegistrationStatus = StoredRegistrationStatus | 'expired';

/**
 * A registration as its own partner (and staff) may see it. It never names another partner: a
 * conflicting registration only shows the rejection reason the decider chose, which does not either.
 */
export interface RegistrationView {
  readonly registrationId: string;
  readonly partnerId: string;
  readonly customer: { readonly name: string; readonly domain: string };
  readonly customerKey: string;
  readonly productFamily: string;
  readonly estimatedValue: string;
  readonly currency: string;
  readonly expectedCloseDate: string;
  readonly status: RegistrationStatus;
  readonly protectedUntil: string | null;
  /** The one extension of its protection, when a partner manager granted it. */
  readonly extension: {
    readonly reason: string;
    readonly extendedAt: string;
    readonly previousProtectedUntil: string;
  } | null;
  readonly rejectionReason: string | null;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
  readonly position: string;
}

interface RegistrationRow {
  registration_id: string;
  partner_id: string;
  customer_name: string;
  customer_domain: string;
  customer_key: string;
  product_family: string;
  estimated_value: string;
  currency: string;
  expected_close_date: string;
  status: StoredRegistrationStatus;
  protected_until: string | null;
  extension_reason: string | null;
  extended_at: string | null;
  previous_protected_until: string | null;
  rejection_reason: string | null;
  submitted_at: string;
  decided_at: string | null;
  position: string;
}

export const registrationsProjection: Projection = {
  name: 'registrations',
  version: 2,
  tables: ['registrations'],
  schema: `
    CREATE TABLE IF NOT EXISTS registrations (
      registration_id TEXT PRIMARY KEY,
      partner_id TEXT NOT NULL,
      customer_name TEXT NOT NULL,
      customer_domain TEXT NOT NULL,
      customer_key TEXT NOT NULL,
      product_family TEXT NOT NULL,
      estimated_value TEXT NOT NULL,
      currency TEXT NOT NULL,
      expected_close_date TEXT NOT NULL,
      status TEXT NOT NULL,
      protected_until TEXT,
      extension_reason TEXT,
      extended_at TEXT,
      previous_protected_until TEXT,
      rejection_reason TEXT,
      submitted_at TEXT NOT NULL,
      decided_at TEXT,
      position TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS registrations_partner ON registrations (partner_id, status);
    -- GET /registrations pages in this order: without it, every page sorted every registration (3 ms at 206k).
    CREATE INDEX IF NOT EXISTS registrations_submitted ON registrations (submitted_at, registration_id);
  `,
  bind(db) {
    const insert =
      db.prepare(`INSERT INTO registrations (registration_id, partner_id, customer_name, customer_domain, customer_key,
        product_family, estimated_value, currency, expected_close_date, status, submitted_at, position)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?)`);
    const approve = db.prepare(
      `UPDATE registrations SET status = 'approved', protected_until = ?, decided_at = ?, position = ?
        WHERE registration_id = ?`,
    );
    const reject = db.prepare(
      `UPDATE registrations SET status = 'rejected', rejection_reason = ?, decided_at = ?, position = ?
        WHERE registration_id = ?`,
    );
    const extend = db.prepare(
      `UPDATE registrations SET protected_until = ?, extension_reason = ?, extended_at = ?,
        previous_protected_until = ?, position = ? WHERE registration_id = ?`,
    );
    return (stored: StoredEvent) => {
      const event = stored as unknown as RegistrationEvent;
      const position = stored.position.toString();
      switch (event.type) {
        case 'DealRegistrationSubmitted': {
          const data = event.data;
          insert.run(
            data.registrationId,
            data.partnerId,
            data.customer.name,
            data.customer.domain,
            data.customerKey,
            data.productFamily,
            data.estimatedValue,
            data.currency,
            data.expectedCloseDate,
            data.submittedAt,
            position,
          );
          return;
        }
        case 'DealRegistrationApproved':
          approve.run(event.data.protectedUntil, event.data.approvedAt, position, event.data.registrationId);
          return;
        case 'DealRegistrationRejected':
          reject.run(event.data.reason, event.data.rejectedAt, position, event.data.registrationId);
          return;
        case 'DealRegistrationExtended': {
          const { protectedUntil, reason, extendedAt, previousProtectedUntil, registrationId } = event.data;
          extend.run(protectedUntil, reason, extendedAt, previousProtectedUntil, position, registrationId);
          return;
        }
        default:
          return;
      }
    };
  },
};

function toView(row: RegistrationRow, today: string): RegistrationView {
  const expired = row.status === 'approved' && row.protected_until !== null && row.protected_until < today;
  return {
    registrationId: row.registration_id,
    partnerId: row.partner_id,
    customer: { name: row.customer_name, domain: row.customer_domain },
    customerKey: row.customer_key,
    productFamily: row.product_family,
    estimatedValue: row.estimated_value,
    currency: row.currency,
    expectedCloseDate: row.expected_close_date,
    status: expired ? 'expired' : row.status,
    protectedUntil: row.protected_until,
    extension:
      row.extension_reason === null || row.extended_at === null || row.previous_protected_until === null
        ? null
        : {
            reason: row.extension_reason,
            extendedAt: row.extended_at,
            previousProtectedUntil: row.previous_protected_until,
          },
    rejectionReason: row.rejection_reason,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    position: row.position,
  };
}

export interface RegistrationFilters {
  readonly partnerId?: string;
  readonly status?: RegistrationStatus;
  /** The reader's date, which `expired` is computed against. */
  readonly today: string;
}

/** Approved and expired split the approved rows by their last protected day. */
function registrationConditions(filters: RegistrationFilters): Condition[] {
  const window: Condition[] =
    filters.status === 'approved'
      ? [{ sql: 'protected_until >= ?', values: [filters.today] }]
      : filters.status === 'expired'
        ? [{ sql: 'protected_until < ?', values: [filters.today] }]
        : [];
  const stored = filters.status === 'expired' ? 'approved' : filters.status;
  return [...equal('partner_id', filters.partnerId), ...equal('status', stored), ...window];
}

/**
 * A partner's pipeline registrations on `today`: submitted, or approved, still protected and not yet a deal. A deal
 * opened from a registration has the registering partner on it (as its sourcing partner); the deals' read model
 * answers that (deals_registration).
 */
function pipelineConditions(partnerId: string, today: string): Condition[] {
  const converted =
    'SELECT 1 FROM deals d JOIN deal_partners p ON p.deal_id = d.deal_id ' +
    'WHERE d.registration_id = registrations.registration_id AND p.partner_id = registrations.partner_id';
  const open = `(status = 'submitted' OR (status = 'approved' AND protected_until >= ? AND NOT EXISTS (${converted})))`;
  return [...equal('partner_id', partnerId), { sql: open, values: [today] }];
}

export class RegistrationQueries {
  private readonly byId;
  private readonly statements: StatementCache;
  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
    this.byId = db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE registration_id = ?');
  }

  /** The registration as read on `today`, the date its `expired` status is computed against. */
  get(registrationId: string, today: string): RegistrationView | undefined {
    const row = this.byId.get(registrationId);
    return row && toView(row, today);
  }

  /** Registrations by submission date, then id, a page after `request.after`, as read on `filters.today`. */
  page(filters: RegistrationFilters, request: PageRequest): Page<RegistrationView> {
    return this.pageWhere(registrationConditions(filters), request, filters.today);
  }

  /**
   * A partner's pipeline registrations on `today` by submission date, then id, a page after `request.after`: the
   * submitted ones, and the approved ones still protected that no deal was opened from; and how many it has in all.
   */
  pipelinePage(partnerId: string, today: string, request: PageRequest): Page<RegistrationView> & { total: number } {
    const conditions = pipelineConditions(partnerId, today);
    const { where, values } = whereAll(conditions);
    const count = this.statements
      .get<unknown[], { count: bigint }>(`SELECT count(*) AS count FROM registrations ${where}`)
      .get(...values)!.count;
    return { ...this.pageWhere(conditions, request, today), total: Number(count) };
  }

  private pageWhere(conditions: readonly Condition[], request: PageRequest, today: string): Page<RegistrationView> {
    const { where, values } = whereAll([...conditions, ...after(['submitted_at', 'registration_id'], request.after)]);
    const rows = this.statements
      .get<unknown[], RegistrationRow>(
        `SELECT * FROM registrations ${where} ORDER BY submitted_at, registration_id LIMIT CAST(? AS INTEGER)`,
      )
      .all(...values, request.limit + 1);
    return pageOf(
      rows,
      request.limit,
      (row) => [row.submitted_at, row.registration_id],
      (row) => toView(row, today),
    );
  }
}
