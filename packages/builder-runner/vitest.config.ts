import { run4VitestConfig } from '../../vitest.shared';

// Unit tests use the fixture builders of test/fixtures; the reference-builder
// integration test has its own target (`integration`, config vitest.integration.config.ts).
export default run4VitestConfig({ exclude: ['**/node_modules/**', 'test/**/*.integration.test.ts'] });
