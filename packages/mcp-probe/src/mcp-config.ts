import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { McpConfigError } from './errors.js';

/** One stdio server of a `.mcp.json` file. */
export const StdioServerConfigSchema = z
  .object({
    type: z.literal('stdio').optional(),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
  })
  .loose();

/** One streamable-HTTP server of a `.mcp.json` file. */
export const HttpServerConfigSchema = z
  .object({
    type: z.enum(['http', 'streamable-http']).optional(),
    url: z.url(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .loose();

export const McpServerConfigSchema = z.union([StdioServerConfigSchema, HttpServerConfigSchema]);

/** The standard `.mcp.json` file: `{ "mcpServers": { name: server } }`. */
export const McpConfigFileSchema = z.object({ mcpServers: z.record(z.string().min(1), z.unknown()) }).loose();

/** A server after loading: variables expanded, the caller's `serverEnv` added, `cwd` absolute. */
export const ResolvedServerSchema = z.discriminatedUnion('transport', [
  z.object({
    name: z.string(),
    transport: z.literal('stdio'),
    command: z.string(),
    args: z.array(z.string()),
    env: z.record(z.string(), z.string()),
    cwd: z.string(),
  }),
  z.object({
    name: z.string(),
    transport: z.literal('http'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
  }),
]);
export type ResolvedServer = z.infer<typeof ResolvedServerSchema>;

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expand `${VAR}` and `${VAR:-default}` from an environment, as Claude Code
 * does for `.mcp.json`. An unset variable without a default is an error.
 *
 * @example
 * expandVars('${HOME:-/tmp}/x', { HOME: '/root' }); // '/root/x'
 */
export function expandVars(text: string, env: NodeJS.ProcessEnv, onMissing: (name: string) => never): string {
  return text.replace(VAR, (_m, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    return onMissing(name);
  });
}

/** Options of {@link loadMcpConfig} and {@link parseMcpConfig}. */
export interface LoadMcpConfigOptions {
  /**
   * Variables the caller sets in every stdio server's environment for this
   * run, over the file's own `env` (e.g. `RUN4_DATA_DIR`: a fresh directory in
   * the run dir for the server's state). The file itself stays a plain
   * `.mcp.json` any MCP client can open.
   */
  serverEnv?: Record<string, string>;
}

/**
 * Read and validate a standard `.mcp.json`: `cwd` is honoured, a relative one
 * resolved against the file's directory (default: that directory), as a
 * client opened where the file lives would; `${VAR}` / `${VAR:-default}` in
 * `args`, `env` and `url` are expanded from `env` (a convenience some clients
 * share; files need not use it); `options.serverEnv` is added to every stdio
 * server's environment. Throws `McpConfigError` (exit 2) naming the file and
 * the field on bad input.
 *
 * @example
 * const servers = loadMcpConfig('apps/foundation/.mcp.json', process.env, { serverEnv: { RUN4_DATA_DIR: '/tmp/run/data' } });
 * servers.map((s) => s.name); // ['architect', 'contract-engine', 'codebase-intelligence']
 */
export function loadMcpConfig(path: string, env: NodeJS.ProcessEnv = process.env, options: LoadMcpConfigOptions = {}): ResolvedServer[] {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new McpConfigError(`MCP config not found or unreadable: ${file}. Pass --mcp-config with the path of a .mcp.json file.`, { file, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new McpConfigError(`MCP config is not valid JSON: ${file}: ${(cause as Error).message}`, { file, cause });
  }
  return parseMcpConfig(raw, file, env, options);
}

/**
 * Validate an already-parsed `.mcp.json` object; `file` is used for messages
 * and as the base of relative `cwd`.
 *
 * @example
 * parseMcpConfig({ mcpServers: { mem: { command: 'node', args: ['m.js'] } } }, '/x/.mcp.json');
 */
export function parseMcpConfig(raw: unknown, file: string, env: NodeJS.ProcessEnv = process.env, options: LoadMcpConfigOptions = {}): ResolvedServer[] {
  const top = McpConfigFileSchema.safeParse(raw);
  if (!top.success) {
    throw new McpConfigError(`${file}: field "mcpServers" must be an object mapping server names to server configs.`, { file, field: 'mcpServers' });
  }
  const baseDir = dirname(file);
  const servers: ResolvedServer[] = [];
  for (const [name, value] of Object.entries(top.data.mcpServers)) {
    const field = `mcpServers.${name}`;
    const missing = (what: string) => (variable: string): never => {
      throw new McpConfigError(`${file}: ${field}.${what} uses \${${variable}} but ${variable} is not set and has no default; set it or write \${${variable}:-default}.`, { file, field: `${field}.${what}` });
    };
    const isObject = typeof value === 'object' && value !== null;
    if (isObject && 'url' in value) {
      const parsed = HttpServerConfigSchema.safeParse({ ...value, url: expandVars(String((value as { url: unknown }).url), env, missing('url')) });
      if (!parsed.success) throw fieldError(file, field, parsed.error);
      servers.push({ name, transport: 'http', url: parsed.data.url, headers: parsed.data.headers });
      continue;
    }
    const parsed = StdioServerConfigSchema.safeParse(value);
    if (!parsed.success) throw fieldError(file, field, parsed.error);
    const cfg = parsed.data;
    const cwd = cfg.cwd === undefined ? baseDir : isAbsolute(cfg.cwd) ? cfg.cwd : resolve(baseDir, cfg.cwd);
    servers.push({
      name,
      transport: 'stdio',
      command: cfg.command,
      args: cfg.args.map((a, i) => expandVars(a, env, missing(`args[${i}]`))),
      env: { ...Object.fromEntries(Object.entries(cfg.env).map(([k, v]) => [k, expandVars(v, env, missing(`env.${k}`))])), ...options.serverEnv },
      cwd,
    });
  }
  if (servers.length === 0) throw new McpConfigError(`${file}: "mcpServers" is empty; add at least one server.`, { file, field: 'mcpServers' });
  return servers;
}

function fieldError(file: string, field: string, error: z.ZodError): McpConfigError {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? `${field}.${issue.path.join('.')}` : field;
  const hint = 'a stdio server needs "command" (string) with optional "args" (string[]), "env" (string map), "cwd"; an HTTP server needs "url"';
  return new McpConfigError(`${file}: field "${path}" is invalid: ${issue?.message ?? 'bad value'} (${hint}).`, { file, field: path });
}
