import { McpConnection } from '../connection.js';
import type { ResolvedServer } from '../mcp-config.js';
import { describeOutcome, resultJson } from '../tool-result.js';

/** One contract to register for a service (seed 001 `create_contract`). */
export interface ContractToRegister {
  service_name: string;
  type: 'openapi' | 'asyncapi';
  version: string;
  spec: Record<string, unknown>;
}

/** What the engine answered for one contract: its id, or why none. */
export interface RegisteredContract {
  service_name: string;
  type: string;
  id?: string;
  error?: string;
}

/**
 * Register contracts with a Contract Engine over MCP (`create_contract`), as
 * a Build 3 contract phase does before its builders start, so that a
 * Build 2 has something to fetch. Opens one session and closes it.
 *
 * @example
 * const ids = await registerContracts(server, [{ service_name: 'accounts-api', type: 'openapi', version: '1.0.0', spec }], { timeoutMs: 30_000 });
 */
export async function registerContracts(
  server: ResolvedServer,
  contracts: readonly ContractToRegister[],
  options: { timeoutMs: number; buildCycleId?: string; signal?: AbortSignal },
): Promise<RegisteredContract[]> {
  const connection = await McpConnection.open(server, { startupTimeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  try {
    const out: RegisteredContract[] = [];
    for (const c of contracts) {
      const outcome = await connection.callTool('create_contract', { ...c, ...(options.buildCycleId ? { build_cycle_id: options.buildCycleId } : {}) }, options.timeoutMs, options.signal);
      const body = outcome.kind === 'result' && !outcome.result.isError ? (resultJson(outcome.result) as { id?: unknown } | undefined) : undefined;
      const id = typeof body?.id === 'string' ? body.id : undefined;
      out.push({ service_name: c.service_name, type: c.type, ...(id ? { id } : { error: describeOutcome(outcome) }) });
    }
    return out;
  } finally {
    await connection.close();
  }
}
