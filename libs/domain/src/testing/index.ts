// Test-only helpers (they import jest): reachable as '#domain/testing', never from the production index.
export * from './decider-specification.js';
export * from './deal-builders.js';
export * from './registration-builders.js';
export * from './campaign-builders.js';
export * from './mdf-builders.js';
export * from './statement-builders.js';
export * from './mdf-generators.js';
export * from './protocol-model.js';
