import type Database from 'better-sqlite3';
import { Decimal, type MdfClaimStatus, type MdfEvent, type MdfFigures } from '#domain';
import type { StoredEvent } from '#event-store';
import { formatMinor, minorOf, requireIntegerColumns } from '../money-columns.js';
import type { Projection } from '../projection.js';

/**
 * The partners' market development funds (`mdf-<partnerId>` streams) as rows: the fund's figures, what
 * each campaign holds of it, and every claim. Each figure is the fold of the fund's events exactly as
 * `mdfFigures` of libs/domain defines it (accrued, committed net of decommits, released, claimed net of
 * rejections, approved, paid; available = accrued − committed), kept in minor units as SQLite integers
 * so every sum is exact and no amount passes through a JS number.
 */
export const mdfProjection: Projection = {
  name: 'mdf',
  version: 1,
  tables: ['mdf_funds', 'mdf_campaigns', 'mdf_claims'],
  schema: `
    CREATE TABLE IF NOT EXISTS mdf_funds (
      partner_id TEXT PRIMARY KEY,
      currency TEXT,
      accrued INTEGER NOT NULL,
      committed INTEGER NOT NULL,
      released INTEGER NOT NULL,
      claimed INTEGER NOT NULL,
      approved INTEGER NOT NULL,
      paid INTEGER NOT NULL,
      accruals INTEGER NOT NULL,
      position TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS mdf_campaigns (
      partner_id TEXT NOT NULL,
      campaign_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      committed INTEGER NOT NULL,
      decommitted INTEGER NOT NULL,
      released INTEGER NOT NULL,
      released_milestones TEXT NOT NULL,
      claimed INTEGER NOT NULL,
      approved INTEGER NOT NULL,
      paid INTEGER NOT NULL,
      committed_at TEXT NOT NULL,
      decommitted_at TEXT,
      position TEXT NOT NULL,
      PRIMARY KEY (partner_id, campaign_id)
    );
    CREATE INDEX IF NOT EXISTS mdf_campaigns_campaign ON mdf_campaigns (campaign_id);
    CREATE TABLE IF NOT EXISTS mdf_claims (
      partner_id TEXT NOT NULL,
      claim_id TEXT NOT NULL,
      campaign_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      amount INTEGER NOT NULL,
      evidence TEXT NOT NULL,
      status TEXT NOT NULL,
      submitted_at TEXT NOT NULL,
      approved_at TEXT,
      rejected_at TEXT,
      rejection_reason TEXT,
      statement_id TEXT,
      paid_at TEXT,
      position TEXT NOT NULL,
      PRIMARY KEY (partner_id, claim_id)
    );
    CREATE INDEX IF NOT EXISTS mdf_claims_campaign ON mdf_claims (campaign_id, submitted_at, claim_id);
  `,
  bind(db) {
    const writes = mdfWrites(db);
    return (stored: StoredEvent) => {
      if (!stored.stream.startsWith('mdf-')) return;
      applyMdfEvent(writes, stored as unknown as MdfEvent, stored.position.toString());
    };
  },
};

