export * from './dates.js';
export * from './decider.js';
export * from './errors.js';
export * from './money.js';
export * from './currencies.js';
export * from './validation.js';
export * from './partner/partner.decider.js';
export * from './partner/partner.events.js';
export * from './deal/deal.events.js';
export * from './program/program.events.js';
export * from './registration/registration.events.js';
export * from './customer/customer-domain.js';
export * from './customer/customer-lock.commands.js';
export * from './customer/customer-lock.state.js';
export * from './customer/customer-lock.decider.js';
export * from './registration/registration.commands.js';
export * from './registration/registration.state.js';
export * from './registration/registration.decider.js';
export * from './deal/deal.commands.js';
export * from './deal/deal.decider.js';
export * from './deal/deal-validation.js';
export * from './deal/revenue-attribution.js';
export * from './program/program.decider.js';
export * from './program/rule-set.schema.js';
export * from './program/rule-set-orphans.js';
export * as commissionEngine from './commission/commission.engine.js';
export * from './commission/commission.types.js';
export { explainLine } from './commission/commission-explanation.js';
export { previewTierEvaluations, type TierStanding } from './commission/close-preview.js';
export type * from './commission/commission.state.js';
export { PersistentMap } from './persistent-map.js';
export {
  decodePlain,
  encodePlain,
  PlainDecoding,
  PlainEncoding,
  StringSharing,
  type PlainStructure,
} from './plain-codec.js';
export { asCommissionState, decodeCommissionState, encodeCommissionState } from './commission/commission-snapshot.js';
export { clawbackLineId, earnedLineId } from './commission/commission-book.js';
export { exactText, type ExactDecimal } from './commission/exact-decimal.js';
export {
  gaps as tierRequirementGaps,
  qualifiedTierIndex,
  tierOn,
  trailingQuarters,
} from './commission/tier-evaluation.js';
export * from './campaign/campaign.events.js';
export * from './campaign/campaign.commands.js';
export * from './campaign/campaign.state.js';
export * from './campaign/campaign.decider.js';
export * from './mdf/mdf.events.js';
export * from './mdf/mdf.commands.js';
export * from './mdf/mdf.state.js';
export * from './mdf/mdf.decider.js';
export * from './statement/statement.events.js';
export * from './statement/statement.commands.js';
export * from './statement/statement.state.js';
export * from './statement/statement.decider.js';
export * from './statement/statement-composition.js';
export * from './statement/first-statement.js';
export * from './program/rule-set.example.js';
