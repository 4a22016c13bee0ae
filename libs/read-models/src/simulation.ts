import { Worker } from 'node:worker_threads';
import {
  commissionEngine,
  compileRuleSet,
  Decimal,
  decodeCommissionState,
  formatMoney,
  programStream,
  type CommissionState,
  type PlainStructure,
} from '#domain';
import type { EventStore } from '#event-store';
import { onWorkerExit } from './malloc-arenas.js';
import { receivedError, workerEntry, type StoreLocation } from './scratch-build.js';
import {
  foldLog,
  receivedTotals,
  SimulationSide,
  type RuleSetsKnown,
  tiersIn,
  type SentTotals,
  type Totals,
} from './simulation-side.js';

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

/** A side's result: its totals, and its tier view at the end of its fold (none without an event). */
interface SideResult {
  readonly replayed: number;
  readonly commission: Totals;
  readonly accrual: Totals;
  readonly tierView: CommissionState | undefined;
}

interface SimulationOptions {
  store: EventStore;
  candidate: unknown;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Fold the two sides in two worker threads, each with its own connection here (the service, the CLI). */
  worker?: StoreLocation;
  /** Stops the workers (and rejects with the signal's reason): the client left, the service stops. */
  signal?: AbortSignal;
}

/**
 * Replays the whole log in isolation, twice: under the published rule sets (as a rebuild sees them)
 * and with the candidate added as if published now; in two worker threads one after the other when given
 * a store location, otherwise in one pass on this thread. Nothing is written anywhere. Rows are sorted
 * by partner and period and every figure is a string, so the same log and candidate always give
 * byte-identical output.
 */
export async function simulateRuleSet(options: SimulationOptions): Promise<SimulationReport> {
  const candidate = compileRuleSet(options.candidate);
  const head = await options.store.headPosition();
  // The rebuild's view of the rules: every publication known from the start, in publication order.
  const program = await options.store.readStream(programStream);
  const published = program.events
    .filter((event) => event.type === 'RuleSetPublished')
    .map((event) => ({ rules: (event.data as { rules: unknown }).rules, position: event.position }));
  const withCandidate = [...published, { rules: options.candidate, position: null }];
  // Refuses a candidate the engine cannot take (a version already published) before any work starts.
  commissionEngine.initialState({ ruleSets: withCandidate });
  const settings = { head, batchSize: options.batchSize ?? 2000 };
  const [before, after] = options.worker
    ? await foldInWorkers(options.worker, [published, withCandidate], settings, options)
    : await foldHere(options.store, [published, withCandidate], settings, options.onProgress);
  const { rows, totals } = compare({ before, after }, candidate.currency);
  return {
    candidate: { version: candidate.version, effectiveFrom: candidate.effectiveFrom },
    eventsReplayed: before.replayed,
    headPosition: head.toString(),
    rows,
    totals,
  };
}

type Settings = { readonly head: bigint; readonly batchSize: number };

/** Both sides in one pass over the log on this thread (each event read and parsed once). */
async function foldHere(
  store: EventStore,
  ruleSets: readonly [RuleSetsKnown, RuleSetsKnown],
  settings: Settings,
  onProgress: SimulationOptions['onProgress'],
): Promise<[SideResult, SideResult]> {
  const sides = ruleSets.map((known) => new SimulationSide(known));
  const replayed = await foldLog(store, sides, {
    ...settings,
    onProgress: (done) => onProgress?.(done, Number(settings.head)),
  });
  const [before, after] = sides.map((side): SideResult => ({
    replayed,
    commission: side.commission,
    accrual: side.accrual,
    tierView: side.finish(),
  }));
  return [before!, after!];
}

/**
 * Each side in a worker thread of its own, one after the other: a side holds the engine's whole state while it
 * folds (172 MB at 1M events), and two folding at once made the simulation's peak (971 MB at 1M, docs/benchmarks.md).
 * A side's worker answers its totals and its tier view, and has exited before the next starts. Progress is the mean
 * of the two sides'.
 */
