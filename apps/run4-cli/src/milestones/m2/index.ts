import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { formatProbeJson, loadMcpConfig, probeServers, runClientChecks, toM2StateFields } from '@run4/mcp-probe';
import { milestoneStatus, type Milestone } from '../types.js';
import { startContractEngineHttp } from './contract-engine-http.js';

export const M2_RESULTS_FILE = 'm2_mcp_results.json';

/**
 * M2: Build 1 → Build 2 MCP wiring (seed 001 R4-M2-001..008). Probes every
 * server of the configured `.mcp.json` in one session each (handshake,
 * inventory, round trips, lifecycle, latency, cross-server), checks the
 * Build 2 client wrappers against the same live servers, writes
 * m2_mcp_results.json and the state's mcp_health, mcp_tool_results and
 * b1_b2_wiring_passed.
 *
 * @example
 * const result = await m2(ctx);
 */
export const m2: Milestone = async (ctx) => {
  const { config, progress } = ctx;
  const dataDir = path.join(ctx.outputDir, 'm2_data');
  progress.phase(2, 'start the Contract Engine HTTP API (architect dependency)');
  const contractEngineUrl = await startContractEngineHttp(ctx, dataDir);
  const env = { ...process.env, RUN4_DATA_DIR: dataDir, ...(contractEngineUrl ? { CONTRACT_ENGINE_URL: contractEngineUrl } : {}) };
  const servers = loadMcpConfig(config.mcp_config_path, env);
  progress.phase(2, `probe ${servers.map((s) => s.name).join(', ')} (profile ${config.mcp_profile})`);
  const report = await probeServers({
    servers,
    profile: config.mcp_profile,
    timeouts: { startupMs: config.mcp_startup_timeout_ms, firstStartMs: config.mcp_first_start_timeout_ms, callMs: config.mcp_tool_timeout_ms },
    prdText: readFileSync(config.sample_prd_path, 'utf8'),
    signal: ctx.signal,
    onProgress: (event) => {
      if (event.type === 'server-start') progress.detail(`${event.server}: starting`);
      else if (event.type === 'check') progress.check(event.check);
      else progress.info(`${event.server}: ${event.status}`);
    },
  });
  const file = path.join(ctx.outputDir, M2_RESULTS_FILE);
  writeFileSync(`${file}.tmp`, formatProbeJson(report));
  renameSync(`${file}.tmp`, file);
  const fields = toM2StateFields(report);
  await ctx.store.update((s) => {
    s.mcp_health = fields.mcp_health;
    s.mcp_tool_results = fields.mcp_tool_results;
    s.b1_b2_wiring_passed = fields.b1_b2_wiring_passed;
    s.current_phase = 'm2:probed';
  });
  progress.phase(2, 'Build 2 client wrappers against the live servers (typed results, safe defaults, retries, fallbacks)');
  const clientChecks = await runClientChecks({
    servers,
    workDir: path.join(ctx.outputDir, 'm2_clients'),
    prdText: readFileSync(config.sample_prd_path, 'utf8'),
    timeouts: { startupMs: config.mcp_first_start_timeout_ms, callMs: config.mcp_tool_timeout_ms },
    signal: ctx.signal,
    onProgress: (e) => progress.check(e.check),
  });
  const checks = [...report.checks, ...clientChecks];
  const status = milestoneStatus(checks);
  const healthy = Object.values(fields.mcp_health).filter((h) => h.status === 'healthy').length;
  return {
    milestone: 2,
    status,
    checks,
    artifacts: { m2_mcp_results: file },
    message: `${healthy}/${servers.length} servers healthy; ${checks.filter((c) => c.status === 'PASS').length}/${checks.length} checks passed; b1_b2_wiring_passed=${fields.b1_b2_wiring_passed}`,
  };
};
