import { run4VitestConfig } from '../../vitest.shared';

// The orchestrator's tests spawn its bin, Build 1's MCP servers and builders
// as real processes: run the files one at a time (2 shared cores).
export default run4VitestConfig({ fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000 });
