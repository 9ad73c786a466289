import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { byRole, checkRoleMapping, formatProbeJson, loadMcpConfig, probeServers, serverOfRole } from '@run4/mcp-probe';
import { toM2StateFields } from './state-fields.js';
import { build2ClientChecks } from './build2-clients.js';
import { milestoneStatus, type Milestone } from '../types.js';
import { startContractEngineHttp } from './contract-engine-http.js';

export const M2_RESULTS_FILE = 'm2_mcp_results.json';

/**
 * M2: Build 1 → Build 2 MCP wiring (seed 001 R4-M2-001..008). Probes every
 * server of the configured `.mcp.json` in one session each (handshake,
 * inventory, round trips, lifecycle, latency, cross-server), runs the
 * stack's own Build 2 through the interposer in front of the same servers
 * (its MCP clients judged from the traces: build2-clients.ts), writes
 * m2_mcp_results.json and the state's mcp_health, mcp_tool_results and
 * b1_b2_wiring_passed (the probe's functional checks and every Build 2
 * client check passed).
 *
 * @example
 * const result = await m2(ctx);
 */
export const m2: Milestone = async (ctx) => {
  const { config, progress } = ctx;
  const dataDir = path.join(ctx.outputDir, 'm2_data');
  progress.phase(2, 'start the Contract Engine HTTP API (architect dependency)');
  const contractEngine = await startContractEngineHttp(ctx);
  // set in each server's environment: the .mcp.json stays plain for any MCP client
  const serverEnv = { RUN4_DATA_DIR: dataDir, ...(contractEngine ? { CONTRACT_ENGINE_URL: contractEngine.url } : {}) };
  const configured = loadMcpConfig(config.mcp_config_path, { ...process.env, ...serverEnv }, { serverEnv });
  const { servers, names, ...mapping } = byRole(configured, ctx.profile);
  progress.phase(2, `probe ${servers.map((s) => names[s.name] ?? s.name).join(', ')} (profile ${config.mcp_profile})`);
  const report = await probeServers({
    servers,
    callTools: config.probe_call_tools,
    ...(contractEngine ? { crossServerServices: [contractEngine.service] } : {}),
    profile: config.mcp_profile,
    timeouts: { startupMs: config.mcp_startup_timeout_ms, firstStartMs: config.mcp_first_start_timeout_ms, callMs: config.mcp_tool_timeout_ms },
    prdText: readFileSync(config.sample_prd_path, 'utf8'),
    signal: ctx.signal,
    onProgress: (event) => {
      if (event.type === 'server-start') {
        progress.row({ milestone: 2, kind: 'server', name: event.server, status: 'running' });
        progress.detail(`${event.server}: starting`);
      } else if (event.type === 'check') progress.check(event.check);
      else {
        progress.row({ milestone: 2, kind: 'server', name: event.server, status: event.status === 'healthy' ? 'passed' : 'failed', detail: event.status });
        progress.info(`${event.server}: ${event.status}`);
      }
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
  // Build 2's MCP clients, observed from outside: the stack's own builder runs through the interposer.
  const clientChecks = await build2ClientChecks(ctx, {
    contract_engine: serverOfRole(servers, 'contract_engine'),
    codebase_intelligence: serverOfRole(servers, 'codebase_intelligence'),
  });
  // The Build 1 → Build 2 wiring holds when the servers answer and Build 2 really uses them.
  const wired = fields.b1_b2_wiring_passed && clientChecks.every((c) => c.status === 'PASS');
  await ctx.store.update((s) => {
    s.b1_b2_wiring_passed = wired;
    s.current_phase = 'm2:build2-clients';
  });
  const checks = [checkRoleMapping({ names, ...mapping }), ...report.checks, ...clientChecks];
  const status = milestoneStatus(checks);
  const healthy = Object.values(fields.mcp_health).filter((h) => h.status === 'healthy').length;
  return {
    milestone: 2,
    status,
    checks,
    artifacts: { m2_mcp_results: file },
    message: `${healthy}/${servers.length} servers healthy; ${checks.filter((c) => c.status === 'PASS').length}/${checks.length} checks passed; b1_b2_wiring_passed=${wired}`,
  };
};
