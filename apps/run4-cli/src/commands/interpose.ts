import path from 'node:path';
import { Run4Error } from '@run4/checks';
import { loadFaultSchedule, startHttpInterposer, startInterposer } from '@run4/mcp-probe';

export interface InterposeCommandOptions {
  /** JSONL trace to append to. */
  trace?: string;
  /** Fault schedule (.json / .yaml). */
  faults?: string;
  /** Counter file shared by every start (default: <trace>.state.json). */
  state?: string;
  /** Keep message bodies in the trace (commander's --no-bodies sets false). */
  bodies?: boolean;
  /** Streamable-HTTP mode: the server's URL (instead of a command). */
  httpTarget?: string;
  /** Streamable-HTTP mode: port to listen on, on 127.0.0.1 (default: a free one). */
  port?: string;
  /** `KEY=VALUE` entries set in the server's environment (stdio mode). */
  env?: string[];
  /** `KEY=VALUE` entries set only when the inherited environment has no such variable. */
  envDefault?: string[];
  /** The server's working directory (stdio mode). */
  cwd?: string;
}

/** Parse `--env KEY=VALUE` entries; exit 2 naming the first malformed one. */
function parseEnv(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 1) throw new Run4Error(`interpose: --env / --env-default "${entry}" is not KEY=VALUE (e.g. --env DATABASE_PATH=/tmp/c.db)`, { code: 'USAGE', exitCode: 2 });
    out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

/**
 * `run4 interpose [--trace F] [--faults F] [--state F] [--env K=V]... [--env-default K=V]... [--cwd D] -- <server command...>` (or
 * `--http-target <url>` for a streamable-HTTP server: listens on 127.0.0.1, prints its URL):
 * run in place of a stdio MCP server; forwards every message between the
 * client (this process's stdin/stdout) and the server unchanged, records a
 * trace and injects the schedule's faults. Resolves with the server's exit
 * code (128 + n when it died by signal n). Nothing but the server's own
 * output is written to stdout.
 *
 * @example
 * process.exitCode = await interposeCommand(['node', 'server.js'], { trace: 'trace.jsonl', faults: 'faults.yaml' });
 */
export async function interposeCommand(command: string[], options: InterposeCommandOptions): Promise<number> {
  const [cmd, ...args] = command;
  if (options.httpTarget ? cmd !== undefined : !cmd) {
    throw new Run4Error(
      'interpose: give either a server command or --http-target, not both or neither (fix: run4 interpose [--trace F] [--faults F] -- <server command...>, or run4 interpose --http-target <url>)',
      { code: 'USAGE', exitCode: 2 },
    );
  }
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Run4Error(`interpose: --port "${options.port}" is not a port number (0-65535)`, { code: 'USAGE', exitCode: 2 });
  }
  if (options.httpTarget && !URL.canParse(options.httpTarget)) {
    throw new Run4Error(`interpose: --http-target "${options.httpTarget}" is not a URL (e.g. http://127.0.0.1:3001/mcp)`, { code: 'USAGE', exitCode: 2 });
  }
  const faults = options.faults ? loadFaultSchedule(path.resolve(options.faults)) : undefined;
  const common = {
    ...(options.trace ? { tracePath: path.resolve(options.trace) } : {}),
    ...(options.state ? { statePath: path.resolve(options.state) } : {}),
    ...(faults ? { faults } : {}),
    recordBodies: options.bodies !== false,
  };
  if (options.httpTarget) {
    const h = await startHttpInterposer({ target: options.httpTarget, ...(port !== undefined ? { port } : {}), ...common });
    const base = new URL(new URL(options.httpTarget).pathname, h.url).href;
    process.stdout.write(`${base}\n`);
    process.stderr.write(`run4 interpose: listening on ${base}, forwarding to ${options.httpTarget} (Ctrl+C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await h.close();
    return 0;
  }
  const env = parseEnv(options.env ?? []);
  const defaults = parseEnv(options.envDefault ?? []);
  const handle = startInterposer({
    command: cmd!,
    args,
    ...common,
    ...(options.env?.length || options.envDefault?.length ? { env: { ...defaults, ...process.env, ...env } } : {}),
    ...(options.cwd ? { cwd: path.resolve(options.cwd) } : {}),
    forwardSignals: true,
  });
  return (await handle.exited).exitCode;
}
