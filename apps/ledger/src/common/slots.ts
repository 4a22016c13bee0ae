import { DomainError, invariant, type ErrorCode } from '#domain';

/**
 * At most `max` of one kind of heavy work at once (imports, simulations: each holds memory and CPU until it ends);
 * one more is refused with the kind's code (429, its kind `rate_limited`) and a Retry-After, never queued: a client
 * told to come back is better served than one whose request hangs for minutes behind others.
 */
export class Slots {
  private taken = 0;

  constructor(
    private readonly max: number,
    private readonly refusal: {
      code: ErrorCode;
      rule: string;
      retryAfterSeconds: number;
      busy: (max: number) => string;
    },
  ) {
    invariant(Number.isInteger(max) && max >= 1, `a slot count must be a positive integer, got ${max}`);
  }

  /** Takes a slot, or refuses; the function returned gives it back (a second call does nothing). */
  take(): () => void {
    const { code, rule, retryAfterSeconds, busy } = this.refusal;
    if (this.taken >= this.max)
      throw new DomainError(code, busy(this.max), { rule, limit: this.max, retryAfterSeconds });
    this.taken += 1;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.taken -= 1;
    };
  }
}
