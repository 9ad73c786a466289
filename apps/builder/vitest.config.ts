import { run4VitestConfig } from '../../vitest.shared';

// The builder's tests build services and start them as real processes:
// run the files one at a time (2 shared cores) with room for slow builds.
export default run4VitestConfig({ fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000 });
