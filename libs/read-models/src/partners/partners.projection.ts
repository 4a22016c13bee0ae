import type Database from 'better-sqlite3';
import type { PartnerEvent, PartnerKind, PartnerStatus } from '#domain';
import type { StoredEvent } from '#event-store';
import type { Projection } from '../projection.js';
import {
  after,
  contains,
  equal,
  pageOf,
  scanPage,
  whereAll,
  type Page,
  type PageKey,
  type PageRequest,
} from '../page.js';
import { StatementCache } from '../statement-cache.js';

export interface PartnerView {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly region: string;
  readonly status: PartnerStatus;
  readonly statusReason: string | null;
  readonly enrolledAt: string;
  readonly updatedAt: string;
  /** The global position of the last event applied to this partner. */
  readonly position: string;
}

interface PartnerRow {
  partner_id: string;
  name: string;
  kind: PartnerKind;
  region: string;
  status: PartnerStatus;
  status_reason: string | null;
  enrolled_at: string;
  updated_at: string;
  position: string;
}

export const partnersProjection: Projection = {
  name: 'partners',
  version: 1,
  tables: ['partners'],
  schema: `
    CREATE TABLE IF NOT EXISTS partners (
      partner_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      region TEXT NOT NULL,
      status TEXT NOT NULL,
      status_reason TEXT,
      enrolled_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      position TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS partners_status ON partners (status);
  `,
  bind(db) {
    const insert = db.prepare(
      'INSERT INTO partners ' +
        '(partner_id, name, kind, region, status, status_reason, enrolled_at, updated_at, position) ' +
        'VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)',
    );
    const setStatus = db.prepare(
      'UPDATE partners SET status = ?, status_reason = ?, updated_at = ?, position = ? WHERE partner_id = ?',
    );
    return (stored: StoredEvent) => {
      const event = stored as unknown as PartnerEvent & StoredEvent;
      const position = stored.position.toString();
      switch (event.type) {
        case 'PartnerEnrolled': {
          const { partnerId, name, kind, region, enrolledAt } = event.data;
          insert.run(partnerId, name, kind, region, 'active', enrolledAt, enrolledAt, position);
          return;
        }
        case 'PartnerSuspended':
          setStatus.run('suspended', event.data.reason, event.data.suspendedAt, position, event.data.partnerId);
          return;
        case 'PartnerReinstated':
          setStatus.run('active', event.data.reason ?? null, event.data.reinstatedAt, position, event.data.partnerId);
          return;
        case 'PartnerOffboarded':
          setStatus.run('offboarded', event.data.settlement, event.data.offboardedAt, position, event.data.partnerId);
          return;
        default:
          return;
      }
    };
  },
};

function toView(row: PartnerRow): PartnerView {
  return {
    partnerId: row.partner_id,
    name: row.name,
    kind: row.kind,
    region: row.region,
    status: row.status,
    statusReason: row.status_reason,
    enrolledAt: row.enrolled_at,
    updatedAt: row.updated_at,
    position: row.position,
  };
}

export interface PartnerFilters {
  readonly status?: PartnerStatus;
  readonly kind?: PartnerKind;
  readonly region?: string;
  /** A case-insensitive part of the name or of the id. */
  readonly q?: string;
  /** Restricts the list to one partner (partner users see only themselves). */
  readonly partnerId?: string;
}

const partnerOrder = ['partner_id'];

export class PartnerQueries {
  private readonly byId;
  private readonly statements: StatementCache;
  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
    this.byId = db.prepare<[string], PartnerRow>('SELECT * FROM partners WHERE partner_id = ?');
  }

  get(partnerId: string): PartnerView | undefined {
    const row = this.byId.get(partnerId);
    return row && toView(row);
  }

  /**
   * Partners by id, a page after `request.after`; `keep` filters further on what SQL cannot see (the
   * tier, which the commissions read model knows), reading on until the page is full.
   */
  page(filters: PartnerFilters, request: PageRequest, keep?: (partner: PartnerView) => boolean): Page<PartnerView> {
    const read = (key: PageKey | undefined, limit: number) => {
      const { where, values } = whereAll([
        ...equal('status', filters.status),
        ...equal('kind', filters.kind),
        ...equal('region', filters.region),
        ...equal('partner_id', filters.partnerId),
        ...contains(['name', 'partner_id'], filters.q),
        ...after(partnerOrder, key),
      ]);
      return this.statements
        .get<unknown[], PartnerRow>(`SELECT * FROM partners ${where} ORDER BY partner_id LIMIT CAST(? AS INTEGER)`)
        .all(...values, limit);
    };
    const keyOf = (row: PartnerRow) => [row.partner_id];
    if (keep) return scanPage(read, request, keyOf, toView, keep);
    return pageOf(read(request.after, request.limit + 1), request.limit, keyOf, toView);
  }
}