/** The prepared writes of the MDF read model, and `add`, which checks every running total it updates. */
function mdfWrites(db: Database.Database) {
  const statements = {
    ensureFund: db.prepare(`INSERT INTO mdf_funds
        (partner_id, currency, accrued, committed, released, claimed, approved, paid, accruals, position)
      VALUES (?, NULL, 0, 0, 0, 0, 0, 0, 0, ?) ON CONFLICT (partner_id) DO NOTHING`),
    accrued: db.prepare(`UPDATE mdf_funds SET currency = coalesce(currency, ?), accrued = accrued + ?,
      accruals = accruals + 1, position = ? WHERE partner_id = ? RETURNING accrued`),
    committed: db.prepare(`UPDATE mdf_funds SET currency = coalesce(currency, ?), committed = committed + ?,
      position = ? WHERE partner_id = ? RETURNING committed`),
    fundColumn: (column: 'committed' | 'released' | 'claimed' | 'approved' | 'paid') =>
      db.prepare(`UPDATE mdf_funds SET ${column} = ${column} + ?, position = ?
        WHERE partner_id = ? RETURNING ${column}`),
    insertCampaign:
      db.prepare(`INSERT INTO mdf_campaigns (partner_id, campaign_id, currency, committed, decommitted, released,
        released_milestones, claimed, approved, paid, committed_at, position)
      VALUES (?, ?, ?, ?, 0, 0, '[]', 0, 0, 0, ?, ?)`),
    releasedMilestones: db.prepare<[string, string], { released_milestones: string }>(
      'SELECT released_milestones FROM mdf_campaigns WHERE partner_id = ? AND campaign_id = ?',
    ),
    released: db.prepare(`UPDATE mdf_campaigns SET released = released + ?, released_milestones = ?, position = ?
      WHERE partner_id = ? AND campaign_id = ? RETURNING released`),
    decommitted: db.prepare(`UPDATE mdf_campaigns SET decommitted = decommitted + ?, decommitted_at = ?, position = ?
      WHERE partner_id = ? AND campaign_id = ? RETURNING decommitted`),
    campaignColumn: (column: 'claimed' | 'approved' | 'paid') =>
      db.prepare(`UPDATE mdf_campaigns SET ${column} = ${column} + ?, position = ?
        WHERE partner_id = ? AND campaign_id = ? RETURNING ${column}`),
    insertClaim: db.prepare(`INSERT INTO mdf_claims
        (partner_id, claim_id, campaign_id, currency, amount, evidence, status, submitted_at, position)
      VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?)`),
    claimApproved: db.prepare(
      `UPDATE mdf_claims SET status = 'approved', approved_at = ?, position = ? WHERE partner_id = ? AND claim_id = ?`,
    ),
    claimRejected: db.prepare(
      `UPDATE mdf_claims SET status = 'rejected', rejected_at = ?, rejection_reason = ?, position = ?
        WHERE partner_id = ? AND claim_id = ?`,
    ),
    claimPaid: db.prepare(
      `UPDATE mdf_claims SET status = 'paid', statement_id = ?, paid_at = ?, position = ?
        WHERE partner_id = ? AND claim_id = ?`,
    ),
  };
  const fund = {
    committed: statements.fundColumn('committed'),
    released: statements.fundColumn('released'),
    claimed: statements.fundColumn('claimed'),
    approved: statements.fundColumn('approved'),
    paid: statements.fundColumn('paid'),
  };
  const campaign = {
    claimed: statements.campaignColumn('claimed'),
    approved: statements.campaignColumn('approved'),
    paid: statements.campaignColumn('paid'),
  };

  // Every running total is added to in SQL; `add` checks the sum is still an integer (see requireIntegerColumns).
  const add = (statement: Database.Statement, ...parameters: unknown[]) =>
    requireIntegerColumns(statement.get(...parameters) as Record<string, unknown> | undefined, 'mdf projection');
  return { ...statements, fund, campaign, add };
}

type MdfWrites = ReturnType<typeof mdfWrites>;

function applyMdfEvent(writes: MdfWrites, event: MdfEvent, position: string): void {
  const { partnerId } = event.data;
  const minor = minorOf(event.data.amount, event.data.currency);
  writes.ensureFund.run(partnerId, position);
  switch (event.type) {
    case 'MdfAccrued':
      writes.add(writes.accrued, event.data.currency, minor, position, partnerId);
      return;
    case 'MdfCommitted': {
      const { campaignId, currency, committedAt } = event.data;
      writes.add(writes.committed, currency, minor, position, partnerId);
      writes.insertCampaign.run(partnerId, campaignId, currency, minor, committedAt, position);
      return;
    }
    case 'MdfReleased': {
      const { campaignId, milestoneId } = event.data;
      writes.add(writes.fund.released, minor, position, partnerId);
      const row = writes.releasedMilestones.get(partnerId, campaignId);
      const milestones = row ? (JSON.parse(row.released_milestones) as string[]) : [];
      const released = JSON.stringify([...milestones, milestoneId]);
      writes.add(writes.released, minor, released, position, partnerId, campaignId);
      return;
    }
    case 'MdfDecommitted':
      writes.add(writes.fund.committed, -minor, position, partnerId);
      writes.add(writes.decommitted, minor, event.data.decommittedAt, position, partnerId, event.data.campaignId);
      return;
    case 'MdfClaimSubmitted': {
      const { claimId, campaignId, currency, evidence, submittedAt } = event.data;
      writes.add(writes.fund.claimed, minor, position, partnerId);
      writes.add(writes.campaign.claimed, minor, position, partnerId, campaignId);
      writes.insertClaim.run(partnerId, claimId, campaignId, currency, minor, evidence, submittedAt, position);
      return;
    }
    case 'MdfClaimApproved':
      writes.add(writes.fund.approved, minor, position, partnerId);
      writes.add(writes.campaign.approved, minor, position, partnerId, event.data.campaignId);
      writes.claimApproved.run(event.data.approvedAt, position, partnerId, event.data.claimId);
      return;
    case 'MdfClaimRejected':
      // A rejected claim stops standing against the released funds: it can be claimed again.
      writes.add(writes.fund.claimed, -minor, position, partnerId);
      writes.add(writes.campaign.claimed, -minor, position, partnerId, event.data.campaignId);
      writes.claimRejected.run(event.data.rejectedAt, event.data.reason, position, partnerId, event.data.claimId);
      return;
    case 'MdfClaimPaid':
      writes.add(writes.fund.paid, minor, position, partnerId);
      writes.add(writes.campaign.paid, minor, position, partnerId, event.data.campaignId);
      writes.claimPaid.run(event.data.statementId, event.data.paidAt, position, partnerId, event.data.claimId);
      return;
  }
}

