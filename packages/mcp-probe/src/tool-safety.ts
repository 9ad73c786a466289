import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ProbeUsageError } from './errors.js';

/**
 * Which tools the probe may call with its own (generated) arguments:
 * `safe` (default) = tools annotated `readOnlyHint: true` and tools the
 * profile gives inputs for; `all` = every tool; a list = the safe ones plus
 * these names (`tool` or `server/tool`).
 */
export type CallToolsPolicy = 'safe' | 'all' | readonly string[];

/** What the probe decided for one tool, and why (in the report for every tool). */
export const ToolCallDecisionSchema = z.object({
  tool: z.string(),
  called: z.boolean(),
  /** `profile`, `read-only`, `opt-in` when called; `writes`, `destructive`, `unannotated`, `task-only` when not. */
  basis: z.enum(['profile', 'read-only', 'opt-in', 'writes', 'destructive', 'unannotated', 'task-only']),
  reason: z.string(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export type ToolCallDecision = z.infer<typeof ToolCallDecisionSchema>;

/**
 * Parse the `--call-tools` value: `safe`, `all`, or a comma-separated list
 * of `tool` / `server/tool` names. Throws `ProbeUsageError` (exit 2) on an
 * empty list.
 *
 * @example
 * parseCallTools('all'); // 'all'
 * parseCallTools('fs/write_file, move_file'); // ['fs/write_file', 'move_file']
 */
export function parseCallTools(text: string): CallToolsPolicy {
  const value = text.trim();
  if (value === 'safe' || value === 'all') return value;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new ProbeUsageError(`--call-tools: "${text}" names no tool; use safe, all, or a comma-separated list such as write_file,fs/move_file`);
  return names;
}

function hint(tool: Tool, key: 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint'): boolean | undefined {
  const v = (tool.annotations as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * True when the tool declares it does not change its environment
 * (`readOnlyHint: true`, and not also `destructiveHint: true`).
 *
 * @example
 * isReadOnly({ name: 'read_file', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }); // true
 */
export function isReadOnly(tool: Tool): boolean {
  return hint(tool, 'readOnlyHint') === true && hint(tool, 'destructiveHint') !== true;
}

/**
 * True when calling the tool twice with the same input is harmless to
 * repeat: read-only, or `idempotentHint: true`.
 *
 * @example
 * isRepeatable({ name: 'delete', inputSchema: { type: 'object' }, annotations: { readOnlyHint: false, idempotentHint: true } }); // true
 */
export function isRepeatable(tool: Tool): boolean {
  return isReadOnly(tool) || hint(tool, 'idempotentHint') === true;
}

function optedIn(policy: CallToolsPolicy, server: string, tool: string): boolean {
  if (policy === 'all') return true;
  if (policy === 'safe') return false;
  return policy.includes(tool) || policy.includes(`${server}/${tool}`);
}

function describeAnnotations(tool: Tool): string {
  const a = tool.annotations as Record<string, unknown> | undefined;
  const parts = (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const).filter((k) => a?.[k] !== undefined).map((k) => `${k}: ${String(a?.[k])}`);
  return parts.length ? parts.join(', ') : 'no annotations';
}

/**
 * Decide whether the probe calls a tool. Called by default: tools the
 * profile gives inputs for (`hasProfileSpec`) and tools annotated
 * `readOnlyHint: true`. A tool that writes, is annotated destructive, or
 * carries no annotation is only inventoried and schema-checked unless the
 * policy opts it in.
 *
 * @example
 * decideToolCall('fs', writeFileTool, false, 'safe');
 * // { tool: 'write_file', called: false, basis: 'destructive', reason: 'not called: annotated destructiveHint: true ...' }
 */
export function decideToolCall(server: string, tool: Tool, hasProfileSpec: boolean, policy: CallToolsPolicy): ToolCallDecision {
  const annotations = tool.annotations ? { ...(tool.annotations as Record<string, unknown>) } : undefined;
  const base = { tool: tool.name, ...(annotations ? { annotations } : {}) };
  const ann = describeAnnotations(tool);
  if ((tool as { execution?: { taskSupport?: string } }).execution?.taskSupport === 'required') {
    return { ...base, called: false, basis: 'task-only', reason: 'not called: the tool requires task augmentation (execution.taskSupport = "required"); the probe calls tools directly' };
  }
  if (hasProfileSpec) return { ...base, called: true, basis: 'profile', reason: 'called: the profile gives safe inputs for this tool' };
  if (isReadOnly(tool)) return { ...base, called: true, basis: 'read-only', reason: `called: annotated readOnlyHint: true (${ann})` };
  const optIn = `opt in with --call-tools ${server}/${tool.name} (or --call-tools all, config probe_call_tools)`;
  if (optedIn(policy, server, tool.name)) {
    return { ...base, called: true, basis: 'opt-in', reason: `called because opted in (${ann}); path arguments point into the probe's scratch directory` };
  }
  if (hint(tool, 'destructiveHint') === true || (hint(tool, 'readOnlyHint') === false && hint(tool, 'destructiveHint') !== false)) {
    return { ...base, called: false, basis: 'destructive', reason: `not called: the tool may delete or overwrite data (${ann}); ${optIn}` };
  }
  if (hint(tool, 'readOnlyHint') === false) {
    return { ...base, called: false, basis: 'writes', reason: `not called: the tool changes its environment (${ann}); ${optIn}` };
  }
  return {
    ...base,
    called: false,
    basis: 'unannotated',
    reason: `not called: the tool does not declare readOnlyHint: true (${ann}), so the probe cannot tell that generated input is harmless to it; ${optIn}`,
  };
}
