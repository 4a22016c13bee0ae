import { fieldsListedMax, fieldsRefusal, type FieldIssue } from './errors.js';

const issues = (count: number): FieldIssue[] =>
  Array.from({ length: count }, (_, index) => ({ field: `f${index}`, rule: 'rule', message: `f${index} is wrong` }));

describe('fieldsRefusal', () => {
  it('lists every field, and names the first when asked, while they are few', () => {
    const refusal = fieldsRefusal('RULE_SET_INVALID', 'The rule set is invalid: ', issues(2), true);
    expect(refusal.message).toBe('The rule set is invalid: f0 is wrong; f1 is wrong');
    expect(refusal.details).toEqual({ field: 'f0', rule: 'rule', fields: issues(2) });
    expect(fieldsRefusal('VALIDATION_FAILED', '', issues(1), false).details).toEqual({ fields: issues(1) });
  });

  it(`lists the first ${fieldsListedMax} of many and counts them all, in the message and the details`, () => {
    const refusal = fieldsRefusal('VALIDATION_FAILED', '', issues(4000), false);
    expect(refusal.details).toEqual({ fields: issues(fieldsListedMax), fieldsTotal: 4000 });
    expect(refusal.message).toBe(
      `${issues(100)
        .map((issue) => issue.message)
        .join('; ')}; and 3900 more`,
    );
    // One past the limit is the first that leaves a field unlisted.
    expect(fieldsRefusal('VALIDATION_FAILED', '', issues(100), false).details).toEqual({ fields: issues(100) });
    expect(fieldsRefusal('VALIDATION_FAILED', '', issues(101), false).message).toMatch(/; and 1 more$/);
  });
});
