import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { z } from 'zod';
import { BUILDER_VERSION } from '../version.js';
import { recordCall, type McpReport } from './mcp-report.js';
import type { ServerSpec } from './server-plan.js';
import { classifyError, MalformedResultError, ToolResultError } from './transient.js';

/**
 * The seed's backoff (1 s, 2 s, 4 s), scaled by env `BUILDER_RETRY_BASE_MS` (default 1000).
 *
 * @example
 * retryDelays({ BUILDER_RETRY_BASE_MS: '50' }); // [50, 100, 200]
 */
export function retryDelays(env: NodeJS.ProcessEnv = process.env): number[] {
  const raw = env.BUILDER_RETRY_BASE_MS;
  const base = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : 1000;
  return [base, base * 2, base * 4];
}

/** A tool call's outcome: the parsed answer, or the safe default with the reason. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; value: T; error: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstText(result: Record<string, unknown>): string | undefined {
  const content = Array.isArray(result.content) ? (result.content as { type?: string; text?: string }[]) : [];
  return content.find((c) => c.type === 'text' && typeof c.text === 'string')?.text;
}

/**
 * One stdio MCP session with a Build 1 server, started on demand and
 * restarted after a closed connection. {@link ToolSession.call} applies the
 * seed's policy: transient failures are retried 3 times after the
 * {@link retryDelays} waits, permanent ones answer the safe default at once;
 * it never throws. Every call lands in the build's `mcp` report.
 *
 * @example
 * const ce = new ToolSession(spec, report, log);
 * if (await ce.start()) (await ce.call('get_contract', { contract_id: 'c1' }, ContractSchema, null)).value;
 */
export class ToolSession {
  private client: Client | undefined;
  private stderrTail = '';
  private readonly delays: number[];

  constructor(
    readonly spec: ServerSpec,
    private readonly report: McpReport,
    private readonly log: (line: string) => void,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.delays = retryDelays(env);
  }

  /** The server's last stderr output (for a start failure's reason). */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  private async connect(): Promise<Client> {
    const transport = new StdioClientTransport({ command: this.spec.command, args: this.spec.args, env: this.spec.env, cwd: this.spec.cwd, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    const client = new Client({ name: 'run4-reference-builder', version: BUILDER_VERSION });
    client.onclose = () => {
      if (this.client === client) this.client = undefined;
    };
    try {
      await client.connect(transport, { timeout: this.spec.startupTimeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  /**
   * Start the server and complete the MCP handshake within
   * `startupTimeoutMs`. Resolves to the failure reason, or undefined when up.
   */
  async start(): Promise<string | undefined> {
    try {
      await this.connect();
      return undefined;
    } catch (error) {
      const tail = this.stderr.split('\n').filter(Boolean).slice(-2).join(' | ');
      return `${(error as Error).message}${tail ? ` (server stderr: ${tail})` : ''}`;
    }
  }

  private async once(tool: string, args: Record<string, unknown>): Promise<unknown> {
    const client = this.client ?? (await this.connect());
    const result: Record<string, unknown> = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: this.spec.toolTimeoutMs });
    const text = firstText(result);
    if (result.isError === true) throw new ToolResultError(tool, text ?? '(no text)');
    if (result.structuredContent !== undefined) return result.structuredContent;
    if (text === undefined) throw new MalformedResultError(tool, 'no text content');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new MalformedResultError(tool, `text is not JSON: ${text.slice(0, 80)}`);
    }
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  /**
   * Call a tool; parse the answer with `schema`. Never throws: the safe
   * default `fallback` comes back (with `ok: false`) on a permanent error or
   * when every retry failed.
   */
  async call<T>(tool: string, args: Record<string, unknown>, schema: z.ZodType<T>, fallback: T): Promise<CallOutcome<T>> {
    const started = Date.now();
    const waits: number[] = [];
    let reconnects = 0;
    let attempts = 0;
    let failure = '';
    for (;;) {
      attempts += 1;
      try {
        const raw = await this.once(tool, args);
        const parsed = schema.safeParse(raw);
        if (!parsed.success) throw new MalformedResultError(tool, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
        this.finish(tool, started, attempts, waits, reconnects);
        return { ok: true, value: parsed.data };
      } catch (error) {
        const kind = classifyError(error);
        failure = `${kind.transient ? 'transient' : 'permanent'}: ${kind.message}`;
        const wait = this.delays[attempts - 1];
        if (!kind.transient || wait === undefined) break;
        this.log(`mcp: ${this.spec.role} ${tool} attempt ${attempts} failed (${failure}); retry ${attempts}/${this.delays.length} in ${wait} ms`);
        if (kind.reconnect) {
          await this.drop();
          reconnects += 1;
        }
        waits.push(wait);
        await sleep(wait);
      }
    }
    this.log(`mcp: ${this.spec.role} ${tool} gave up after ${attempts} attempt(s) (${failure}); using the safe default`);
    this.finish(tool, started, attempts, waits, reconnects, failure);
    return { ok: false, value: fallback, error: failure };
  }

  private finish(tool: string, started: number, attempts: number, waits: number[], reconnects: number, error?: string): void {
    recordCall(this.report, {
      server: this.spec.role,
      tool,
      ok: error === undefined,
      attempts,
      retry_delays_ms: waits,
      reconnects,
      started_at: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
      ...(error !== undefined ? { error } : {}),
    });
  }

  /** End the session (the SDK closes stdin, then terminates the server). */
  async close(): Promise<void> {
    await this.drop();
  }
}
