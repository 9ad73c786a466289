import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { signalProcessGroup } from '@run4/checks';
import { errorText } from '../connection.js';
import { parseFaultSchedule, type FaultSchedule, type FaultScheduleInput } from './fault-schedule.js';
import { FaultCounters, type FaultDecision } from './fault-state.js';
import { InterposerConfigError } from './interposer-errors.js';
import { classifyLine, type ClassifiedLine } from './json-rpc-line.js';
import { LineSplitter } from './line-splitter.js';
import { corruptResponse, injectedReply } from './fault-actions.js';
import type { TraceEntry, TraceMessage } from './trace-schema.js';
import { TraceWriter, type TraceDraft } from './trace-writer.js';

export interface InterposerOptions {
  /** The server command and its arguments (stdio MCP server). */
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** JSONL trace to append to (every start appends; see `readTrace`). */
  tracePath?: string;
  /** Counter file shared by every start (default `<tracePath>.state.json`; in memory without a trace). */
  statePath?: string;
  /** Fault schedule (validated with `FaultScheduleSchema`); none: a faithful recorder. */
  faults?: FaultSchedule | FaultScheduleInput;
  /** Keep each message's body in the trace (default true). */
  recordBodies?: boolean;
  /** The client side (default: this process's stdin / stdout). */
  input?: Readable;
  output?: Writable;
  /** Where the interposer's own notes go (default: process.stderr). The server's stderr is inherited. */
  log?: Writable;
  /** Forward SIGINT / SIGTERM / SIGHUP of this process to the server (default: when input is process.stdin). */
  forwardSignals?: boolean;
  /** After client EOF: wait this long for the server to exit, then SIGTERM its group (default 5000 ms). */
  shutdownGraceMs?: number;
  /** After a SIGTERM (forwarded or sent on shutdown): wait this long, then SIGKILL the group (default 1000 ms, below the 2 s an SDK client waits before it SIGKILLs us). */
  killGraceMs?: number;
  /** Sees every trace entry as it is written (also without a trace file). */
  onEntry?: (entry: TraceEntry) => void;
}

/** How an interposer run ended; `exitCode` is the server's (128 + n when killed by signal n). */
export interface InterposerExit {
  exitCode: number;
  signal: string | null;
  /** The start was refused by `startup.unavailable`. */
  refused: boolean;
  start: number;
}

export interface InterposerHandle {
  /** Number of this start (from 1, counted in the state file). */
  readonly start: number;
  /** The server's pid (undefined when refused or not spawned). */
  readonly serverPid: number | undefined;
  /** Resolves once the server has exited and its output has been forwarded. */
  readonly exited: Promise<InterposerExit>;
  /** Send a signal to the server's process group (then SIGKILL after the grace period). */
  kill(signal?: NodeJS.Signals): void;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const idKey = (id: string | number) => `${typeof id}:${id}`;
interface Pending {
  method: string;
  tool: string | undefined;
  decision: FaultDecision | undefined;
}

/**
 * Sit between an MCP client and a stdio MCP server: forward every line both
 * ways unchanged, record each message in a JSONL trace and inject the faults
 * of a schedule. The server runs in its own process group, which is killed
 * when it exits, so nothing is left behind.
 *
 * @example
 * const h = startInterposer({ command: 'node', args: ['server.js'], tracePath: 'trace.jsonl',
 *   faults: { rules: [{ tool: 'echo', calls: { first: 2 }, fault: { kind: 'transient-error' } }] } });
 * process.exitCode = (await h.exited).exitCode;
 */
export function startInterposer(options: InterposerOptions): InterposerHandle {
  const schedule = parseFaultSchedule(options.faults ?? {}, 'faults');
  const statePath = options.statePath ?? (options.tracePath ? `${options.tracePath}.state.json` : undefined);
  if (schedule.startup?.unavailable && !statePath) {
    throw new InterposerConfigError('faults: startup.unavailable counts starts across processes, which needs a trace or state file (fix: give tracePath or statePath)', {
      source: 'faults',
      field: 'startup.unavailable',
    });
  }
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const log = options.log ?? process.stderr;
  const eofGrace = options.shutdownGraceMs ?? 5000;
  const killGrace = options.killGraceMs ?? 1000;
  const recordBodies = options.recordBodies ?? true;
  const args = options.args ?? [];
  const counters = new FaultCounters(schedule, statePath);
  const trace = new TraceWriter(options.tracePath, options.onEntry);
  const start = counters.recordStart();
  trace.start = start;
  trace.write({ type: 'event', event: 'start', command: [options.command, ...args] });

  let resolveExit!: (exit: InterposerExit) => void;
  const exited = new Promise<InterposerExit>((resolve) => (resolveExit = resolve));
  const state = { serverPid: undefined as number | undefined };
  const handle: InterposerHandle = {
    start,
    get serverPid() {
      return state.serverPid;
    },
    exited,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => forward(signal),
  };

  const unavailable = schedule.startup?.unavailable;
  if (unavailable && counters.refusesStart(start)) {
    trace.write({ type: 'event', event: 'start-refused', exitCode: unavailable.exitCode, detail: `start ${start} of the first ${unavailable.first} refused` });
    trace.close();
    log.write(`run4 interpose: ${unavailable.message} (start ${start} of the first ${unavailable.first} refused)\n`);
    resolveExit({ exitCode: unavailable.exitCode, signal: null, refused: true, start });
    return handle;
  }

  const child = spawn(options.command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  state.serverPid = child.pid;
  if (child.pid !== undefined) trace.write({ type: 'event', event: 'server-spawned', serverPid: child.pid });

  const fromClient = new Map<string, Pending>();
  const fromServer = new Map<string, string>();
  const c2s = new LineSplitter();
  const s2c = new LineSplitter();
  const queue: Buffer[] = [];
  const toServer: Buffer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let held = false;
  let dying = false;
  let clientEnded = false;
  let serverGone = false;
  let finished = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined) signalProcessGroup(child.pid, signal);
  };
  let killScheduled = false;
  const killLater = () => {
    if (killScheduled) return;
    killScheduled = true;
    later(killGrace, () => killGroup('SIGKILL'));
  };
  function forward(signal: NodeJS.Signals): void {
    if (finished) return;
    trace.write({ type: 'event', event: 'signal', signal });
    killGroup(signal);
    killLater();
  }

