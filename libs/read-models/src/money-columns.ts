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
  return requireInt64(match[1] === '-' ? -digits : digits, `${amount} ${currency}`);
}

/** The range of an SQLite INTEGER; beyond it SQLite would store a REAL and lose cents. */
export const int64Min = -(2n ** 63n);
export const int64Max = 2n ** 63n - 1n;

/**
 * Asserts a minor-unit figure fits an SQLite INTEGER. The commands' money bounds keep every amount far
 * inside it (docs/decisions.md, "Money bounds"), so a failure is a bug or a bound bypassed: the
 * projection fails loudly with the figure instead of storing a float or throwing a driver error.
 */
export function requireInt64(minor: bigint, what: string): bigint {
  if (minor < int64Min || minor > int64Max) {
    const range = 'outside the 64-bit integer range a money column holds exactly';
    throw new Error(`Invariant violated: ${what} is ${minor} minor units, ${range}`);
  }
  return minor;
}

/**
 * Asserts the money columns an UPDATE ... RETURNING gave back are still integers. SQLite turns an
 * integer sum that overflows 64 bits into a REAL without an error; the read database runs with safe
 * integers, so an INTEGER comes back as a bigint and anything else means the column was corrupted.
 * Throwing rolls the projection's transaction back, so the float is never kept.
 */
export function requireIntegerColumns(row: Readonly<Record<string, unknown>> | undefined, what: string): void {
  if (row === undefined) return;
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== 'bigint') {
      const found = `${String(value)} (${typeof value})`;
      throw new Error(`Invariant violated: ${what}: ${column} became ${found}, not a 64-bit integer; a sum overflowed`);
    }
  }
}

/** The decimal string of a minor-unit total, at the currency's scale. */
export function formatMinor(minor: bigint, currency: string): string {
  const scale = minorUnits(currency);
  return formatMoney(new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(scale)), currency);
}