interface FundRow {
  partner_id: string;
  currency: string | null;
  accrued: bigint;
  committed: bigint;
  released: bigint;
  claimed: bigint;
  approved: bigint;
  paid: bigint;
  accruals: bigint;
  position: string;
}

interface CampaignFundRow {
  partner_id: string;
  campaign_id: string;
  currency: string;
  committed: bigint;
  decommitted: bigint;
  released: bigint;
  released_milestones: string;
  claimed: bigint;
  approved: bigint;
  paid: bigint;
  committed_at: string;
  decommitted_at: string | null;
  position: string;
}

interface ClaimRow {
  partner_id: string;
  claim_id: string;
  campaign_id: string;
  currency: string;
  amount: bigint;
  evidence: string;
  status: MdfClaimStatus;
  submitted_at: string;
  approved_at: string | null;
  rejected_at: string | null;
  rejection_reason: string | null;
  statement_id: string | null;
  paid_at: string | null;
  position: string;
}

/**
 * The fund's figures, as `mdfFigures` of libs/domain computes them from the events (decimal strings at the
 * currency's minor unit); the read model is per partner already, so without the partner.
 */
export type MdfFundFigures = Omit<MdfFigures, 'partnerId'>;

/** What one campaign holds of its partner's fund. */
export interface MdfCampaignFigures {
  readonly campaignId: string;
  readonly currency: string;
  /** The budget committed when the campaign was approved. */
  readonly committed: string;
  /** Given back to the fund when the campaign closed (its milestones never completed). */
  readonly decommitted: string;
  readonly released: string;
  readonly releasedMilestones: readonly string[];
  /** Committed, not given back and not yet released: what completing the remaining milestones releases. */
  readonly unreleased: string;
  /** Claims standing against the released funds (submitted, approved or paid). */
  readonly claimed: string;
  /** Released and not yet claimed: what a new claim may ask for. */
  readonly claimable: string;
  readonly approved: string;
  readonly paid: string;
  readonly committedAt: string;
  readonly decommittedAt: string | null;
}

export interface MdfClaimView {
  readonly claimId: string;
  readonly partnerId: string;
  readonly campaignId: string;
  readonly amount: string;
  readonly currency: string;
  readonly evidence: string;
  readonly status: MdfClaimStatus;
  readonly submittedAt: string;
  readonly approvedAt: string | null;
  readonly rejectedAt: string | null;
  readonly rejectionReason: string | null;
  /** The payout statement that paid the claim. */
  readonly statementId: string | null;
  readonly paidAt: string | null;
  readonly position: string;
}

export interface MdfFundView {
  readonly partnerId: string;
  readonly figures: MdfFundFigures;
  /** How many accruals the fund received (one per won, renewed or expanded deal event with a non-zero rate). */
  readonly accruals: number;
  readonly campaigns: readonly MdfCampaignFigures[];
  readonly claims: readonly MdfClaimView[];
  /** The global position of the fund's last event, "0" before any. */
  readonly position: string;
}

