import type Database from 'better-sqlite3';
import { isMainThread } from 'node:worker_threads';
import {
  commissionEngine,
  compileRuleSet,
  periodEnd,
  periodOf,
  programStream,
  type ComputedCommissionLine,
  type CommissionState,
  type EngineOutput,
  type LedgerEvent,
  type MdfAccrual,
  type TierEvaluation,
  type TierOutcome,
  exactText,
  invariant,
} from '#domain';
import type { EventStore, StoredEvent } from '#event-store';
import {
  RecomputeNeeded,
  type BuildSource,
  type LogScan,
  type Projection,
  type ProjectionBinding,
} from '../projection.js';
import { chainedLink } from '../log-chain.js';
import { minorOf } from '../money-columns.js';
import { chainedLinkOf, CommissionSnapshots, sliceMs, type SnapshotCheck } from './commission-snapshots.js';

/**
 * The commission read model: the engine of libs/domain folded over the log, its outputs kept as rows.
 *
 * What the rows always equal: `computeAll(log, { ruleSets: ruleSetPublications(log) })`, the engine
 * run over the whole log with every published rule set and the tier change of every period close known
 * from the start. A build from position 0 reads the rule sets ahead from the program stream (`lookahead`), then
 * the log once for the tier changes of the closes (`lookAhead`; a recomputation from a snapshot only the log after
 * it, `startFrom`). Live, a rule set that reaches back (it takes effect on
 * or before a business date already computed, or inside a closed quarter), or a period close that changes
 * a partner's tier from a day on or before lines already computed for it (a late close), throws
 * `RecomputeNeeded`: the projection holds right before it and the projector recomputes it from the log
 * in a worker, then swaps the rows in. Anything else changes nothing an earlier event produced, so it is
 * applied as it comes. Hence a live projector, a restart, a rebuild into fresh tables and a projector on
 * a new database all give the same rows (docs/decisions.md, "Commissions and balances", "One recompute
 * path").
 */
/**
 * The longest tail a recomputation from a live snapshot leaves to the live projection to replay after the swap
 * instead of writing a snapshot, the spacing of the service's own snapshots. At 1M events writing one took about
 * 2.7 s of the build's CPU; replaying this many events, at the engine's and the log read's measured rates, about
 * 0.3 s.
 */
const replayedTailMax = 20_000n;

const tables = [
  'commission_rule_sets',
  'commission_lines',
  'commission_tier_evaluations',
  'commission_tier_overrides',
  'commission_partner_quarters',
  'commission_mdf_accruals',
  'commission_notices',
] as const;

const schema = `
  DROP TABLE IF EXISTS commission_inputs;
  CREATE TABLE IF NOT EXISTS commission_rule_sets (
    position INTEGER PRIMARY KEY,
    version TEXT NOT NULL UNIQUE,
    effective_from TEXT NOT NULL,
    currency TEXT NOT NULL,
    rules TEXT NOT NULL,
    reaches_back INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS commission_lines (
    line_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    deal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    business_date TEXT NOT NULL,
    vests_on TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    rule_set_version TEXT NOT NULL,
    tier TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    source_position INTEGER NOT NULL,
    reverses_line_id TEXT,
    revision INTEGER NOT NULL,
    written_at INTEGER NOT NULL,
    line TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS commission_lines_partner_period ON commission_lines (partner_id, period, business_date);
  -- Covers a partner's pages of lines in their order, and the totals and balances summed over all its lines
  -- (without it, each of them read every line's row: 100-150 ms on the API's thread for 13,000 lines).
  DROP INDEX IF EXISTS commission_lines_partner_date;
  CREATE INDEX IF NOT EXISTS commission_lines_partner_totals ON commission_lines
    (partner_id, business_date, source_position, line_id, period, currency, kind, amount_minor, vests_on);
  CREATE INDEX IF NOT EXISTS commission_lines_source ON commission_lines (source_position);
  CREATE INDEX IF NOT EXISTS commission_lines_reverses ON commission_lines (reverses_line_id)
    WHERE reverses_line_id IS NOT NULL;
  -- The lines rewritten after their source event (vested at once by an offboarding): a recomputation's swap finds
  -- the lines written after its start through it and commission_lines_source (rowsWrittenAfter).
  CREATE INDEX IF NOT EXISTS commission_lines_revised ON commission_lines (written_at)
    WHERE written_at <> source_position;
  CREATE TABLE IF NOT EXISTS commission_tier_evaluations (
    evaluation_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    period TEXT NOT NULL,
    position INTEGER NOT NULL,
    previous_tier TEXT NOT NULL,
    tier TEXT NOT NULL,
    change TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    evaluation TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS commission_tier_evaluations_partner ON commission_tier_evaluations (partner_id, position);
  CREATE INDEX IF NOT EXISTS commission_tier_evaluations_position ON commission_tier_evaluations (position);
  -- The tier changes alone, read at every start and after every swap (an evaluation's row carries its JSON: scanning
  -- them all took 11-136 ms on the API's thread at 1M events).
  CREATE INDEX IF NOT EXISTS commission_tier_evaluations_changes ON commission_tier_evaluations
    (position, partner_id, tier, effective_from, period) WHERE tier <> previous_tier;
  CREATE TABLE IF NOT EXISTS commission_tier_overrides (
    event_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    tier TEXT NOT NULL,
    from_date TEXT NOT NULL,
    until TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS commission_tier_overrides_partner ON commission_tier_overrides (partner_id, position);
  CREATE TABLE IF NOT EXISTS commission_partner_quarters (
    partner_id TEXT NOT NULL,
    quarter TEXT NOT NULL,
    revenue TEXT NOT NULL,
    won INTEGER NOT NULL,
    lost INTEGER NOT NULL,
    PRIMARY KEY (partner_id, quarter)
  );
  CREATE TABLE IF NOT EXISTS commission_mdf_accruals (
    accrual_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    deal_id TEXT NOT NULL,
    period TEXT NOT NULL,
    business_date TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    rule_set_version TEXT NOT NULL,
    tier TEXT NOT NULL,
    source_position INTEGER NOT NULL,
    accrual TEXT NOT NULL
  );
  -- A partner's accruals in order, page by page, and their totals, from the index alone but for a page's own rows.
  DROP INDEX IF EXISTS commission_mdf_accruals_partner;
  CREATE INDEX IF NOT EXISTS commission_mdf_accruals_partner_order ON commission_mdf_accruals
    (partner_id, business_date, source_position, accrual_id, period, currency, amount_minor);
  CREATE INDEX IF NOT EXISTS commission_mdf_accruals_source ON commission_mdf_accruals (source_position);
  CREATE TABLE IF NOT EXISTS commission_notices (
    position INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT NOT NULL,
    PRIMARY KEY (position, sequence)
  );
`;

