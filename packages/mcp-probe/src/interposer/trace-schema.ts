import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { errorText } from '../connection.js';
import { TraceFormatError } from './interposer-errors.js';

const common = {
  /** Order of the entry within one interposer start (from 1). */
  seq: z.number().int().min(1),
  /** Which start of the interposer wrote it (from 1, counted in the state file; 1 without one). */
  start: z.number().int().min(1),
  /** The interposer's process id. */
  pid: z.number().int(),
  /** Monotonic clock (CLOCK_MONOTONIC, shared by every process on the machine), ms. */
  monoMs: z.number(),
  /** Wall clock, ms since the epoch. */
  wallMs: z.number(),
};

const jsonRpcId = z.union([z.string(), z.number()]);
const appliedFault = z.object({ rule: z.number().int().min(0), kind: z.string() }).strict();

/** One JSON-RPC message (one line of the stdio stream) seen by the interposer. */
export const TraceMessageSchema = z
  .object({
    type: z.literal('message'),
    ...common,
    dir: z.enum(['client->server', 'server->client']),
    kind: z.enum(['request', 'notification', 'response', 'error', 'invalid']),
    id: jsonRpcId.optional(),
    /** The method; for responses, the method of the request answered. */
    method: z.string().optional(),
    /** The tool of a `tools/call` (for responses, of the call answered). */
    tool: z.string().optional(),
    /** Bytes on the wire, newline included. */
    bytes: z.number().int().min(0),
    /** `injected`: made by the interposer (not from either peer); `dropped`: received but not forwarded. */
    injected: z.boolean().optional(),
    dropped: z.boolean().optional(),
    /** The fault (rule index and kind) applied to this message. */
    fault: appliedFault.optional(),
    /** For responses: `isError` of a tool result. */
    isError: z.boolean().optional(),
    /** For error responses: the JSON-RPC error code. */
    errorCode: z.number().optional(),
    /** The parsed message (omitted when recording bodies is off). */
    message: z.unknown().optional(),
    /** The line as text, for lines that are not JSON-RPC. */
    raw: z.string().optional(),
  })
  .strict();
export type TraceMessage = z.infer<typeof TraceMessageSchema>;

/** Something that happened to the interposer or the server process. */
export const TraceEventSchema = z
  .object({
    type: z.literal('event'),
    ...common,
    event: z.enum(['start', 'start-refused', 'server-spawned', 'server-exit', 'client-eof', 'signal', 'fault-kill', 'spawn-error', 'upstream-error']),
    command: z.array(z.string()).optional(),
    serverPid: z.number().int().optional(),
    exitCode: z.number().int().nullable().optional(),
    signal: z.string().nullable().optional(),
    fault: appliedFault.optional(),
    detail: z.string().optional(),
  })
  .strict();
export type TraceEvent = z.infer<typeof TraceEventSchema>;

/** One line of a trace file. */
export const TraceEntrySchema = z.discriminatedUnion('type', [TraceMessageSchema, TraceEventSchema]);
export type TraceEntry = z.infer<typeof TraceEntrySchema>;

/**
 * Parse trace text (JSONL) through `TraceEntrySchema`. A last line cut short
 * (the writer was killed mid-write) is ignored; any other bad line throws
 * `TraceFormatError` naming the line.
 *
 * @example
 * const entries = parseTrace(text, 'trace.jsonl');
 */
export function parseTrace(text: string, file = 'trace'): TraceEntry[] {
  const lines = text.split('\n');
  const out: TraceEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (cause) {
      if (i === lines.length - 1) break; // unterminated last line: the writer died mid-line
      throw new TraceFormatError(`${file}:${i + 1}: not JSON (${errorText(cause)})`, { file, line: i + 1, cause });
    }
    const parsed = TraceEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TraceFormatError(`${file}:${i + 1}: ${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}`, { file, line: i + 1 });
    }
    out.push(parsed.data);
  }
  return out;
}

/**
 * Read a JSONL trace written by the interposer (every start appends to it).
 * A missing file is an empty trace.
 *
 * @example
 * const trace = readTrace('trace.jsonl');
 * console.log(callsPerTool(trace));
 */
export function readTrace(file: string): TraceEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TraceFormatError(`${file}: cannot read the trace (${errorText(error)})`, { file, line: 0, cause: error });
  }
  return parseTrace(text, file);
}
