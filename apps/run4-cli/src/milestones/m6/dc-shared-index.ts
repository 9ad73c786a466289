import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckRecord } from '@run4/checks';
import { loadMcpConfig, McpConnection, resultJson } from '@run4/mcp-probe';
import type { MilestoneContext } from '../types.js';

/**
 * Dark corner DC-3 (R4-M6-008): two writers indexing into the same
 * Codebase Intelligence index at once. Two codebase-intelligence MCP server
 * processes share one DATABASE_PATH and register different files
 * concurrently; a third session must then find the symbols of both, with
 * no call failing (no SQLITE_BUSY, no lost writes).
 */
export async function darkCornerSharedIndex(ctx: MilestoneContext): Promise<CheckRecord> {
  return runCheck({ id: 'm6.dark-corner.shared-index', name: 'two builders writing the same index at once', requirementIds: ['DC-3', 'R4-M6-008'] }, async () => {
    const dir = path.join(ctx.outputDir, 'm6', 'shared-index');
    const src = path.join(dir, 'src');
    mkdirSync(src, { recursive: true });
    const files: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (const w of ['a', 'b'] as const) {
      for (let i = 0; i < 8; i++) {
        const file = path.join(src, `${w}-module-${i}.ts`);
        writeFileSync(file, `/** Writer ${w}, module ${i}. */\nexport class Writer${w.toUpperCase()}Model${i} {\n  id = ${i};\n}\nexport function writer${w.toUpperCase()}Helper${i}(x: number): number {\n  return x + ${i};\n}\n`);
        files[w].push(file);
      }
    }
    const serverEnv = { RUN4_DATA_DIR: dir };
    const name = ctx.profile.build1.roles.codebase_intelligence?.mcp_server;
    const server = loadMcpConfig(ctx.config.mcp_config_path, { ...process.env, ...serverEnv }, { serverEnv }).find((s) => s.name === name);
    if (!server) return { status: 'FAIL', evidence: name ? `no "${name}" server (the codebase_intelligence role) in ${ctx.config.mcp_config_path}` : 'the stack profile maps no server to the codebase_intelligence role' };
    const open = () => McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_first_start_timeout_ms, signal: ctx.signal });
    // allSettled: when one server fails to start, the other must still be closed.
    const opened = await Promise.allSettled([open(), open()]);
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
      return { status: 'FAIL', evidence: `two servers on one index did not both start: ${(failed.reason as Error).message}` };
    }
    const [a, b] = opened.map((o) => (o as PromiseFulfilledResult<McpConnection>).value) as [McpConnection, McpConnection];
    const errors: string[] = [];
    try {
      const write = async (conn: McpConnection, list: string[], w: string) => {
        for (const file of list) {
          const out = await conn.callTool('register_artifact', { file_path: file, service_name: `writer-${w}` }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
          const body = out.kind === 'result' && !out.result.isError ? (resultJson(out.result) as { indexed?: boolean; errors?: string[] }) : null;
          if (!body?.indexed) errors.push(`${w}: ${path.basename(file)} not indexed`);
        }
      };
      await Promise.all([write(a, files.a, 'a'), write(b, files.b, 'b')]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const reader = await open();
    const missing: string[] = [];
    try {
      for (const w of ['A', 'B']) {
        for (let i = 0; i < 8; i++) {
          const symbol = `Writer${w}Model${i}`;
          const out = await reader.callTool('find_definition', { symbol }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
          const def = out.kind === 'result' && !out.result.isError ? (resultJson(out.result) as { file_path?: string } | null) : null;
          if (!def?.file_path) missing.push(symbol);
        }
      }
    } finally {
      await reader.close();
    }
    if (errors.length || missing.length) return { status: 'FAIL', evidence: `${errors.length} write errors (${errors.slice(0, 3).join('; ')}), ${missing.length} symbols lost (${missing.slice(0, 4).join(', ')})` };
    return { status: 'PASS', evidence: '2 server processes wrote 16 files concurrently into one symbols.db; all 16 classes found afterwards by a third session' };
  });
}
