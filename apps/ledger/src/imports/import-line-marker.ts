import { randomUUID } from 'node:crypto';

const markerHeader = 'x-ledger-import-line';
/** Fresh per process and never sent to anyone: a client cannot mark its own requests as import lines. */
const markerValue = randomUUID();

/** The header an import puts on each line it dispatches in process. */
export const importLineHeaders: Readonly<Record<string, string>> = { [markerHeader]: markerValue };

/**
 * Whether a request is a line an import dispatched: the import itself was rate limited and logged, so
 * its lines are neither (a 100,000-line import would otherwise be throttled and log 100,000 lines).
 */
export function isImportLine(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers[markerHeader] === markerValue;
}
