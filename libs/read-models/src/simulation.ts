import {
  commissionEngine,
  compileRuleSet,
  Decimal,
  formatMoney,
  periodEnd,
  programStream,
  type ComputedCommissionLine,
  type MdfAccrual,
} from '#domain';
import type { EventStore } from '#event-store';

export interface SimulationRow {
  readonly partnerId: string;
  readonly period: string;
  readonly currency: string;
  readonly commissionBefore: string;
  readonly commissionAfter: string;
  readonly commissionDelta: string;
  /** The tier in force on the period's last day, under the published rules and with the candidate. */
  readonly tierBefore: string | null;
  readonly tierAfter: string | null;
  readonly mdfAccrualBefore: string;
  readonly mdfAccrualAfter: string;
  readonly mdfAccrualDelta: string;
}

export interface SimulationReport {
  readonly candidate: { readonly version: string; readonly effectiveFrom: string };
  readonly eventsReplayed: number;
  readonly headPosition: string;
  readonly rows: readonly SimulationRow[];
  readonly totals: {
    readonly currency: string;
    readonly commissionBefore: string;
    readonly commissionAfter: string;
    readonly commissionDelta: string;
    readonly mdfAccrualDelta: string;
  };
}

type Totals = Map<string, { amount: Decimal; currency: string }>;

/**
 * One side of the simulation: the engine's state and running per-partner, per-period totals. Only the
 * totals are kept, never the lines, so memory grows with partners and periods, not with the history.
 */
interface Side {
  state: ReturnType<typeof commissionEngine.initialState>;
  readonly commission: Totals;
  readonly accrual: Totals;
}

const key = (partnerId: string, period: string) => `${partnerId}\u0000${period}`;
const zero = new Decimal(0);

function sideOf(ruleSets: Parameters<typeof commissionEngine.initialState>[0]['ruleSets']): Side {
  return { state: commissionEngine.initialState({ ruleSets }), commission: new Map(), accrual: new Map() };
}

/**
 * Adds a line to its partner and period's total. A revision replaces the figures of the same line id,
 * so its previous amount (which the revision carries) comes off again: the total is the sum of every
 * line at its latest revision. The currency is that of the newest line id, as the sum is printed in it.
 */
function addLine(totals: Totals, line: ComputedCommissionLine): void {
  const rowKey = key(line.partnerId, line.period);
  const entry = totals.get(rowKey);
  const previousAmount = line.revisedBy?.previousAmount ?? null;
  let amount = (entry?.amount ?? zero).plus(line.amount);
  if (previousAmount !== null) amount = amount.minus(previousAmount);
  const currency = previousAmount === null || !entry ? line.currency : entry.currency;
  totals.set(rowKey, { amount, currency });
}

/** Accruals are never revised: each id comes out once. */
function addAccrual(totals: Totals, accrual: MdfAccrual): void {
  const rowKey = key(accrual.partnerId, accrual.period);
  const entry = totals.get(rowKey);
  totals.set(rowKey, { amount: (entry?.amount ?? zero).plus(accrual.amount), currency: accrual.currency });
}

/**
 * Replays the whole log in isolation, twice in one pass: under the published rule sets (as a rebuild
 * sees them) and with the candidate added as if published now. Nothing is written anywhere. Rows are
 * sorted by partner and period and every figure is a string, so the same log and candidate always
 * give byte-identical output.
 */
