import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { APP_DIR } from './helpers/servers.js';

// The reference stack's .mcp.json must work in any standard MCP client opened
// where the file lives (this directory): plain values, an explicit cwd per
// server, nothing only Run 4 understands. Each server is started with the
// plain SDK client using command, args, env and cwd exactly as written (the
// SDK adds only its default environment: HOME, PATH, ...). Needs dist/
// (`npx tsup` here, or `nx run foundation:build`; the test target builds it).

type StdioEntry = { command: string; args?: string[]; env?: Record<string, string>; cwd?: string };
const FILE = join(APP_DIR, '.mcp.json');
const config = JSON.parse(readFileSync(FILE, 'utf8')) as { mcpServers: Record<string, StdioEntry> };

const EXPECTED_TOOLS: Record<string, string[]> = {
  architect: ['decompose', 'get_contracts_for_service', 'get_domain_model', 'get_service_map'],
  'contract-engine': [
    'check_breaking_changes', 'create_contract', 'generate_tests', 'get_contract', 'get_unimplemented_contracts',
    'list_contracts', 'mark_implemented', 'validate_endpoint', 'validate_spec',
  ],
  'codebase-intelligence': [
    'check_dead_code', 'find_callers', 'find_definition', 'find_dependencies', 'get_service_interface', 'register_artifact', 'search_semantic',
  ],
};

describe('apps/foundation/.mcp.json in a standard MCP client', () => {
  it('lists the three servers, each with command, args and an explicit cwd, and no ${...} interpolation', () => {
    expect(Object.keys(config.mcpServers).sort()).toEqual(Object.keys(EXPECTED_TOOLS).sort());
    for (const [name, entry] of Object.entries(config.mcpServers)) {
      expect(typeof entry.command, name).toBe('string');
      expect(Array.isArray(entry.args), name).toBe(true);
      expect(entry.cwd, `${name}: a client must not have to guess the working directory`).toBeTypeOf('string');
    }
    expect(readFileSync(FILE, 'utf8')).not.toMatch(/\$\{/);
  });

  for (const [name, entry] of Object.entries(config.mcpServers)) {
    it(`${name}: starts from the file exactly as written, lists its tools, closes`, async () => {
      // A client opened where the file lives resolves the relative cwd against this directory.
      expect(process.cwd(), `run this test from ${APP_DIR}, where the .mcp.json lives`).toBe(APP_DIR);
      const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: entry.env, cwd: entry.cwd, stderr: 'pipe' });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const client = new Client({ name: 'plain-mcp-client', version: '1.0.0' });
      try {
        await client.connect(transport);
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort(), stderr).toEqual(EXPECTED_TOOLS[name]);
      } finally {
        await client.close();
      }
    }, 120_000);
  }
});
