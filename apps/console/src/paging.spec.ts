import { describe, expect, it } from '@jest/globals';
import { cursorOf, firstPageTrail, followNext, goBack, pagesBefore } from './paging';

describe('cursor paging', () => {
  it('starts without a cursor, follows each `next` and goes back to the cursors already used', () => {
    expect(cursorOf(firstPageTrail)).toBeUndefined();
    const third = followNext(followNext(firstPageTrail, 'c2'), 'c3');
    expect(cursorOf(third)).toBe('c3');
    expect(pagesBefore(third)).toBe(2);
    const second = goBack(third);
    expect(cursorOf(second)).toBe('c2');
    expect(cursorOf(goBack(second))).toBeUndefined();
    expect(pagesBefore(goBack(second))).toBe(0);
  });

  it('stays on the first page when going back from it', () => {
    expect(goBack(firstPageTrail)).toBe(firstPageTrail);
  });
});
