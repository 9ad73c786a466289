import { run4VitestConfig } from '../../vitest.shared';

// Deploy tests start real processes and containers: one file at a time keeps
// the 2-core machine responsive and the port/engine usage predictable.
export default run4VitestConfig({ fileParallelism: false });
