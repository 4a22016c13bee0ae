export * from './canonical-json.js';
export * from './catch-up.js';
export * from './consumer.js';
export * from './event-store.port.js';
export * from './handle-command.js';
export * from './sqlite-event-store.js';
export * from './esdb-event-store.js';
export * from './stream-locks.js';
