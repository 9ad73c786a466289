import { loadConfig, findInstallRoot, type Run4Config } from '../config/index.js';
import { observeDeploymentSpawns } from '@run4/compose-kit';
import { CleanupRegistry } from '../milestones/cleanup.js';
import type { MilestoneContext, RunOptions } from '../milestones/types.js';
import { checkOutputDir, OwnedProcesses, prepareOutputDir, recordOwnedChildren, StateCorruptError, StateStore, type RunOptionsRecord } from '../state/index.js';
import { Progress } from '../ui/progress.js';
import { liveViewFor } from '../ui/live-mode.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  outputDir?: string;
  verbose?: boolean;
  /** `false` with `--no-tty`: plain progress lines even on a terminal. */
  tty?: boolean;
}

/** A run's context: the milestone context plus how the run was started (recorded as `run_options`). */
export type RunContext = MilestoneContext & { config: Run4Config; runRecord: RunOptionsRecord; owned: OwnedProcesses };

/**
 * For `resume`: the options the run was started with (RUN4_STATE.json
 * `run_options`) fill in what the command line leaves out — backend,
 * planted codes, config file. An explicit flag still wins, and says so. A
 * corrupt state or one from a newer Run 4 is refused (exit 2), left as it is.
 */
function recordedOptions(global: GlobalOptions, run: RunOptions, installRoot: string, progress: Progress): { global: GlobalOptions; run: RunOptions } {
  const { config } = loadConfig({ configPath: global.config, outputDir: global.outputDir, installRoot });
  if (!checkOutputDir(config.output_dir, '--output-dir')) return { global, run };
  // a state from a newer Run 4 throws here (exit 2): resume never reinterprets it
  const store = new StateStore(config.output_dir);
  const state = store.load();
  // nor does it start over silently from one it cannot read: what it would continue is unknown
  if (store.lastCorruption) throw new StateCorruptError(store.file, store.lastCorruption, 'resume');
  const recorded = state?.run_options;
  if (!recorded) return { global, run };
  const next = { global: { ...global, outputDir: config.output_dir }, run: { ...run } };
  if (!global.config && recorded.config_path) next.global.config = recorded.config_path;
  else if (global.config && recorded.config_path !== undefined) progress.info(`resume: --config ${global.config} replaces the run's ${recorded.config_path ?? 'built-in defaults'}`);
  if (run.backend === undefined) next.run.backend = recorded.backend;
  else if (recorded.backend && run.backend !== recorded.backend) progress.info(`resume: --backend ${run.backend} replaces the run's ${recorded.backend}`);
  if (run.plant === undefined) next.run.plant = recorded.plant;
  return next;
}

/**
 * Build the milestone context from global options: load and validate the
 * config (ConfigError → exit 2), create the output dir and prove it
 * writable (OutputPathError → exit 2), open the state store. With
 * `resume`, the run's recorded options fill in what the flags leave out.
 *
 * @example
 * const ctx = createContext({ verbose: true }, {}, new AbortController().signal);
 */
export function createContext(global: GlobalOptions, run: RunOptions, signal: AbortSignal, mode: { resume?: boolean } = {}): RunContext {
  const installRoot = findInstallRoot();
  const progress = new Progress({ verbose: global.verbose, live: liveViewFor({ stream: process.stderr, env: process.env, tty: global.tty }) });
  signal.addEventListener('abort', () => progress.interrupted(), { once: true });
  const effective = mode.resume ? recordedOptions(global, run, installRoot, progress) : { global, run };
  const { config, profile, source } = loadConfig({ configPath: effective.global.config, outputDir: effective.global.outputDir, installRoot });
  prepareOutputDir(config.output_dir);
  const store = new StateStore(config.output_dir, {
    onCorrupt: (n) => progress.info(`RUN4_STATE.json was corrupt (${n.reason}); kept a copy at ${n.corruptCopy} and starting fresh`),
  });
  const runRecord: RunOptionsRecord = {
    ...(effective.run.backend ? { backend: effective.run.backend } : {}),
    ...(effective.run.plant ? { plant: effective.run.plant } : {}),
    config_path: source,
  };
  return {
    config, profile, store, outputDir: config.output_dir, installRoot, progress, signal, cleanup: new CleanupRegistry(), options: effective.run,
    runRecord, owned: new OwnedProcesses(config.output_dir),
  };
}

/**
 * Before a run starts anything: reap what a killed run left in this output
 * directory (owned.json), then record everything this run starts: every
 * child process (builders, MCP servers, tools) and its descendants, the
 * process groups and compose projects of its deployments. Returns the
 * function that stops recording.
 *
 * @example
 * const stop = await adoptOwnership(ctx); try { ... } finally { stop(); }
 */
export async function adoptOwnership(ctx: RunContext): Promise<() => void> {
  const report = await ctx.owned.reap({ onProgress: (line) => ctx.progress.info(line) });
  if (report.killed.length + report.composeProjects.length > 0) {
    ctx.progress.info(`reaped ${report.killed.length} process(es) and ${report.composeProjects.length} compose project(s) a previous run left behind`);
  }
  for (const k of report.kept) ctx.progress.info(`left ${k.entry}: ${k.reason}`);
  const stopDeployments = observeDeploymentSpawns((notice) => ctx.owned.record(notice));
  const stopChildren = recordOwnedChildren(ctx.owned, { onError: (line) => ctx.progress.info(line) });
  return () => {
    stopChildren();
    stopDeployments();
  };
}
