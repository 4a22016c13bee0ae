import type Database from 'better-sqlite3';
import {
  attributeRevenue,
  Decimal,
  formatMoney,
  periodEnd,
  periodOf,
  periodStart,
  type DealEvent,
  type DealLine,
  type DealPartner,
} from '#domain';
import type { StoredEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { after, contains, equal, pageOf, whereAll, type Condition, type Page, type PageRequest } from '../page.js';
import { StatementCache } from '../statement-cache.js';
import { noRevenueParts, partsAttributed, partsRefunded } from './revenue-parts.js';

/** Until rule sets name one, the program currency is USD (DESIGN §5). */
export const defaultProgramCurrency = 'USD';

export const dealStatuses = ['open', 'won', 'lost', 'churned'] as const;
export type DealStatus = (typeof dealStatuses)[number];

export interface DealFilters {
  /** Deals this partner is on (a partner user's list is always its own). */
  readonly partnerId?: string;
  readonly status?: DealStatus;
  /** Deals opened or won in this quarter. */
  readonly period?: string;
  /** A case-insensitive part of the customer name or domain. */
  readonly q?: string;
}

/** The filters on deals `d` (a partner's through deal_partners `p`, which the page then reads in its order). */
function dealConditions(filters: DealFilters): Condition[] {
  const [from, through] = filters.period === undefined ? [] : [periodStart(filters.period), periodEnd(filters.period)];
  const period: Condition[] =
    from === undefined
      ? []
      : [{ sql: '(d.opened_at BETWEEN ? AND ? OR d.won_at BETWEEN ? AND ?)', values: [from, through, from, through] }];
  return [
    ...equal('p.partner_id', filters.partnerId),
    ...equal('d.status', filters.status),
    ...period,
    ...contains(['d.customer_name', 'd.customer_domain'], filters.q),
  ];
}
export type RevenueKind = 'new' | 'renewal' | 'expansion' | 'refund';

interface DealRow {
  deal_id: string;
  registration_id: string | null;
  customer_name: string;
  customer_domain: string;
  customer_key: string;
  currency: string;
  program_currency: string;
  status: DealStatus;
  stage: string | null;
  billing: string | null;
  term_months: bigint | null;
  fx_rate: string | null;
  amount_won: string;
  amount_refunded: string;
  /** revenue-parts.ts */
  revenue_parts: string;
  estimated_value: string | null;
  estimated_currency: string | null;
  opened_at: string;
  won_at: string | null;
  lost_at: string | null;
  lost_reason: string | null;
  churned_at: string | null;
  override_reason: string | null;
  overridden_at: string | null;
  position: string;
}

export interface DealView {
  readonly dealId: string;
  readonly registrationId: string | null;
  readonly customer: { readonly name: string; readonly domain: string };
  readonly currency: string;
  readonly status: DealStatus;
  readonly stage: string | null;
  readonly billing: string | null;
  readonly termMonths: number | null;
  readonly fxRate: string | null;
  /** Everything won, renewed and expanded, in the deal currency. */
  readonly amountWon: string;
  readonly amountRefunded: string;
  readonly openedAt: string;
  readonly wonAt: string | null;
  readonly lostAt: string | null;
  readonly lostReason: string | null;
  readonly churnedAt: string | null;
  readonly partners: ReadonlyArray<DealPartner & { readonly revenueAttributed: string }>;
  /** True when more than one partner is credited; a partner user sees this, and only its own entry in `partners`. */
  readonly coSold: boolean;
  /** A partner manager opened it overriding another partner's protection of the customer (staff only). */
  readonly protectionOverride: { readonly reason: string; readonly overriddenAt: string } | null;
  readonly programCurrency: string;
  readonly position: string;
}

/** One partner's attributed share of one revenue event, in the program currency. */
export interface RevenueRow {
  readonly dealId: string;
  readonly partnerId: string;
  readonly kind: RevenueKind;
  readonly businessDate: string;
  readonly amount: string;
}

/** The lines' amounts summed, in the deal currency. */
export const amountOfLines = (lines: readonly Pick<DealLine, 'amount'>[]) =>
  lines.reduce((total, line) => total.plus(line.amount), new Decimal(0));

export const dealsProjection: Projection = {
  name: 'deals',
  // 3: revenue rows keyed by the event's position, not its id; 4: a deal's partners carry its status and opening
  // date, so a partner's open deals are read in their order (docs/decisions.md); 5: a refund's revenue is the
  // refunded part of what the deal attributed, at the rates it was booked at (attributeRefund), not at its own; 6: a
  // deal's row keeps each partner's revenue so far (revenue-parts.ts), which the fix's first version (5) lacked.
  version: 6,
  // The deals keep their own copy of registration estimates, so they rebuild without other projections.
  tables: ['deals', 'deal_partners', 'deal_revenue', 'deal_estimates'],
  schema: `
    CREATE TABLE IF NOT EXISTS deals (
      deal_id TEXT PRIMARY KEY,
      registration_id TEXT,
      customer_name TEXT NOT NULL,
      customer_domain TEXT NOT NULL,
      customer_key TEXT NOT NULL,
      currency TEXT NOT NULL,
      program_currency TEXT NOT NULL,
      status TEXT NOT NULL,
      stage TEXT,
      billing TEXT,
      term_months INTEGER,
      fx_rate TEXT,
      amount_won TEXT NOT NULL,
      amount_refunded TEXT NOT NULL,
      revenue_parts TEXT NOT NULL DEFAULT '[]',
      estimated_value TEXT,
      estimated_currency TEXT,
      opened_at TEXT NOT NULL,
      won_at TEXT,
      lost_at TEXT,
      lost_reason TEXT,
      churned_at TEXT,
      override_reason TEXT,
      overridden_at TEXT,
      position TEXT NOT NULL
    );
    -- GET /deals pages in this order: without it, every page sorted every deal (6 ms at 206k events).
    CREATE INDEX IF NOT EXISTS deals_opened ON deals (opened_at, deal_id);
    -- status and opened_at are the deal's, copied so that a partner's open deals have an index of their own.
    CREATE TABLE IF NOT EXISTS deal_partners (
      deal_id TEXT NOT NULL,
      partner_id TEXT NOT NULL,
      role TEXT NOT NULL,
      share TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      status TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      PRIMARY KEY (deal_id, partner_id)
    );
    -- A partner's deals in opening order (GET /deals?partnerId=, every partner user's list): a page reads its own rows.
    -- Through an index of partner_id alone, SQLite scanned every deal in opening order and looked each one up.
    DROP INDEX IF EXISTS deal_partners_partner;
    CREATE INDEX IF NOT EXISTS deal_partners_by_partner ON deal_partners (partner_id, opened_at, deal_id);
    -- A partner's pipeline pages its open deals by opening date: without it, each page read every deal of the
    -- partner and sorted the open ones, about 50 ms for the largest partner at a million events.
    CREATE INDEX IF NOT EXISTS deal_partners_open ON deal_partners (partner_id, opened_at, deal_id)
      WHERE status = 'open';
    -- Whether a registration became a deal (a partner's pipeline): without it, every page read each deal of the
    -- partner, 74 ms for the largest partner at a million events.
    CREATE INDEX IF NOT EXISTS deals_registration ON deals (registration_id) WHERE registration_id IS NOT NULL;
    -- Keyed by the event's position, which only grows: each batch's rows go at the end of the key's index, where
    -- a random event id spread them over all of it (a page written back per row). One row per event and partner.
    CREATE TABLE IF NOT EXISTS deal_revenue (
      position INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      partner_id TEXT NOT NULL,
      deal_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      business_date TEXT NOT NULL,
      period TEXT NOT NULL,
      amount TEXT NOT NULL,
      PRIMARY KEY (position, partner_id)
    );
    CREATE INDEX IF NOT EXISTS deal_revenue_partner ON deal_revenue (partner_id, period);
    -- A deal's revenue per partner (GET /deals/:id, every deal of a list or a pipeline): without it, each read
    -- went through all of the partner's revenue rows, about 1 ms per deal for a partner with 4,000 deals.
    CREATE INDEX IF NOT EXISTS deal_revenue_deal ON deal_revenue (deal_id, partner_id);
    CREATE TABLE IF NOT EXISTS deal_estimates (
      registration_id TEXT PRIMARY KEY,
      estimated_value TEXT NOT NULL,
      currency TEXT NOT NULL
    );
  `,
  bind(db) {
    const statements = prepareStatements(db);
    const attribute = revenueAttributor(statements);
    return (stored: StoredEvent) => {
      if (stored.type === 'DealRegistrationSubmitted') {
        const data = stored.data as { registrationId: string; estimatedValue: string; currency: string };
        statements.estimate.run(data.registrationId, data.estimatedValue, data.currency);
        return;
      }
      applyDealEvent(statements, attribute, stored);
    };
  },
};

/** The statements the projection writes deals, their partners and their revenue with. */
function prepareStatements(db: Database.Database) {
  return {
    insertDeal: db.prepare(`INSERT INTO deals (deal_id, registration_id, customer_name, customer_domain, customer_key,
      currency, program_currency, status, amount_won, amount_refunded, estimated_value, estimated_currency, opened_at,
      position)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'open', '0', '0', ?, ?, ?, ?)`),
    insertPartner: db.prepare(`INSERT INTO deal_partners (deal_id, partner_id, role, share, ordinal, status, opened_at)
      VALUES (?, ?, ?, ?, ?, 'open', ?)`),
    partnersStatus: db.prepare('UPDATE deal_partners SET status = ? WHERE deal_id = ?'),
    registration: db.prepare<[string], { estimated_value: string; currency: string }>(
      'SELECT estimated_value, currency FROM deal_estimates WHERE registration_id = ?',
    ),
    estimate: db.prepare('INSERT INTO deal_estimates (registration_id, estimated_value, currency) VALUES (?, ?, ?)'),
    deal: db.prepare<[string], DealRow>('SELECT * FROM deals WHERE deal_id = ?'),
    partners: db.prepare<[string], { partner_id: string; role: DealPartner['role']; share: string }>(
      'SELECT partner_id, role, share FROM deal_partners WHERE deal_id = CAST(? AS TEXT) ORDER BY ordinal',
    ),
    stage: db.prepare('UPDATE deals SET stage = ?, position = ? WHERE deal_id = ?'),
    won: db.prepare(`UPDATE deals SET status = 'won', billing = ?, term_months = ?, fx_rate = ?, amount_won = ?,
      revenue_parts = ?, program_currency = ?, won_at = ?, position = ? WHERE deal_id = ?`),
    lost: db.prepare(`UPDATE deals SET status = 'lost', lost_at = ?, lost_reason = ?, position = ? WHERE deal_id = ?`),
    grown: db.prepare(`UPDATE deals
      SET amount_won = ?, fx_rate = ?, term_months = coalesce(?, term_months), revenue_parts = ?, position = ?
      WHERE deal_id = ?`),
    refunded: db.prepare('UPDATE deals SET amount_refunded = ?, revenue_parts = ?, position = ? WHERE deal_id = ?'),
    churned: db.prepare(`UPDATE deals SET status = 'churned', churned_at = ?, position = ? WHERE deal_id = ?`),
    overridden: db.prepare('UPDATE deals SET override_reason = ?, overridden_at = ?, position = ? WHERE deal_id = ?'),
    revenue: db.prepare(`INSERT INTO deal_revenue
      (position, event_id, partner_id, deal_id, kind, business_date, period, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  };
}

type DealStatements = ReturnType<typeof prepareStatements>;

type RevenueAttributor = (
  stored: StoredEvent,
  dealId: string,
  kind: RevenueKind,
  businessDate: string,
  lines: ReadonlyArray<{ amount: string }>,
  fxRate: string | undefined,
  programCurrency: string,
) => readonly string[];

/** Each partner's share of the lines, in the program currency, recorded per revenue event: the amounts, in order. */
function revenueAttributor(statements: DealStatements): RevenueAttributor {
  return (stored, dealId, kind, businessDate, lines, fxRate, programCurrency) => {
    const partners = statements.partners
      .all(dealId)
      .map((row) => ({ partnerId: row.partner_id, role: row.role, share: row.share }));
    const attribution = attributeRevenue({ lines, ...(fxRate ? { fxRate } : {}), partners, currency: programCurrency });
    recordRevenue(statements, stored, dealId, kind, businessDate, attribution.partners);
    return attribution.partners.map((part) => part.amount);
  };
}

function recordRevenue(
  statements: DealStatements,
  stored: StoredEvent,
  dealId: string,
  kind: RevenueKind,
  businessDate: string,
  parts: readonly { partnerId: string; amount: string }[],
): void {
  const period = periodOf(businessDate);
  for (const part of parts) {
    statements.revenue.run(
      stored.position,
      stored.eventId,
      part.partnerId,
      dealId,
      kind,
      businessDate,
      period,
      part.amount,
    );
  }
}

type OpenedData = Extract<DealEvent, { type: 'DealOpened' }>['data'];

function insertOpenedDeal(statements: DealStatements, data: OpenedData, programCurrency: string, position: string) {
  const registration = data.registrationId ? statements.registration.get(data.registrationId) : undefined;
  statements.insertDeal.run(
    data.dealId,
    data.registrationId ?? null,
    data.customer.name,
    data.customer.domain,
    data.customerKey,
    data.currency,
    programCurrency,
    registration?.estimated_value ?? null,
    registration?.currency ?? null,
    data.openedAt,
    position,
  );
  data.partners.forEach((partner, ordinal) => {
    statements.insertPartner.run(data.dealId, partner.partnerId, partner.role, partner.share, ordinal, data.openedAt);
  });
}

function applyDealEvent(statements: DealStatements, attribute: RevenueAttributor, stored: StoredEvent): void {
  const event = stored as unknown as DealEvent;
  const position = stored.position.toString();
  // Events decided before rule sets existed carry no program currency: it was the default then.
  const programCurrency = (event.data as { programCurrency?: string }).programCurrency ?? defaultProgramCurrency;
  switch (event.type) {
    case 'DealOpened':
      insertOpenedDeal(statements, event.data, programCurrency, position);
      return;
    case 'DealStageAdvanced':
      statements.stage.run(event.data.stage, position, event.data.dealId);
      return;
    case 'DealWon': {
      const data = event.data;
      const amountWon = amountOfLines(data.lines).toFixed();
      const { billing, fxRate, wonAt, dealId } = data;
      const termMonths = data.termMonths ?? null;
      const amounts = attribute(stored, dealId, 'new', wonAt, data.lines, fxRate, programCurrency);
      const parts = partsAttributed(noRevenueParts, amounts);
      statements.won.run(
        billing,
        termMonths,
        fxRate ?? null,
        amountWon,
        parts,
        programCurrency,
        wonAt,
        position,
        dealId,
      );
      statements.partnersStatus.run('won', dealId);
      return;
    }
    case 'DealLost':
      statements.lost.run(event.data.lostAt, event.data.reason, position, event.data.dealId);
      statements.partnersStatus.run('lost', event.data.dealId);
      return;
    case 'DealRenewed':
    case 'DealExpanded': {
      const data = event.data;
      const deal = statements.deal.get(data.dealId)!;
      const renewed = event.type === 'DealRenewed';
      const termMonths = renewed ? (event.data.termMonths ?? null) : null;
      const amountWon = new Decimal(deal.amount_won).plus(amountOfLines(data.lines)).toFixed();
      const date = event.type === 'DealRenewed' ? event.data.renewedAt : event.data.expandedAt;
      const fxRate = data.fxRate ?? deal.fx_rate ?? undefined;
      const kind = renewed ? 'renewal' : 'expansion';
      const parts = partsAttributed(
        deal.revenue_parts,
        attribute(stored, data.dealId, kind, date, data.lines, fxRate, programCurrency),
      );
      statements.grown.run(amountWon, data.fxRate ?? deal.fx_rate, termMonths, parts, position, data.dealId);
      return;
    }
    case 'DealRefunded':
      applyRefund(statements, stored, event.data);
      return;
    case 'DealChurned':
      statements.churned.run(event.data.churnedAt, position, event.data.dealId);
      statements.partnersStatus.run('churned', event.data.dealId);
      return;
    case 'DealProtectionOverridden':
      statements.overridden.run(event.data.reason, event.data.overriddenAt, position, event.data.dealId);
      return;
    default:
      return;
  }
}

type RefundedData = Extract<DealEvent, { type: 'DealRefunded' }>['data'];

/** A refund: the deal's refunded amount, and what it takes back of each partner's revenue (revenue-parts.ts). */
function applyRefund(statements: DealStatements, stored: StoredEvent, data: RefundedData): void {
  const deal = statements.deal.get(data.dealId)!;
  const partnerIds = statements.partners.all(data.dealId).map((row) => row.partner_id);
  const { amount_won: amountWon, amount_refunded: amountRefunded, program_currency: currency } = deal;
  const refund = { amount: data.amount, amountWon, amountRefunded, currency };
  const { taken, parts } = partsRefunded(deal.revenue_parts, partnerIds, refund);
  const refunded = new Decimal(amountRefunded).plus(data.amount).toFixed();
  statements.refunded.run(refunded, parts, stored.position.toString(), data.dealId);
  recordRevenue(statements, stored, data.dealId, 'refund', data.refundedAt, taken);
}

export interface DealFacts {
  readonly dealId: string;
  readonly registrationId: string | null;
  readonly customer: DealView['customer'];
  readonly currency: string;
  readonly stage: string | null;
  readonly status: DealStatus;
  readonly billing: string | null;
  readonly openedAt: string;
  readonly wonAt: string | null;
  readonly lostAt: string | null;
  readonly churnedAt: string | null;
  readonly share: string;
  readonly role: DealPartner['role'];
  readonly estimatedValue: string | null;
  readonly estimatedCurrency: string | null;
}

/** What the pipeline and the scorecard read of a partner's deals (DealFacts), and no other column. */
const dealFactsColumns =
  'd.deal_id, d.registration_id, d.customer_name, d.customer_domain, d.currency, d.stage, d.status, d.billing, ' +
  'd.opened_at, d.won_at, d.lost_at, d.churned_at, d.estimated_value, d.estimated_currency, p.role, p.share';

/**
 * A page of a partner's open deals, through deal_partners_open (its condition on status is that index's own), and
 * their count (the index named: without statistics SQLite would count through deal_partners_by_partner, every deal of
 * the partner). Prepared when first read: on a database whose deals read model is a version older, which a writer
 * rebuilds once it starts, deal_partners has neither column yet.
 */
export const openDealsOfPartnerSql = {
  page: `SELECT ${dealFactsColumns} FROM deal_partners p JOIN deals d ON d.deal_id = p.deal_id
    WHERE p.partner_id = CAST(? AS TEXT) AND p.status = 'open'
      AND (p.opened_at, p.deal_id) > (CAST(? AS TEXT), CAST(? AS TEXT))
    ORDER BY p.opened_at, p.deal_id LIMIT CAST(? AS INTEGER)`,
  count:
    'SELECT count(*) AS total FROM deal_partners INDEXED BY deal_partners_open ' +
    "WHERE partner_id = CAST(? AS TEXT) AND status = 'open'",
};

type DealFactsRow = Pick<
  DealRow,
  | 'deal_id'
  | 'registration_id'
  | 'customer_name'
  | 'customer_domain'
  | 'currency'
  | 'stage'
  | 'status'
  | 'billing'
  | 'opened_at'
  | 'won_at'
  | 'lost_at'
  | 'churned_at'
  | 'estimated_value'
  | 'estimated_currency'
> & { role: DealPartner['role']; share: string };

function dealFactsOf(row: DealFactsRow): DealFacts {
  return {
    dealId: row.deal_id,
    registrationId: row.registration_id,
    customer: { name: row.customer_name, domain: row.customer_domain },
    currency: row.currency,
    stage: row.stage,
    status: row.status,
    billing: row.billing,
    openedAt: row.opened_at,
    wonAt: row.won_at,
    lostAt: row.lost_at,
    churnedAt: row.churned_at,
    share: row.share,
    role: row.role,
    estimatedValue: row.estimated_value,
    estimatedCurrency: row.estimated_currency,
  };
}

export class DealQueries {
  private readonly statements;
  private readonly cache: StatementCache;
  constructor(db: Database.Database) {
    this.cache = new StatementCache(db);
    this.statements = {
      deal: db.prepare<[string], DealRow>('SELECT * FROM deals WHERE deal_id = ?'),
      partners: db.prepare<
        [string],
        { partner_id: string; role: DealPartner['role']; share: string; revenue: string | null }
      >(`
        SELECT p.partner_id, p.role, p.share,
          (SELECT group_concat(r.amount, ' ') FROM deal_revenue r
            WHERE r.deal_id = p.deal_id AND r.partner_id = p.partner_id) AS revenue
        FROM deal_partners p WHERE p.deal_id = CAST(? AS TEXT) ORDER BY p.ordinal`),
      // In no order: no figure of the scorecard depends on it, and sorting was a fifth of the read (22,664 deals of
      // the largest partner at a million events).
      dealsOfPartner: db.prepare<[string], DealFactsRow>(`
        SELECT ${dealFactsColumns} FROM deals d JOIN deal_partners p ON p.deal_id = d.deal_id
        WHERE p.partner_id = CAST(? AS TEXT)`),
      revenueOfPartner: db.prepare<
        [string],
        { deal_id: string; kind: RevenueKind; business_date: string; amount: string }
      >(
        'SELECT deal_id, kind, business_date, amount FROM deal_revenue WHERE partner_id = CAST(? AS TEXT) ' +
          'ORDER BY business_date, event_id',
      ),
      factsDated: db.prepare<{ from: string | null; through: string }, { facts: bigint }>(`
    SELECT
      (SELECT COUNT(DISTINCT event_id) FROM deal_revenue
        WHERE (@from IS NULL OR business_date >= @from) AND business_date <= @through)
      + (SELECT COUNT(*) FROM deals WHERE lost_at IS NOT NULL AND (@from IS NULL OR lost_at >= @from)
          AND lost_at <= @through)
      + (SELECT COUNT(*) FROM deals WHERE churned_at IS NOT NULL AND (@from IS NULL OR churned_at >= @from)
          AND churned_at <= @through) AS facts
  `),
    };
  }

  get(dealId: string): DealView | undefined {
    const row = this.statements.deal.get(dealId);
    if (!row) return undefined;
    const partners = this.statements.partners.all(dealId).map((partner) => {
      const total = (partner.revenue ?? '')
        .split(' ')
        .filter(Boolean)
        .reduce((acc, amount) => acc.plus(amount), new Decimal(0));
      return {
        partnerId: partner.partner_id,
        role: partner.role,
        share: partner.share,
        revenueAttributed: formatMoney(total, row.program_currency),
      };
    });
    return {
      dealId: row.deal_id,
      registrationId: row.registration_id,
      customer: { name: row.customer_name, domain: row.customer_domain },
      currency: row.currency,
      status: row.status,
      stage: row.stage,
      billing: row.billing,
      termMonths: row.term_months === null ? null : Number(row.term_months),
      fxRate: row.fx_rate,
      amountWon: formatMoney(new Decimal(row.amount_won), row.currency),
      amountRefunded: formatMoney(new Decimal(row.amount_refunded), row.currency),
      openedAt: row.opened_at,
      wonAt: row.won_at,
      lostAt: row.lost_at,
      lostReason: row.lost_reason,
      churnedAt: row.churned_at,
      partners,
      coSold: partners.length > 1,
      protectionOverride:
        row.override_reason === null || row.overridden_at === null
          ? null
          : { reason: row.override_reason, overriddenAt: row.overridden_at },
      programCurrency: row.program_currency,
      position: row.position,
    };
  }

  /** Deals, oldest opening first (then id), a page after `request.after`, each as GET /deals/:id shows it. */
  page(filters: DealFilters, request: PageRequest): Page<DealView> {
    // A partner's deals are read in the order of deal_partners_by_partner; the others in deals_opened's.
    const [from, order] =
      filters.partnerId === undefined
        ? ['deals d', ['d.opened_at', 'd.deal_id']]
        : ['deal_partners p JOIN deals d ON d.deal_id = p.deal_id', ['p.opened_at', 'p.deal_id']];
    const { where, values } = whereAll([...dealConditions(filters), ...after(order, request.after)]);
    const rows = this.cache
      .get<unknown[], { deal_id: string; opened_at: string }>(
        `SELECT d.deal_id, d.opened_at FROM ${from} ${where} ORDER BY ${order.join(', ')} LIMIT CAST(? AS INTEGER)`,
      )
      .all(...values, request.limit + 1);
    const items = rows.slice(0, request.limit).flatMap((row) => this.get(row.deal_id) ?? []);
    const last = rows[request.limit - 1];
    return { items, nextKey: rows.length > request.limit && last ? [last.opened_at, last.deal_id] : null };
  }

  /** Every deal the partner is on, with its role and share, in no particular order: the input of the scorecard. */
  dealsOfPartner(partnerId: string): DealFacts[] {
    return this.statements.dealsOfPartner.all(partnerId).map(dealFactsOf);
  }

  /**
   * A page of the partner's open deals after `request.after` (opened, then id), as dealsOfPartner has them, and how
   * many it has in all: its pipeline's. Both read only the partner's open deals, in their order (deal_partners_open).
   */
  openDealsOfPartner(partnerId: string, request: PageRequest): Page<DealFacts> & { readonly total: number } {
    const [openedAt = '', dealId = ''] = (request.after ?? []).map(String);
    const rows = this.cache
      .get<[string, string, string, number], DealFactsRow>(openDealsOfPartnerSql.page)
      .all(partnerId, openedAt, dealId, request.limit + 1);
    const page = pageOf(rows, request.limit, (row) => [row.opened_at, row.deal_id], dealFactsOf);
    const count = this.cache.get<[string], { total: bigint }>(openDealsOfPartnerSql.count).get(partnerId)!;
    return { ...page, total: Number(count.total) };
  }

  revenueOfPartner(partnerId: string): RevenueRow[] {
    return this.statements.revenueOfPartner.all(partnerId).map((row) => ({
      dealId: row.deal_id,
      partnerId,
      kind: row.kind,
      businessDate: row.business_date,
      amount: row.amount,
    }));
  }

  /**
   * How many deal facts carry a business date from `from` (null: from the beginning) through `through`: wins,
   * expansions, renewals and refunds (one per event), losses and churns. What a period close freezes.
   */
  factsDated(from: string | null, through: string): number {
    const row = this.statements.factsDated.get({ from, through })!;
    return Number(row.facts);
  }
}
