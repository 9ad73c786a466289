// Root ESLint flat config. Module boundaries follow DESIGN.md section 2:
// every package may import @run4/checks and @run4/schemas (leaves); beyond that only downstream of the
// data flow; reference apps (the system under test) import no @run4 package.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Which @run4 projects each project may import, by scope tag. */
export const allowedDependencies = {
  'scope:checks': [],
  'scope:schemas': [],
  'scope:mcp-probe': ['scope:checks', 'scope:schemas'],
  'scope:builder-runner': ['scope:checks', 'scope:schemas'],
  'scope:compose-kit': ['scope:checks', 'scope:schemas'],
  'scope:quality-gate': ['scope:checks', 'scope:schemas', 'scope:builder-runner', 'scope:compose-kit'],
  'scope:fix-loop': ['scope:checks', 'scope:schemas', 'scope:quality-gate', 'scope:builder-runner'],
  'scope:scoring': ['scope:checks', 'scope:schemas', 'scope:mcp-probe', 'scope:builder-runner', 'scope:compose-kit', 'scope:quality-gate', 'scope:fix-loop'],
  'scope:audit': ['scope:checks', 'scope:schemas', 'scope:scoring'],
  'scope:run4-cli': [
    'scope:checks', 'scope:schemas', 'scope:mcp-probe', 'scope:builder-runner', 'scope:compose-kit',
    'scope:quality-gate', 'scope:fix-loop', 'scope:scoring', 'scope:audit',
  ],
  'scope:foundation': [],
  'scope:builder': [],
  // Build 3 (reference super orchestrator) is assembled from the packages, as any user's tool could be.
  'scope:orchestrator': ['scope:checks', 'scope:mcp-probe', 'scope:builder-runner', 'scope:compose-kit', 'scope:quality-gate', 'scope:fix-loop'],
};

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', '**/*.d.ts', '**/generated/**', 'packages/quality-gate/test/corpus/*/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/src/**/*.ts', '**/test/**/*.ts', '**/bench/**/*.ts', '**/src/**/*.js', '**/test/**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Test data shared by the packages' own tests (the sample app's services), outside every project.
          allow: ['^(\\.\\./)+fixtures/tasktracker/services\\.js$'],
          depConstraints: [
            ...Object.entries(allowedDependencies).map(([sourceTag, allowed]) => ({
              sourceTag,
              onlyDependOnLibsWithTags: allowed.length > 0 ? allowed : ['scope:none'],
            })),
            { sourceTag: 'type:package', notDependOnLibsWithTags: ['type:cli', 'type:sut'] },
            { sourceTag: 'type:sut', notDependOnLibsWithTags: ['type:package', 'type:cli'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
];
