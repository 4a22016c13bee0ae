import type Database from 'better-sqlite3';
import {
  compileRuleSet,
  Decimal,
  explainLine,
  periodOf,
  qualifiedTierIndex,
  ruleSetInForce,
  tierOn,
  tierRequirementGaps,
  trailingQuarters,
  type AppliedTier,
  type CommissionLine,
  type ComputedCommissionLine,
  type MdfAccrual,
  type PartnerRecord,
  type RequirementGap,
  type RuleSet,
  type TierEvaluation,
  type TierStanding,
} from '#domain';
import { StatementFigures, type StatementBalanceFigures } from '../statements/statements.queries.js';
import { formatMinor } from '../money-columns.js';
import { pageOf, type Page, type PageKey, type PageRequest } from '../page.js';

/** A line in a list: everything but the step-by-step explanation, which GET /commission-lines/:id shows. */
export type CommissionLineSummary = ComputedCommissionLine;

/** A line with its provenance, its calculation in words and numbers, and the clawbacks that reverse it. */
export interface CommissionLineView extends CommissionLine {
  /** For an earned line: the clawback lines that reverse part or all of it, oldest first. */
  readonly reversedBy: readonly { readonly lineId: string; readonly amount: string; readonly businessDate: string }[];
}

export interface CommissionTotals {
  readonly currency: string;
  /** Σ earned lines. */
  readonly earned: string;
  /** Σ clawback lines (negative or zero). */
  readonly clawedBack: string;
  /** Σ forfeiture lines of an offboarding with forfeit_unvested (negative or zero). */
  readonly forfeited: string;
  /** earned + clawedBack + forfeited. */
  readonly net: string;
  readonly lines: number;
}

export interface PartnerCommissionLines {
  readonly partnerId: string;
  readonly period: string | null;
  /** Every line matching the filter, not only this page. */
  readonly total: number;
  readonly totals: readonly CommissionTotals[];
  readonly lines: readonly CommissionLineSummary[];
  /** The key after this page's last line; null on the last page. */
  readonly nextKey: PageKey | null;
}

/**
 * A partner's commission balance in one currency as of a business date: every line dated on or
 * before it, at its latest figures, and the payout statements issued, paid and disputed by then.
 * `earned + forfeited + clawedBack + adjustments = accrued + payable + issued`.
 */
export interface CommissionBalance {
  readonly currency: string;
  /** Σ earned lines dated on or before asOf. */
  readonly earned: string;
  /** Earned, not vested by asOf, net of the forfeitures that vest with it. */
  readonly accrued: string;
  /** Earned and vested by asOf. */
  readonly vested: string;
  /**
   * Σ forfeiture lines dated on or before asOf (negative or zero): what an offboarding with forfeit_unvested took
   * back. Each vests with the line it forfeits, so a forfeited line never reaches payable.
   */
  readonly forfeited: string;
  /** Σ clawback lines dated on or before asOf (negative or zero); clawbacks vest at once. */
  readonly clawedBack: string;
  /** Dispute adjustments finance decided on or before asOf (signed), on a statement yet or not. */
  readonly adjustments: string;
  /**
   * vested + vested forfeitures + clawedBack + adjustments − issued: what the next statement adds for commissions
   * (MDF claims are the fund's). Negative when clawbacks exceed what is left: owed by the partner.
   */
  readonly payable: string;
  /** Commission lines, clawbacks and adjustment lines on statements issued on or before asOf. */
  readonly issued: string;
  /** The part of `issued` on statements paid on or before asOf. */
  readonly paid: string;
  /** Statement lines under a dispute open on asOf. */
  readonly disputed: string;
  /** Negative totals of statements issued by asOf that no statement issued by then carries on yet (zero or less). */
  readonly carriedForward: string;
  /** MDF claims approved by asOf and on no statement issued by then (the fund's, paid with the statement). */
  readonly mdfClaimsApproved: string;
  /**
   * payable + carriedForward + mdfClaimsApproved: what a statement issued on asOf would total if its period ended on
   * asOf (a statement takes only lines vested by its period's end; later ones wait for the next).
   */
  readonly payableNext: string;
}