  const record = (c: ClassifiedLine, dir: TraceMessage['dir'], line: Buffer, extra: Partial<TraceMessage> & { method?: string; tool?: string } = {}) => {
    const m = c.message;
    const draft: TraceDraft = {
      type: 'message',
      dir,
      kind: c.kind,
      ...(c.id !== undefined ? { id: c.id } : {}),
      ...(c.method !== undefined ? { method: c.method } : {}),
      ...(c.tool !== undefined ? { tool: c.tool } : {}),
      bytes: line.length,
      ...(c.kind === 'response' && (m?.result as { isError?: unknown } | undefined)?.isError === true ? { isError: true } : {}),
      ...(c.kind === 'error' && typeof (m?.error as { code?: unknown } | undefined)?.code === 'number' ? { errorCode: (m!.error as { code: number }).code } : {}),
      ...extra,
      ...(recordBodies && m !== undefined ? { message: m } : {}),
      ...(c.kind === 'invalid' && m === undefined ? { raw: line.toString('utf8').slice(0, 65_536) } : {}),
    };
    trace.write(draft);
  };

  const flushToServer = () => {
    if (toServer.length === 0) return;
    const data = toServer.length === 1 ? toServer[0]! : Buffer.concat(toServer);
    toServer.length = 0;
    if (!serverGone && child.stdin && !child.stdin.destroyed) child.stdin.write(data);
  };
  const toClient = (data: Buffer) => {
    if (!output.destroyed && output.writable) output.write(data);
  };

  const handleClientLine = (line: Buffer) => {
    const c = classifyLine(line);
    if (c.kind === 'response' || c.kind === 'error') {
      const method = c.id !== undefined ? fromServer.get(idKey(c.id)) : undefined;
      if (c.id !== undefined) fromServer.delete(idKey(c.id));
      record(c, 'client->server', line, method ? { method } : {});
      toServer.push(line);
      return;
    }
    if (c.kind !== 'request') {
      record(c, 'client->server', line);
      toServer.push(line);
      return;
    }
    const decision = counters.decide({ method: c.method!, tool: c.tool });
    fromClient.set(idKey(c.id!), { method: c.method!, tool: c.tool, decision });
    if (!decision) {
      record(c, 'client->server', line);
      toServer.push(line);
      return;
    }
    const fault = { rule: decision.rule, kind: decision.fault.kind };
    const f = decision.fault;
    if (f.kind === 'transient-error' || f.kind === 'permanent-error') {
      record(c, 'client->server', line, { fault, dropped: true });
      fromClient.delete(idKey(c.id!));
      const reply = injectedReply(c.id!, f);
      record(classifyLine(reply), 'server->client', reply, { method: c.method, ...(c.tool ? { tool: c.tool } : {}), fault, injected: true });
      toClient(reply);
    } else if (f.kind === 'delay') {
      record(c, 'client->server', line, { fault });
      held = true;
      flushToServer();
      later(f.ms, () => {
        held = false;
        toServer.push(line);
        drain();
      });
    } else if (f.kind === 'server-dies') {
      record(c, 'client->server', line, { fault });
      toServer.push(line);
      flushToServer();
      const die = () => {
        dying = true;
        trace.write({ type: 'event', event: 'fault-kill', signal: f.signal, fault, ...(child.pid ? { serverPid: child.pid } : {}) });
        killGroup(f.signal);
      };
      if (f.afterMs === 0) die();
      else later(f.afterMs, die);
    } else {
      record(c, 'client->server', line, { fault });
      toServer.push(line);
    }
  };

