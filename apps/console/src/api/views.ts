// The API's answers as the service types them: the OpenAPI document describes requests (paths, queries,
// bodies) but not these bodies, so the console checks them against the read models' own types. Type-only
// imports: nothing of the server reaches the bundle, and a changed view breaks the console's type check.
export type {
  CommissionLineView,
  PartnerView,
  SimulationReport,
  SimulationRow,
  StatementView,
  TierView,
} from '#read-models';
export type { PartnerStatementView } from '../../../ledger/src/statements/partner-statement-view';
export type { RuleSetView } from '../../../ledger/src/program/program.dto';
import type { readOnlyRuleSetKeys } from '../../../ledger/src/program/rule-set-views';
import type { PartnerStatementView } from '../../../ledger/src/statements/partner-statement-view';
import type { StatementView } from '#read-models';
import type { StoredEvent } from '#event-store';

/** The keys of GET /rule-sets/:version that describe the publication (read-only, ignored when sent back). */
export type ReadOnlyRuleSetKey = (typeof readOnlyRuleSetKeys)[number];

/** A statement as either audience reads it (a partner user gets no staff identities). */
export type AnyStatementView = StatementView | PartnerStatementView;

/** The answer of every command: what was written and the global position to read it back with `?after=`. */
export interface CommandAnswer {
  readonly position: string;
  readonly statementId?: string;
}

/** A rebuild or recomputation under way, as GET /admin/projections answers it (counts as strings). */
export interface ProjectionProgress {
  readonly projections: readonly string[];
  readonly kind: 'rebuild' | 'recompute';
  readonly state: 'building' | 'swapping' | 'restoring' | 'done' | 'failed';
  readonly done: string;
  readonly total: string;
}

/** GET /admin/projections (apps/ledger/src/admin/admin.controller.ts). */
export interface ProjectionsStatus {
  readonly headPosition: string;
  readonly projections: ReadonlyArray<{
    readonly name: string;
    readonly version: number;
    readonly position: string;
    readonly lag: string;
    readonly state: 'caught_up' | 'catching_up' | 'rebuilding' | 'recomputing' | 'failed';
    readonly failure?: { readonly error: string; readonly position: string; readonly at: string };
    readonly recompute?: { readonly position: string; readonly reason: string };
    readonly progress?: ProjectionProgress;
  }>;
  readonly rebuild: ProjectionProgress | null;
}

export type { PeriodClosePreview, PreviewedEvaluation } from '../../../ledger/src/program/period-close-preview';
export type { BalanceView } from '../../../ledger/src/commissions/commissions.controller';
export type { PeriodList, RuleSetList, RuleSetSummary } from '../../../ledger/src/program/program.dto';
export type { RegistrationView } from '#read-models';

/** GET /events (apps/ledger/src/admin/admin.controller.ts): the raw log, one page, positions as strings. */
export interface EventLogPage {
  readonly events: ReadonlyArray<Omit<StoredEvent, 'position'> & { readonly position: string }>;
  readonly next: string | null;
}
export type { Scorecard, MdfFundView } from '#read-models';
export type { Pipeline } from '../../../ledger/src/deals/pipeline';
export type { CampaignSummary, DealView, MdfClaimView } from '#read-models';
export type { CampaignView } from '../../../ledger/src/campaigns/campaigns.controller';
export type { LastVerifyView } from '../../../ledger/src/common/last-verify';
