import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isProcessGroupAlive, signalProcessGroup, terminateProcessGroup, trackProcessGroup } from '@run4/checks';

export interface GroupStdioParams {
  command: string;
  args: string[];
  /** Added to the SDK's default inherited variables (HOME, PATH, ...), as the SDK's stdio transport does. */
  env: Record<string, string>;
  cwd: string;
  /** How long a closing server gets after stdin EOF, then after SIGTERM (ms, default 2000). */
  graceMs?: number;
}

/**
 * MCP stdio client transport that starts the server in its own process
 * group, so that closing it ends the server and everything it started (a
 * wrapper script's grandchildren too): stdin EOF, SIGTERM to the group after
 * the grace period, SIGKILL after another. The group is SIGKILLed if this
 * process exits first.
 *
 * @example
 * const transport = new GroupStdioTransport({ command: 'node', args: ['server.js'], env: {}, cwd: process.cwd() });
 * await client.connect(transport);
 * await transport.close(); // no process of the group is left
 */
export class GroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly params: GroupStdioParams;
  private readonly readBuffer = new ReadBuffer();
  private readonly stderrStream = new PassThrough();
  private child: ChildProcess | undefined;
  private pgid: number | null = null;
  private untrack: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private exited = false;
  private markExited: () => void = () => undefined;
  private readonly exitedPromise = new Promise<void>((resolve) => {
    this.markExited = resolve;
  });

  constructor(params: GroupStdioParams) {
    this.params = params;
  }

  /** The server's stderr (available before `start`, so no early line is lost). */
  get stderr(): PassThrough {
    return this.stderrStream;
  }

  /** Pid of the server process (also its process group id), once started. */
  get pid(): number | null {
    return this.pgid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('GroupStdioTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, this.params.args, {
        env: { ...getDefaultEnvironment(), ...this.params.env },
        cwd: this.params.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        // own process group (and session): signals reach the server's whole tree, and a terminal's Ctrl+C is left to us
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.on('spawn', () => {
        this.pgid = child.pid ?? null;
        if (this.pgid) this.untrack = trackProcessGroup(this.pgid);
        resolve();
      });
      child.on('exit', () => {
        this.exited = true;
        this.markExited();
      });
      child.on('close', () => {
        this.exited = true;
        this.markExited();
        this.onclose?.();
        // the server is gone; anything it left in its group is ended in the background
        if (!this.closing) void this.endGroup(0);
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        this.readBuffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.readBuffer.readMessage();
          } catch (error) {
            this.onerror?.(error as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stderr?.pipe(this.stderrStream);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.closing || this.exited) {
        reject(new Error('Not connected'));
        return;
      }
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Signal the whole group now (a crash, a pause); false when nothing was left to signal. */
  kill(signal: NodeJS.Signals): boolean {
    if (this.pgid === null || !isProcessGroupAlive(this.pgid)) return false;
    return signalProcessGroup(this.pgid, signal);
  }

  /**
   * End the session: stdin EOF, `graceMs` for the server to exit, SIGTERM
   * to its group, `graceMs`, SIGKILL. Resolves once no process of the group
   * is left. `{ graceful: false }` skips the stdin EOF wait (a server that
   * never answered has nothing to flush).
   */
  close(options: { graceful?: boolean } = {}): Promise<void> {
    this.closing ??= (async () => {
      const grace = this.params.graceMs ?? 2000;
      try {
        this.child?.stdin?.end();
      } catch {
        /* pipe already gone */
      }
      await this.endGroup(options.graceful === false ? 0 : grace);
      this.readBuffer.clear();
    })();
    return this.closing;
  }

  private async endGroup(eofGraceMs: number): Promise<void> {
    const pgid = this.pgid;
    if (pgid === null) return;
    if (eofGraceMs > 0 && !this.exited) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exitedPromise, new Promise((resolve) => (timer = setTimeout(resolve, eofGraceMs)))]);
      clearTimeout(timer);
    }
    await terminateProcessGroup(pgid, this.params.graceMs ?? 2000);
    this.untrack?.();
    this.untrack = undefined;
  }
}
