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

/**
 * Never earlier than an instant it returned or was told of: a wall clock stepped back (NTP, a VM
 * resumed, an operator) must not record an event before the one it follows, nor move "today" back
 * past dates the business rules already accepted. It waits out the step by repeating the last instant.
 */
export class MonotonicClock implements Clock {
  private floorMs = 0;
  /** The floor as text: under load several commands share a millisecond, and each formatted it again. */
  private floorText = new Date(0).toISOString();

  constructor(private readonly sourceMs: () => number = Date.now) {}

  now(): string {
    this.raiseFloor(this.sourceMs());
    return this.floorText;
  }

  /** Raises the floor to an instant already recorded (the log's newest event, at boot). */
  notBefore(instant: string): void {
    const ms = Date.parse(instant);
    if (Number.isFinite(ms)) this.raiseFloor(ms);
  }

  private raiseFloor(ms: number): void {
    if (ms <= this.floorMs) return;
    this.floorMs = ms;
    this.floorText = new Date(ms).toISOString();
  }
}

export const systemClock = new MonotonicClock();
