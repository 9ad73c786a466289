import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Run4Error } from '@run4/checks';
import { formatProbeJson, formatProbeJUnit, formatProbeText, loadMcpConfig, parseCallTools, probeServers, type CallToolsPolicy } from '@run4/mcp-probe';
import { findInstallRoot, loadConfig } from '../config/index.js';
import { CleanupRegistry } from '../milestones/cleanup.js';
import type { MilestoneContext } from '../milestones/types.js';
import { startContractEngineHttp } from '../milestones/m2/contract-engine-http.js';
import { StateStore } from '../state/index.js';
import { Progress } from '../ui/progress.js';
import type { GlobalOptions } from './context.js';

export interface ProbeCommandOptions {
  mcpConfig?: string;
  server?: string[];
  profile?: 'build1' | 'auto';
  format?: 'text' | 'json' | 'junit';
  /** `safe` (default), `all`, or comma-separated `tool` / `server/tool` names to call although they may write. */
  callTools?: string;
}

/** Exit codes of an interrupted probe (128 + signal number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function callToolsPolicy(ctx: MilestoneContext, option: string | undefined): CallToolsPolicy {
  if (option !== undefined) return parseCallTools(option);
  return ctx.config.probe_call_tools ?? 'safe';
}

/**
 * `run4 probe`: verify any MCP servers of a standard .mcp.json in one session
 * each, print the report, exit 1 on any FAIL. Only tools annotated read-only
 * or covered by the profile are called unless `callTools` opts others in.
 * Server data (databases) go to a scratch directory removed afterwards.
 *
 * @example
 * const code = await probeCommand(ctx, { mcpConfig: '.mcp.json', profile: 'auto', format: 'json' });
 */
export async function probeCommand(ctx: MilestoneContext, options: ProbeCommandOptions): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'json', 'junit'].includes(format)) throw new Run4Error(`--format: "${format}" is not one of text, json, junit`, { code: 'USAGE', exitCode: 2 });
  const callTools = callToolsPolicy(ctx, options.callTools);
  const file = path.resolve(options.mcpConfig ?? ctx.config.mcp_config_path);
  const profile = options.profile ?? (options.mcpConfig ? 'auto' : ctx.config.mcp_profile);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'run4-probe-'));
  ctx.cleanup.add('probe data', () => rmSync(dataDir, { recursive: true, force: true }));
  const contractEngine = profile === 'build1' && file === ctx.config.mcp_config_path ? await startContractEngineHttp(ctx) : null;
  // set in each server's environment: the .mcp.json stays plain for any MCP client
  const serverEnv = { RUN4_DATA_DIR: dataDir, ...(contractEngine ? { CONTRACT_ENGINE_URL: contractEngine.url } : {}) };
  const servers = loadMcpConfig(file, { ...process.env, ...serverEnv }, { serverEnv });
  const report = await probeServers({
    servers,
    profile,
    callTools,
    ...(contractEngine ? { crossServerServices: [contractEngine.service] } : {}),
    ...(options.server?.length ? { serverFilter: options.server } : {}),
    timeouts: { startupMs: ctx.config.mcp_startup_timeout_ms, firstStartMs: ctx.config.mcp_first_start_timeout_ms, callMs: ctx.config.mcp_tool_timeout_ms },
    ...(profile === 'build1' ? { prdText: readFileSync(ctx.config.sample_prd_path, 'utf8') } : {}),
    signal: ctx.signal,
    onProgress: (e) => {
      if (e.type === 'check') ctx.progress.check(e.check);
      else if (e.type === 'server-done') ctx.progress.info(`${e.server}: ${e.status}`);
      else ctx.progress.detail(`${e.server}: starting`);
    },
  });
  const out = format === 'json' ? formatProbeJson(report) : format === 'junit' ? formatProbeJUnit(report) : formatProbeText(report);
  process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  return report.checks.some((c) => c.status === 'FAIL') ? 1 : 0;
}

/**
 * The `run4 probe` entry point: its own context that never writes
 * RUN4_STATE.json (a probe is not a run), and its own SIGINT / SIGTERM
 * handling: abort the probe, let it close every server session (each
 * server's whole process group is ended) and remove its temporary
 * directories, then exit 130 / 143. A second signal exits at once; the
 * probe library still kills every server group on exit.
 *
 * @example
 * process.exitCode = await runProbe({ verbose: true }, { mcpConfig: '.mcp.json', callTools: 'safe' });
 */
export async function runProbe(global: GlobalOptions, options: ProbeCommandOptions): Promise<number> {
  const controller = new AbortController();
  const installRoot = findInstallRoot();
  const { config, profile } = loadConfig({ configPath: global.config, outputDir: global.outputDir, installRoot });
  const progress = new Progress({ verbose: global.verbose });
  const cleanup = new CleanupRegistry();
  // the store is never written by the probe; MilestoneContext just carries one
  const ctx: MilestoneContext = { config, profile, store: new StateStore(config.output_dir), outputDir: config.output_dir, installRoot, progress, signal: controller.signal, cleanup, options: {} };
  let caught: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT[signal] ?? 130;
    if (caught) process.exit(code);
    caught = signal;
    progress.info(`${signal} received: stopping the probe, ending its servers and removing its temporary files (press again to exit at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
    const timer = setTimeout(() => process.exit(code), 30_000);
    timer.unref();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const code = await probeCommand(ctx, options);
    return caught ? (SIGNAL_EXIT[caught] ?? 130) : code;
  } finally {
    for (const e of await cleanup.runAll()) progress.info(`teardown: ${e}`);
    for (const s of signals) process.off(s, onSignal);
  }
}