const dealEventTypes: ReadonlySet<string> = new Set([
  'DealWon',
  'DealExpanded',
  'DealRenewed',
  'DealLost',
  'DealRefunded',
]);

interface RuleSetRow {
  position: bigint;
  rules: string;
}

interface TierChangeRow {
  partner_id: string;
  tier: string;
  effective_from: string;
  period: string;
  position: bigint;
}

const outcomeOf = (row: TierChangeRow): TierOutcome => ({
  partnerId: row.partner_id,
  tier: row.tier,
  effectiveFrom: row.effective_from,
  period: row.period,
  position: BigInt(row.position),
});

interface RecordedRuleSetRow {
  position: bigint;
  version: string;
  reaches_back: bigint;
}

/**
 * A rule set reaches back when it takes effect on or before a business date the engine has already
 * computed a deal event for, or inside a quarter already closed (whose tier evaluation it would
 * govern). Both depend only on the log, never on the rules, so every fold decides alike.
 */
export function reachesBack(state: CommissionState, effectiveFrom: string): boolean {
  if (state.latestBusinessDate !== null && effectiveFrom <= state.latestBusinessDate) return true;
  const lastClosed = state.closedPeriods.at(-1);
  return lastClosed !== undefined && effectiveFrom <= periodEnd(lastClosed);
}

/** An offboarding with accelerate vests a line on its date; the figures stay as they are (acceleratedLine). */
const accelerateLineSql = `
  UPDATE commission_lines SET vests_on = @vestsOn, written_at = @writtenAt,
    line = json_set(line, '$.vestsOn', @vestsOn, '$.accelerated', json(@accelerated))
  WHERE line_id = @lineId
`;

