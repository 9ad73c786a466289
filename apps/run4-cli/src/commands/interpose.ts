import path from 'node:path';
import { Run4Error } from '@run4/checks';
import { loadFaultSchedule, startInterposer } from '@run4/mcp-probe';

export interface InterposeCommandOptions {
  /** JSONL trace to append to. */
  trace?: string;
  /** Fault schedule (.json / .yaml). */
  faults?: string;
  /** Counter file shared by every start (default: <trace>.state.json). */
  state?: string;
  /** Keep message bodies in the trace (commander's --no-bodies sets false). */
  bodies?: boolean;
}

/**
 * `run4 interpose [--trace F] [--faults F] [--state F] -- <server command...>`:
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
  if (!cmd) {
    throw new Run4Error('interpose: no server command (fix: run4 interpose [--trace F] [--faults F] -- <server command...>)', { code: 'USAGE', exitCode: 2 });
  }
  const faults = options.faults ? loadFaultSchedule(path.resolve(options.faults)) : undefined;
  const handle = startInterposer({
    command: cmd,
    args,
    ...(options.trace ? { tracePath: path.resolve(options.trace) } : {}),
    ...(options.state ? { statePath: path.resolve(options.state) } : {}),
    ...(faults ? { faults } : {}),
    recordBodies: options.bodies !== false,
    forwardSignals: true,
  });
  return (await handle.exited).exitCode;
}
