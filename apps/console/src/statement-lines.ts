import { sumAtScale } from './money';

const uuidHead = /^([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * A statement line's id, short enough for a table cell: a commission line's id is its source event's UUID and
 * the partner id, so the UUID's first 8 digits stand for it (the full id stays in the link's title).
 */
export function shortLineLabel(lineId: string): string {
  const head = uuidHead.exec(lineId);
  if (head) return `${head[1]}…`;
  return lineId.length > 24 ? `${lineId.slice(0, 23)}…` : lineId;
}

/** The lines' amounts summed exactly, at the scale the API writes them (the currency's). */
export function sumOfLines(lines: ReadonlyArray<{ readonly amount: string }>): string {
  return sumAtScale(lines.map((line) => line.amount));
}
