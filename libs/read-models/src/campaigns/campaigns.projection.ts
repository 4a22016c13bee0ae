import type Database from 'better-sqlite3';
import {
  attributeRevenue,
  Decimal,
  minorUnits,
  type CampaignEvent,
  type CampaignStatus,
  type DealEvent,
  type DealPartner,
} from '#domain';
import type { StoredEvent } from '#event-store';
import { amountOfLines, defaultProgramCurrency, type RevenueKind } from '../deals/deals.projection.js';
import { noRevenueParts, partsAttributed, partsRefunded } from '../deals/revenue-parts.js';
import type { Projection } from '../projection.js';
import { after, equal, pageOf, whereAll, type Page, type PageRequest } from '../page.js';
import { StatementCache } from '../statement-cache.js';

/**
 * Campaigns (`campaign-<id>` streams) with their milestones and attributed leads, and what campaign ROI
 * needs to know about those leads. Leads may be attributed long before or after the deal is won, so the
 * projection keeps its own copy of every registration's estimate and every deal's partners and
 * attributed revenue (split exactly as the deals read model splits it): it depends only on the log and
 * rebuilds without any other read model.
 */
export const campaignsProjection: Projection = {
  name: 'campaigns',
  // 2: revenue rows keyed by the event's position, as the deals read model's (docs/decisions.md); 3: a refund's
  // revenue at the rates the deal's revenue was booked at, as the deals read model's (attributeRefund); 4: each
  // partner's revenue so far in the deal's row (revenue-parts.ts).
  version: 4,
  tables: [
    'campaigns',
    'campaign_milestones',
    'campaign_leads',
    'campaign_registrations',
    'campaign_deals',
    'campaign_deal_revenue',
  ],
  schema: `
    CREATE TABLE IF NOT EXISTS campaigns (
      campaign_id TEXT PRIMARY KEY,
      partner_id TEXT NOT NULL,
      name TEXT NOT NULL,
      currency TEXT NOT NULL,
      budget TEXT NOT NULL,
      goal_leads INTEGER NOT NULL,
      goal_pipeline TEXT NOT NULL,
      status TEXT NOT NULL,
      proposed_at TEXT NOT NULL,
      approved_at TEXT,
      closed_at TEXT,
      close_reason TEXT,
      amount_unspent TEXT,
      position TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS campaigns_partner ON campaigns (partner_id, proposed_at, campaign_id);
    CREATE INDEX IF NOT EXISTS campaigns_status ON campaigns (status, proposed_at, campaign_id);
    CREATE TABLE IF NOT EXISTS campaign_milestones (
      campaign_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      amount TEXT NOT NULL,
      completed_at TEXT,
      evidence TEXT,
      PRIMARY KEY (campaign_id, milestone_id)
    );
    CREATE TABLE IF NOT EXISTS campaign_leads (
      campaign_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      lead_id TEXT NOT NULL,
      attributed_at TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (campaign_id, kind, lead_id)
    );
    CREATE TABLE IF NOT EXISTS campaign_registrations (
      registration_id TEXT PRIMARY KEY,
      partner_id TEXT NOT NULL,
      estimated_value TEXT NOT NULL,
      currency TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS campaign_deals (
      deal_id TEXT PRIMARY KEY,
      registration_id TEXT,
      partners TEXT NOT NULL,
      fx_rate TEXT,
      program_currency TEXT NOT NULL,
      amount_won TEXT NOT NULL DEFAULT '0',
      amount_refunded TEXT NOT NULL DEFAULT '0',
      revenue_parts TEXT NOT NULL DEFAULT '[]',
      won_at TEXT,
      status TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS campaign_deals_registration ON campaign_deals (registration_id)
      WHERE registration_id IS NOT NULL;
    CREATE TABLE IF NOT EXISTS campaign_deal_revenue (
      position INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      partner_id TEXT NOT NULL,
      deal_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      currency TEXT NOT NULL,
      amount TEXT NOT NULL,
      PRIMARY KEY (position, partner_id)
    );
    CREATE INDEX IF NOT EXISTS campaign_deal_revenue_deal ON campaign_deal_revenue (deal_id, partner_id);
  `,
  bind(db) {
    const statements = prepareStatements(db);
    const attribute = revenueAttributor(statements);
    return (stored: StoredEvent) => {
      if (stored.type === 'DealRegistrationSubmitted') {
        type Submitted = { registrationId: string; partnerId: string; estimatedValue: string; currency: string };
        const { registrationId, partnerId, estimatedValue, currency } = stored.data as Submitted;
        statements.registration.run(registrationId, partnerId, estimatedValue, currency);
        return;
      }
      if (stored.stream.startsWith('deal-')) applyDealEvent(statements, attribute, stored);
      else if (stored.stream.startsWith('campaign-')) applyCampaignEvent(statements, stored);
    };
  },
};

