import { Decimal, formatMoney, minorUnits } from '#domain';

/**
 * Amounts are stored twice: the decimal string as the engine formatted it, and the same amount in
 * minor units as an SQLite integer, so SUM adds exactly (integers, never floating point) and the
 * total comes back as a bigint. Neither form ever passes through a JS number.
 */
export function minorOf(amount: string, currency: string): bigint {
  const scale = minorUnits(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match || (match[3] ?? '').length !== (scale === 0 ? 0 : scale)) {
    throw new Error(`Invariant violated: ${amount} is not an amount at the ${currency} minor unit`);
  }
  const digits = BigInt(`${match[2]}${match[3] ?? ''}`);
  return match[1] === '-' ? -digits : digits;
}

/** The decimal string of a minor-unit total, at the currency's scale. */
export function formatMinor(minor: bigint, currency: string): string {
  const scale = minorUnits(currency);
  return formatMoney(new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(scale)), currency);
}