export interface TierOverrideView {
  readonly eventId: string;
  readonly tier: string;
  readonly from: string;
  readonly until: string;
  readonly reason: string;
  readonly position: string;
}

export interface TierView {
  readonly partnerId: string;
  readonly asOf: string;
  /** The rule set in force on asOf, whose tiers the answer uses; null before any rule set. */
  readonly ruleSetVersion: string | null;
  /** The tier the partner is paid at on asOf (an override in force wins); null without a rule set. */
  readonly tier: AppliedTier | null;
  /** The tier earned at period closes (or the entry tier), whatever an override says. */
  readonly earnedTier: AppliedTier | null;
  readonly override: TierOverrideView | null;
  /** Consecutive evaluations short of the earned tier, after the latest close. */
  readonly shortfallCount: number;
  readonly demotionGraceQuarters: number | null;
  /** Every evaluation at a period close, oldest first, with the figures that decided it. */
  readonly history: readonly TierEvaluation[];
  readonly overrides: readonly TierOverrideView[];
  /**
   * Were the quarter of asOf closed today: the trailing quarters through it, their figures as
   * recorded so far, the tier they qualify for, and what is missing for the tier above the earned one.
   */
  readonly outlook: {
    readonly quarters: readonly string[];
    readonly figures: { readonly attributedRevenue: string; readonly wonDeals: number; readonly lostDeals: number };
    readonly qualifiedTier: string;
    readonly nextTier: { readonly name: string; readonly missing: readonly RequirementGap[] } | null;
  } | null;
}

export interface MdfAccrualTotals {
  readonly currency: string;
  readonly accrued: string;
  readonly accruals: number;
}

export interface PartnerMdfAccruals {
  readonly partnerId: string;
  readonly period: string | null;
  /** Every accrual matching the filter, not only this page. */
  readonly total: number;
  readonly totals: readonly MdfAccrualTotals[];
  readonly accruals: readonly MdfAccrual[];
  /** The key after this page's last accrual; null on the last page. */
  readonly nextKey: PageKey | null;
}

/** A row of a partner's list in business-date order: its JSON and its sort key (commission lines, MDF accruals). */
interface DatedRow {
  body: string;
  business_date: string;
  /** A 64-bit column, read as a bigint (the connection reads integers safely). */
  source_position: bigint;
  id: string;
}

interface LineRow {
  line: string;
}

interface TotalsRow {
  currency: string;
  earned: bigint;
  clawed_back: bigint;
  forfeited: bigint;
  lines: bigint;
}

interface BalanceRow {
  currency: string;
  earned: bigint;
  vested: bigint;
  clawed_back: bigint;
  forfeited: bigint;
  forfeited_vested: bigint;
}

interface OverrideRow {
  event_id: string;
  tier: string;
  from_date: string;
  until: string;
  reason: string;
  position: bigint;
}

interface QuarterRow {
  quarter: string;
  revenue: string;
  won: bigint;
  lost: bigint;
}

/** A page of a partner's commission lines or MDF accruals, of one quarter or of every one. */
export interface PeriodPage extends PageRequest {
  readonly period?: string;
}

/** Reads of the commission read model (commissions.projection.ts). */
export class CommissionQueries {
  private readonly statements;
  /** Compiled rule sets by version: a published version never changes. */
  private readonly compiled = new Map<string, RuleSet>();
  /** Statement figures for balances: issued, paid, adjustments and disputes live in the statements read model. */
  private readonly payouts: StatementFigures;

