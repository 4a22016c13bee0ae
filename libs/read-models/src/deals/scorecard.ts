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
  /** Recurring deals renewed in the period / (renewed + churned in the period); null when neither happened. */
  readonly renewalRate: string | null;
  /**
   * Recurring deals active at the start of the period: their attributed contract value at the end of
   * the period / at its start (renewals replace the value, expansions and refunds adjust it, churn
   * zeroes it); null when no recurring revenue was active at the start.
   */
  readonly netRevenueRetention: string | null;
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
    medianDaysToClose: median(won.map((deal) => daysBetween(deal.openedAt, deal.wonAt!))),
    renewalRate:
      renewed.size + churned.size > 0
        ? ratio(new Decimal(renewed.size), new Decimal(renewed.size + churned.size))
        : null,
    netRevenueRetention: base.gt(0) ? ratio(retained, base) : null,
  };
}
