import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { BuilderConfig, Depth } from '../config.js';
import { ConfigError } from '../errors.js';
import { McpJsonSchema, type ConnectionBlock, type McpJson } from './mcp-config.js';

export const SERVER_ROLES = ['contract_engine', 'codebase_intelligence'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** Where a server's command came from, strongest first. */
export type SpecSource = 'server_command' | 'mcp_config' | 'mcp_command' | 'seed_default';

/** One stdio server to start. */
export interface ServerSpec {
  role: ServerRole;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  source: SpecSource;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
}

/** What the builder does with one Build 1 server at this depth. */
export interface RolePlan {
  role: ServerRole;
  /** Off: the block is absent/disabled, or the depth is quick. */
  enabled: boolean;
  reason: string;
  spec?: ServerSpec;
  /** contract_engine: fetch + validate_spec / validate_endpoint. codebase_intelligence: queries. */
  validate: boolean;
  /** contract_engine: mark_implemented + check_breaking_changes (thorough/exhaustive). */
  full: boolean;
  /** contract_engine: generate_tests. */
  testGeneration: boolean;
  /** codebase_intelligence: register_artifact for every written file. */
  registerArtifacts: boolean;
  /** codebase_intelligence: the codebase map comes from the server instead of the static scan. */
  replaceStaticMap: boolean;
}

const SEED_DEFAULT: Record<ServerRole, { args: string[]; names: string[] }> = {
  contract_engine: { args: ['-m', 'src.contract_engine.mcp_server'], names: ['contract-engine', 'contract_engine'] },
  codebase_intelligence: { args: ['-m', 'src.codebase_intelligence.mcp_server'], names: ['codebase-intelligence', 'codebase_intelligence'] },
};

/**
 * Split one command line into argv (whitespace separated; single and double
 * quotes group, backslash escapes the next character).
 *
 * @example
 * splitCommand('mcp-connect "/srv/build 1/contract_engine"'); // ['mcp-connect', '/srv/build 1/contract_engine']
 */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\' && quote !== "'" && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/**
 * Expand `${VAR}` and `${VAR:-default}` in a `.mcp.json` value.
 *
 * @example
 * expandEnv('${DATA:-./data}/c.db', {}); // './data/c.db'
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt?: string) => {
    const v = env[name];
    return v !== undefined && v !== '' ? v : (dflt ?? '');
  });
}

function loadMcpJson(file: string): McpJson {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: the .mcp.json named by mcp_config / MCP_CONFIG cannot be read as JSON (${(error as Error).message.split('\n')[0]})`, 'mcp_config');
  }
  const parsed = McpJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${file}: not a .mcp.json (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`, 'mcp_config');
  }
  return parsed.data;
}

function baseEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function pathEnv(block: ConnectionBlock, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const paths: [string, string | undefined][] = [
    ['DATABASE_PATH', block.database_path],
    ['CHROMA_PATH', 'chroma_path' in block ? (block.chroma_path as string | undefined) : undefined],
    ['GRAPH_PATH', 'graph_path' in block ? (block.graph_path as string | undefined) : undefined],
  ];
  for (const [key, value] of paths) if (value) out[key] = resolve(dir, value);
  return out;
}