  constructor(db: Database.Database) {
    this.payouts = new StatementFigures(db);
    this.statements = {
      line: db.prepare<[string], LineRow>('SELECT line FROM commission_lines WHERE line_id = ?'),
      partnerLines: db.prepare<[string], LineRow>(
        'SELECT line FROM commission_lines WHERE partner_id = CAST(? AS TEXT) ORDER BY line_id',
      ),
      reversals: db.prepare<[string], { line_id: string; amount: string; business_date: string }>(
        'SELECT line_id, amount, business_date FROM commission_lines WHERE reverses_line_id = CAST(? AS TEXT) ' +
          'ORDER BY business_date, source_position, line_id',
      ),
      // A page after the key (business_date, source_position, line_id) of the previous page's last line.
      lines: db.prepare<unknown[], DatedRow>(
        'SELECT line AS body, business_date, source_position, line_id AS id FROM commission_lines ' +
          'WHERE partner_id = CAST(? AS TEXT) AND (? IS NULL OR period = CAST(? AS TEXT)) ' +
          'AND (? IS NULL OR (business_date, source_position, line_id) > (?, ?, ?)) ' +
          'ORDER BY business_date, source_position, line_id LIMIT CAST(? AS INTEGER)',
      ),
      totals: db.prepare<[string, string | null, string | null], TotalsRow>(`
        SELECT currency,
          COALESCE(SUM(CASE WHEN kind = 'earned' THEN amount_minor END), 0) AS earned,
          COALESCE(SUM(CASE WHEN kind = 'clawback' THEN amount_minor END), 0) AS clawed_back,
          COALESCE(SUM(CASE WHEN kind = 'forfeiture' THEN amount_minor END), 0) AS forfeited,
          COUNT(*) AS lines
        FROM commission_lines WHERE partner_id = CAST(? AS TEXT) AND (? IS NULL OR period = CAST(? AS TEXT))
        GROUP BY currency ORDER BY currency
      `),
      balance: db.prepare<{ partnerId: string; asOf: string }, BalanceRow>(`
        SELECT currency,
          COALESCE(SUM(CASE WHEN kind = 'earned' THEN amount_minor END), 0) AS earned,
          COALESCE(SUM(CASE WHEN kind = 'earned' AND vests_on <= @asOf THEN amount_minor END), 0) AS vested,
          COALESCE(SUM(CASE WHEN kind = 'clawback' THEN amount_minor END), 0) AS clawed_back,
          COALESCE(SUM(CASE WHEN kind = 'forfeiture' THEN amount_minor END), 0) AS forfeited,
          COALESCE(SUM(CASE WHEN kind = 'forfeiture' AND vests_on <= @asOf THEN amount_minor END), 0)
            AS forfeited_vested
        FROM commission_lines WHERE partner_id = CAST(@partnerId AS TEXT) AND business_date <= @asOf
        GROUP BY currency ORDER BY currency
      `),
      linesDated: db.prepare<[string | null, string | null, string], { lines: bigint }>(
        'SELECT COUNT(*) AS lines FROM commission_lines WHERE (? IS NULL OR business_date >= ?) AND business_date <= ?',
      ),
      ruleSets: db.prepare<[], { version: string; rules: string }>(
        'SELECT version, rules FROM commission_rule_sets ORDER BY position',
      ),
      evaluations: db.prepare<[string], { evaluation: string }>(
        'SELECT evaluation FROM commission_tier_evaluations WHERE partner_id = CAST(? AS TEXT) ORDER BY position',
      ),
      overrides: db.prepare<[string], OverrideRow>(
        'SELECT event_id, tier, from_date, until, reason, position FROM commission_tier_overrides ' +
          'WHERE partner_id = CAST(? AS TEXT) ORDER BY position',
      ),
      quarters: db.prepare<[string], QuarterRow>(
        'SELECT quarter, revenue, won, lost FROM commission_partner_quarters WHERE partner_id = CAST(? AS TEXT)',
      ),
      accruals: db.prepare<unknown[], DatedRow>(
        'SELECT accrual AS body, business_date, source_position, accrual_id AS id FROM commission_mdf_accruals ' +
          'WHERE partner_id = CAST(? AS TEXT) AND (? IS NULL OR period = CAST(? AS TEXT)) ' +
          'AND (? IS NULL OR (business_date, source_position, accrual_id) > (?, ?, ?)) ' +
          'ORDER BY business_date, source_position, accrual_id LIMIT CAST(? AS INTEGER)',
      ),
      accrualTotals: db.prepare<
        [string, string | null, string | null],
        { currency: string; accrued: bigint; accruals: bigint }
      >(
        'SELECT currency, COALESCE(SUM(amount_minor), 0) AS accrued, COUNT(*) AS accruals ' +
          'FROM commission_mdf_accruals ' +
          'WHERE partner_id = CAST(? AS TEXT) AND (? IS NULL OR period = CAST(? AS TEXT)) ' +
          'GROUP BY currency ORDER BY currency',
      ),
    };
  }