/** The statements the projection writes and reads its copy of the deals with. */
function prepareStatements(db: Database.Database) {
  return {
    propose: db.prepare(`INSERT INTO campaigns
      (campaign_id, partner_id, name, currency, budget, goal_leads, goal_pipeline, status, proposed_at, position)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?)`),
    milestone: db.prepare(`INSERT INTO campaign_milestones (campaign_id, milestone_id, ordinal, amount)
      VALUES (?, ?, ?, ?)`),
    approve: db.prepare(`UPDATE campaigns SET status = 'approved', approved_at = ?, position = ?
      WHERE campaign_id = ?`),
    complete: db.prepare(`UPDATE campaign_milestones SET completed_at = ?, evidence = ?
      WHERE campaign_id = ? AND milestone_id = ?`),
    touch: db.prepare('UPDATE campaigns SET position = ? WHERE campaign_id = ?'),
    lead: db.prepare(`INSERT INTO campaign_leads (campaign_id, kind, lead_id, attributed_at, position)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    close: db.prepare(`UPDATE campaigns
      SET status = 'closed', closed_at = ?, close_reason = ?, amount_unspent = ?, position = ?
      WHERE campaign_id = ?`),
    registration: db.prepare(`INSERT INTO campaign_registrations
      (registration_id, partner_id, estimated_value, currency) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    openDeal: db.prepare(`INSERT INTO campaign_deals (deal_id, registration_id, partners, program_currency, status)
      VALUES (?, ?, ?, ?, 'open') ON CONFLICT DO NOTHING`),
    deal: db.prepare<[string], CampaignDealRow>(
      'SELECT partners, fx_rate, program_currency, amount_won, amount_refunded, revenue_parts FROM campaign_deals ' +
        'WHERE deal_id = ?',
    ),
    won: db.prepare(`UPDATE campaign_deals SET status = 'won', won_at = ?, fx_rate = ?, program_currency = ?,
      amount_won = ?, revenue_parts = ? WHERE deal_id = ?`),
    grown: db.prepare('UPDATE campaign_deals SET fx_rate = ?, amount_won = ?, revenue_parts = ? WHERE deal_id = ?'),
    refunded: db.prepare('UPDATE campaign_deals SET amount_refunded = ?, revenue_parts = ? WHERE deal_id = ?'),
    status: db.prepare('UPDATE campaign_deals SET status = ? WHERE deal_id = ?'),
    revenue: db.prepare(`INSERT INTO campaign_deal_revenue (position, event_id, partner_id, deal_id, kind, currency,
      amount) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
  };
}

type CampaignStatements = ReturnType<typeof prepareStatements>;

interface CampaignDealRow {
  partners: string;
  fx_rate: string | null;
  program_currency: string;
  /** In the deal currency, as the deals read model's. */
  amount_won: string;
  amount_refunded: string;
  /** revenue-parts.ts */
  revenue_parts: string;
}

type RevenueAttributor = (
  stored: StoredEvent,
  dealId: string,
  kind: RevenueKind,
  lines: ReadonlyArray<{ amount: string }>,
  fxRate: string | null | undefined,
  currency: string,
) => readonly string[];

/**
 * The same split as the deals read model: each partner's share of the lines in the program currency, recorded, and
 * the amounts in partner order (none for a deal this projection never saw opened).
 */
function revenueAttributor(statements: CampaignStatements): RevenueAttributor {
  return (stored, dealId, kind, lines, fxRate, currency) => {
    const deal = statements.deal.get(dealId);
    if (!deal) return [];
    const partners = JSON.parse(deal.partners) as DealPartner[];
    const attribution = attributeRevenue({ lines, ...(fxRate ? { fxRate } : {}), partners, currency });
    for (const part of attribution.partners) {
      statements.revenue.run(stored.position, stored.eventId, part.partnerId, dealId, kind, currency, part.amount);
    }
    return attribution.partners.map((part) => part.amount);
  };
}

/** A deal's partners and attributed revenue, kept for the ROI of the campaigns its lead is attributed to. */
function applyDealEvent(statements: CampaignStatements, attribute: RevenueAttributor, stored: StoredEvent): void {
  const event = stored as unknown as DealEvent;
  // Events decided before rule sets existed carry no program currency: it was the default then.
  const programCurrency = (event.data as { programCurrency?: string }).programCurrency ?? defaultProgramCurrency;
  switch (event.type) {
    case 'DealOpened': {
      const { dealId, registrationId, partners } = event.data;
      const shares = partners.map(({ partnerId, role, share }) => ({ partnerId, role, share }));
      statements.openDeal.run(dealId, registrationId ?? null, JSON.stringify(shares), programCurrency);
      return;
    }
    case 'DealWon': {
      const { dealId, lines, fxRate, wonAt } = event.data;
      const parts = partsAttributed(noRevenueParts, attribute(stored, dealId, 'new', lines, fxRate, programCurrency));
      statements.won.run(wonAt, fxRate ?? null, programCurrency, amountOfLines(lines).toFixed(), parts, dealId);
      return;
    }
    case 'DealRenewed':
    case 'DealExpanded': {
      const { dealId, lines, fxRate } = event.data;
      const deal = statements.deal.get(dealId);
      if (!deal) return;
      const rate = fxRate ?? deal.fx_rate;
      const kind = event.type === 'DealRenewed' ? 'renewal' : 'expansion';
      const parts = partsAttributed(deal.revenue_parts, attribute(stored, dealId, kind, lines, rate, programCurrency));
      statements.grown.run(rate, new Decimal(deal.amount_won).plus(amountOfLines(lines)).toFixed(), parts, dealId);
      return;
    }
    case 'DealRefunded': {
      const { dealId, amount } = event.data;
      const deal = statements.deal.get(dealId);
      if (!deal) return;
      const partnerIds = (JSON.parse(deal.partners) as DealPartner[]).map((partner) => partner.partnerId);
      const { amount_won: amountWon, amount_refunded: amountRefunded, program_currency: currency } = deal;
      const { taken, parts } = partsRefunded(deal.revenue_parts, partnerIds, {
        amount,
        amountWon,
        amountRefunded,
        currency,
      });
      statements.refunded.run(new Decimal(amountRefunded).plus(amount).toFixed(), parts, dealId);
      for (const part of taken) {
        const { position, eventId } = stored;
        statements.revenue.run(position, eventId, part.partnerId, dealId, 'refund', deal.program_currency, part.amount);
      }
      return;
    }
    case 'DealLost':
      statements.status.run('lost', event.data.dealId);
      return;
    case 'DealChurned':
      statements.status.run('churned', event.data.dealId);
      return;
    default:
      return;
  }
}

/** A campaign's lifecycle, milestones and attributed leads. */
function applyCampaignEvent(statements: CampaignStatements, stored: StoredEvent): void {
  const position = stored.position.toString();
  const event = stored as unknown as CampaignEvent;
  switch (event.type) {
    case 'CampaignProposed': {
      const { campaignId, partnerId, name, currency, budget, goals, milestones, proposedAt } = event.data;
      const goal = [BigInt(goals.leads), goals.pipeline] as const;
      statements.propose.run(campaignId, partnerId, name, currency, budget, ...goal, proposedAt, position);
      milestones.forEach((milestone, ordinal) => {
        statements.milestone.run(campaignId, milestone.id, ordinal, milestone.amount);
      });
      return;
    }
    case 'CampaignApproved':
      statements.approve.run(event.data.approvedAt, position, event.data.campaignId);
      return;
    case 'CampaignMilestoneCompleted': {
      const { campaignId, milestoneId, completedAt, evidence } = event.data;
      statements.complete.run(completedAt, evidence, campaignId, milestoneId);
      statements.touch.run(position, campaignId);
      return;
    }
    case 'CampaignLeadAttributed': {
      const { campaignId, dealId, registrationId, attributedAt } = event.data;
      const [kind, leadId] = dealId !== undefined ? ['deal', dealId] : ['registration', registrationId!];
      statements.lead.run(campaignId, kind, leadId, attributedAt, position);
      statements.touch.run(position, campaignId);
      return;
    }
    case 'CampaignClosed': {
      const { campaignId, closedAt, reason, amountUnspent } = event.data;
      statements.close.run(closedAt, reason ?? null, amountUnspent, position, campaignId);
      return;
    }
  }
}

export interface CampaignRow {
  campaign_id: string;
  partner_id: string;
  name: string;
  currency: string;
  budget: string;
  goal_leads: bigint;
  goal_pipeline: string;
  status: CampaignStatus;
  proposed_at: string;
  approved_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
  amount_unspent: string | null;
  position: string;
}

interface MilestoneRow {
  milestone_id: string;
  amount: string;
  completed_at: string | null;
  evidence: string | null;
}

interface LeadRow {
  kind: 'deal' | 'registration';
  lead_id: string;
  attributed_at: string;
}

export interface CampaignMilestoneView {
  readonly milestoneId: string;
  readonly amount: string;
  readonly completed: boolean;
  readonly completedAt: string | null;
  readonly evidence: string | null;
}

export interface CampaignLeadView {
  readonly dealId?: string;
  readonly registrationId?: string;
  readonly attributedAt: string;
}

export interface CampaignSummary {
  readonly campaignId: string;
  readonly partnerId: string;
  readonly name: string;
  readonly currency: string;
  readonly budget: string;
  readonly goals: { readonly leads: number; readonly pipeline: string };
  readonly status: CampaignStatus;
  readonly proposedAt: string;
  readonly approvedAt: string | null;
  readonly closedAt: string | null;
  readonly closeReason: string | null;
  /** Set when closed: the budget of the milestones never completed, given back to the fund if it was committed. */
  readonly amountUnspent: string | null;
  /** The global position of the campaign's last event. */
  readonly position: string;
}

/** What the leads of a campaign are worth, before the MDF figures are set against them (campaign-performance.ts). */
export interface CampaignLeadFacts {
  /**
   * Distinct leads: an attributed deal, or an attributed registration; a registration counts once,
   * as the deals opened from it when there are any (attributing both a registration and its deal is one lead).
   */
  readonly leads: number;
  /**
   * The pipeline the leads created, in the campaign currency: a won deal at the partner's attributed
   * revenue of the win, any other deal at its registration's estimate × the partner's share, a
   * registration without a deal at its estimate.
   */
  readonly pipeline: Decimal;
  /**
   * Revenue attributed to the campaign's partner on those deals (won, renewed, expanded, net of refunds), in the
   * campaign currency.
   */
  readonly wonRevenue: Decimal;
  readonly wonDeals: number;
  /**
   * Leads without a value in the campaign currency (a deal without registration not won yet, an estimate in another
   * currency).
   */
  readonly unpricedLeads: number;
}

export interface CampaignDetail extends CampaignSummary {
  readonly milestones: readonly CampaignMilestoneView[];
  readonly leads: readonly CampaignLeadView[];
  readonly leadFacts: CampaignLeadFacts;
}

export interface CampaignFilters {
  readonly partnerId?: string;
  readonly status?: CampaignStatus;
  readonly limit: number;
  readonly offset: number;
}

function summaryOf(row: CampaignRow): CampaignSummary {
  return {
    campaignId: row.campaign_id,
    partnerId: row.partner_id,
    name: row.name,
    currency: row.currency,
    budget: row.budget,
    goals: { leads: Number(row.goal_leads), pipeline: row.goal_pipeline },
    status: row.status,
    proposedAt: row.proposed_at,
    approvedAt: row.approved_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    amountUnspent: row.amount_unspent,
    position: row.position,
  };
}

export class CampaignQueries {
  private readonly statements;
  private readonly cache: StatementCache;
  constructor(db: Database.Database) {
    this.cache = new StatementCache(db);
    this.statements = {
      campaign: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE campaign_id = ?'),
      milestones: db.prepare<[string], MilestoneRow>(
        'SELECT milestone_id, amount, completed_at, evidence FROM campaign_milestones ' +
          'WHERE campaign_id = CAST(? AS TEXT) ORDER BY ordinal',
      ),
      leads: db.prepare<[string], LeadRow>(
        'SELECT kind, lead_id, attributed_at FROM campaign_leads WHERE campaign_id = CAST(? AS TEXT) ' +
          'ORDER BY attributed_at, length(position), position, kind, lead_id',
      ),
      registration: db.prepare<[string], { partner_id: string; estimated_value: string; currency: string }>(
        'SELECT partner_id, estimated_value, currency FROM campaign_registrations WHERE registration_id = ?',
      ),
      deal: db.prepare<
        [string],
        { deal_id: string; registration_id: string | null; partners: string; won_at: string | null }
      >('SELECT deal_id, registration_id, partners, won_at FROM campaign_deals WHERE deal_id = ?'),
      dealsOf: db.prepare<[string], { deal_id: string }>(
        'SELECT deal_id FROM campaign_deals WHERE registration_id = CAST(? AS TEXT) ORDER BY deal_id',
      ),
      revenue: db.prepare<[string, string], { kind: RevenueKind; currency: string; amount: string }>(
        'SELECT kind, currency, amount FROM campaign_deal_revenue WHERE deal_id = ? AND partner_id = ?',
      ),
      list: {
        all: db.prepare<[number, number], CampaignRow>(
          'SELECT * FROM campaigns ' +
            'ORDER BY proposed_at, campaign_id LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)',
        ),
        partner: db.prepare<[string, number, number], CampaignRow>(
          'SELECT * FROM campaigns WHERE partner_id = CAST(? AS TEXT) ' +
            'ORDER BY proposed_at, campaign_id LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)',
        ),
        status: db.prepare<[string, number, number], CampaignRow>(
          'SELECT * FROM campaigns WHERE status = CAST(? AS TEXT) ' +
            'ORDER BY proposed_at, campaign_id LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)',
        ),
        both: db.prepare<[string, string, number, number], CampaignRow>(
          'SELECT * FROM campaigns WHERE partner_id = CAST(? AS TEXT) AND status = CAST(? AS TEXT) ' +
            'ORDER BY proposed_at, campaign_id LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)',
        ),
      },
    };
  }

  get(campaignId: string): CampaignDetail | undefined {
    const row = this.statements.campaign.get(campaignId);
    if (!row) return undefined;
    const leads = this.statements.leads.all(campaignId);
    return {
      ...summaryOf(row),
      milestones: this.statements.milestones.all(campaignId).map((milestone) => ({
        milestoneId: milestone.milestone_id,
        amount: milestone.amount,
        completed: milestone.completed_at !== null,
        completedAt: milestone.completed_at,
        evidence: milestone.evidence,
      })),
      leads: leads.map((lead) =>
        lead.kind === 'deal'
          ? { dealId: lead.lead_id, attributedAt: lead.attributed_at }
          : { registrationId: lead.lead_id, attributedAt: lead.attributed_at },
      ),
      leadFacts: this.leadFacts(row, leads),
    };
  }

  /** Campaigns, oldest proposal first (then id), a page after `request.after`. */
  page(filters: Pick<CampaignFilters, 'partnerId' | 'status'>, request: PageRequest): Page<CampaignSummary> {
    const { where, values } = whereAll([
      ...equal('partner_id', filters.partnerId),
      ...equal('status', filters.status),
      ...after(['proposed_at', 'campaign_id'], request.after),
    ]);
    const rows = this.cache
      .get<unknown[], CampaignRow>(
        `SELECT * FROM campaigns ${where} ORDER BY proposed_at, campaign_id LIMIT CAST(? AS INTEGER)`,
      )
      .all(...values, request.limit + 1);
    return pageOf(rows, request.limit, (row) => [row.proposed_at, row.campaign_id], summaryOf);
  }

  list(filters: CampaignFilters): CampaignSummary[] {
    const { partnerId, status, limit, offset } = filters;
    const { list } = this.statements;
    const rows =
      partnerId !== undefined && status !== undefined
        ? list.both.all(partnerId, status, limit, offset)
        : partnerId !== undefined
          ? list.partner.all(partnerId, limit, offset)
          : status !== undefined
            ? list.status.all(status, limit, offset)
            : list.all.all(limit, offset);
    return rows.map(summaryOf);
  }

  private leadFacts(campaign: CampaignRow, leads: readonly LeadRow[]): CampaignLeadFacts {
    const { partner_id: partnerId, currency } = campaign;
    const deals = new Set<string>();
    const registrations = new Set<string>();
    for (const lead of leads) {
      if (lead.kind === 'deal') {
        deals.add(lead.lead_id);
        continue;
      }
      const converted = this.statements.dealsOf.all(lead.lead_id);
      if (converted.length === 0) registrations.add(lead.lead_id);
      for (const deal of converted) deals.add(deal.deal_id);
    }
    let pipeline = new Decimal(0);
    let wonRevenue = new Decimal(0);
    let wonDeals = 0;
    let unpricedLeads = 0;
    const estimate = (registrationId: string | null, share: string): Decimal | undefined => {
      const registration = registrationId === null ? undefined : this.statements.registration.get(registrationId);
      if (!registration || registration.currency !== currency) return undefined;
      return new Decimal(registration.estimated_value)
        .times(share)
        .toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN);
    };
    for (const dealId of deals) {
      const deal = this.statements.deal.get(dealId);
      if (!deal) {
        unpricedLeads += 1;
        continue;
      }
      const revenue = this.statements.revenue.all(dealId, partnerId).filter((row) => row.currency === currency);
      for (const row of revenue) wonRevenue = wonRevenue.plus(row.amount);
      const won = revenue.filter((row) => row.kind === 'new');
      if (deal.won_at !== null) wonDeals += 1;
      if (won.length > 0) {
        for (const row of won) pipeline = pipeline.plus(row.amount);
        continue;
      }
      const share =
        (JSON.parse(deal.partners) as DealPartner[]).find((partner) => partner.partnerId === partnerId)?.share ?? '0';
      const value = estimate(deal.registration_id, share);
      if (value === undefined) unpricedLeads += 1;
      else pipeline = pipeline.plus(value);
    }
    for (const registrationId of registrations) {
      const value = estimate(registrationId, '1');
      if (value === undefined) unpricedLeads += 1;
      else pipeline = pipeline.plus(value);
    }
    return { leads: deals.size + registrations.size, pipeline, wonRevenue, wonDeals, unpricedLeads };
  }
}
