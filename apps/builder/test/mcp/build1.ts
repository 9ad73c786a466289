import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** The reference Build 1 (apps/foundation): its .mcp.json and built servers. */
export const FOUNDATION = resolve(import.meta.dirname, '../../../foundation');
export const FOUNDATION_MCP_JSON = join(FOUNDATION, '.mcp.json');
const ENTRIES = { 'contract-engine': 'dist/contract-engine/mcp.js', 'codebase-intelligence': 'dist/codebase-intelligence/mcp.js' } as const;

/** Throws (the test FAILs, it does not skip) when the foundation is not built. */
export function requireFoundation(): void {
  const missing = [FOUNDATION_MCP_JSON, ...Object.values(ENTRIES).map((e) => join(FOUNDATION, e))].filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`the reference Build 1 is not built (missing ${missing.join(', ')}); run: cd apps/foundation && npx tsup`);
}

/**
 * Call one tool of a reference Build 1 server on the given database, as
 * Build 3 would (e.g. create_contract before the builders run), in its own
 * short session.
 */
export async function callBuild1(server: keyof typeof ENTRIES, databasePath: string, tool: string, args: Record<string, unknown>): Promise<unknown> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRIES[server]], cwd: FOUNDATION, env: { ...(process.env as Record<string, string>), DATABASE_PATH: databasePath }, stderr: 'ignore' });
  const client = new Client({ name: 'builder-test', version: '0' });
  await client.connect(transport, { timeout: 60_000 });
  try {
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: 60_000 });
    const content = result.content as { type: string; text?: string }[];
    const text = content.find((c) => c.type === 'text')?.text ?? 'null';
    if (result.isError) throw new Error(`${tool}: ${text}`);
    return JSON.parse(text) as unknown;
  } finally {
    await client.close();
  }
}
