import { compileStrict, describeErrors } from '../json-schema.js';
import { resultJson } from '../tool-result.js';
import type { TraceEntry } from '../interposer/trace-schema.js';
import { toolAttempts, type ToolAttempt } from '../interposer/trace-query.js';

/** A tool as the server listed it to the client (`tools/list` answer in the trace). */
export interface ListedTool {
  name: string;
  inputSchema?: unknown;
}

/** What one server's trace shows of the client that used it. */
export interface ClientTraceSummary {
  /** Starts of the server the client asked for (refused ones included). */
  starts: number;
  /** Starts the fault schedule refused (server unavailable). */
  refusedStarts: number;
  /** The client sent `initialize` at least once. */
  initialized: boolean;
  /** The tools the server listed (the last answered `tools/list`), when the client asked. */
  listed: ListedTool[] | undefined;
  /** Every `tools/call`, in order, with its outcome and answer. */
  attempts: ToolAttempt[];
}

/**
 * Summarise an interposer trace from the client's side: how often it started
 * the server, whether it initialised, what the server listed and every tool
 * call it made.
 *
 * @example
 * const s = summarizeClientTrace(readTrace('contract_engine.jsonl'));
 * s.attempts.map((a) => a.tool); // ['get_unimplemented_contracts', 'get_contract', ...]
 */
export function summarizeClientTrace(trace: readonly TraceEntry[]): ClientTraceSummary {
  let starts = 0;
  let refusedStarts = 0;
  let initialized = false;
  let listed: ListedTool[] | undefined;
  for (const e of trace) {
    if (e.type === 'event') {
      if (e.event === 'start') starts++;
      else if (e.event === 'start-refused') refusedStarts++;
      continue;
    }
    if (e.dir === 'client->server' && e.kind === 'request' && e.method === 'initialize') initialized = true;
    if (e.dir === 'server->client' && e.kind === 'response' && e.method === 'tools/list' && !e.dropped) {
      const tools = (e.message as { result?: { tools?: unknown } } | undefined)?.result?.tools;
      if (Array.isArray(tools)) listed = tools.filter((t): t is ListedTool => typeof (t as ListedTool)?.name === 'string');
    }
  }
  // A refused start writes only its refusal; count it as a start the client asked for.
  return { starts: Math.max(starts, refusedStarts), refusedStarts, initialized, listed, attempts: toolAttempts(trace) };
}

/**
 * Problems with the calls a client made: a tool the server does not list,
 * arguments its `inputSchema` rejects. Without a `tools/list` answer in the
 * trace (the client never listed), only the tool names of `known` are
 * checked.
 *
 * @example
 * argumentProblems(summary.attempts, summary.listed); // ['get_contract #2: /contract_id must be string']
 */
export function argumentProblems(attempts: readonly ToolAttempt[], listed: readonly ListedTool[] | undefined): string[] {
  const problems: string[] = [];
  const byName = new Map((listed ?? []).map((t) => [t.name, t]));
  const validators = new Map<string, ReturnType<typeof compileStrict>>();
  const seen = new Map<string, number>();
  for (const a of attempts) {
    const n = (seen.get(a.tool) ?? 0) + 1;
    seen.set(a.tool, n);
    const label = `${a.tool} #${n}`;
    if (listed && !byName.has(a.tool)) {
      problems.push(`${label}: the server lists no tool "${a.tool}"`);
      continue;
    }
    const args = a.arguments ?? {};
    if (typeof args !== 'object' || Array.isArray(args)) {
      problems.push(`${label}: arguments are ${Array.isArray(args) ? 'an array' : typeof args}, not an object`);
      continue;
    }
    const schema = byName.get(a.tool)?.inputSchema;
    if (schema === undefined) continue;
    let compiled = validators.get(a.tool);
    if (!compiled) {
      compiled = compileStrict(schema);
      validators.set(a.tool, compiled);
    }
    if (compiled.ok && !compiled.validate(args)) problems.push(`${label}: ${describeErrors(compiled.validate)} (arguments ${JSON.stringify(args).slice(0, 160)})`);
  }
  return problems;
}

/** The JSON a tool answer carries: `structuredContent`, else each text content parsed as JSON where it is JSON. */
export function answerValues(answer: unknown): unknown[] {
  if (!answer || typeof answer !== 'object') return [];
  const r = answer as { structuredContent?: unknown; content?: unknown };
  const out: unknown[] = [];
  if (r.structuredContent !== undefined) out.push(r.structuredContent);
  if (Array.isArray(r.content)) {
    for (const c of r.content as Array<{ type?: unknown; text?: unknown }>) {
      if (c?.type === 'text' && typeof c.text === 'string') out.push(resultJson({ content: [{ type: 'text', text: c.text }] }));
    }
  }
  return out;
}

function strings(value: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 12) return out;
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out, depth + 1);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out, depth + 1);
  return out;
}

/** One value a client took from an answer and sent back in a later call. */
export interface ReusedValue {
  value: string;
  /** The call whose answer first carried it. */
  from: string;
  /** The later call that sent it. */
  to: string;
}

/**
 * The values a client learnt from the server and used: string values (4+
 * characters) of an answer that the client had not itself sent before and
 * that appear in a later call's arguments, e.g. a contract id listed by
 * `get_unimplemented_contracts` then passed to `get_contract`.
 *
 * @example
 * reusedAnswerValues(summary.attempts); // [{ value: 'c-41', from: 'get_unimplemented_contracts', to: 'get_contract' }]
 */
export function reusedAnswerValues(attempts: readonly ToolAttempt[]): ReusedValue[] {
  const sent = new Set<string>();
  const learnt = new Map<string, string>();
  const reused: ReusedValue[] = [];
  for (const a of attempts) {
    for (const v of strings(a.arguments, new Set())) {
      const from = learnt.get(v);
      if (from !== undefined && !reused.some((r) => r.value === v)) reused.push({ value: v, from, to: a.tool });
      sent.add(v);
    }
    if (a.outcome !== 'result') continue;
    for (const v of strings(answerValues(a.answer), new Set())) {
      if (v.length >= 4 && !sent.has(v) && !learnt.has(v)) learnt.set(v, a.tool);
    }
  }
  return reused;
}

/**
 * `tools/call` counts per tool, for evidence: `get_contract ×2, mark_implemented ×1`.
 *
 * @example
 * callCounts(summary.attempts); // 'get_contract ×2, validate_spec ×1'
 */
export function callCounts(attempts: readonly ToolAttempt[]): string {
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.tool, (counts.get(a.tool) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t} ×${n}`).join(', ') || 'no tool call';
}

