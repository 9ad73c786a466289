import { run4VitestConfig } from '../../vitest.shared';

// Unit tests drive the loop with deterministic in-memory systems; the test with
// the real reference builder and quality gate has its own target
// (`integration`, config vitest.integration.config.ts).
export default run4VitestConfig({ exclude: ['**/node_modules/**', 'test/**/*.integration.test.ts'] });
