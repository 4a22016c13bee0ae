// Jest runs the TypeScript sources as native ES modules (Nest 12 ships ESM only), transpiled by swc
// with legacy decorators and decorator metadata so Nest's dependency injection works as in the build.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.reliability-spec.ts', '**/*.security-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#domain/testing$': '<rootDir>/libs/domain/src/testing/index.ts',
    '^#event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^#read-models$': '<rootDir>/libs/read-models/src/index.ts',
    '^#messaging$': '<rootDir>/libs/messaging/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // Every HTTP exchange and relayed message of the suites is checked against the published contracts.
  setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
  testTimeout: 30000,
  // A suite left a handle open for a moment after the run (seen once in CI): exit when the run is done
  // rather than risk CI waiting on it. Finding that handle is an open issue.
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
