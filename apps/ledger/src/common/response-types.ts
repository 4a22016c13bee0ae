/*
 * The types the API answers with, named for the OpenAPI document: scripts/response-schemas.mjs generates
 * response-schemas.generated.ts from them (JSON Schema by ts-json-schema-generator), so the documented
 * answers are the controllers' own return types and cannot drift from them. Type-only: nothing imports this.
 */
import type {
  CampaignSummary,
  CommissionLineView,
  DealView,
  MdfFundView,
  PartnerCommissionLines,
  PartnerMdfAccruals,
  PartnerView,
  RegistrationView,
  SimulationReport,
  StatementView,
  TierView,
} from '#read-models';
import type { EventView, ProjectionsView, RebuildProgressView } from '../admin/admin.controller.js';
import type { CampaignView } from '../campaigns/campaigns.controller.js';
import type { BalanceView } from '../commissions/commissions.controller.js';
import type { PartnerDealView } from '../deals/deals.controller.js';
import type { Pipeline } from '../deals/pipeline.js';
import type { PartnerStatementView } from '../statements/partner-statement-view.js';
import type { LastVerifyView } from './last-verify.js';

// Answers that are read-model types keep those names (the generator names an alias by what it aliases).
export type BalanceAnswer = BalanceView;
export type CampaignAnswer = CampaignView;
export type CommissionLineAnswer = CommissionLineView;
export type MdfFundAnswer = MdfFundView;
export type PartnerAnswer = PartnerView;
export type ProjectionsAnswer = ProjectionsView;
export type RegistrationAnswer = RegistrationView;
export type SimulationAnswer = SimulationReport;
export type TierAnswer = TierView;

// Answers with a shape of their own are interfaces: the generator keeps them by name (it inlines literal aliases).
export interface PartnerList {
  partners: PartnerView[];
  next: string | null;
}
export type DealAnswer = DealView | PartnerDealView;
export interface DealList {
  deals: DealAnswer[];
  next: string | null;
}
export interface RegistrationList {
  registrations: RegistrationView[];
  next: string | null;
}
export interface CampaignList {
  campaigns: CampaignSummary[];
  next: string | null;
}
export type StatementAnswer = StatementView | PartnerStatementView;
export interface StatementList {
  statements: StatementAnswer[];
  next: string | null;
}
export interface CommissionLineList extends Omit<PartnerCommissionLines, 'nextKey'> {
  next: string | null;
}
export interface MdfAccrualList extends Omit<PartnerMdfAccruals, 'nextKey'> {
  next: string | null;
}
export interface PipelinePage extends Pipeline {
  next: string | null;
}
export interface EventList {
  events: EventView[];
  next: string | null;
}
export interface VerificationAnswer {
  verification: LastVerifyView | null;
}
export interface RebuildAnswer {
  rebuild: RebuildProgressView | null;
}
export interface Liveness {
  status: 'ok';
}
