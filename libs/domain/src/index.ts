export * from './dates.js';
export * from './decider.js';
export * from './errors.js';
export * from './money.js';
export * from './validation.js';
export * from './partner/partner.decider.js';
export * from './partner/partner.events.js';
