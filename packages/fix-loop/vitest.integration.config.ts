import { fileURLToPath } from 'node:url';
import { run4VitestConfig } from '../../vitest.shared';

// The fix loop against the real reference builder (apps/builder/dist/cli.js) and quality gate.
// Its JSON report gets its own file so it does not overwrite the unit-test report.
export default run4VitestConfig({
  include: ['test/**/*.integration.test.ts'],
  testTimeout: 300_000,
  fileParallelism: false,
  outputFile: { json: fileURLToPath(new URL('../../.test-results/fix-loop-integration.json', import.meta.url)) },
});
