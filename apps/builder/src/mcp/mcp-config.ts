import { z } from 'zod';

const flag = z.boolean();
const command = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Connection fields shared by the Build 1 blocks of config.yaml (seed 003 section 8.1, seed 004 section 11.4). */
const connection = {
  enabled: flag.optional(),
  /** One command line (`mcp-connect /srv/build1/contract_engine`) or an argv array; wins over everything else. */
  server_command: command.optional(),
  mcp_command: z.string().min(1).optional(),
  mcp_args: z.array(z.string()).optional(),
  /** Entry name in the `.mcp.json` of `mcp_config` / `MCP_CONFIG`. */
  mcp_server: z.string().min(1).optional(),
  /** Working directory of the server (Build 1 project root); default the `.mcp.json` directory, else the builder directory. */
  server_root: z.string().optional(),
  database_path: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  startup_timeout_ms: z.number().int().positive().optional(),
  tool_timeout_ms: z.number().int().positive().optional(),
};

/** `contract_engine` block. */
export const ContractEngineBlockSchema = z.looseObject({
  ...connection,
  validation_on_build: flag.optional(),
  test_generation: flag.optional(),
});

/** `codebase_intelligence` block. */
export const CodebaseIntelligenceBlockSchema = z.looseObject({
  ...connection,
  chroma_path: z.string().optional(),
  graph_path: z.string().optional(),
  replace_static_map: flag.optional(),
  register_artifacts: flag.optional(),
});

export type ContractEngineBlock = z.infer<typeof ContractEngineBlockSchema>;
export type CodebaseIntelligenceBlock = z.infer<typeof CodebaseIntelligenceBlockSchema>;
export type ConnectionBlock = ContractEngineBlock | CodebaseIntelligenceBlock;

/** A standard `.mcp.json` (`mcpServers` of stdio servers; other entries are ignored). */
export const McpJsonSchema = z.looseObject({
  mcpServers: z.record(
    z.string(),
    z.looseObject({
      command: z.string().min(1).optional(),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
      cwd: z.string().optional(),
    }),
  ),
});
export type McpJson = z.infer<typeof McpJsonSchema>;
