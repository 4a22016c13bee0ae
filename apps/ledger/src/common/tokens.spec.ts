import { MonotonicClock } from './tokens.js';

describe('MonotonicClock', () => {
  it('follows its source forward, repeats its last instant when it steps back, and starts past notBefore', () => {
    let sourceMs = Date.parse('2026-03-01T10:00:00.000Z');
    const clock = new MonotonicClock(() => sourceMs);
    const seen = [clock.now(), clock.now()];
    sourceMs += 5;
    seen.push(clock.now());
    sourceMs -= 60_000;
    seen.push(clock.now());
    clock.notBefore('2026-03-01T11:00:00.000Z');
    seen.push(clock.now());
    clock.notBefore('2026-01-01T00:00:00.000Z');
    sourceMs = Date.parse('2026-03-01T11:00:00.001Z');
    seen.push(clock.now());
    expect(seen).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.005Z',
      '2026-03-01T10:00:00.005Z',
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T11:00:00.001Z',
    ]);
  });
});
