import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { initialGzipBytes } from './bundle-budget';

describe('console bundle budget', () => {
  it('counts each entry with the chunks it imports statically, once each, and not the lazy ones', () => {
    const code = (text: string) => text.repeat(50);
    const bundle = {
      'index.js': { type: 'chunk', isEntry: true, code: code('entry'), imports: ['shared.js', 'vendor.js'] },
      'vendor.js': { type: 'chunk', isEntry: false, code: code('vendor'), imports: ['shared.js'] },
      'shared.js': { type: 'chunk', isEntry: false, code: code('shared'), imports: [] },
      'chart.js': { type: 'chunk', isEntry: false, code: code('lazy chart'), imports: [] },
      'index.css': { type: 'asset' },
    } as const;
    const gzipped = (name: keyof typeof bundle) =>
      gzipSync(code(name === 'index.js' ? 'entry' : name.split('.')[0]!)).length;
    expect(initialGzipBytes(bundle)).toEqual(
      new Map([['index.js', gzipped('index.js') + gzipped('vendor.js') + gzipped('shared.js')]]),
    );
  });
});
