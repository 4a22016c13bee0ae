import fc from 'fast-check';
import type Database from 'better-sqlite3';
import {
  addDays,
  commissionEngine,
  Decimal,
  nextPeriod,
  periodEnd,
  type ComputedCommissionLine as CommissionLine,
  type LedgerEvent,
  type RuleSetDocument,
} from '#domain';
import { expect } from '@jest/globals';
import { openDatabase, type SqliteEventStore } from '#event-store';
import type { Projection } from '../projection.js';
import { Projector, readModelDigest } from '../projector.js';
import { History, partner, productLine, ruleSet } from '../../../domain/src/commission/testing/commission-builders.js';
import {
  cents,
  churnDeal,
  loseDeal,
  offboardAction,
  overrideAction,
  partnerIds,
  refundAction,
  type Action,
} from '../../../domain/src/commission/testing/commission-generators.js';
import { anEvent } from '../../../event-store/src/testing/event-store.contract.js';

/**
 * Generated commission histories for the read model's property tests (deals, refunds, churns, losses,
 * overrides, offboardings, closes, and rule sets that sometimes reach back), and what their rows must equal.
 */

/** Appends the events of `events` the store does not hold yet, with their ids. */
export async function appendAll(store: SqliteEventStore, events: readonly LedgerEvent[]): Promise<void> {
  const versions = new Map<string, number>();
  const head = await store.headPosition();
  for (const event of events) {
    if (event.position <= head) continue;
    const version = versions.get(event.stream) ?? (await store.readStream(event.stream)).version;
    await store.appendToStream(
      event.stream,
      [anEvent({ eventId: event.eventId, type: event.type, data: event.data })],
      { expectedVersion: version },
    );
    versions.set(event.stream, version + 1);
  }
}

/** Every line row, parsed, by line id. */
export function linesOf(db: Database.Database): Map<string, CommissionLine> {
  const rows = db.prepare<[], { line_id: string; line: string }>('SELECT line_id, line FROM commission_lines').all();
  return new Map(rows.map((row) => [row.line_id, JSON.parse(row.line) as CommissionLine]));
}

/** What the rows must equal: the engine over the whole log, every rule set known from the start. */
export function expectedLines(events: readonly LedgerEvent[]): Map<string, CommissionLine> {
  const { lines } = commissionEngine.computeAll(events, { ruleSets: commissionEngine.ruleSetPublications(events) });
  return new Map(lines.map((line) => [line.lineId, line]));
}

/**
 * A live projector's rows once it has applied all of `events`: replaying the log changes nothing (the
 * checkpoint guard and the engine's position both make a replayed batch a no-op), and they equal the engine,
 * a projector on a fresh database, and a rebuild. Answers their digest.
 */
export async function expectAsFromScratch(
  setup: { readonly store: SqliteEventStore; readonly db: Database.Database; readonly projector: Projector },
  events: readonly LedgerEvent[],
  projections: readonly Projection[],
): Promise<string> {
  const { store, db, projector } = setup;
  await projector.runUntilCaughtUp();
  projector.position = 0n;
  await projector.runUntilCaughtUp();
  const incremental = readModelDigest(db, projections);
  expect(linesOf(db)).toEqual(expectedLines(events));

  const fresh = openDatabase(':memory:');
  await new Projector({ store, db: fresh, projections, batchSize: 500 }).runUntilCaughtUp();
  expect(readModelDigest(fresh, projections)).toBe(incremental);
  fresh.close();

  await projector.rebuild();
  expect(readModelDigest(db, projections)).toBe(incremental);
  return incremental;
}

export function withRates(version: string, effectiveFrom: string, registered: string): RuleSetDocument {
  return ruleSet({ version, effectiveFrom, commission: { rates: { registered, silver: '0.12', gold: '0.18' } } });
}

export const rate = fc.integer({ min: 0, max: 2000 }).map((n) => new Decimal(n).dividedBy(10_000).toFixed());
const splits: readonly string[][] = [['1'], ['0.6', '0.4'], ['0.25', '0.25', '0.5']];

