import type { ResolvedServer } from '../mcp-config.js';

/** How a client starts a server through the interposer: one command line, as a seed `mcp_command` + `mcp_args`. */
export interface InterposedCommand {
  command: string;
  args: string[];
  /** The real server's working directory (a seed `server_root`). */
  cwd: string;
}

export interface InterposedCommandOptions {
  /** How to start the interposer CLI, e.g. `[process.execPath, '/path/run4/main.js', 'interpose']`. */
  interposer: readonly string[];
  /** The real stdio server, as the `.mcp.json` gives it. */
  server: Extract<ResolvedServer, { transport: 'stdio' }>;
  tracePath: string;
  faultsPath?: string;
  /** Variables the server needs whatever environment the client hands it (PATH, the `.mcp.json` env). */
  env?: Record<string, string>;
  /**
   * Variables of the server's `.mcp.json` env that are the client's to set
   * (seed 003 section 2: a Build 2 gives its servers `DATABASE_PATH`,
   * `CHROMA_PATH`, `GRAPH_PATH` from its config): used only when the client
   * set none. Default: those three, taken out of the server's env.
   */
  clientEnv?: readonly string[];
}

/** What a seed Build 2 sets in its servers' environment from config.yaml (seed 003 section 2.1 / 2.2). */
export const CLIENT_SET_ENV: readonly string[] = ['DATABASE_PATH', 'CHROMA_PATH', 'GRAPH_PATH'];

/**
 * The command a client under test is given in place of a stdio server: the
 * interposer with its trace and fault schedule, the server's environment
 * (`--env`; the variables the client sets itself, such as `DATABASE_PATH`,
 * only as `--env-default`) and working directory, then the server's own
 * command. A client that
 * starts it as written (any language, any MCP SDK) talks to the real server
 * through the recorder.
 *
 * @example
 * interposedCommand({ interposer: ['node', 'run4.js', 'interpose'], server, tracePath: '/t/ce.jsonl' });
 * // { command: 'node', args: ['run4.js', 'interpose', '--trace', '/t/ce.jsonl', '--cwd', ..., '--', 'node', 'mcp.js'], cwd }
 */
export function interposedCommand(options: InterposedCommandOptions): InterposedCommand {
  const [command, ...head] = options.interposer;
  if (!command) throw new TypeError('interposedCommand: the interposer command is empty');
  const clientKeys = new Set(options.clientEnv ?? CLIENT_SET_ENV);
  const all = { ...options.server.env, ...options.env };
  const env = Object.entries(all).filter(([k]) => !clientKeys.has(k) || options.env?.[k] !== undefined);
  const defaults = Object.entries(all).filter(([k]) => clientKeys.has(k) && options.env?.[k] === undefined);
  const args = [
    ...head,
    '--trace',
    options.tracePath,
    ...(options.faultsPath ? ['--faults', options.faultsPath] : []),
    ...env.flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...defaults.flatMap(([k, v]) => ['--env-default', `${k}=${v}`]),
    '--cwd',
    options.server.cwd,
    '--',
    options.server.command,
    ...options.server.args,
  ];
  return { command, args, cwd: options.server.cwd };
}
