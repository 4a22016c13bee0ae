// Lets plain `node` run this repository's TypeScript sources without a build, the way Jest does: swc
// transpiles each .ts file (with the same decorator settings as jest.config.js), `.js` specifiers fall
// back to the `.ts` file next to them, and the `#domain`-style imports resolve to sources through the
// "source" condition. Used for the relay crash test's child process and the relay benchmark:
//   node --import ./test/kafka/typescript-hooks.js some-file.ts
import { transformSync } from '@swc/core';
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = context.conditions.includes('source') ? context.conditions : ['source', ...context.conditions];
    try {
      return nextResolve(specifier, { ...context, conditions });
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (error?.code === 'ERR_MODULE_NOT_FOUND' && relative && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, { ...context, conditions });
      }
      throw error;
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/'))
      return nextLoad(url, context);
    const filename = fileURLToPath(url);
    const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
    return { format: 'module', source: code, shortCircuit: true };
  },
});
