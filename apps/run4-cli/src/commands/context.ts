import { mkdirSync } from 'node:fs';
import { loadConfig, findInstallRoot, type Run4Config } from '../config/index.js';
import { CleanupRegistry } from '../milestones/cleanup.js';
import type { MilestoneContext, RunOptions } from '../milestones/types.js';
import { StateStore } from '../state/index.js';
import { Progress } from '../ui/progress.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  outputDir?: string;
  verbose?: boolean;
}

/**
 * Build the milestone context from global options: load and validate the
 * config (ConfigError → exit 2), create the output dir, open the state store.
 *
 * @example
 * const ctx = createContext({ verbose: true }, {}, new AbortController().signal);
 */
export function createContext(global: GlobalOptions, run: RunOptions, signal: AbortSignal): MilestoneContext & { config: Run4Config } {
  const installRoot = findInstallRoot();
  const { config, profile } = loadConfig({ configPath: global.config, outputDir: global.outputDir, installRoot });
  const progress = new Progress({ verbose: global.verbose });
  mkdirSync(config.output_dir, { recursive: true });
  const store = new StateStore(config.output_dir, {
    onCorrupt: (n) => progress.info(`RUN4_STATE.json was corrupt (${n.reason}); kept a copy at ${n.corruptCopy} and starting fresh`),
  });
  return { config, profile, store, outputDir: config.output_dir, installRoot, progress, signal, cleanup: new CleanupRegistry(), options: run };
}
