import path from 'node:path';
import { readFileSync } from 'node:fs';
import { checkBuild1Smoke, loadMcpConfig, profileRoleServer, type Build1SessionOptions, type ResolvedServer } from '@run4/mcp-probe';
import { BUILD1_ROLES, type Build1Role } from '@run4/schemas';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';

/** The stdio servers of the configured .mcp.json, wired to the deployed Contract Engine. */
export function m4Servers(ctx: PhaseContext, dataDir = path.join(ctx.workDir, 'mcp_data')): ResolvedServer[] {
  const contractEngine = roleUrl(ctx, 'contract_engine');
  // set in each server's environment: the .mcp.json stays plain for any MCP client
  const serverEnv = { RUN4_DATA_DIR: dataDir, ...(contractEngine ? { CONTRACT_ENGINE_URL: contractEngine } : {}) };
  return loadMcpConfig(ctx.config.mcp_config_path, { ...process.env, ...serverEnv }, { serverEnv });
}

/** The `.mcp.json` server playing a Build 1 role, per the stack profile. */
export function roleServer(ctx: PhaseContext, servers: readonly ResolvedServer[], role: Build1Role): ResolvedServer | undefined {
  return profileRoleServer(ctx.profile, servers, role);
}

/** The Build 1 MCP servers of the pipeline (per role) and the run's deadlines, for mcp-probe's pipeline checks. */
export function build1Session(ctx: PhaseContext, startupTimeoutMs: number): Build1SessionOptions {
  const servers = m4Servers(ctx);
  return {
    servers: Object.fromEntries(BUILD1_ROLES.map((role) => [role, roleServer(ctx, servers, role)])),
    unavailable: (role) => roleMissing(ctx, role, 'mcp'),
    startupTimeoutMs,
    callTimeoutMs: ctx.config.mcp_tool_timeout_ms,
    signal: ctx.signal,
  };
}

/**
 * Phase 2 (R4-M4-002): MCP smoke tests in the pipeline's context (mcp-probe
 * checkBuild1Smoke). Gate: every smoke test passes.
 */
export async function phaseMcpSmoke(ctx: PhaseContext): Promise<PhaseOutput> {
  const { checks, gateFailed } = await checkBuild1Smoke({
    ...build1Session(ctx, ctx.config.mcp_first_start_timeout_ms),
    openapiFile: Object.values(ctx.profile.sample_app.contracts).find((c) => c.openapi)?.openapi,
    prdText: readFileSync(ctx.config.sample_prd_path, 'utf8'),
    scratchDir: path.join(ctx.workDir, 'smoke'),
    buildCycleId: `m4-smoke-${ctx.runId}-${Date.now()}`,
  });
  return { checks, data: {}, ...(gateFailed ? { gateFailed } : {}) };
}