/** The commission read model's prepared statements. */
function commissionStatements(db: Database.Database) {
  return {
    insertRuleSet: db.prepare(
      'INSERT INTO commission_rule_sets (position, version, effective_from, currency, rules, reaches_back) ' +
        'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    ruleSets: db.prepare<[], RuleSetRow>('SELECT position, rules FROM commission_rule_sets ORDER BY position'),
    upsertLine: db.prepare(`
      INSERT INTO commission_lines (
        line_id, partner_id, deal_id, kind, period, business_date, vests_on, currency, amount, amount_minor,
        rule_set_version, tier, source_event_id, source_position, reverses_line_id, revision, written_at, line
      )
      VALUES (
        @lineId, @partnerId, @dealId, @kind, @period, @businessDate, @vestsOn, @currency, @amount, @amountMinor,
        @ruleSetVersion, @tier, @sourceEventId, @sourcePosition, @reversesLineId, @revision, @writtenAt, @line
      )
      ON CONFLICT (line_id) DO UPDATE SET
        partner_id = excluded.partner_id, deal_id = excluded.deal_id, kind = excluded.kind,
        period = excluded.period, business_date = excluded.business_date,
        vests_on = excluded.vests_on, currency = excluded.currency, amount = excluded.amount,
        amount_minor = excluded.amount_minor,
        rule_set_version = excluded.rule_set_version, tier = excluded.tier,
        source_event_id = excluded.source_event_id, source_position = excluded.source_position,
        reverses_line_id = excluded.reverses_line_id, revision = excluded.revision,
        written_at = excluded.written_at, line = excluded.line
    `),
    accelerateLine: db.prepare(accelerateLineSql),
    upsertEvaluation: db.prepare(`
      INSERT INTO commission_tier_evaluations (
        evaluation_id, partner_id, period, position, previous_tier, tier, change, effective_from, evaluation
      )
      VALUES (@evaluationId, @partnerId, @period, @position, @previousTier, @tier, @change, @effectiveFrom, @evaluation)
      ON CONFLICT (evaluation_id) DO UPDATE SET
        partner_id = excluded.partner_id, period = excluded.period, position = excluded.position,
        previous_tier = excluded.previous_tier,
        tier = excluded.tier, change = excluded.change, effective_from = excluded.effective_from,
        evaluation = excluded.evaluation
    `),
    upsertAccrual: db.prepare(`
      INSERT INTO commission_mdf_accruals (
        accrual_id, partner_id, deal_id, period, business_date, currency, amount, amount_minor,
        rule_set_version, tier, source_position, accrual
      )
      VALUES (
        @accrualId, @partnerId, @dealId, @period, @businessDate, @currency, @amount, @amountMinor,
        @ruleSetVersion, @tier, @sourcePosition, @accrual
      )
      ON CONFLICT (accrual_id) DO UPDATE SET
        partner_id = excluded.partner_id, deal_id = excluded.deal_id, period = excluded.period,
        business_date = excluded.business_date, currency = excluded.currency,
        amount = excluded.amount, amount_minor = excluded.amount_minor,
        rule_set_version = excluded.rule_set_version, tier = excluded.tier,
        source_position = excluded.source_position, accrual = excluded.accrual
    `),
    upsertNotice: db.prepare(`
      INSERT INTO commission_notices (position, sequence, code, message, details) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (position, sequence) DO UPDATE SET
        code = excluded.code, message = excluded.message, details = excluded.details
    `),
    insertOverride: db.prepare(
      'INSERT INTO commission_tier_overrides (event_id, partner_id, position, tier, from_date, until, reason) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    upsertQuarter: db.prepare(`
      INSERT INTO commission_partner_quarters (partner_id, quarter, revenue, won, lost) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (partner_id, quarter) DO UPDATE SET
        revenue = excluded.revenue, won = excluded.won, lost = excluded.lost
    `),
  };
}

type CommissionStatements = ReturnType<typeof commissionStatements>;

class CommissionsBinding implements ProjectionBinding {
  private committed: CommissionState;
  private working: CommissionState;
  private readonly statements: CommissionStatements;
  /** The rule sets recorded up to a position, which a snapshot must agree with. */
  private readonly recordedRuleSets;
  /** The rule sets recorded after a snapshot's position, up to the checkpoint. */
  private readonly laterRuleSets;
  /** The tier changes recorded after a position, up to another: known ahead by a fold that restores the rows. */
  private readonly recordedTierChanges;
  /** In a build from 0, the first pass over the log (`lookAhead`): the tier changes of its closes. */
  private lookahead: commissionEngine.TierLookahead | undefined;
  /** Where the last snapshot was saved (or loaded), and whether a period closed since. */
  private savedAt = 0n;
  private closedSinceSave = false;
  /**
   * The state right before the first deal event dated in a new quarter, to save at the next commit: the
   * snapshot a late close of the previous quarter (or a rule set from the quarter's first day) starts from.
   */
  private quarterStart: CommissionState | undefined;
  /** In a recomputation's scratch build: the snapshot position it started from (0: from the start). */
  private startedFrom = 0n;

  /**
   * `ruleSetsUntil`: knows only the rule sets recorded up to that position from the start (the fold of a
   * snapshot worker, which reads the live database while the live projection goes on).
   */
  constructor(
    private readonly db: Database.Database,
    private readonly snapshots: CommissionSnapshots | undefined,
    private readonly ruleSetsUntil?: bigint,
    private readonly source?: BuildSource,
  ) {
    this.statements = commissionStatements(db);
    this.recordedRuleSets = db.prepare<[bigint], RecordedRuleSetRow>(
      'SELECT position, version, reaches_back FROM commission_rule_sets WHERE position <= ?',
    );
    this.laterRuleSets = db.prepare<[bigint, bigint], RuleSetRow>(
      'SELECT position, rules FROM commission_rule_sets WHERE position > ? AND position <= ? ORDER BY position',
    );
    this.recordedTierChanges = db.prepare<[bigint, bigint], TierChangeRow>(
      'SELECT partner_id, tier, effective_from, period, position FROM commission_tier_evaluations ' +
        'WHERE tier <> previous_tier AND position > ? AND position <= ? ORDER BY position',
    );
    this.committed = this.working = this.initial();
  }

  /** The state the last batch committed (or the restore replayed up to). */
  get state(): CommissionState {
    return this.committed;
  }

  /**
   * The engine's starting state: every rule set known from the start. Given the events read ahead (a
   * build from position 0), those (and the tier changes `lookAhead` will find); otherwise the sets and
   * tier changes this projection has recorded, which at bind and after a reset are exactly those up to
   * the checkpoint, so restoring the log up to it gives the state the rows were written from.
   */
  private initial(ahead?: readonly StoredEvent[]): CommissionState {
    const until = this.ruleSetsUntil;
    const ruleSets = ahead
      ? publicationsOf(ahead)
      : this.statements.ruleSets
          .all()
          .filter((row) => until === undefined || BigInt(row.position) <= until)
          .map((row) => ({ rules: JSON.parse(row.rules) as unknown, position: BigInt(row.position) }));
    this.lookahead = ahead ? new commissionEngine.TierLookahead({ ruleSets }) : undefined;
    const tiersAhead = ahead ? [] : this.tierChangesAfter(0n, until);
    return commissionEngine.initialState({ ruleSets, tiersAhead });
  }

  /** The tier changes recorded after `after` (up to `until`, or all). */
  private tierChangesAfter(after: bigint, until = BigInt(Number.MAX_SAFE_INTEGER)): TierOutcome[] {
    return this.recordedTierChanges.all(after, until).map(outcomeOf);
  }

  /** The first pass of a build from 0, right after `reset(ahead)`: the fold will know every close's tier change. */
  lookAhead(events: readonly StoredEvent[]): void {
    const lookahead = this.lookahead;
    if (!lookahead) return;
    for (const event of events) lookahead.apply(event);
    this.committed = this.working = commissionEngine.knowingTiers(this.working, lookahead.outcomes);
  }

  apply(stored: StoredEvent): void {
    if (stored.position <= this.working.position) return;
    if (!commissionEngine.engineInputTypes.has(stored.type)) {
      // Not an input, but the engine's position must still move past it: replaying it is a no-op either way.
      this.working = commissionEngine.apply(this.working, stored).state;
      return;
    }
    const event: LedgerEvent = {
      eventId: stored.eventId,
      stream: stored.stream,
      position: stored.position,
      type: stored.type,
      data: stored.data,
    };
    if (stored.type === 'RuleSetPublished') this.publish(event);
    if (stored.type === 'PeriodClosed') this.closedSinceSave = true;

    const before = this.working;
    const { state, output } = commissionEngine.apply(before, event);
    const late = commissionEngine.tierChangesReachingBack(before, output);
    if (late.length > 0) {
      const { partnerId, tier, effectiveFrom } = late[0]!;
      throw new RecomputeNeeded(
        `the close of ${late[0]!.period} changes partner ${partnerId}'s tier to ${tier} from ${effectiveFrom}, ` +
          `before lines already computed (${late.length} partner${late.length === 1 ? '' : 's'})`,
      );
    }
    this.working = state;
    // The newest quarter start of the batch: a late close of the quarter before it recomputes from there.
    // Only kept to be saved: a build saves no snapshot, and an old state held to the end of the fold
    // keeps every deal and line it no longer shares with the current one (a fifth of a build's heap).
    const newQuarter = before.latestBusinessDate !== null && periodOfLatest(state) > periodOfLatest(before);
    if (newQuarter && this.snapshots) this.quarterStart = before;
    this.write(output, event.position);
    if (stored.type === 'TierOverridden') {
      const data = stored.data as {
        partnerId: string;
        tier: string;
        overriddenAt: string;
        until: string;
        reason: string;
      };
      this.statements.insertOverride.run(
        stored.eventId,
        data.partnerId,
        stored.position,
        data.tier,
        data.overriddenAt,
        data.until,
        data.reason,
      );
    }
    if (dealEventTypes.has(stored.type))
      this.writeQuarterStats(before, state, (stored.data as { dealId: string }).dealId);
  }

  /**
   * Records a publication. One that reaches back and is not known from the start cannot be applied as
   * the live engine would (flagged, effective only for later events): it throws RecomputeNeeded, and the
   * projector rebuilds this read model from the log with the set known from the start.
   */
  private publish(event: LedgerEvent): void {
    const data = event.data as { version: string; rules: unknown };
    let effectiveFrom: string;
    let currency: string;
    try {
      ({ effectiveFrom, currency } = compileRuleSet(data.rules));
    } catch {
      // The engine records RULE_SET_UNREADABLE; a set it cannot read is never known from the start.
      return;
    }
    const known = this.working.ruleSets.some((ruleSet) => ruleSet.ruleSet.version === data.version);
    const back = reachesBack(this.working, effectiveFrom);
    if (back && !known) {
      throw new RecomputeNeeded(
        `rule set ${data.version} takes effect from ${effectiveFrom}, before figures already computed`,
      );
    }
    this.statements.insertRuleSet.run(
      event.position,
      data.version,
      effectiveFrom,
      currency,
      JSON.stringify(data.rules),
      back ? 1 : 0,
    );
  }

  private write(output: EngineOutput, position: bigint): void {
    for (const line of output.lines) this.statements.upsertLine.run(lineRow(line, position));
    for (const { lineId, vestsOn, source, offboardedAt, originalVestsOn } of output.accelerations) {
      const accelerated = JSON.stringify({ source, offboardedAt, originalVestsOn });
      const acceleration = { lineId, vestsOn, writtenAt: position, accelerated };
      if (this.statements.accelerateLine.run(acceleration).changes > 0) continue;
      this.copyLiveLine(lineId);
      invariant(
        this.statements.accelerateLine.run(acceleration).changes === 1,
        `line ${lineId} to accelerate not found`,
      );
    }
    for (const evaluation of output.tierEvaluations) this.statements.upsertEvaluation.run(evaluationRow(evaluation));
    for (const accrual of output.mdfAccruals) this.statements.upsertAccrual.run(accrualRow(accrual));
    output.notices.forEach((notice, sequence) => {
      this.statements.upsertNotice.run(position, sequence, notice.code, notice.message, JSON.stringify(notice.details));
    });
  }

  /**
   * A fold started from a snapshot (`startFrom`) holds only the rows it wrote; an offboarding rewrites a line
   * computed before the snapshot, which it takes from the live rows first. Those rows are what the fold from 0
   * wrote up to the snapshot, and the swap's merge replaces the live row with the rewritten one.
   */
  private copyLiveLine(lineId: string): void {
    const source = this.source;
    invariant(source && this.startedFrom > 0n, `line ${lineId} to accelerate not found`);
    const row = source.db
      .prepare<[string], Record<string, unknown>>('SELECT * FROM commission_lines WHERE line_id = ?')
      .get(lineId);
    invariant(row, `line ${lineId} to accelerate is not in the live rows either`);
    const columns = Object.keys(row);
    this.db
      .prepare(
        `INSERT INTO commission_lines (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      )
      .run(row);
  }

  /** The quarter figures tier evaluations read, for GET /partners/:id/tier (what is missing today). */
  private writeQuarterStats(before: CommissionState, after: CommissionState, dealId: string): void {
    // A lost deal leaves the engine's state with the event: its partners are those before it.
    for (const { partnerId } of (after.deals.get(dealId) ?? before.deals.get(dealId))?.partners ?? []) {
      const previous = before.partners.get(partnerId)?.stats;
      const current = after.partners.get(partnerId)?.stats;
      if (!current || current === previous) continue;
      for (const [quarter, stats] of current) {
        if (previous?.get(quarter) === stats) continue;
        this.statements.upsertQuarter.run(partnerId, quarter, exactText(stats.revenue), stats.won, stats.lost);
      }
    }
  }

  restore(stored: StoredEvent): void {
    if (stored.position <= this.working.position) return;
    this.working = commissionEngine.apply(this.working, stored).state;
  }

  commit(): void {
    // The fold has begun: the lookahead pass is over, and its state is let go.
    this.lookahead = undefined;
    this.committed = this.working;
    this.saveIfDue();
    // The first commit after a restore ends its replay: the loaded snapshot's strings may be shared now.
    this.snapshots?.shareLoadedStrings();
  }

  rollback(): void {
    this.working = this.committed;
    if (this.quarterStart && this.quarterStart.position > this.committed.position) this.quarterStart = undefined;
  }

  commitWithoutSaving(): void {
    this.committed = this.working;
  }

  reset(ahead?: readonly StoredEvent[]): void {
    this.committed = this.working = this.initial(ahead);
    this.savedAt = 0n;
    this.quarterStart = undefined;
  }

  /**
   * At a period close, or once the spacing after the last snapshot is reached (CommissionSnapshots.dueAt): the
   * committed state goes to disk; before that, the state right before a new quarter's first deal event, when one
   * is pending.
   */
  private saveIfDue(): void {
    const snapshots = this.snapshots;
    if (!snapshots || snapshots.busy || this.saveQuarterStart(snapshots)) return;
    const position = this.committed.position;
    if (position <= this.savedAt) return;
    if (!this.closedSinceSave && !snapshots.dueAt(position, this.savedAt)) return;
    this.savedAt = position;
    this.closedSinceSave = false;
    snapshots.save(this.committed, commissionsProjection.version, this.db);
  }

  /** Writes the state right before a new quarter's first deal event, when one is pending; whether it did. */
  private saveQuarterStart(snapshots: CommissionSnapshots): boolean {
    const quarterStart = this.quarterStart;
    this.quarterStart = undefined;
    if (!quarterStart || quarterStart.position <= this.savedAt) return false;
    this.savedAt = quarterStart.position;
    snapshots.save(quarterStart, commissionsProjection.version, this.db);
    return true;
  }

  /**
   * Starts from the newest valid snapshot at or before `until` (the checkpoint), so the projector
   * replays only the log after it; returns the position it stands at (0 without one).
   */
  async resume(until: bigint, memory?: CommissionState): Promise<bigint> {
    const later = (state: CommissionState) =>
      commissionEngine.knowingTiers(
        knowing(state, publicationsOf(this.laterRuleSets.all(state.position, until).map(asPublication))),
        this.tierChangesAfter(state.position, until),
      );
    if (memory && memory.position <= until && this.staleness(memory, until) === undefined) {
      this.committed = this.working = later(memory);
      return memory.position;
    }
    if (!this.snapshots || this.working.position > 0n) return this.working.position;
    const chained = (position: bigint) => chainedLink(this.db, position);
    const state = await this.snapshots.loadNewest(until, commissionsProjection.version, chained, (loaded) =>
      this.staleness(loaded, until),
    );
    if (state) {
      this.committed = this.working = later(state);
      this.savedAt = state.position;
    }
    return this.working.position;
  }

  /**
   * A snapshot may be used only if it knows the rule sets a fold from position 0 would know at its
   * position: each one recorded before it as reaching back (a recomputation made every older snapshot
   * stale), none that is not recorded here, and no set recorded after it (up to `until`) that it does not
   * know may reach back from it, and no tier change recorded after it may take effect before lines it has
   * computed. Those later sets and changes are then known from the snapshot on (`knowing`, `knowingTiers`):
   * they govern nothing it has computed, so it continues as the fold from 0 that knew them from the start.
   */
  private staleness(state: CommissionState, until: bigint): string | undefined {
    return (
      ruleSetStaleness(state, this.recordedRuleSets.all(state.position)) ??
      reachedBackAfter(state, publicationsOf(this.laterRuleSets.all(state.position, until).map(asPublication))) ??
      tierReachedBackAfter(state, this.tierChangesAfter(state.position, until))
    );
  }

  /**
   * A scratch build's engine state, for the live projection to load after the swap (validated like any). A
   * recomputation that folded a short tail from a live snapshot writes none: after the swap the live projection
   * loads that same snapshot and replays the tail, which costs less than writing the whole state again.
   */
  async saveSnapshot(dir: string, live: Database.Database): Promise<boolean> {
    if (this.startedFrom > 0n && this.committed.position - this.startedFrom <= replayedTailMax) return false;
    const writer = new CommissionSnapshots({ dir, everyEvents: 0 });
    // The live projector extends its chain past the head a build stops at before the build saves.
    const link = chainedLinkOf(live, this.committed.position);
    // In a worker thread nothing else waits for the event loop: one go; on the API's thread, in slices.
    await writer.write(this.committed, commissionsProjection.version, isMainThread ? sliceMs : Infinity, link);
    return true;
  }

  /**
   * The snapshot a recomputation should start from is often the one asked for last: the state at the start of the
   * quarter a late close changes, asked for in the very batch that met the close (a seed's or an import's catch-up).
   * Written in the snapshot worker, or still pending behind another write, it was not on disk when the build looked,
   * and the build started a quarter or more earlier (36 s instead of a few at a million events).
   */
  async buildSource(): Promise<BuildSource | undefined> {
    const snapshots = this.snapshots;
    if (!snapshots) return undefined;
    await snapshots.idle();
    this.saveQuarterStart(snapshots);
    await snapshots.idle();
    return { snapshotsDir: snapshots.dir, db: this.db };
  }

  /**
   * A recomputation's scratch build starts from the newest snapshot of the live projection that no rule
   * set published after it and no tier change of a close after it reaches back from: the fold from there,
   * knowing every set and every close, equals the fold from 0, since what comes later governs nothing it
   * computed. A line it computed that a later offboarding rewrote (vested at once) is taken from the live
   * rows and rewritten again by the fold (`copyLiveLine`), as the fold from 0 rewrites it. The closes after a
   * snapshot are found by a lookahead going on from it over the log after it, not over the whole log: a late
   * close costs its tail. The scratch tables hold only what that fold writes (`rowsWrittenAfter`); the swap
   * puts those rows in place of the live ones written after the position.
   */
  async startFrom(ahead: readonly StoredEvent[], scanAfter: LogScan): Promise<bigint> {
    const source = this.source;
    if (!source) return 0n;
    const later = publicationsOf(ahead);
    let tierChanges: TierOutcome[] = [];
    const check = startChecks(source.db, later, async (state) => {
      const lookahead = new commissionEngine.TierLookahead({}, state);
      await scanAfter(state.position, (events) => {
        for (const event of events) lookahead.apply(event);
      });
      tierChanges = lookahead.outcomes;
      return lookahead.outcomes;
    });
    const live = source.db
      .prepare<[], { position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'commissions'")
      .get();
    const until = live ? BigInt(live.position) : 0n;
    const loader = new CommissionSnapshots({ dir: source.snapshotsDir, everyEvents: 0, warn: () => undefined });
    const chained = (position: bigint) => chainedLink(source.db, position);
    const options = { removeStale: false };
    const state = await loader.loadNewest(until, commissionsProjection.version, chained, check, options);
    if (!state) return 0n;
    this.lookahead = undefined;
    this.committed = this.working = commissionEngine.knowingTiers(knowing(state, later), tierChanges);
    this.startedFrom = state.position;
    return state.position;
  }
}

/**
 * Why a live snapshot may not start a recomputation (undefined: it may), cheapest check first. Past the rule-set
 * checks, the state's tier figures are those of a fold from 0 there, so `closesAfter` (a lookahead going on from
 * it, knowing every set) finds the tier changes of the closes after it.
 */
function startChecks(
  db: Database.Database,
  later: readonly Publication[],
  closesAfter: (state: CommissionState) => Promise<readonly TierOutcome[]>,
): SnapshotCheck {
  const recorded = db.prepare<[bigint], RecordedRuleSetRow>(
    'SELECT position, version, reaches_back FROM commission_rule_sets WHERE position <= ?',
  );
  return async (state) =>
    ruleSetStaleness(state, recorded.all(state.position)) ??
    reachedBackAfter(state, later) ??
    tierReachedBackAfter(state, await closesAfter(knowing(state, later)));
}

/**
 * Why a state may not be used with the rule sets recorded up to its position (undefined: it may): it
 * must know each recorded as reaching back (a recomputation made every older state stale), and none that
 * is not recorded. A set that did not reach back changes nothing before its publication, which the
 * replay of the tail applies.
 */
function ruleSetStaleness(state: CommissionState, recorded: readonly RecordedRuleSetRow[]): string | undefined {
  const known = new Map(state.ruleSets.map((entry) => [entry.ruleSet.version, entry.position]));
  for (const [version, position] of known) {
    if (!recorded.some((row) => row.version === version && row.position === position)) {
      return `it knows rule set ${version}, which this read model has not recorded at that position`;
    }
  }
  const missing = recorded.find((row) => row.reaches_back === 1n && known.get(row.version) !== row.position);
  return missing && `it was made before rule set ${missing.version}, which reaches back, was recomputed`;
}

interface Publication {
  readonly rules: unknown;
  readonly position: bigint;
}

/** A rule set published after the state, unknown to it, that reaches back from it: the state may not be used. */
function reachedBackAfter(state: CommissionState, later: readonly Publication[]): string | undefined {
  for (const { rules, position } of later) {
    if (position <= state.position) continue;
    let ruleSet: ReturnType<typeof compileRuleSet>;
    try {
      ruleSet = compileRuleSet(rules);
    } catch {
      continue;
    }
    const known = state.ruleSets.some((entry) => entry.ruleSet.version === ruleSet.version);
    if (!known && reachesBack(state, ruleSet.effectiveFrom)) {
      return `rule set ${ruleSet.version}, published after it, reaches back before it`;
    }
  }
  return undefined;
}

/** A tier change of a close after the state that takes effect before lines it computed: the state may not be used. */
function tierReachedBackAfter(state: CommissionState, later: readonly TierOutcome[]): string | undefined {
  const back = later.find(
    (outcome) => outcome.position > state.position && commissionEngine.reachesBackBefore(state, outcome),
  );
  return (
    back &&
    `the close of ${back.period} (position ${back.position}), after it, changes partner ${back.partnerId}'s tier ` +
      `from ${back.effectiveFrom}, before lines it has computed`
  );
}

/** The state knowing the sets published after it as well, from the start (as a fold from 0 does). */
function knowing(state: CommissionState, later: readonly Publication[]): CommissionState {
  const after = later.filter((publication) => publication.position > state.position);
  if (after.length === 0) return state;
  const added = commissionEngine.initialState({ ruleSets: after }).ruleSets;
  const kept = state.ruleSets.filter(
    (entry) => !added.some((other) => other.ruleSet.version === entry.ruleSet.version),
  );
  // In publication order, as initialState keeps them (read models have no candidate without a position).
  const ruleSets = [...kept, ...added].sort((left, right) => Number((left.position ?? 0n) - (right.position ?? 0n)));
  return { ...state, ruleSets };
}

/** The quarter of the state's latest deal event ('' before any). */
function periodOfLatest(state: CommissionState): string {
  return state.latestBusinessDate === null ? '' : periodOf(state.latestBusinessDate);
}

function publicationsOf(events: readonly (StoredEvent | Publication)[]): Publication[] {
  return events.flatMap((event) => {
    if (!('type' in event)) return [event];
    if (event.type !== 'RuleSetPublished') return [];
    return [{ rules: (event.data as { rules: unknown }).rules, position: event.position }];
  });
}

const asPublication = (row: RuleSetRow): Publication => ({
  rules: JSON.parse(row.rules) as unknown,
  position: BigInt(row.position),
});

/**
 * The rows a fold from a snapshot's position writes, which a recomputation from there replaces: what
 * was written after it. A line written before it and rewritten after it (accelerated) is taken from the
 * live rows by the fold (`copyLiveLine`) and replaced by the merge; quarter figures never depend on the
 * rules and every later change is written again whole by the fold, so the recomputation's are upserted.
 */
const rowsWrittenAfter: Readonly<Record<(typeof tables)[number], string | null>> = {
  commission_rule_sets: 'position > @from',
  // `written_at > @from`, as two index searches instead of a scan of every line (0.3 s at a million events): a line
  // is written at its source event or rewritten later, so written after `from` it is either new since or rewritten.
  commission_lines: 'source_position > @from OR (written_at <> source_position AND written_at > @from)',
  commission_tier_evaluations: 'position > @from',
  commission_tier_overrides: 'position > @from',
  commission_partner_quarters: null,
  commission_mdf_accruals: 'source_position > @from',
  commission_notices: 'position > @from',
};

/**
 * The engine state the live projection committed at `until`, folded again from the newest valid
 * snapshot (or `memory`, a state of an earlier call, when still valid) and the log after it: a restart
 * up to `until`, without writing a row. A snapshot worker runs it on its own thread, so saving a
 * snapshot costs the API's event loop nothing. `db` is the live read-model database (read only).
 */
export async function commissionStateAt(options: {
  readonly db: Database.Database;
  readonly snapshots: CommissionSnapshots;
  readonly store: EventStore;
  readonly until: bigint;
  readonly memory?: CommissionState;
}): Promise<CommissionState> {
  const { store, until } = options;
  const binding = new CommissionsBinding(options.db, options.snapshots, until);
  for (let after = await binding.resume(until, options.memory); after < until;) {
    // A window of the log never passes `until`.
    const types = commissionEngine.engineInputTypes;
    const { events: batch } = await store.readAllOf({ after, until, limit: 5000, types });
    if (batch.length === 0) break;
    for (const event of batch) binding.restore(event);
    after = batch.at(-1)!.position;
  }
  binding.commitWithoutSaving();
  return binding.state;
}

function lineRow(line: ComputedCommissionLine, writtenAt: bigint) {
  return {
    lineId: line.lineId,
    partnerId: line.partnerId,
    dealId: line.dealId,
    kind: line.kind,
    period: line.period,
    businessDate: line.businessDate,
    vestsOn: line.vestsOn,
    currency: line.currency,
    amount: line.amount,
    amountMinor: minorOf(line.amount, line.currency),
    ruleSetVersion: line.ruleSet.version,
    tier: line.tier.name,
    sourceEventId: line.source.eventId,
    sourcePosition: BigInt(line.source.position),
    reversesLineId: line.reversal?.reversedLineId ?? null,
    revision: line.revision,
    writtenAt,
    line: JSON.stringify(line),
  };
}

function evaluationRow(evaluation: TierEvaluation) {
  return {
    evaluationId: evaluation.evaluationId,
    partnerId: evaluation.partnerId,
    period: evaluation.period,
    position: BigInt(evaluation.source.position),
    previousTier: evaluation.previousTier,
    tier: evaluation.tier,
    change: evaluation.change,
    effectiveFrom: evaluation.effectiveFrom,
    evaluation: JSON.stringify(evaluation),
  };
}

function accrualRow(accrual: MdfAccrual) {
  return {
    accrualId: accrual.accrualId,
    partnerId: accrual.partnerId,
    dealId: accrual.dealId,
    period: accrual.period,
    businessDate: accrual.businessDate,
    currency: accrual.currency,
    amount: accrual.amount,
    amountMinor: minorOf(accrual.amount, accrual.currency),
    ruleSetVersion: accrual.ruleSetVersion,
    tier: accrual.tier,
    sourcePosition: BigInt(accrual.source.position),
    accrual: JSON.stringify(accrual),
  };
}

/**
 * The commission read model, saving its engine state to `snapshots` when given (the service's data
 * folder); a scratch build never does, so only the rows that are live have snapshots.
 */
export function commissionsProjectionWith(snapshots?: CommissionSnapshots): Projection {
  return {
    ...commissionsProjection,
    bind: (db, context) =>
      new CommissionsBinding(db, context?.building ? undefined : snapshots, undefined, context?.source),
  };
}

export const commissionsProjection: Projection = {
  name: 'commissions',
  // 2: lines record the event that last wrote them (written_at). 3: no copy of the log
  // (commission_inputs); a rule set reaching back is recomputed by a rebuild in a worker.
  // 4: lines store figures only (factor, maxDiscount, dealCurrency, revision details); the
  // explanation is rendered from them when a line is read (explainLine).
  // 5: offboarding settles unvested lines (forfeiture lines, accelerated vesting).
  // 6: a late period close is recomputed like a retroactive rule set: every line once, revision 1, no
  // revisedBy (the engine's state has no journal any more, so older snapshots do not load either).
  version: 6,
  tables,
  schema,
  // The tier changes of closes ahead: read by every build (recordedTierChanges).
  buildIndexes: ['commission_tier_evaluations_changes'],
  lookahead: { stream: programStream, types: new Set(['RuleSetPublished']) },
  // The engine's inputs (the rule sets among them); any other event only moves the engine's position.
  reads: commissionEngine.engineInputTypes,
  rowsWrittenAfter,
  bind: (db, context) => new CommissionsBinding(db, undefined, undefined, context?.source),
};
