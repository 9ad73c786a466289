import { defineConfig } from 'tsup';

// The CLI bundles the @run4 packages from their sources (the `@run4/source`
// export condition) so `nx run run4-cli:m1` needs only this one build.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  // main.ts imports each command with `await import()`; splitting keeps those
  // (and the packages only they use) in chunks of their own, loaded on demand.
  splitting: true,
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  noExternal: [/^@run4\//],
  // Every other bare import (npm packages, node: builtins) stays external and
  // resolves from node_modules at run time.
  external: [/^(?!@run4\/)[^./]/],
  banner: { js: '#!/usr/bin/env node' },
  esbuildOptions(options) {
    options.conditions = ['@run4/source', 'import', 'node'];
  },
});
