import {
  addDays,
  daysBetween,
  Decimal,
  formatMoney,
  periodEnd,
  periodStart,
  roundMoney,
  sumDecimals,
  type Decimal as DecimalValue,
} from '#domain';
import type { DealFacts, RevenueRow } from './deals.projection.js';

export interface Scorecard {
  readonly partnerId: string;
  readonly period: string;
  readonly currency: string;
  /** New, renewal and expansion revenue dated in the period, attributed to the partner by share. */
  readonly revenueAttributed: string;
  /** Refunds dated in the period, attributed by share (a positive figure). */
  readonly revenueRefunded: string;
  readonly revenueNet: string;
  /** Deals open at the end of the period, valued at their registration's estimate × the partner's share. */
  readonly openPipeline: string;
  readonly openDeals: number;
  readonly wonDeals: number;
  readonly lostDeals: number;
  /** won / (won + lost) for deals closed in the period, to four places; null when none closed. */
  readonly winRate: string | null;
  /** New-business revenue attributed in the period / deals won in the period; null when none won. */
  readonly averageDealSize: string | null;
  /** Median of opened → won days for deals won in the period; null when none won. */
  readonly medianDaysToClose: number | null;
  /** Mean of opened → won days for deals won in the period, to two places; null when none won. */
  readonly averageDaysToClose: string | null;
  /**
   * Deals whose renewal was decided in the period (renewed or churned in it, each counted once) that are still
   * active at its end / those deals: a deal renewed and churned in the same quarter counts once, as churned. Null
   * when no renewal was decided (docs/decisions.md, "Scorecard figures").
   */
  readonly renewalRate: string | null;
  /**
   * Recurring deals active at the start of the period: their attributed contract value at the end of
   * the period / at its start (renewals replace the value, expansions and refunds adjust it, churn
   * zeroes it); null when no recurring revenue was active at the start.
   */
  readonly netRevenueRetention: string | null;
  /**
   * Open deals × win rate × average deal size ÷ average days to close (a same-day close counts as one day): the
   * new-business revenue the open pipeline brings per day at the period's pace. Null without a win rate or a won
   * deal.
   */
  readonly pipelineVelocity: string | null;
  /** Revenue attributed to the partner over its customers' whole history up to the end of the period. */
  readonly lifetimeValue: LifetimeValue;
}

export interface LifetimeValue {
  /** Every new, renewal and expansion row dated on or before the period end, net of refunds. */
  readonly revenue: string;
  /** The part of `revenue` from deals churned on or before the period end. */
  readonly churnedRevenue: string;
  /** churnedRevenue / revenue, to four places; null when revenue is zero. */
  readonly churnedShare: string | null;
}

