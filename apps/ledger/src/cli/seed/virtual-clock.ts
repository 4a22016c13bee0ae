import { systemClock, type Clock } from '../../common/tokens.js';

/**
 * The CLI's clock: the system clock, except while the seed walks its timeline and sets the time of
 * each day it plays. Commands are stamped with it (CommandPipeline), so the seeded facts are recorded
 * on their business days and the domain's rules on "today" (not more than a day ahead, a quarter must
 * have ended before it is closed, protection windows) hold as they would have on those days.
 */
export class VirtualClock implements Clock {
  private current: string | undefined;

  now(): string {
    return this.current ?? systemClock.now();
  }

  /** From now on, `now()` answers this ISO-8601 instant until the next set or reset. */
  set(instant: string): void {
    this.current = instant;
  }

  /** Back to the system clock. */
  reset(): void {
    this.current = undefined;
  }
}
