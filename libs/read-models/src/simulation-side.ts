import {
  commissionEngine,
  Decimal,
  periodEnd,
  type CommissionState,
  type ComputedCommissionLine,
  type MdfAccrual,
} from '#domain';
import type { EventStore, StoredEvent } from '#event-store';

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
  private state: CommissionState | undefined;
  /**
   * The first pass, as a rebuild's: the tier changes of every close, known ahead by the second. Let go of when the
   * second starts: its own fold of the partners and deals (54 MB of heap at 1M events) is of no more use.
   */
  private lookahead: commissionEngine.TierLookahead | undefined;
  readonly commission: Totals = new Map();
  readonly accrual: Totals = new Map();

  constructor(private readonly ruleSets: RuleSetsKnown) {
    this.lookahead = new commissionEngine.TierLookahead({ ruleSets });
  }

  /** The first pass over the log. */
  look(event: Parameters<typeof commissionEngine.apply>[1]): void {
    this.lookahead!.apply(event);
  }

  /** The second pass: every line once, with the tier of closes later in the log. */
  apply(event: Parameters<typeof commissionEngine.apply>[1]): void {
    if (!this.state) {
      this.state = commissionEngine.initialState({ ruleSets: this.ruleSets, tiersAhead: this.lookahead!.outcomes });
      this.lookahead = undefined;
    }
    const { state, output } = commissionEngine.apply(this.state, event);
    this.state = state;
    for (const line of output.lines) addLine(this.commission, line);
    for (const accrual of output.mdfAccruals) addAccrual(this.accrual, accrual);
  }

  /**
   * What the tiers of rows read of the state at the end of the fold (none without an event). The side lets go of
   * the rest of its state: the fold is over, and nothing else is asked of it.
   */
  finish(): CommissionState | undefined {
    const view = this.state && commissionEngine.tierView(this.state);
    this.state = undefined;
    return view;
  }
}

/** The tier in force on the last day of each row's period, in a side's tier view. */
export function tiersIn(view: CommissionState | undefined, keys: readonly string[]): (string | null)[] {
  return keys.map((key) => {
    const [partnerId, period] = key.split('\u0000') as [string, string];
    return view ? (commissionEngine.tierOf(view, partnerId, periodEnd(period))?.name ?? null) : null;
  });
}

/** Adds a line (each comes out once) to its partner and period's total, printed in the newest line's currency. */
function addLine(totals: Totals, line: ComputedCommissionLine): void {
  const key = rowKey(line.partnerId, line.period);
  const entry = totals.get(key);
  totals.set(key, { amount: (entry?.amount ?? zero).plus(line.amount), currency: line.currency });
}

/** Accruals are never revised: each id comes out once. */
function addAccrual(totals: Totals, accrual: MdfAccrual): void {
  const key = rowKey(accrual.partnerId, accrual.period);
  const entry = totals.get(key);
  totals.set(key, { amount: (entry?.amount ?? zero).plus(accrual.amount), currency: accrual.currency });
}

/**
 * Reads the log up to `head` batch by batch into the sides, twice: the tier changes of every close first,
 * then the fold that knows them ahead (so a late close comes out as a rebuild has it). Each batch holds the
 * engine's inputs and its last event (EventStore.readAllOf): any other event only moves the engine's position.
 * Answers how many events it replayed; the progress counts both passes, each as half of the events.
 */
export async function foldLog(
  store: Pick<EventStore, 'readAllOf'>,
  sides: readonly SimulationSide[],
  options: { head: bigint; batchSize: number; onProgress?: (done: number) => void },
): Promise<number> {
  const window = { until: options.head, limit: options.batchSize, types: commissionEngine.engineInputTypes };
  const read = async (visit: (event: StoredEvent) => void, progress: (done: number) => void) => {
    let replayed = 0;
    for (let after = 0n; after < options.head;) {
      const { events, windowSize } = await store.readAllOf({ after, ...window });
      if (events.length === 0) break;
      for (const event of events) visit(event);
      replayed += windowSize;
      after = events.at(-1)!.position;
      progress(replayed);
    }
    return replayed;
  };
  const looked = await read(
    (event) => sides.forEach((side) => side.look(event)),
    (done) => options.onProgress?.(Math.floor(done / 2)),
  );
  return read(
    (event) => sides.forEach((side) => side.apply(event)),
    (done) => options.onProgress?.(Math.floor((looked + done) / 2)),
  );
}

/** Totals as they cross to another thread: amounts as exact decimal strings. */
export type SentTotals = [key: string, amount: string, currency: string][];

export function sendableTotals(totals: Totals): SentTotals {
  return [...totals].map(([key, { amount, currency }]) => [key, amount.toFixed(), currency]);
}

export function receivedTotals(sent: SentTotals): Totals {
  return new Map(sent.map(([key, amount, currency]) => [key, { amount: new Decimal(amount), currency }]));
}
