export * from './projection.js';
export * from './projector.js';
export * from './partners/partners.projection.js';
export * from './projections.js';
export * from './deals/deals.projection.js';
export * from './deals/registrations.projection.js';
export * from './deals/scorecard.js';
export * from './log-chain.js';
