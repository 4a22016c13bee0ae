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

interface Side {
  state: ReturnType<typeof commissionEngine.initialState>;
  readonly lines: Map<string, ComputedCommissionLine>;
  readonly accruals: Map<string, MdfAccrual>;
}

const key = (partnerId: string, period: string) => `${partnerId}\u0000${period}`;

function totalsBy<T extends { partnerId: string; period: string; amount: string; currency: string }>(
  items: Iterable<T>,
): Map<string, { amount: Decimal; currency: string }> {
  const totals = new Map<string, { amount: Decimal; currency: string }>();
  for (const item of items) {
    const entry = totals.get(key(item.partnerId, item.period));
    totals.set(key(item.partnerId, item.period), {
      amount: (entry?.amount ?? new Decimal(0)).plus(item.amount),
      currency: item.currency,
    });
  }
  return totals;
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
  const sides: Sides = {
    before: { state: commissionEngine.initialState({ ruleSets: published }), lines: new Map(), accruals: new Map() },
    after: { state: commissionEngine.initialState({ ruleSets: withCandidate }), lines: new Map(), accruals: new Map() },
  };
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
        for (const line of output.lines) side.lines.set(line.lineId, line);
        for (const accrual of output.mdfAccruals) side.accruals.set(accrual.accrualId, accrual);
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
  const commission = { before: totalsBy(sides.before.lines.values()), after: totalsBy(sides.after.lines.values()) };
  const accrual = { before: totalsBy(sides.before.accruals.values()), after: totalsBy(sides.after.accruals.values()) };
  const keys = [
    ...new Set([
      ...commission.before.keys(),
      ...commission.after.keys(),
      ...accrual.before.keys(),
      ...accrual.after.keys(),
    ]),
  ].sort();
  const zero = new Decimal(0);
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
