// Type-checked typescript-eslint rules everywhere, and a purity rule for libs/domain: no Nest, no
// I/O, no clock, no randomness, no environment. Time reaches the domain only in a command.
import tseslint from 'typescript-eslint';

const impure = 'libs/domain is pure';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.bench-data/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'test/kafka/**/*.c',
      // Generated from the OpenAPI document (npm run console:api); test/console/console-api.e2e-spec.ts guards it.
      'apps/console/src/api/schema.d.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest decorators and class-validator DTOs rely on classes with only decorated properties.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Prettier wraps code at 120; this catches what it cannot wrap (strings, comments, test names).
      'max-len': ['error', { code: 120, tabWidth: 2 }],
    },
  },
  {
    // A function reads at once: 70 lines at most, blank lines and comments not counted. Tests are exempt
    // (a describe block holds many cases).
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'bench/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**'],
    rules: { 'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true }] },
  },
  {
    // SQLite 3.54 plans a statement again at every run when a bare parameter is a LIMIT, an OFFSET or a LIKE
    // pattern, or is compared to a column by = in a statement with an ORDER BY: its planner reads the value bound
    // there (docs/decisions.md, "Read-model queries compiled once"). This rule catches the first three.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['Literal[value', 'TemplateElement[value.raw'].map((node) => ({
          selector: `${node}=/\\b(LIMIT|OFFSET|LIKE) \\?/i]`,
          message: 'SQL: cast a LIMIT, OFFSET or LIKE parameter (CAST(? AS INTEGER), CAST(? AS TEXT))',
        })),
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['libs/domain/src/**/*.spec.ts', 'libs/domain/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: `${impure}: no Nest` },
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'path',
                'http',
                'https',
                'net',
                'child_process',
                'crypto',
                'os',
                'better-sqlite3',
                'kafkajs',
                '@eventstore/*',
                '#event-store',
                '#read-models',
                '#messaging',
              ],
              message: `${impure}: no I/O or infrastructure`,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `${impure}: no clock; time comes in command.metadata.now`,
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: `${impure}: no clock; time comes in command.metadata.now`,
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: `${impure}: no randomness`,
        },
        { selector: "MemberExpression[object.name='process']", message: `${impure}: no process or environment` },
        {
          selector: "CallExpression[callee.property.name='toNumber']",
          message: 'money never passes through a JS number',
        },
      ],
    },
  },
);
