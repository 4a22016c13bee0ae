import { DomainError } from '#domain';
import { Slots } from './slots.js';

const refusal = {
  code: 'SIMULATIONS_BUSY' as const,
  rule: 'simulationsRunningMax',
  retryAfterSeconds: 10,
  busy: (max: number) => `${max} simulations are already running`,
};

describe('Slots', () => {
  it('gives at most max at once, refuses one more with the code, the rule and a Retry-After, and takes back', () => {
    const slots = new Slots(2, refusal);
    const first = slots.take();
    slots.take();
    let refused: unknown;
    try {
      slots.take();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'SIMULATIONS_BUSY',
      kind: 'rate_limited',
      message: '2 simulations are already running',
      details: { rule: 'simulationsRunningMax', limit: 2, retryAfterSeconds: 10 },
    });
    first();
    first(); // given back once only: a second call must not free a slot another holds
    slots.take();
    expect(() => slots.take()).toThrow('2 simulations are already running');
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => new Slots(0, refusal)).toThrow(/positive integer/);
  });
});
