import { describe, expect, it } from '@jest/globals';
import { designRuleSetDocument } from '#domain';
import { candidateIssues } from './rule-set-check';

const valid = { ...designRuleSetDocument(), rationale: 'why', publishedBy: 'olga', position: '4' };

describe('checking a candidate rule set as it is typed', () => {
  it('finds nothing in a valid document, its rationale and read-only keys aside', () => {
    expect(candidateIssues(JSON.stringify(valid), 'publish')).toEqual([]);
  });

  it('names each problem at its JSON path, as the API would', () => {
    const rates = { ...valid.commission.rates, registered: '-1' };
    const text = JSON.stringify({ ...valid, commission: { ...valid.commission, rates } });
    expect(candidateIssues(text, 'simulate')).toContainEqual({
      field: 'commission.rates.registered',
      message: expect.stringContaining('commission.rates.registered must be at least 0') as unknown as string,
    });
  });

  it('says when the text is not a JSON object', () => {
    expect(candidateIssues('{"version": ', 'simulate')[0]!.message).toMatch(/^not JSON: /);
    expect(candidateIssues('[1]', 'simulate')).toEqual([{ field: '', message: 'the rule set must be a JSON object' }]);
  });

  it('lets a simulation leave out the version, not a publication', () => {
    const { version: _version, ...withoutVersion } = valid;
    expect(candidateIssues(JSON.stringify(withoutVersion), 'simulate')).toEqual([]);
    expect(candidateIssues(JSON.stringify(withoutVersion), 'publish').map((issue) => issue.field)).toContain('version');
  });
});
