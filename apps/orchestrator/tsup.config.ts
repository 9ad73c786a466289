import { defineConfig } from 'tsup';

// The super-orchestrator bin bundles the @run4 packages from their sources
// (the `@run4/source` export condition), as run4-cli does; every other bare
// import (npm packages, node: builtins) stays external.
export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  dts: false,
  noExternal: [/^@run4\//],
  external: [/^(?!@run4\/)[^./]/],
  banner: { js: '#!/usr/bin/env node' },
  esbuildOptions(options) {
    options.conditions = ['@run4/source', 'import', 'node'];
  },
});
