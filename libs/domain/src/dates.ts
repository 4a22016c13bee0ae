/**
 * Business dates are calendar dates `YYYY-MM-DD` (UTC) and periods are calendar quarters `2026-Q1`.
 * Arithmetic goes through Date.UTC on explicit fields only: nothing here reads the clock.
 */
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const periodPattern = /^(\d{4})-Q([1-4])$/;
const dayMs = 86_400_000;

export function isBusinessDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is this month's last day: numbers, not a formatted string, on every command.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toBusinessDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function toTime(date: string): number {
  const match = datePattern.exec(date);
  if (!match) throw new Error(`Invariant violated: ${date} is not a business date`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The UTC calendar date of an ISO-8601 timestamp. */
export function dateOf(timestamp: string): string {
  return toBusinessDate(Date.parse(timestamp));
}

export function addDays(date: string, days: number): string {
  return toBusinessDate(toTime(date) + days * dayMs);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / dayMs);
}

export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && periodPattern.test(value);
}

export function periodOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function periodParts(period: string): { year: number; quarter: number } {
  const match = periodPattern.exec(period);
  if (!match) throw new Error(`Invariant violated: ${period} is not a period`);
  return { year: Number(match[1]), quarter: Number(match[2]) };
}

export function periodStart(period: string): string {
  const { year, quarter } = periodParts(period);
  return toBusinessDate(Date.UTC(year, (quarter - 1) * 3, 1));
}

export function periodEnd(period: string): string {
  const { year, quarter } = periodParts(period);
  return toBusinessDate(Date.UTC(year, quarter * 3, 0));
}

export function nextPeriod(period: string): string {
  const { year, quarter } = periodParts(period);
  return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
}

export function previousPeriod(period: string): string {
  const { year, quarter } = periodParts(period);
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}
