/** Injection tokens for the infrastructure the features share. */
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_DATABASE = Symbol('READ_DATABASE');
export const CLOCK = Symbol('CLOCK');
/** The Kafka relay, or null when this process does not run one (no KAFKA_BROKERS, or not in LEDGER_ROLES). */
export const RELAY = Symbol('RELAY');

/** The only source of time for commands; tests inject a fixed or stepping clock. */
export interface Clock {
  /** The current instant as an ISO-8601 UTC timestamp. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