  line(lineId: string): CommissionLineView | undefined {
    const row = this.statements.line.get(lineId);
    if (!row) return undefined;
    const line = explained(row.line);
    const reversedBy = this.statements.reversals
      .all(lineId)
      .map((reversal) => ({ lineId: reversal.line_id, amount: reversal.amount, businessDate: reversal.business_date }));
    return { ...line, reversedBy };
  }

  /** A line and every clawback and forfeiture of it, whole (none when unknown): what resolving a dispute weighs. */
  lineWithReversals(lineId: string): CommissionLine[] {
    const ids = [lineId, ...this.statements.reversals.all(lineId).map((reversal) => reversal.line_id)];
    return ids.flatMap((id) => this.statements.line.get(id) ?? []).map((row) => explained(row.line));
  }

  /**
   * Every current line of a partner, whole (explanation included), by line id: what issuing a
   * statement composes from (IssueStatementFacts.commissionLines).
   */
  currentLinesOf(partnerId: string): CommissionLine[] {
    return this.statements.partnerLines.all(partnerId).map((row) => explained(row.line));
  }

  linesOfPartner(partnerId: string, page: PeriodPage): PartnerCommissionLines {
    const period = page.period ?? null;
    const { items: lines, nextKey } = datedPage<ComputedCommissionLine>(this.statements.lines, partnerId, page);
    const totalsRows = this.statements.totals.all(partnerId, period, period);
    const totals = totalsRows.map((row) => ({
      currency: row.currency,
      earned: formatMinor(row.earned, row.currency),
      clawedBack: formatMinor(row.clawed_back, row.currency),
      forfeited: formatMinor(row.forfeited, row.currency),
      net: formatMinor(row.earned + row.clawed_back + row.forfeited, row.currency),
      lines: Number(row.lines),
    }));
    const total = totals.reduce((sum, row) => sum + row.lines, 0);
    return { partnerId, period, total, totals, lines, nextKey };
  }

  /**
   * Balances per currency as of a business date, with the statement figures of the same currency. A
   * partner without lines or statements has a zero balance in the currency of the rule set in force
   * on that date (none before any rule set).
   */
  balance(partnerId: string, asOf: string): CommissionBalance[] {
    const rows = new Map(this.statements.balance.all({ partnerId, asOf }).map((row) => [row.currency, row]));
    const payouts = this.payouts.balanceFigures(partnerId, asOf);
    const currencies = [...new Set([...rows.keys(), ...payouts.keys()])].sort();
    if (currencies.length === 0) {
      const currency = this.ruleSetOn(asOf)?.currency;
      return currency ? [balanceOf(emptyBalanceRow(currency), noPayouts)] : [];
    }
    return currencies.map((currency) =>
      balanceOf(rows.get(currency) ?? emptyBalanceRow(currency), payouts.get(currency) ?? noPayouts),
    );
  }

