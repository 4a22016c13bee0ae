export * from './projection.js';
export * from './projector.js';
export * from './partners/partners.projection.js';
export * from './projections.js';
