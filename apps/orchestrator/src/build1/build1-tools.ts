import { describeOutcome, loadMcpConfig, McpConnection, type ResolvedServer, resultJson } from '@run4/mcp-probe';
import type { SuperOrchestratorConfig } from '../config/config-schema.js';
import { OrchestratorInputError, PhaseError } from '../errors.js';

/** The Build 1 roles this orchestrator calls. */
export type Build1Role = 'architect' | 'contract_engine' | 'codebase_intelligence';

/**
 * Build 1 over MCP: the servers of the configured `.mcp.json`, one stdio
 * (or HTTP) session per role opened on first use with the official SDK
 * client (through @run4/mcp-probe's McpConnection), tool results parsed as
 * JSON. A failing call throws PhaseError with what the server answered:
 * unlike a verifier's retrying clients, the orchestrator must not go on
 * with a safe default.
 *
 * @example
 * const b1 = new Build1Tools(config);
 * try { const d = await b1.call('architect', 'decompose', { prd_text }); } finally { await b1.close(); }
 */
export class Build1Tools {
  private readonly servers: ResolvedServer[];
  private readonly config: SuperOrchestratorConfig;
  private readonly open = new Map<Build1Role, McpConnection>();
  private readonly signal: AbortSignal | undefined;

  constructor(config: SuperOrchestratorConfig, signal?: AbortSignal) {
    this.config = config;
    this.signal = signal;
    if (!config.mcp_config) throw new OrchestratorInputError('config field "mcp_config" is empty: set it to the .mcp.json that names Build 1\'s servers', 'mcp_config');
    // mcp_env: for `${VAR}` in the file, and set in each server's environment (RUN4_DATA_DIR for a plain .mcp.json)
    this.servers = loadMcpConfig(config.mcp_config, { ...process.env, ...config.mcp_env }, { serverEnv: config.mcp_env });
  }

  /** The .mcp.json entry of a role (by the name `mcp_servers` gives it). */
  server(role: Build1Role): ResolvedServer {
    const name = this.config.mcp_servers[role];
    const server = this.servers.find((s) => s.name === name);
    if (!server) {
      throw new OrchestratorInputError(
        `${this.config.mcp_config} has no server "${name}" for the ${role} role (servers: ${this.servers.map((s) => s.name).join(', ')}); set mcp_servers.${role}`,
        `mcp_servers.${role}`,
      );
    }
    return server;
  }

  private async connection(role: Build1Role): Promise<McpConnection> {
    const existing = this.open.get(role);
    if (existing && !existing.closed) return existing;
    const conn = await McpConnection.open(this.server(role), { startupTimeoutMs: 120_000, signal: this.signal, clientName: 'super-orchestrator' }).catch((cause: unknown) => {
      throw new PhaseError(role, (cause as Error).message, cause);
    });
    this.open.set(role, conn);
    return conn;
  }

  /** Call a tool and return its JSON answer (structuredContent when sent, else the text parsed). */
  async call(role: Build1Role, tool: string, args: Record<string, unknown>): Promise<unknown> {
    const conn = await this.connection(role);
    const outcome = await conn.callTool(tool, args, this.config.mcp_call_timeout * 1000, this.signal);
    if (outcome.kind !== 'result' || outcome.result.isError) {
      throw new PhaseError(role, `${this.server(role).name}.${tool} failed: ${describeOutcome(outcome)}`);
    }
    const structured = outcome.result.structuredContent as Record<string, unknown> | undefined;
    if (structured && !('result' in structured && Object.keys(structured).length === 1)) return structured;
    return resultJson(outcome.result);
  }

  /** Close every session (and stop the server processes). */
  async close(): Promise<void> {
    await Promise.all([...this.open.values()].map((c) => c.close()));
    this.open.clear();
  }
}