  tier(partnerId: string, asOf: string): TierView {
    const history = this.evaluationsOf(partnerId);
    const overrides = this.overridesOf(partnerId);
    // The engine's own rule for the tier on a date, over the same facts it folded.
    const earnedTiers = earnedTiersOf(history);
    const ruleSet = this.ruleSetOn(asOf);
    const latest = history.at(-1);
    const active = overrides.findLast((override) => override.from <= asOf && asOf <= override.until) ?? null;
    const base = {
      partnerId,
      asOf,
      override: active,
      shortfallCount: latest?.shortfallCount ?? 0,
      history,
      overrides,
    };
    if (!ruleSet)
      return {
        ...base,
        ruleSetVersion: null,
        tier: null,
        earnedTier: null,
        demotionGraceQuarters: null,
        outlook: null,
      };

    const tier = tierOn(tierFacts(earnedTiers, overrides), ruleSet, asOf);
    const earnedTier = tierOn(tierFacts(earnedTiers, []), ruleSet, asOf);
    const quarters = trailingQuarters(periodOf(asOf), ruleSet.trailingQuarters);
    const stats = new Map(this.statements.quarters.all(partnerId).map((row) => [row.quarter, row]));
    let revenue = new Decimal(0);
    let won = 0;
    let lost = 0;
    for (const quarter of quarters) {
      const row = stats.get(quarter);
      if (!row) continue;
      revenue = revenue.plus(row.revenue);
      won += Number(row.won);
      lost += Number(row.lost);
    }
    const figures = { revenue, won, lost };
    const earnedIndex = ruleSet.tiers.findIndex((candidate) => candidate.name === earnedTier.name);
    const next = ruleSet.tiers[earnedIndex + 1];
    return {
      ...base,
      ruleSetVersion: ruleSet.version,
      tier,
      earnedTier,
      demotionGraceQuarters: ruleSet.demotionGraceQuarters,
      outlook: {
        quarters,
        figures: { attributedRevenue: revenue.toFixed(), wonDeals: won, lostDeals: lost },
        qualifiedTier: ruleSet.tiers[qualifiedTierIndex(ruleSet, figures)]!.name,
        nextTier: next ? { name: next.name, missing: tierRequirementGaps(next.requirements, figures) } : null,
      },
    };
  }

  /**
   * What a close would evaluate each partner on, as the engine holds it: earned tiers and the shortfall count from
   * the evaluations so far, and the quarter figures (previewTierEvaluations).
   */
  tierStandings(partnerIds: readonly string[]): TierStanding[] {
    return partnerIds.map((partnerId) => {
      const history = this.evaluationsOf(partnerId);
      const stats = new Map(
        this.statements.quarters
          .all(partnerId)
          .map((row) => [
            row.quarter,
            { revenue: new Decimal(row.revenue), won: Number(row.won), lost: Number(row.lost) },
          ]),
      );
      return {
        partnerId,
        earnedTiers: earnedTiersOf(history),
        shortfallCount: history.at(-1)?.shortfallCount ?? 0,
        stats,
      };
    });
  }

  /** How many commission lines are dated from `from` (null: from the beginning) through `through`. */
  linesDated(from: string | null, through: string): number {
    return Number(this.statements.linesDated.get(from, from, through)!.lines);
  }

  /**
   * A function answering the name of the tier each partner is paid at on `asOf` (override included),
   * as `tier()` does, without the rest of the view: what a list filters partners by. Null before any
   * rule set is in force.
   */
  tierNamesOn(asOf: string): (partnerId: string) => string | null {
    const ruleSet = this.ruleSetOn(asOf);
    return (partnerId) => {
      if (!ruleSet) return null;
      const earnedTiers = earnedTiersOf(this.evaluationsOf(partnerId));
      return tierOn(tierFacts(earnedTiers, this.overridesOf(partnerId)), ruleSet, asOf).name;
    };
  }

  /** A partner's tier evaluations, oldest first, as the engine wrote them. */
  private evaluationsOf(partnerId: string): TierEvaluation[] {
    return this.statements.evaluations.all(partnerId).map((row) => JSON.parse(row.evaluation) as TierEvaluation);
  }

  private overridesOf(partnerId: string): TierOverrideView[] {
    return this.statements.overrides.all(partnerId).map((row): TierOverrideView => ({
      eventId: row.event_id,
      tier: row.tier,
      from: row.from_date,
      until: row.until,
      reason: row.reason,
      position: row.position.toString(),
    }));
  }

  /** A page of a partner's MDF accruals in the order they accrued, with the totals of every one the filter keeps. */
  mdfAccruals(partnerId: string, page: PeriodPage): PartnerMdfAccruals {
    const period = page.period ?? null;
    const { items: accruals, nextKey } = datedPage<MdfAccrual>(this.statements.accruals, partnerId, page);
    const totals = this.statements.accrualTotals.all(partnerId, period, period).map((row) => ({
      currency: row.currency,
      accrued: formatMinor(row.accrued, row.currency),
      accruals: Number(row.accruals),
    }));
    const total = totals.reduce((sum, row) => sum + row.accruals, 0);
    return { partnerId, period, total, totals, accruals, nextKey };
  }

