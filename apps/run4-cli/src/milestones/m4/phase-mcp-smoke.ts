import path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runCheck, type CheckRecord } from '@run4/checks';
import { describeOutcome, loadMcpConfig, McpConnection, resultJson, type ResolvedServer } from '@run4/mcp-probe';
import { parse as parseYaml } from 'yaml';
import type { Build1Role } from '@run4/schemas';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';

/** The stdio servers of the configured .mcp.json, wired to the deployed Contract Engine. */
export function m4Servers(ctx: PhaseContext, dataDir = path.join(ctx.workDir, 'mcp_data')): ResolvedServer[] {
  const contractEngine = roleUrl(ctx, 'contract_engine');
  // set in each server's environment: the .mcp.json stays plain for any MCP client
  const serverEnv = {
    RUN4_DATA_DIR: dataDir,
    ...(contractEngine ? { CONTRACT_ENGINE_URL: contractEngine } : {}),
  };
  return loadMcpConfig(ctx.config.mcp_config_path, { ...process.env, ...serverEnv }, { serverEnv });
}

/** The `.mcp.json` server playing a Build 1 role, per the stack profile. */
export function roleServer(ctx: PhaseContext, servers: readonly ResolvedServer[], role: Build1Role): ResolvedServer | undefined {
  const name = ctx.profile.build1.roles[role]?.mcp_server;
  return name ? servers.find((s) => s.name === name) : undefined;
}

/** A spec to smoke-test with: the sample app's first OpenAPI contract, or a minimal valid document of Run 4's own. */
function smokeSpec(ctx: PhaseContext): Record<string, unknown> {
  const first = Object.values(ctx.profile.sample_app.contracts).find((c) => c.openapi)?.openapi;
  return first ? (parseYaml(readFileSync(first, 'utf8')) as Record<string, unknown>) : { openapi: '3.1.0', info: { title: 'run4-smoke', version: '1.0.0' }, paths: {} };
}

type Call = { tool: string; args: (prev: Record<string, unknown>) => Record<string, unknown>; keep?: (body: unknown, prev: Record<string, unknown>) => void };

/**
 * Phase 2 (R4-M4-002): MCP smoke tests in the pipeline's context — architect
 * `decompose`; Contract Engine `validate_spec`, `create_contract` and
 * `get_contract`; Codebase Intelligence `register_artifact` and
 * `find_definition`. Every call must return a non-error result.
 */
export async function phaseMcpSmoke(ctx: PhaseContext): Promise<PhaseOutput> {
  const servers = m4Servers(ctx);
  const spec = smokeSpec(ctx);
  const prd = readFileSync(ctx.config.sample_prd_path, 'utf8');
  const probeFile = path.join(ctx.workDir, 'smoke', 'smoke-probe.ts');
  mkdirSync(path.dirname(probeFile), { recursive: true });
  writeFileSync(probeFile, '/** Indexed by the M4 smoke test. */\nexport function smokeProbe(input: string): string {\n  return input.trim();\n}\n');
  const plan: Record<Build1Role, Call[]> = {
    architect: [{ tool: 'decompose', args: () => ({ prd_text: prd }) }],
    contract_engine: [
      { tool: 'validate_spec', args: () => ({ spec, type: 'openapi' }) },
      {
        tool: 'create_contract',
        args: () => ({ service_name: 'run4-smoke', type: 'openapi', version: '1.0.0', spec, build_cycle_id: `m4-smoke-${ctx.runId}-${Date.now()}` }),
        keep: (body, prev) => {
          prev.contract_id = (body as { id?: string })?.id;
        },
      },
      { tool: 'get_contract', args: (prev) => ({ contract_id: prev.contract_id ?? 'missing' }) },
    ],
    codebase_intelligence: [
      { tool: 'register_artifact', args: () => ({ file_path: probeFile, service_name: 'run4-smoke' }) },
      { tool: 'find_definition', args: () => ({ symbol: 'smokeProbe' }) },
    ],
  };
  const checks: CheckRecord[] = [];
  for (const [role, calls] of Object.entries(plan) as [Build1Role, Call[]][]) {
    const server = roleServer(ctx, servers, role);
    checks.push(
      await runCheck({ id: `m4.mcp-smoke.${role.replaceAll('_', '-')}`, name: `${role} MCP smoke: ${calls.map((c) => c.tool).join(', ')}`, requirementIds: ['R4-M4-002'] }, async () => {
        if (!server) return { status: 'FAIL', evidence: roleMissing(ctx, role, 'mcp') };
        const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_first_start_timeout_ms, signal: ctx.signal });
        try {
          const prev: Record<string, unknown> = {};
          const seen: string[] = [];
          for (const call of calls) {
            const outcome = await conn.callTool(call.tool, call.args(prev), ctx.config.mcp_tool_timeout_ms, ctx.signal);
            if (outcome.kind !== 'result' || outcome.result.isError) return { status: 'FAIL', evidence: `${call.tool}: ${describeOutcome(outcome)}` };
            const body = resultJson(outcome.result);
            if (body === null || body === undefined || body === '') return { status: 'FAIL', evidence: `${call.tool} returned an empty result` };
            call.keep?.(body, prev);
            seen.push(`${call.tool} ${Math.round(outcome.ms)} ms`);
          }
          return { status: 'PASS', evidence: seen.join('; ') };
        } finally {
          await conn.close();
        }
      }),
    );
  }
  const failed = checks.filter((c) => c.status === 'FAIL');
  // The seed's gate: every smoke test passes.
  return { checks, data: {}, ...(failed.length ? { gateFailed: `MCP smoke tests failed: ${failed.map((c) => c.id).join(', ')}` } : {}) };
}
