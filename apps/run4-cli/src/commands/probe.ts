import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Run4Error } from '@run4/checks';
import { formatProbeJson, formatProbeJUnit, formatProbeText, loadMcpConfig, probeServers } from '@run4/mcp-probe';
import type { MilestoneContext } from '../milestones/types.js';
import { startContractEngineHttp } from '../milestones/m2/contract-engine-http.js';

export interface ProbeCommandOptions {
  mcpConfig?: string;
  server?: string[];
  profile?: 'build1' | 'auto';
  format?: 'text' | 'json' | 'junit';
}

/**
 * `run4 probe`: verify any MCP servers of a standard .mcp.json in one session
 * each, print the report, exit 1 on any FAIL. Server data (databases) go to
 * a scratch directory removed afterwards.
 *
 * @example
 * const code = await probeCommand(ctx, { mcpConfig: '.mcp.json', profile: 'auto', format: 'json' });
 */
export async function probeCommand(ctx: MilestoneContext, options: ProbeCommandOptions): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'json', 'junit'].includes(format)) throw new Run4Error(`--format: "${format}" is not one of text, json, junit`, { code: 'USAGE', exitCode: 2 });
  const file = path.resolve(options.mcpConfig ?? ctx.config.mcp_config_path);
  const profile = options.profile ?? (options.mcpConfig ? 'auto' : ctx.config.mcp_profile);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'run4-probe-'));
  ctx.cleanup.add('probe data', () => rmSync(dataDir, { recursive: true, force: true }));
  const contractEngineUrl = profile === 'build1' && file === ctx.config.mcp_config_path ? await startContractEngineHttp(ctx, dataDir) : null;
  const env = { ...process.env, RUN4_DATA_DIR: dataDir, ...(contractEngineUrl ? { CONTRACT_ENGINE_URL: contractEngineUrl } : {}) };
  const servers = loadMcpConfig(file, env);
  const report = await probeServers({
    servers,
    profile,
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
