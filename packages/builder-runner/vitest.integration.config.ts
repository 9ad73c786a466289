import { run4VitestConfig } from '../../vitest.shared';

// Integration with the real reference builder (apps/builder/dist/cli.js).
export default run4VitestConfig({
  include: ['test/**/*.integration.test.ts'],
  testTimeout: 300_000,
  fileParallelism: false,
});
