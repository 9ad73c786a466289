import { run4VitestConfig } from '../../vitest.shared';

// The fix loop against the real reference builder (apps/builder/dist/cli.js) and quality gate.
export default run4VitestConfig({
  include: ['test/**/*.integration.test.ts'],
  testTimeout: 300_000,
  fileParallelism: false,
});