function resolveSpec(role: ServerRole, block: ConnectionBlock, dir: string, mcpJson: { file: string; json: McpJson } | undefined, env: NodeJS.ProcessEnv): ServerSpec {
  const root = block.server_root ? resolve(dir, block.server_root) : undefined;
  const common = {
    role,
    startupTimeoutMs: block.startup_timeout_ms ?? 30_000,
    toolTimeoutMs: block.tool_timeout_ms ?? 60_000,
  };
  const ownEnv = { ...baseEnv(env), ...block.env, ...pathEnv(block, dir) };
  if (block.server_command !== undefined) {
    const argv = Array.isArray(block.server_command) ? block.server_command : splitCommand(block.server_command);
    const [command, ...args] = argv;
    if (!command) throw new ConfigError(`${dir}/config.yaml: ${role}.server_command is empty`, `${role}.server_command`);
    return { ...common, command, args, env: ownEnv, cwd: root ?? dir, source: 'server_command' };
  }
  const names = block.mcp_server ? [block.mcp_server] : SEED_DEFAULT[role].names;
  const name = mcpJson ? names.find((n) => mcpJson.json.mcpServers[n]?.command) : undefined;
  if (mcpJson && name) {
    const entry = mcpJson.json.mcpServers[name] as { command: string; args?: string[]; env?: Record<string, string>; cwd?: string };
    const base = dirname(mcpJson.file);
    const entryEnv = Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, expandEnv(v, env)]));
    return {
      ...common,
      command: expandEnv(entry.command, env),
      args: (entry.args ?? []).map((a) => expandEnv(a, env)),
      env: { ...baseEnv(env), ...entryEnv, ...block.env, ...pathEnv(block, dir) },
      cwd: root ?? (entry.cwd ? resolve(base, expandEnv(entry.cwd, env)) : base),
      source: 'mcp_config',
    };
  }
  if (block.mcp_command) {
    return { ...common, command: block.mcp_command, args: block.mcp_args ?? SEED_DEFAULT[role].args, env: ownEnv, cwd: root ?? dir, source: 'mcp_command' };
  }
  return { ...common, command: 'python', args: block.mcp_args ?? SEED_DEFAULT[role].args, env: ownEnv, cwd: root ?? dir, source: 'seed_default' };
}

/**
 * Decide, per Build 1 server, whether the builder talks to it and how to
 * start it. A server is used when its block has `enabled: true` and the depth
 * is not quick (seed 003 section 8.5: quick turns every contract/codebase
 * feature off). Its command is, first match: `server_command`; the entry of
 * the `.mcp.json` named by `mcp_config` (or env `MCP_CONFIG`), by
 * `mcp_server` or the seed's names; `mcp_command` + `mcp_args`; the seed
 * default `python -m src.<role>.mcp_server`.
 *
 * @example
 * const plans = planServers(config, 'thorough', '/tmp/b/order-service');
 * plans[0].spec?.command; // 'node'
 */
export function planServers(config: BuilderConfig, depth: Depth, dir: string, env: NodeJS.ProcessEnv = process.env): RolePlan[] {
  const mcpPath = config.mcp_config ? resolve(dir, config.mcp_config) : env.MCP_CONFIG ? resolve(env.MCP_CONFIG) : undefined;
  const anyEnabled = SERVER_ROLES.some((r) => config[r]?.enabled === true);
  const mcpJson = mcpPath && anyEnabled && depth !== 'quick' ? { file: mcpPath, json: loadMcpJson(mcpPath) } : undefined;
  const full = depth === 'thorough' || depth === 'exhaustive';
  return SERVER_ROLES.map((role): RolePlan => {
    const block: ConnectionBlock = config[role] ?? {};
    const off = { role, enabled: false, validate: false, full: false, testGeneration: false, registerArtifacts: false, replaceStaticMap: false };
    if (block.enabled !== true) return { ...off, reason: `${role}.enabled is not true` };
    if (depth === 'quick') return { ...off, reason: 'depth quick turns every Build 1 feature off' };
    const ce = role === 'contract_engine' ? (block as { validation_on_build?: boolean; test_generation?: boolean }) : {};
    const ci = role === 'codebase_intelligence' ? (block as { register_artifacts?: boolean; replace_static_map?: boolean }) : {};
    return {
      role,
      enabled: true,
      reason: `${role}.enabled at depth ${depth}`,
      spec: resolveSpec(role, block, dir, mcpJson, env),
      validate: role === 'contract_engine' ? ce.validation_on_build ?? true : true,
      full: role === 'contract_engine' && full,
      testGeneration: role === 'contract_engine' && (ce.test_generation ?? full) && full,
      registerArtifacts: role === 'codebase_intelligence' && (ci.register_artifacts ?? full),
      replaceStaticMap: role === 'codebase_intelligence' && (ci.replace_static_map ?? full),
    };
  });
}
