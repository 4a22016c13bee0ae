export * from './envelope.js';
export * from './event-publisher.port.js';
export * from './kafka-event-publisher.js';
export * from './recording-event-publisher.js';
export * from './relay.js';
export * from './relay-checkpoint.js';
