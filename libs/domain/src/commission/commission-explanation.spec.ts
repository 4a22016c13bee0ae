import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { explainLine } from './commission-explanation.js';
import { computeAll } from './commission.engine.js';
import { histories } from './testing/commission-generators.js';

interface Frozen {
  readonly seed: number;
  readonly numRuns: number;
  /** By index in fc.sample(histories, { seed, numRuns }): the explanation of each line, in output order. */
  readonly histories: Record<string, string[][]>;
}

/**
 * The engine used to write each line's explanation while computing it; explainLine now renders it
 * from the figures when a line is read. Before the engine's text was removed, the two were compared
 * over hundreds of generated histories, and the text of a few histories covering every kind of
 * sentence (accelerators, caps, overrides, foreign currency, refunds, whole-deal refunds, churns, late
 * closes) was frozen in testing/frozen-explanations.json: the rendering must stay byte for byte what it
 * was, but for the sentence on a revision at a late close, which lines no longer have (a late close is
 * recomputed: the line comes out once, with what its final revision said). The worked examples are
 * compared in commission.worked-examples.spec.ts.
 */
const frozen = JSON.parse(
  readFileSync(new URL('./testing/frozen-explanations.json', import.meta.url), 'utf8'),
) as Frozen;

describe('explainLine', () => {
  it('renders from the figures alone the explanation the engine used to write, byte for byte', () => {
    const samples = fc.sample(histories, { seed: frozen.seed, numRuns: frozen.numRuns });
    const indexes = Object.keys(frozen.histories);
    expect(indexes.length).toBeGreaterThan(0);
    for (const index of indexes) {
      const explanations = computeAll(samples[Number(index)]!.events).lines.map((line) => explainLine(line));
      expect(explanations).toEqual(frozen.histories[index]);
    }
  });

  it('covers exact clawbacks, and no line is a revision any more', () => {
    const sentences = Object.values(frozen.histories).flat(2);
    expect(sentences.some((sentence) => sentence.startsWith('Revision '))).toBe(false);
    expect(sentences.some((sentence) => sentence.includes('clawed back exactly'))).toBe(true);
  });
});
