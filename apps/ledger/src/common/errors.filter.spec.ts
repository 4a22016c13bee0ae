import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DomainError } from '#domain';
import { refusalAnswer } from './errors.filter.js';

describe('refusalAnswer', () => {
  it('tells the operator of a full disk at error level, once a minute however many writes it refuses', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const full = () =>
        new DomainError('STORAGE_FULL', 'The disk holding the ledger is full', { retryAfterSeconds: 5 });
      for (let request = 0; request < 3; request += 1) expect(refusalAnswer(full())?.status).toBe(503);
      expect(refusalAnswer(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }))?.body.error).toBe(
        'STORAGE_FULL',
      );
      expect(logged.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringContaining('The disk holding the ledger is full: writes answer 503 STORAGE_FULL'),
      ]);
    } finally {
      logged.mockRestore();
    }
  });

  it("lists a decider's one field the way every validation error lists its fields", () => {
    const decided = new DomainError('VALIDATION_FAILED', 'adjustment is only sent with the outcome adjusted', {
      field: 'adjustment',
      rule: 'unexpected',
    });
    expect(refusalAnswer(decided)?.body.details).toEqual({
      fields: [
        { field: 'adjustment', rule: 'unexpected', message: 'adjustment is only sent with the outcome adjusted' },
      ],
    });
    // Another code keeps its details as they are.
    const term = new DomainError('DEAL_TERM_INVALID', 'termMonths is required', {
      field: 'termMonths',
      rule: 'required',
    });
    expect(refusalAnswer(term)?.body.details).toEqual({ field: 'termMonths', rule: 'required' });
  });
});