async function foldInWorkers(
  location: StoreLocation,
  ruleSets: readonly [RuleSetsKnown, RuleSetsKnown],
  settings: Settings,
  { onProgress, signal }: Pick<SimulationOptions, 'onProgress' | 'signal'>,
): Promise<[SideResult, SideResult]> {
  const done = [0, 0];
  const folded: SideResult[] = [];
  for (const [index, known] of ruleSets.entries()) {
    signal?.throwIfAborted();
    const side = await foldInWorker({ store: location, ruleSets: known, ...settings }, signal, (reached) => {
      done[index] = reached;
      onProgress?.(Math.floor((done[0]! + done[1]!) / 2), Number(settings.head));
    });
    folded.push(side);
  }
  return [folded[0]!, folded[1]!];
}

type WorkerReply =
  | { type: 'progress'; done: number }
  | { type: 'folded'; replayed: number; commission: SentTotals; accrual: SentTotals; tierView?: PlainStructure }
  | { type: 'failed'; error: Parameters<typeof receivedError>[0] };

/**
 * The young generation of a side's worker, as a build worker's is bounded (scratch-build.ts): left to its
 * defaults V8 grows it to about 100 MB per side. At 32 MB a 206k simulation peaked at 540-597 MB instead of
 * 628-660 MB, in the same time; at 16 MB at 513-519 MB, but a third slower (docs/benchmarks.md).
 */
const sideYoungGenerationMb = 32;

/**
 * Settles once the worker has exited, so that its memory is gone: with its side, or with why it failed. An abort
 * terminates the worker (it only reads) and rejects with the signal's reason.
 */
function foldInWorker(
  data: Settings & { store: StoreLocation; ruleSets: RuleSetsKnown },
  signal: AbortSignal | undefined,
  onProgress: (done: number) => void,
): Promise<SideResult> {
  const entry = workerEntry('simulation-worker');
  const worker = new Worker(entry.url, {
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
    resourceLimits: { maxYoungGenerationSizeMb: sideYoungGenerationMb },
    workerData: data,
  });
  let result: SideResult | undefined;
  let failure = new Error('The simulation worker exited before it answered');
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'progress') onProgress(reply.done);
    else if (reply.type === 'failed') failure = receivedError(reply.error);
    else {
      result = {
        replayed: reply.replayed,
        commission: receivedTotals(reply.commission),
        accrual: receivedTotals(reply.accrual),
        tierView: reply.tierView && decodeCommissionState(reply.tierView),
      };
    }
  });
  worker.on('error', (error: Error) => (failure = error));
  const stop = (): void => {
    failure = signal!.reason as Error;
    void worker.terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise((resolve, reject) =>
    onWorkerExit(worker, () => {
      signal?.removeEventListener('abort', stop);
      if (result && !signal?.aborted) resolve(result);
      else reject(failure);
    }),
  );
}

/** One row per partner and period either side has figures for, sorted, and the totals in the candidate's currency. */
function compare(
  sides: Record<'before' | 'after', SideResult>,
  currencyDefault: string,
): Pick<SimulationReport, 'rows' | 'totals'> {
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
  const [tiersBefore, tiersAfter] = [tiersIn(sides.before.tierView, keys), tiersIn(sides.after.tierView, keys)];
  const zero = new Decimal(0);
  let totalBefore = zero;
  let totalAfter = zero;
  let totalAccrualDelta = zero;
  const rows = keys.map((key, index): SimulationRow => {
    const [partnerId, period] = key.split('\u0000') as [string, string];
    const currency =
      commission.after.get(key)?.currency ??
      commission.before.get(key)?.currency ??
      accrual.after.get(key)?.currency ??
      currencyDefault;
    const before = commission.before.get(key)?.amount ?? zero;
    const afterAmount = commission.after.get(key)?.amount ?? zero;
    const accrualBefore = accrual.before.get(key)?.amount ?? zero;
    const accrualAfter = accrual.after.get(key)?.amount ?? zero;
    totalBefore = totalBefore.plus(before);
    totalAfter = totalAfter.plus(afterAmount);
    totalAccrualDelta = totalAccrualDelta.plus(accrualAfter.minus(accrualBefore));
    return {
      partnerId,
      period,
      currency,
      commissionBefore: formatMoney(before, currency),
      commissionAfter: formatMoney(afterAmount, currency),
      commissionDelta: formatMoney(afterAmount.minus(before), currency),
      tierBefore: tiersBefore[index] ?? null,
      tierAfter: tiersAfter[index] ?? null,
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
