import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckRecord } from '@run4/checks';
import type { Build1Role } from '@run4/schemas';
import { parse as parseYaml } from 'yaml';
import { McpConnection } from '../connection.js';
import type { ResolvedServer } from '../mcp-config.js';
import { describeOutcome, resultJson } from '../tool-result.js';

/** Where a pipeline's Build 1 servers are and how long to wait for them. */
export interface Build1SessionOptions {
  /** The `.mcp.json` server playing each role (missing: the role cannot be reached). */
  servers: Partial<Record<Build1Role, ResolvedServer>>;
  /** Evidence for a role without a server (why it cannot be reached). */
  unavailable: (role: Build1Role) => string;
  startupTimeoutMs: number;
  callTimeoutMs: number;
  signal?: AbortSignal;
}

export interface Build1SmokeOptions extends Build1SessionOptions {
  /** The OpenAPI file to smoke-test the Contract Engine with (default: a minimal valid document). */
  openapiFile?: string;
  prdText: string;
  /** A directory for the source file Codebase Intelligence indexes. */
  scratchDir: string;
  /** The build cycle id of the contract the smoke test creates. */
  buildCycleId: string;
}

type Call = { tool: string; args: (prev: Record<string, unknown>) => Record<string, unknown>; keep?: (body: unknown, prev: Record<string, unknown>) => void };

/** A spec to smoke-test with: the given OpenAPI file, or a minimal valid document of Run 4's own. */
function smokeSpec(file: string | undefined): Record<string, unknown> {
  return file ? (parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>) : { openapi: '3.1.0', info: { title: 'run4-smoke', version: '1.0.0' }, paths: {} };
}

/**
 * MCP smoke tests of the three Build 1 servers in a pipeline's context
 * (R4-M4-002): architect `decompose`; Contract Engine `validate_spec`,
 * `create_contract` and `get_contract`; Codebase Intelligence
 * `register_artifact` and `find_definition`. Every call must return a
 * non-error, non-empty result; the seed's gate is every check passing.
 *
 * @example
 * const { checks, gateFailed } = await checkBuild1Smoke({ servers, unavailable: (r) => `no ${r}`, prdText, scratchDir, buildCycleId: 'smoke-1', startupTimeoutMs: 30_000, callTimeoutMs: 30_000 });
 */
export async function checkBuild1Smoke(options: Build1SmokeOptions): Promise<{ checks: CheckRecord[]; gateFailed?: string }> {
  const spec = smokeSpec(options.openapiFile);
  const probeFile = path.join(options.scratchDir, 'smoke-probe.ts');
  mkdirSync(path.dirname(probeFile), { recursive: true });
  writeFileSync(probeFile, '/** Indexed by the Build 1 smoke test. */\nexport function smokeProbe(input: string): string {\n  return input.trim();\n}\n');
  const plan: Record<Build1Role, Call[]> = {
    architect: [{ tool: 'decompose', args: () => ({ prd_text: options.prdText }) }],
    contract_engine: [
      { tool: 'validate_spec', args: () => ({ spec, type: 'openapi' }) },
      {
        tool: 'create_contract',
        args: () => ({ service_name: 'run4-smoke', type: 'openapi', version: '1.0.0', spec, build_cycle_id: options.buildCycleId }),
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
    const server = options.servers[role];
    checks.push(
      await runCheck({ id: `m4.mcp-smoke.${role.replaceAll('_', '-')}`, name: `${role} MCP smoke: ${calls.map((c) => c.tool).join(', ')}`, requirementIds: ['R4-M4-002'] }, async () => {
        if (!server) return { status: 'FAIL', evidence: options.unavailable(role) };
        const conn = await McpConnection.open(server, { startupTimeoutMs: options.startupTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
        try {
          const prev: Record<string, unknown> = {};
          const seen: string[] = [];
          for (const call of calls) {
            const outcome = await conn.callTool(call.tool, call.args(prev), options.callTimeoutMs, options.signal);
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
  return { checks, ...(failed.length ? { gateFailed: `MCP smoke tests failed: ${failed.map((c) => c.id).join(', ')}` } : {}) };
}