const ratio = (numerator: DecimalValue, denominator: DecimalValue) =>
  numerator.dividedBy(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The contract value of each recurring deal, as attributed to the partner, after every fact dated on or before
 * `date`.
 */
function recurringValues(
  deals: readonly DealFacts[],
  revenue: readonly RevenueRow[],
  date: string,
): Map<string, DecimalValue> {
  const recurring = new Set(deals.filter((deal) => deal.billing === 'recurring').map((deal) => deal.dealId));
  const values = new Map<string, DecimalValue>();
  for (const row of revenue) {
    if (!recurring.has(row.dealId) || row.businessDate > date) continue;
    const current = values.get(row.dealId) ?? new Decimal(0);
    values.set(
      row.dealId,
      row.kind === 'new' || row.kind === 'renewal' ? new Decimal(row.amount) : current.plus(row.amount),
    );
  }
  for (const deal of deals)
    if (deal.churnedAt && deal.churnedAt <= date && values.has(deal.dealId)) values.set(deal.dealId, new Decimal(0));
  return values;
}

/** The mean of whole days, to two places (half to even). */
function averageText(days: readonly number[]): string {
  const total = new Decimal(days.reduce((sum, value) => sum + value, 0));
  return total.dividedBy(days.length).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** The renewal rate: deals renewed or churned in the period, counted once, and of those the ones not churned. */
function renewalRateOf(renewed: ReadonlySet<string>, churned: ReadonlySet<string>): string | null {
  const decided = new Set([...renewed, ...churned]);
  if (decided.size === 0) return null;
  const retained = [...renewed].filter((dealId) => !churned.has(dealId)).length;
  return ratio(new Decimal(retained), new Decimal(decided.size));
}

/** Open deals × won / (won + lost) × new revenue / won ÷ max(average days to close, 1), exact until one rounding. */
function pipelineVelocityOf(
  openDeals: number,
  outcomes: { won: number; lost: number; revenueNew: DecimalValue; daysToClose: readonly number[] },
  currency: string,
): string | null {
  const { won, lost, revenueNew, daysToClose } = outcomes;
  if (won === 0) return null;
  const winRate = new Decimal(won).dividedBy(won + lost);
  const averageDealSize = revenueNew.dividedBy(won);
  const averageDays = Decimal.max(new Decimal(daysToClose.reduce((sum, days) => sum + days, 0)).dividedBy(won), 1);
  const velocity = new Decimal(openDeals).times(winRate).times(averageDealSize).dividedBy(averageDays);
  return formatMoney(roundMoney(velocity, currency, 'HALF_EVEN'), currency);
}

function lifetimeValueOf(
  deals: readonly DealFacts[],
  revenue: readonly RevenueRow[],
  end: string,
  currency: string,
): LifetimeValue {
  const churned = new Set(deals.filter((deal) => deal.churnedAt && deal.churnedAt <= end).map((deal) => deal.dealId));
  const rows = revenue.filter((row) => row.businessDate <= end);
  const total = sumDecimals(rows.map((row) => new Decimal(row.amount)));
  const lost = sumDecimals(rows.filter((row) => churned.has(row.dealId)).map((row) => new Decimal(row.amount)));
  return {
    revenue: formatMoney(total, currency),
    churnedRevenue: formatMoney(lost, currency),
    churnedShare: total.isZero() ? null : ratio(lost, total),
  };
}

/** A partner's quarter, computed from the deals it is on and its attributed revenue rows. Pure. */
export function computeScorecard(input: {
  partnerId: string;
  period: string;
  currency: string;
  deals: readonly DealFacts[];
  revenue: readonly RevenueRow[];
}): Scorecard {
  const { partnerId, period, currency, deals, revenue } = input;
  const start = periodStart(period);
  const end = periodEnd(period);
  const inPeriod = (date: string | null): date is string => date !== null && date >= start && date <= end;
  const money = (value: DecimalValue) => formatMoney(value, currency);

  const rows = revenue.filter((row) => inPeriod(row.businessDate));
  const revenueAttributed = sumDecimals(
    rows.filter((row) => row.kind !== 'refund').map((row) => new Decimal(row.amount)),
  );
  const revenueRefunded = sumDecimals(
    rows.filter((row) => row.kind === 'refund').map((row) => new Decimal(row.amount).negated()),
  );
  const revenueNew = sumDecimals(rows.filter((row) => row.kind === 'new').map((row) => new Decimal(row.amount)));

  const won = deals.filter((deal) => inPeriod(deal.wonAt));
  const lost = deals.filter((deal) => inPeriod(deal.lostAt));
  const open = deals.filter(
    (deal) => deal.openedAt <= end && !(deal.wonAt && deal.wonAt <= end) && !(deal.lostAt && deal.lostAt <= end),
  );
  const openPipeline = sumDecimals(
    open
      .filter((deal) => deal.estimatedValue !== null && deal.estimatedCurrency === currency)
      .map((deal) => roundMoney(new Decimal(deal.estimatedValue!).times(deal.share), currency, 'HALF_EVEN')),
  );

  const daysToClose = won.map((deal) => daysBetween(deal.openedAt, deal.wonAt!));
  const renewed = new Set(rows.filter((row) => row.kind === 'renewal').map((row) => row.dealId));
  const churned = new Set(deals.filter((deal) => inPeriod(deal.churnedAt)).map((deal) => deal.dealId));
  const startValues = recurringValues(deals, revenue, addDays(start, -1));
  const cohort = [...startValues].filter(([, value]) => value.gt(0)).map(([dealId]) => dealId);
  const endValues = recurringValues(deals, revenue, end);
  const base = sumDecimals(cohort.map((dealId) => startValues.get(dealId)!));
  const retained = sumDecimals(cohort.map((dealId) => endValues.get(dealId) ?? new Decimal(0)));

  return {
    partnerId,
    period,
    currency,
    revenueAttributed: money(revenueAttributed),
    revenueRefunded: money(revenueRefunded),
    revenueNet: money(revenueAttributed.minus(revenueRefunded)),
    openPipeline: money(openPipeline),
    openDeals: open.length,
    wonDeals: won.length,
    lostDeals: lost.length,
    winRate:
      won.length + lost.length > 0 ? ratio(new Decimal(won.length), new Decimal(won.length + lost.length)) : null,
    averageDealSize: won.length > 0 ? money(roundMoney(revenueNew.dividedBy(won.length), currency, 'HALF_EVEN')) : null,
    medianDaysToClose: median(daysToClose),
    averageDaysToClose: won.length > 0 ? averageText(daysToClose) : null,
    renewalRate: renewalRateOf(renewed, churned),
    netRevenueRetention: base.gt(0) ? ratio(retained, base) : null,
    pipelineVelocity: pipelineVelocityOf(
      open.length,
      { won: won.length, lost: lost.length, revenueNew, daysToClose },
      currency,
    ),
    lifetimeValue: lifetimeValueOf(deals, revenue, end, currency),
  };
}
