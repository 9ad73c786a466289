import path from 'node:path';
import { sharedIndexExercise, type ToolSession } from '@run4/audit';
import type { CheckRecord } from '@run4/checks';
import { loadMcpConfig, McpConnection, resultJson } from '@run4/mcp-probe';
import type { MilestoneContext } from '../types.js';

/**
 * Dark corner DC-3 (R4-M6-008), judged by @run4/audit's
 * `sharedIndexExercise`: two processes of the stack's codebase_intelligence
 * server share one RUN4_DATA_DIR (so one database) and index at once.
 *
 * @example
 * const rec = await darkCornerSharedIndex(ctx);
 */
export function darkCornerSharedIndex(ctx: MilestoneContext): Promise<CheckRecord> {
  const dir = path.join(ctx.outputDir, 'm6', 'shared-index');
  const { config, signal } = ctx;
  const serverEnv = { RUN4_DATA_DIR: dir };
  const name = ctx.profile.build1.roles.codebase_intelligence?.mcp_server;
  let server: ReturnType<typeof loadMcpConfig>[number] | undefined;
  const find = () => (server ??= loadMcpConfig(config.mcp_config_path, { ...process.env, ...serverEnv }, { serverEnv }).find((s) => s.name === name));
  const open = async (): Promise<ToolSession> => {
    const conn = await McpConnection.open(find()!, { startupTimeoutMs: config.mcp_first_start_timeout_ms, signal });
    return {
      call: async (tool, args) => {
        const out = await conn.callTool(tool, args, config.mcp_tool_timeout_ms, signal);
        return out.kind === 'result' && !out.result.isError ? resultJson(out.result) : null;
      },
      close: () => conn.close(),
    };
  };
  const unavailable = () => (find() ? null : name ? `no "${name}" server (the codebase_intelligence role) in ${config.mcp_config_path}` : 'the stack profile maps no server to the codebase_intelligence role');
  return sharedIndexExercise({ id: 'm6.dark-corner.shared-index', dir, sessions: { unavailable, open } });
}