/**
 * Minor units as a decimal string at the currency's scale; before a fund has a currency, two places (as
 * mdfFigures).
 */
function money(minor: bigint, currency: string | null): string {
  return currency === null ? new Decimal(minor.toString()).dividedBy(100).toFixed(2) : formatMinor(minor, currency);
}

function figuresOf(row: FundRow | undefined): MdfFundFigures {
  if (!row)
    return {
      currency: null,
      accrued: '0.00',
      committed: '0.00',
      released: '0.00',
      claimed: '0.00',
      approved: '0.00',
      paid: '0.00',
      available: '0.00',
    };
  const { currency } = row;
  return {
    currency,
    accrued: money(row.accrued, currency),
    committed: money(row.committed, currency),
    released: money(row.released, currency),
    claimed: money(row.claimed, currency),
    approved: money(row.approved, currency),
    paid: money(row.paid, currency),
    available: money(row.accrued - row.committed, currency),
  };
}

function campaignOf(row: CampaignFundRow): MdfCampaignFigures {
  const { currency } = row;
  return {
    campaignId: row.campaign_id,
    currency,
    committed: money(row.committed, currency),
    decommitted: money(row.decommitted, currency),
    released: money(row.released, currency),
    releasedMilestones: JSON.parse(row.released_milestones) as string[],
    unreleased: money(row.committed - row.decommitted - row.released, currency),
    claimed: money(row.claimed, currency),
    claimable: money(row.released - row.claimed, currency),
    approved: money(row.approved, currency),
    paid: money(row.paid, currency),
    committedAt: row.committed_at,
    decommittedAt: row.decommitted_at,
  };
}

function claimOf(row: ClaimRow): MdfClaimView {
  return {
    claimId: row.claim_id,
    partnerId: row.partner_id,
    campaignId: row.campaign_id,
    amount: money(row.amount, row.currency),
    currency: row.currency,
    evidence: row.evidence,
    status: row.status,
    submittedAt: row.submitted_at,
    approvedAt: row.approved_at,
    rejectedAt: row.rejected_at,
    rejectionReason: row.rejection_reason,
    statementId: row.statement_id,
    paidAt: row.paid_at,
    position: row.position,
  };
}

export class MdfQueries {
  private readonly statements;
  constructor(db: Database.Database) {
    this.statements = {
      fund: db.prepare<[string], FundRow>('SELECT * FROM mdf_funds WHERE partner_id = ?'),
      campaigns: db.prepare<[string], CampaignFundRow>(
        'SELECT * FROM mdf_campaigns WHERE partner_id = CAST(? AS TEXT) ORDER BY committed_at, campaign_id',
      ),
      campaign: db.prepare<[string], CampaignFundRow>('SELECT * FROM mdf_campaigns WHERE campaign_id = ?'),
      claims: db.prepare<[string], ClaimRow>(
        'SELECT * FROM mdf_claims WHERE partner_id = CAST(? AS TEXT) ORDER BY submitted_at, claim_id',
      ),
      campaignClaims: db.prepare<[string], ClaimRow>(
        'SELECT * FROM mdf_claims WHERE campaign_id = CAST(? AS TEXT) ORDER BY submitted_at, claim_id',
      ),
    };
  }

  /** The partner's fund; a partner that never accrued answers zeros (and no currency). */
  fund(partnerId: string): MdfFundView {
    const row = this.statements.fund.get(partnerId);
    return {
      partnerId,
      figures: figuresOf(row),
      accruals: row ? Number(row.accruals) : 0,
      campaigns: this.statements.campaigns.all(partnerId).map(campaignOf),
      claims: this.statements.claims.all(partnerId).map(claimOf),
      position: row?.position ?? '0',
    };
  }

  /** What a campaign holds of its partner's fund; undefined before it is committed. */
  campaign(campaignId: string): MdfCampaignFigures | undefined {
    const row = this.statements.campaign.get(campaignId);
    return row && campaignOf(row);
  }

  campaignClaims(campaignId: string): MdfClaimView[] {
    return this.statements.campaignClaims.all(campaignId).map(claimOf);
  }
}