export type Step =
  | { kind: 'deal'; gap: number; split: number; amount: string; services: boolean }
  | { kind: 'expand' | 'renew' | 'churn' | 'lose'; gap: number; deal: number; amount: string }
  | { kind: 'refund'; gap: number; deal: number; percent: number }
  | { kind: 'override'; gap: number; partner: number; tier: string; days: number }
  | { kind: 'publish'; gap: number; back: number; rate: string }
  /** A deal's stage advanced: an event the commission engine does not read, which a build's read leaves out. */
  | { kind: 'stage'; gap: number; deal: number }
  | Extract<Action, { kind: 'offboard' }>;

export const gap = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 40, max: 120 }) },
);

/** A step of a history, `gap` days after the one before; `offboards: false` leaves offboardings out. */
export function stepOf(gap: fc.Arbitrary<number>, options: { offboards?: boolean } = {}): fc.Arbitrary<Step> {
  const offboards = options.offboards ?? true;
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('deal' as const),
        gap,
        split: fc.integer({ min: 0, max: splits.length - 1 }),
        amount: cents(0, 40_000_000),
        services: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constantFrom('expand' as const, 'renew' as const, 'churn' as const, 'lose' as const),
        gap,
        deal: fc.nat(),
        amount: cents(1, 10_000_000),
      }),
    },
    { weight: 2, arbitrary: refundAction(gap) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('stage' as const), gap, deal: fc.nat() }) },
    { weight: 1, arbitrary: overrideAction(gap, 90) },
    ...(offboards
      ? [
          {
            weight: 1,
            arbitrary: fc.tuple(offboardAction, gap).map(([offboard, days]) => ({ ...offboard, gap: days })),
          },
        ]
      : []),
    // `back`: how many days before the current date the new set takes effect (negative: in the future).
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('publish' as const),
        gap,
        back: fc.integer({ min: -60, max: 200 }),
        rate,
      }),
    },
  );
}

export const step: fc.Arbitrary<Step> = stepOf(gap);

interface GeneratedDeal {
  id: string;
  open: boolean;
  amount: Decimal;
  refunded: Decimal;
}

/**
 * A history under construction from generated steps: one rule set and three partners from the start,
 * then each step on the date it is given; quarters close in order when asked (`closeDue`).
 */
export class GeneratedHistory {
  readonly history = new History();
  private readonly deals: GeneratedDeal[] = [];
  private nextClose = '2026-Q1';
  private versions = 1;

  constructor() {
    this.history.publish(ruleSet({ effectiveFrom: '2025-01-01' }));
    partnerIds.forEach((id) => this.history.enroll(id, '2025-01-01'));
  }

  get events(): LedgerEvent[] {
    return this.history.events;
  }

  /** Closes, in order, every quarter that ended more than `delay` days before `date`. */
  closeDue(date: string, delay: number): void {
    while (addDays(periodEnd(this.nextClose), delay) < date) {
      this.history.close(this.nextClose);
      this.nextClose = nextPeriod(this.nextClose);
    }
  }

  /** A rule set with this registered rate, taking effect `back` days before `date`. */
  publish(date: string, back: number, registered: string): LedgerEvent {
    this.versions += 1;
    return this.history.publish(withRates(`2026.${this.versions}`, addDays(date, -back), registered));
  }

  /** The step on `date` (its gap is the caller's); a step about a deal picks one of those so far. */
  apply(current: Step, date: string): void {
    const history = this.history;
    const deal = 'deal' in current && this.deals.length > 0 ? this.deals[current.deal % this.deals.length] : undefined;
    switch (current.kind) {
      case 'deal':
        this.win(current, date);
        break;
      case 'expand':
      case 'renew':
        if (!deal?.open) break;
        if (current.kind === 'expand') history.expand(deal.id, date, [productLine(current.amount)]);
        else history.renew(deal.id, date, [productLine(current.amount)]);
        deal.amount = deal.amount.plus(current.amount);
        break;
      case 'churn':
        churnDeal(history, deal, date);
        break;
      case 'lose':
        loseDeal(history, current.deal, date);
        break;
      case 'refund':
        this.refund(deal, current.percent, date);
        break;
      case 'override':
        history.override(partnerIds[current.partner]!, current.tier, date, addDays(date, current.days));
        break;
      case 'stage':
        if (deal)
          history.add(`deal-${deal.id}`, 'DealStageAdvanced', { dealId: deal.id, stage: 'proposal', advancedAt: date });
        break;
      case 'offboard':
        this.offboard(partnerIds[current.partner]!, date, current.settlement);
        break;
      case 'publish':
        this.publish(date, current.back, current.rate);
        break;
    }
  }

