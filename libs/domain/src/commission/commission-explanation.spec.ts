import fc from 'fast-check';
import { explainLine } from './commission-explanation.js';
import { computeAll } from './commission.engine.js';
import { histories } from './testing/commission-generators.js';

/**
 * explainLine renders from a line's figures exactly the text the engine used to write into the line
 * while computing it: compared sentence by sentence over generated histories (every kind of line:
 * earned with accelerators and caps, refunds, churns, revisions at late closes).
 */
describe('explainLine', () => {
  it('renders, from the figures alone, the explanation the engine wrote while computing', () => {
    let compared = 0;
    fc.assert(fc.property(histories, ({ events }) => {
      for (const line of computeAll(events).lines) {
        const { explanation, ...figures } = line;
        expect(explainLine(figures)).toEqual(explanation);
        compared += 1;
      }
    }), { numRuns: 300 });
    expect(compared).toBeGreaterThan(0);
  });
});