  /** The rule set in force on a date among every published one (what the engine knows for new events). */
  ruleSetOn(date: string): RuleSet | undefined {
    const ruleSets = this.statements.ruleSets.all().map((row) => {
      let ruleSet = this.compiled.get(row.version);
      if (!ruleSet) {
        ruleSet = compileRuleSet(JSON.parse(row.rules));
        this.compiled.set(row.version, ruleSet);
      }
      return ruleSet;
    });
    return ruleSetInForce(ruleSets, date);
  }
}

/** A page of a partner's rows in business-date order, of one quarter or of all, from a statement of `DatedRow`s. */
function datedPage<T>(read: Database.Statement<unknown[], DatedRow>, partnerId: string, page: PeriodPage): Page<T> {
  const period = page.period ?? null;
  const key = page.after ?? [null, null, null];
  const rows = read.all(partnerId, period, period, key[0], ...key, page.limit + 1);
  // A cursor is JSON, which has no bigint; log positions stay far below 2^53.
  const keyOf = (row: DatedRow) => [row.business_date, Number(row.source_position), row.id];
  return pageOf(rows, page.limit, keyOf, (row) => JSON.parse(row.body) as T);
}

/** The tier changes earned at closes, oldest first, from the evaluations (as the engine keeps them). */
function earnedTiersOf(history: readonly TierEvaluation[]): TierStanding['earnedTiers'] {
  return history
    .filter((evaluation) => evaluation.tier !== evaluation.previousTier)
    .map((evaluation) => ({
      tier: evaluation.tier,
      effectiveFrom: evaluation.effectiveFrom,
      period: evaluation.period,
    }));
}

/** `tierOn` reads only a partner's earned tiers and overrides; the rest of the engine's record stays in the engine. */
function tierFacts(earnedTiers: PartnerRecord['earnedTiers'], overrides: readonly TierOverrideView[]): PartnerRecord {
  const facts: Pick<PartnerRecord, 'earnedTiers' | 'overrides'> = {
    earnedTiers,
    overrides: overrides.map((override) => ({
      tier: override.tier,
      from: override.from,
      until: override.until,
      reason: override.reason,
      eventId: override.eventId,
    })),
  };
  return facts as PartnerRecord;
}

function emptyBalanceRow(currency: string): BalanceRow {
  return { currency, earned: 0n, vested: 0n, clawed_back: 0n, forfeited: 0n, forfeited_vested: 0n };
}

const noPayouts: StatementBalanceFigures = {
  issued: 0n,
  paid: 0n,
  adjustments: 0n,
  disputed: 0n,
  carriedForward: 0n,
  mdfClaimsApproved: 0n,
};

function balanceOf(row: BalanceRow, payouts: StatementBalanceFigures): CommissionBalance {
  const { currency } = row;
  const { issued, paid, adjustments, disputed, carriedForward, mdfClaimsApproved } = payouts;
  const payable = row.vested + row.forfeited_vested + row.clawed_back + adjustments - issued;
  return {
    currency,
    earned: formatMinor(row.earned, currency),
    accrued: formatMinor(row.earned - row.vested + row.forfeited - row.forfeited_vested, currency),
    vested: formatMinor(row.vested, currency),
    forfeited: formatMinor(row.forfeited, currency),
    clawedBack: formatMinor(row.clawed_back, currency),
    adjustments: formatMinor(adjustments, currency),
    payable: formatMinor(payable, currency),
    issued: formatMinor(issued, currency),
    paid: formatMinor(paid, currency),
    disputed: formatMinor(disputed, currency),
    carriedForward: formatMinor(carriedForward, currency),
    mdfClaimsApproved: formatMinor(mdfClaimsApproved, currency),
    payableNext: formatMinor(payable + carriedForward + mdfClaimsApproved, currency),
  };
}

/** A stored line (figures only) with its explanation, rendered now from those figures. */
function explained(stored: string): CommissionLine {
  const line = JSON.parse(stored) as ComputedCommissionLine;
  return { ...line, explanation: explainLine(line) };
}
