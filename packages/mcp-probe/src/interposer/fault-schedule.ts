import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { errorText } from '../connection.js';
import { InterposerConfigError } from './interposer-errors.js';

/**
 * JSON-RPC error codes the interposer uses by default. `-32001` is the MCP
 * SDK's `RequestTimeout` and `-32000` its `ConnectionClosed`: the typed
 * clients of this package (`isTransientError`, `McpConnection.callTool`)
 * treat exactly these two as transient and retry them; any other JSON-RPC
 * error code, and any `isError` result, is permanent (safe default at once).
 */
export const TRANSIENT_ERROR_CODE = -32001;
/** JSON-RPC "Invalid params": a permanent error for every client. */
export const PERMANENT_ERROR_CODE = -32602;

const errorAs = z.enum(['jsonrpc-error', 'is-error']);

/** Answer the call with an error a retrying client should retry; the server never sees the call. */
export const TransientErrorFaultSchema = z
  .object({
    kind: z.literal('transient-error'),
    /** `jsonrpc-error` (default): an error response; `is-error`: a result with `isError: true`. */
    as: errorAs.default('jsonrpc-error'),
    code: z.number().int().default(TRANSIENT_ERROR_CODE),
    message: z.string().min(1).default('Request timed out (transient fault injected by run4 interpose)'),
  })
  .strict();

/** Answer the call with an error no client should retry; the server never sees the call. */
export const PermanentErrorFaultSchema = z
  .object({
    kind: z.literal('permanent-error'),
    as: errorAs.default('jsonrpc-error'),
    code: z.number().int().default(PERMANENT_ERROR_CODE),
    message: z.string().min(1).default('Invalid params (permanent fault injected by run4 interpose)'),
  })
  .strict();

/** Hold the request `ms` milliseconds before forwarding it (later client messages wait behind it, order is kept). */
export const DelayFaultSchema = z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(3_600_000) }).strict();

/** Forward the request, then kill the server's process group before it answers. */
export const ServerDiesFaultSchema = z
  .object({
    kind: z.literal('server-dies'),
    signal: z.enum(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP']).default('SIGKILL'),
    /** Wait this long after forwarding before the kill (default 0: at once). Any answer in between is dropped. */
    afterMs: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * Forward the request, but corrupt the server's answer:
 * `text-not-json` (default) replaces the text of every text content with text that is not JSON
 * (other methods: as `schema-violation`); `schema-violation` replaces the result with
 * `{"content": "<a string>"}`, a JSON-RPC result that fits no MCP result schema with required fields
 * (tools/call, tools/list, initialize, ...); `invalid-json` sends half of the answer's line, which no
 * client can parse (its request then only ends by its own timeout).
 */
export const MalformedResultFaultSchema = z
  .object({ kind: z.literal('malformed-result'), mode: z.enum(['text-not-json', 'schema-violation', 'invalid-json']).default('text-not-json') })
  .strict();

/** One fault applied to one call. */
export const FaultSchema = z.discriminatedUnion('kind', [
  TransientErrorFaultSchema,
  PermanentErrorFaultSchema,
  DelayFaultSchema,
  ServerDiesFaultSchema,
  MalformedResultFaultSchema,
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultKind = Fault['kind'];

/** Which of the matching calls a rule applies to, counted from 1 across every start sharing one state file. */
export const CallRangeSchema = z.union([
  z.object({ first: z.number().int().min(1) }).strict(),
  z
    .object({ from: z.number().int().min(1), to: z.number().int().min(1).optional() })
    .strict()
    .refine((r) => r.to === undefined || r.to >= r.from, { message: '"to" must be >= "from"' }),
]);
export type CallRange = z.infer<typeof CallRangeSchema>;

/**
 * One rule: which requests (a tool's `tools/call`, `*` for any tool, or any request of a
 * JSON-RPC `method`), which of them (`calls`, default all) and what happens to them.
 */
export const FaultRuleSchema = z
  .object({
    tool: z.string().min(1).optional(),
    method: z.string().min(1).optional(),
    calls: CallRangeSchema.optional(),
    fault: FaultSchema,
  })
  .strict()
  .refine((r) => r.tool === undefined || r.method === undefined || r.method === 'tools/call', {
    message: '"tool" only matches "tools/call" requests: give either "tool" or another "method", not both',
  });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

/** The server is unavailable for the first `first` starts: the interposer exits at once with `exitCode`. */
export const UnavailableAtStartSchema = z
  .object({
    first: z.number().int().min(1),
    exitCode: z.number().int().min(1).max(255).default(1),
    message: z.string().default('server unavailable (fault injected by run4 interpose)'),
  })
  .strict();

/** A whole fault schedule: given as JSON or YAML data, validated here. */
export const FaultScheduleSchema = z
  .object({
    startup: z.object({ unavailable: UnavailableAtStartSchema.optional() }).strict().optional(),
    rules: z.array(FaultRuleSchema).default([]),
  })
  .strict();
export type FaultSchedule = z.infer<typeof FaultScheduleSchema>;
export type FaultScheduleInput = z.input<typeof FaultScheduleSchema>;

/**
 * Validate a fault schedule given as data; throws `InterposerConfigError`
 * naming the first bad field.
 *
 * @example
 * parseFaultSchedule({ rules: [{ tool: 'get_contract', calls: { first: 3 }, fault: { kind: 'transient-error' } }] }, 'inline');
 */
export function parseFaultSchedule(raw: unknown, source = 'fault schedule'): FaultSchedule {
  const parsed = FaultScheduleSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new InterposerConfigError(`${source}: ${field || '(root)'}: ${issue.message} (fix: see FaultScheduleSchema in @run4/mcp-probe's README)`, {
    source,
    field: field || undefined,
  });
}

/**
 * Read a fault schedule from a `.json`, `.yaml` or `.yml` file.
 *
 * @example
 * const faults = loadFaultSchedule('faults.yaml');
 */
export function loadFaultSchedule(file: string): FaultSchedule {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InterposerConfigError(`${file}: cannot read the fault schedule (${errorText(cause)})`, { source: file, cause });
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new InterposerConfigError(`${file}: not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} (${errorText(cause)})`, { source: file, cause });
  }
  return parseFaultSchedule(raw, file);
}
