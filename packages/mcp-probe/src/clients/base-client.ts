import { z } from 'zod';
import { McpConnectError } from '../errors.js';
import { errorText } from '../connection.js';
import { extractJson, isTransientError, type McpToolSession, type ToolCallResult } from './tool-session.js';

/** How the last call of a client went; the value returned was the safe default unless `ok`. */
export const ClientCallOutcomeSchema = z.object({
  tool: z.string(),
  ok: z.boolean(),
  attempts: z.number().int(),
  /** The server could not be reached at all (start failed, or every retry hit a transient error). */
  unavailable: z.boolean(),
  error: z.string().optional(),
  /** Backoff delays waited before the retries, ms. */
  delaysMs: z.array(z.number()),
});
export type ClientCallOutcome = z.infer<typeof ClientCallOutcomeSchema>;

export interface ClientOptions {
  /** Wait function, injectable so tests do not sleep for real (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Backoff before retry 1, 2, 3 (default 1 s, 2 s, 4 s: 3 retries). */
  backoffMs?: readonly number[];
  /** Called after every call with its outcome (for logs). */
  onOutcome?: (outcome: ClientCallOutcome) => void;
}

/** A session, or a factory that (re)connects; a factory is called again after a transient failure. */
export type SessionSource = McpToolSession | (() => Promise<McpToolSession>);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Shared retry/safe-default machinery of the typed clients (seed 003
 * section 2): transient errors are retried after 1 s, 2 s, 4 s; a tool error
 * (`isError`), a protocol error or an unparseable response gives the safe
 * default at once; nothing is thrown to the caller.
 */
export abstract class RetryingToolClient {
  private readonly source: SessionSource;
  private session: McpToolSession | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoffMs: readonly number[];
  private readonly onOutcome: ((outcome: ClientCallOutcome) => void) | undefined;
  /** Outcome of the most recent call. */
  lastOutcome: ClientCallOutcome | undefined;

  constructor(source: SessionSource, options: ClientOptions = {}) {
    this.source = source;
    this.sleep = options.sleep ?? realSleep;
    this.backoffMs = options.backoffMs ?? [1000, 2000, 4000];
    this.onOutcome = options.onOutcome;
  }

  /** True unless the last call found the server unreachable. */
  get available(): boolean {
    return !this.lastOutcome?.unavailable;
  }

  private async getSession(): Promise<McpToolSession> {
    if (this.session) return this.session;
    this.session = typeof this.source === 'function' ? await this.source() : this.source;
    return this.session;
  }

  /** Call `tool`, parse the JSON answer with `parse`; any failure yields `safeDefault()`. */
  protected async invoke<T>(tool: string, args: Record<string, unknown>, parse: (json: unknown, raw: ToolCallResult) => T, safeDefault: (error: string) => T): Promise<T> {
    const delays: number[] = [];
    let attempts = 0;
    let lastError = '';
    for (let retry = 0; retry <= this.backoffMs.length; retry++) {
      if (retry > 0) {
        const d = this.backoffMs[retry - 1]!;
        delays.push(d);
        await this.sleep(d);
      }
      attempts++;
      let result: ToolCallResult;
      try {
        const session = await this.getSession();
        result = await session.callTool(tool, args);
      } catch (error) {
        lastError = errorText(error);
        const connectFailed = error instanceof McpConnectError;
        const transient = connectFailed ? error.timedOut : isTransientError(error);
        if (typeof this.source === 'function') this.session = undefined; // reconnect on the next attempt
        if (transient) continue;
        return this.finish(tool, safeDefault(lastError), { ok: false, attempts, unavailable: connectFailed, error: lastError, delaysMs: delays });
      }
      if (result.isError) {
        const text = result.content.find((c) => c.type === 'text')?.text ?? 'tool returned isError';
        const error = `${tool} returned isError: ${text}`;
        return this.finish(tool, safeDefault(error), { ok: false, attempts, unavailable: false, error, delaysMs: delays });
      }
      try {
        return this.finish(tool, parse(extractJson(result), result), { ok: true, attempts, unavailable: false, delaysMs: delays });
      } catch (error) {
        const message = `${tool} answered with an unexpected shape: ${errorText(error)}`;
        return this.finish(tool, safeDefault(message), { ok: false, attempts, unavailable: false, error: message, delaysMs: delays });
      }
    }
    const error = `${tool}: server unavailable after ${attempts} attempts (${lastError})`;
    return this.finish(tool, safeDefault(error), { ok: false, attempts, unavailable: true, error, delaysMs: delays });
  }

  private finish<T>(tool: string, value: T, outcome: Omit<ClientCallOutcome, 'tool'>): T {
    this.lastOutcome = { tool, ...outcome };
    this.onOutcome?.(this.lastOutcome);
    return value;
  }
}
