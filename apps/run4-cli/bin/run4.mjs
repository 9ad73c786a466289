#!/usr/bin/env node
// The `run4` command that npm links into node_modules/.bin (`npx run4` in the
// workspace). It is committed, so `npm ci` can link it before anything is
// built; it runs the built CLI, dist/main.js, or says in one line how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `run4: the CLI is not built yet (${fileURLToPath(main)} is missing); build it with: NX_DAEMON=false NX_NO_CLOUD=true npx nx run run4-cli:build\n`,
  );
  process.exit(2);
}
await import(main.href);
