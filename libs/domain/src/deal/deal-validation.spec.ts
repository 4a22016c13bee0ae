import { DomainError } from '../errors.js';
import { requireBusinessDate } from './deal-validation.js';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('requireBusinessDate and closed periods', () => {
  const today = '2026-04-15';

  it('accepts a date after the last closed quarter', () => {
    expect(requireBusinessDate('2026-04-01', 'wonAt', today, ['2025-Q4', '2026-Q1'])).toBe('2026-04-01');
  });

  it('refuses a date in the last closed quarter, naming it and the close', () => {
    const error = refusal(() => requireBusinessDate('2026-03-31', 'wonAt', today, ['2025-Q4', '2026-Q1']));
    expect(error.code).toBe('PERIOD_CLOSED');
    expect(error.details).toEqual({ field: 'wonAt', period: '2026-Q1', closedThrough: '2026-Q1' });
  });

  it('refuses a date in a quarter before the first close: closing a quarter freezes every earlier one', () => {
    const error = refusal(() => requireBusinessDate('2025-08-15', 'openedAt', today, ['2026-Q1']));
    expect(error.code).toBe('PERIOD_CLOSED');
    expect(error.details).toEqual({ field: 'openedAt', period: '2025-Q3', closedThrough: '2026-Q1' });
  });

  it('accepts any date when nothing is closed', () => {
    expect(requireBusinessDate('2020-01-01', 'lostAt', today, [])).toBe('2020-01-01');
  });
});
