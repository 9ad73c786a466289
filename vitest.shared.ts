import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Shared Vitest settings for every project: resolve workspace packages from
 * their TypeScript sources (the `@run4/source` export condition) so tests
 * never need a prior build, and keep long-running integration tests honest
 * with explicit timeouts instead of the 5 s default. The defaults are
 * generous (2 min a test, 5 min a hook): CI runs on 2 busy cores, and a
 * test waits for its condition rather than racing a short deadline.
 */
export function run4VitestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@run4/source', 'node', 'development|production'] },
    ssr: { resolve: { conditions: ['@run4/source', 'node', 'development|production'] } },
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 300_000,
      // The JSON report feeds the closing line of tools/test.sh (tools/test-summary.mjs).
      reporters: ['default', 'json'],
      outputFile: { json: path.join(path.dirname(fileURLToPath(import.meta.url)), '.test-results', `${path.basename(process.cwd())}.json`) },
      ...overrides,
    },
  });
}