export async function simulateRuleSet(options: {
  store: EventStore;
  candidate: unknown;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<SimulationReport> {
  const candidate = compileRuleSet(options.candidate);
  const head = await options.store.headPosition();
  // The rebuild's view of the rules: every publication known from the start, in publication order.
  const program = await options.store.readStream(programStream);
  const published = program.events
    .filter((event) => event.type === 'RuleSetPublished')
    .map((event) => ({ rules: (event.data as { rules: unknown }).rules, position: event.position }));
  const withCandidate = [...published, { rules: options.candidate, position: null }];
  const sides: Sides = { before: sideOf(published), after: sideOf(withCandidate) };
  const replayed = await replay(options, sides, head);
  const { rows, totals } = compare(sides, candidate.currency);
  return {
    candidate: { version: candidate.version, effectiveFrom: candidate.effectiveFrom },
    eventsReplayed: replayed,
    headPosition: head.toString(),
    rows,
    totals,
  };
}

type Sides = Record<'before' | 'after', Side>;

/** Replays the log up to `head` through both sides, batch by batch; answers how many events it replayed. */
async function replay(
  options: { store: EventStore; batchSize?: number; onProgress?: (done: number, total: number) => void },
  sides: Sides,
  head: bigint,
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  let replayed = 0;
  for (let after = 0n; after < head;) {
    const batch = await options.store.readAll({ after, limit: batchSize });
    if (batch.length === 0) break;
    for (const side of Object.values(sides)) {
      for (const event of batch) {
        if (event.position > head) break;
        const { state, output } = commissionEngine.apply(side.state, event);
        side.state = state;
        for (const line of output.lines) addLine(side.commission, line);
        for (const accrual of output.mdfAccruals) addAccrual(side.accrual, accrual);
      }
    }
    replayed += batch.filter((event) => event.position <= head).length;
    after = batch.at(-1)!.position;
    options.onProgress?.(replayed, Number(head));
  }
  return replayed;
}

/** One row per partner and period either side has figures for, sorted, and the totals in the candidate's currency. */
function compare(sides: Sides, currencyDefault: string): Pick<SimulationReport, 'rows' | 'totals'> {
  const commission = { before: sides.before.commission, after: sides.after.commission };
  const accrual = { before: sides.before.accrual, after: sides.after.accrual };
  const keys = [
    ...new Set([
      ...commission.before.keys(),
      ...commission.after.keys(),
      ...accrual.before.keys(),
      ...accrual.after.keys(),
    ]),
  ].sort();
  let totalBefore = zero;
  let totalAfter = zero;
  let totalAccrualDelta = zero;
  const rows = keys.map((rowKey): SimulationRow => {
    const [partnerId, period] = rowKey.split('\u0000') as [string, string];
    const currency =
      commission.after.get(rowKey)?.currency ??
      commission.before.get(rowKey)?.currency ??
      accrual.after.get(rowKey)?.currency ??
      currencyDefault;
    const before = commission.before.get(rowKey)?.amount ?? zero;
    const afterAmount = commission.after.get(rowKey)?.amount ?? zero;
    const accrualBefore = accrual.before.get(rowKey)?.amount ?? zero;
    const accrualAfter = accrual.after.get(rowKey)?.amount ?? zero;
    totalBefore = totalBefore.plus(before);
    totalAfter = totalAfter.plus(afterAmount);
    totalAccrualDelta = totalAccrualDelta.plus(accrualAfter.minus(accrualBefore));
    const lastDay = periodEnd(period);
    return {
      partnerId,
      period,
      currency,
      commissionBefore: formatMoney(before, currency),
      commissionAfter: formatMoney(afterAmount, currency),
      commissionDelta: formatMoney(afterAmount.minus(before), currency),
      tierBefore: commissionEngine.tierOf(sides.before.state, partnerId, lastDay)?.name ?? null,
      tierAfter: commissionEngine.tierOf(sides.after.state, partnerId, lastDay)?.name ?? null,
      mdfAccrualBefore: formatMoney(accrualBefore, currency),
      mdfAccrualAfter: formatMoney(accrualAfter, currency),
      mdfAccrualDelta: formatMoney(accrualAfter.minus(accrualBefore), currency),
    };
  });
  const totals = {
    currency: currencyDefault,
    commissionBefore: formatMoney(totalBefore, currencyDefault),
    commissionAfter: formatMoney(totalAfter, currencyDefault),
    commissionDelta: formatMoney(totalAfter.minus(totalBefore), currencyDefault),
    mdfAccrualDelta: formatMoney(totalAccrualDelta, currencyDefault),
  };
  return { rows, totals };
}

export const simulationCsvColumns = [
  'partnerId',
  'period',
  'currency',
  'commissionBefore',
  'commissionAfter',
  'commissionDelta',
  'tierBefore',
  'tierAfter',
  'mdfAccrualBefore',
  'mdfAccrualAfter',
  'mdfAccrualDelta',
] as const;