  function drain(): void {
    while (!held && queue.length > 0) handleClientLine(queue.shift()!);
    flushToServer();
    if (!held && queue.length === 0 && clientEnded && child.stdin && !child.stdin.writableEnded) child.stdin.end();
  }

  const handleServerLines = (lines: Buffer[]) => {
    const out: Buffer[] = [];
    for (const line of lines) {
      const c = classifyLine(line);
      let pending: Pending | undefined;
      if ((c.kind === 'response' || c.kind === 'error') && c.id !== undefined) {
        pending = fromClient.get(idKey(c.id));
        fromClient.delete(idKey(c.id));
      } else if (c.kind === 'request') {
        fromServer.set(idKey(c.id!), c.method!);
      }
      const about = pending ? { method: pending.method, ...(pending.tool ? { tool: pending.tool } : {}) } : {};
      if (dying) {
        record(c, 'server->client', line, { ...about, dropped: true });
        continue;
      }
      const d = pending?.decision;
      if (d && d.fault.kind === 'malformed-result' && c.kind === 'response') {
        const bad = corruptResponse(line, c, pending!.method, d.fault.mode);
        record(classifyLine(bad), 'server->client', bad, { ...about, fault: { rule: d.rule, kind: d.fault.kind } });
        out.push(bad);
        continue;
      }
      record(c, 'server->client', line, about);
      out.push(line);
    }
    if (out.length > 0) toClient(out.length === 1 ? out[0]! : Buffer.concat(out));
  };

  const onClientData = (chunk: Buffer) => {
    for (const line of c2s.push(chunk)) queue.push(line);
    drain();
  };
  const onClientEnd = () => {
    if (clientEnded || finished) return;
    clientEnded = true;
    const rest = c2s.flush();
    if (rest) queue.push(rest);
    trace.write({ type: 'event', event: 'client-eof' });
    drain();
    later(eofGrace, () => {
      killGroup('SIGTERM');
      killLater();
    });
  };
  const onSignal = (signal: NodeJS.Signals) => forward(signal);
  const forwardSignals = options.forwardSignals ?? input === process.stdin;

  const finish = (code: number | null, signal: NodeJS.Signals | null) => {
    if (finished) return;
    const rest = s2c.flush();
    if (rest) handleServerLines([rest]);
    finished = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    input.off('data', onClientData);
    input.off('end', onClientEnd);
    input.off('close', onClientEnd);
    if (input === process.stdin) process.stdin.pause();
    if (forwardSignals) for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
    trace.close();
    if (output !== process.stdout) output.end();
    const exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
    resolveExit({ exitCode, signal, refused: false, start });
  };

  child.on('error', (error) => {
    if (child.pid !== undefined) return; // errors after spawn surface as exit
    trace.write({ type: 'event', event: 'spawn-error', detail: errorText(error) });
    log.write(`run4 interpose: cannot start "${[options.command, ...args].join(' ')}" in ${options.cwd ?? process.cwd()}: ${errorText(error)}\n`);
    serverGone = true;
    finish(127, null);
  });
  child.stdin?.on('error', () => undefined); // EPIPE after the server died: its exit is reported instead
  child.stdout?.on('data', (chunk: Buffer) => handleServerLines(s2c.push(chunk)));
  child.on('exit', (code, signal) => {
    serverGone = true;
    trace.write({ type: 'event', event: 'server-exit', exitCode: code, signal, ...(child.pid ? { serverPid: child.pid } : {}) });
    killGroup('SIGKILL'); // anything the server left running in its group
    const stdout = child.stdout;
    if (!stdout || stdout.readableEnded) return finish(code, signal);
    stdout.once('end', () => finish(code, signal));
    later(2000, () => finish(code, signal)); // a descendant outside the group still holds the pipe
  });

  output.on('error', () => onClientEnd());
  input.on('data', onClientData);
  input.on('end', onClientEnd);
  input.on('close', onClientEnd);
  if (forwardSignals) for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  return handle;
}