  private win(current: Extract<Step, { kind: 'deal' }>, date: string): void {
    const id = `d${this.deals.length}`;
    this.history.open(
      id,
      splits[current.split]!.map((share, index) =>
        partner(partnerIds[index]!, share, index === 0 ? 'sourcing' : 'influencing'),
      ),
    );
    this.history.win(id, date, [productLine(current.amount, { family: current.services ? 'services' : 'software' })]);
    this.deals.push({ id, open: true, amount: new Decimal(current.amount), refunded: new Decimal(0) });
  }

  /** Offboards a partner once; a later offboarding of the same partner is left out. */
  offboard(partnerId: string, date: string, settlement: Extract<Step, { kind: 'offboard' }>['settlement']): void {
    const offboarded = this.history.events.some(
      (event) => event.type === 'PartnerOffboarded' && (event.data as { partnerId: string }).partnerId === partnerId,
    );
    if (!offboarded) this.history.offboard(partnerId, date, settlement);
  }

  private refund(deal: GeneratedDeal | undefined, percent: number, date: string): void {
    if (!deal) return;
    const amount = deal.amount
      .minus(deal.refunded)
      .times(percent)
      .dividedBy(100)
      .toDecimalPlaces(2, Decimal.ROUND_DOWN);
    if (amount.lte(0)) return;
    this.history.refund(deal.id, date, amount.toFixed(2));
    deal.refunded = deal.refunded.plus(amount);
  }
}

/** The history of these steps from 2026-01-05 on; a quarter closes `closeDelay` days after its end. */
export function historyOf(steps: readonly Step[], closeDelay: number): LedgerEvent[] {
  const generated = new GeneratedHistory();
  let date = '2026-01-05';
  for (const current of steps) {
    date = addDays(date, current.gap);
    // A close sometimes comes days after deals of the next quarter: it then revises their lines.
    generated.closeDue(date, closeDelay);
    generated.apply(current, date);
  }
  return generated.events;
}

/** Where a scratch build of the commission read model started (0: from the start), and the log's head then. */
export interface RecomputeStart {
  readonly from: bigint;
  readonly head: bigint;
}

/**
 * The projection, recording in `starts` where each scratch build bound from it started (`startFrom`): what
 * a property must reach, seen from outside (the recomputation from a snapshot is otherwise invisible).
 */
export function observingStarts(projection: Projection, store: SqliteEventStore, starts: RecomputeStart[]): Projection {
  return {
    ...projection,
    bind: (db, context) => {
      const binding = projection.bind(db, context);
      if (typeof binding === 'function' || !binding.startFrom) return binding;
      const startFrom = binding.startFrom.bind(binding);
      binding.startFrom = async (ahead, scanAfter) => {
        const from = await startFrom(ahead, scanAfter);
        starts.push({ from, head: await store.headPosition() });
        return from;
      };
      return binding;
    },
  };
}

/** What a recomputation from a snapshot rewrote or reversed of the lines computed before the snapshot. */
export interface BehindSnapshot {
  /** Lines vested at once by an offboarding folded from the snapshot. */
  readonly accelerated: number;
  /** Clawbacks and forfeitures, folded from the snapshot, of lines computed before it. */
  readonly reversed: number;
}

/** Counts, in the lines the rows must equal, what the recomputations started at `starts` did behind them. */
export function behindSnapshots(starts: readonly RecomputeStart[], lines: ReadonlyMap<string, CommissionLine>) {
  const within = (start: RecomputeStart, position: string | undefined) =>
    position !== undefined && BigInt(position) > start.from && BigInt(position) <= start.head;
  const before = (start: RecomputeStart, line: CommissionLine | undefined) =>
    line !== undefined && BigInt(line.source.position) <= start.from;
  let accelerated = 0;
  let reversed = 0;
  for (const start of starts.filter((start) => start.from > 0n)) {
    for (const line of lines.values()) {
      if (before(start, line) && within(start, line.accelerated?.source.position)) accelerated += 1;
      const reversedLine = line.reversal ? lines.get(line.reversal.reversedLineId) : undefined;
      if (before(start, reversedLine) && within(start, line.source.position)) reversed += 1;
    }
  }
  return { accelerated, reversed } satisfies BehindSnapshot;
}
