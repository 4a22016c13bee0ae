import Decimal from 'decimal.js';

/** Sums decimal strings per currency exactly (never through a JS number), in first-seen currency order. */
export function totalsByCurrency<T>(
  items: readonly T[],
  currencyOf: (item: T) => string,
  amountOf: (item: T) => string,
): Array<{ currency: string; amount: string }> {
  const totals = new Map<string, Decimal>();
  for (const item of items) {
    const currency = currencyOf(item);
    totals.set(currency, (totals.get(currency) ?? new Decimal(0)).plus(amountOf(item)));
  }
  return [...totals].map(([currency, amount]) => ({ currency, amount: amount.toFixed(2) }));
}

/** Compares decimal strings exactly, for sorting. */
export function compareDecimal(left: string, right: string): number {
  return new Decimal(left).comparedTo(right);
}

/** A signed amount for a delta column: "+12.50", "-3.00", "0.00". */
export function signed(amount: string): string {
  return new Decimal(amount).greaterThan(0) ? `+${amount}` : amount;
}

/**
 * Sums decimal strings exactly at the widest scale of `scaleOf` (by default the amounts themselves; the currency's,
 * as the API writes them): Decimal itself drops trailing zeros, and an empty sum has no scale of its own.
 */
export function sumAtScale(amounts: readonly string[], scaleOf: readonly string[] = amounts): string {
  const scale = Math.max(0, ...scaleOf.map((amount) => amount.split('.')[1]?.length ?? 0));
  return amounts.reduce((total, amount) => total.plus(amount), new Decimal(0)).toFixed(scale);
}
