import { defineConfig } from 'tsup';

// The builder CLI: one ESM entry; runtime dependencies stay external
// (resolved from node_modules). The generated service's files are copied
// from ../templates at run time.
export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  dts: false,
  banner: { js: '#!/usr/bin/env node' },
});
