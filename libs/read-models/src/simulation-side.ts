import {
  commissionEngine,
  Decimal,
  periodEnd,
  type CommissionState,
  type ComputedCommissionLine,
  type MdfAccrual,
} from '#domain';
import type { EventStore } from '#event-store';

/** Per partner and period (`rowKey`): a running total and the currency it is printed in. */
export type Totals = Map<string, { amount: Decimal; currency: string }>;

export type RuleSetsKnown = NonNullable<Parameters<typeof commissionEngine.initialState>[0]>['ruleSets'];

export const rowKey = (partnerId: string, period: string) => `${partnerId}\u0000${period}`;
const zero = new Decimal(0);

/**
 * One side of a simulation: the engine folded over the log with some rule sets known from the start,
 * keeping only per-partner, per-period totals, never the lines, so its memory grows with partners and
 * periods, not with the history.
 */
export class SimulationSide {
  private state: CommissionState;
  readonly commission: Totals = new Map();
  readonly accrual: Totals = new Map();

  constructor(ruleSets: RuleSetsKnown) {
    this.state = commissionEngine.initialState({ ruleSets });
  }

  apply(event: Parameters<typeof commissionEngine.apply>[1]): void {
    const { state, output } = commissionEngine.apply(this.state, event);
    this.state = state;
    for (const line of output.lines) addLine(this.commission, line);
    for (const accrual of output.mdfAccruals) addAccrual(this.accrual, accrual);
  }

  /** The tier in force on the last day of each row's period, at the end of the fold. */
  tiers(keys: readonly string[]): (string | null)[] {
    return keys.map((key) => {
      const [partnerId, period] = key.split('\u0000') as [string, string];
      return commissionEngine.tierOf(this.state, partnerId, periodEnd(period))?.name ?? null;
    });
  }
}

/**
 * Adds a line to its partner and period's total. A revision replaces the figures of the same line id,
 * so its previous amount (which the revision carries) comes off again: the total is the sum of every
 * line at its latest revision. The currency is that of the newest line id, as the sum is printed in it.
 */
function addLine(totals: Totals, line: ComputedCommissionLine): void {
  const key = rowKey(line.partnerId, line.period);
  const entry = totals.get(key);
  const previousAmount = line.revisedBy?.previousAmount ?? null;
  let amount = (entry?.amount ?? zero).plus(line.amount);
  if (previousAmount !== null) amount = amount.minus(previousAmount);
  const currency = previousAmount === null || !entry ? line.currency : entry.currency;
  totals.set(key, { amount, currency });
}

/** Accruals are never revised: each id comes out once. */
function addAccrual(totals: Totals, accrual: MdfAccrual): void {
  const key = rowKey(accrual.partnerId, accrual.period);
  const entry = totals.get(key);
  totals.set(key, { amount: (entry?.amount ?? zero).plus(accrual.amount), currency: accrual.currency });
}

/** Reads the log up to `head` batch by batch into the sides; answers how many events it replayed. */
export async function foldLog(
  store: Pick<EventStore, 'readAll'>,
  sides: readonly SimulationSide[],
  options: { head: bigint; batchSize: number; onProgress?: (done: number) => void },
): Promise<number> {
  let replayed = 0;
  for (let after = 0n; after < options.head;) {
    const batch = await store.readAll({ after, limit: options.batchSize });
    const events = batch.filter((event) => event.position <= options.head);
    if (events.length === 0) break;
    for (const side of sides) for (const event of events) side.apply(event);
    replayed += events.length;
    after = batch.at(-1)!.position;
    options.onProgress?.(replayed);
  }
  return replayed;
}

/** Totals as they cross to another thread: amounts as exact decimal strings. */
export type SentTotals = [key: string, amount: string, currency: string][];

export function sendableTotals(totals: Totals): SentTotals {
  return [...totals].map(([key, { amount, currency }]) => [key, amount.toFixed(), currency]);
}

export function receivedTotals(sent: SentTotals): Totals {
  return new Map(sent.map(([key, amount, currency]) => [key, { amount: new Decimal(amount), currency }]));
}
