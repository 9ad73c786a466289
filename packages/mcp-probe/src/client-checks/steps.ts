import { isDeepStrictEqual } from 'node:util';
import type { RetryingToolClient } from '../clients/base-client.js';
import { errorText } from '../connection.js';

/** One client method call of a check, with what its value must satisfy. */
export interface MethodStep {
  /** `Client.method`, for the evidence. */
  label: string;
  /** MCP tool the method must have called. */
  tool: string;
  call: () => Promise<unknown>;
  /** A problem with the (typed) value, or null when it is as expected. */
  expect?: (value: unknown) => string | null;
}

export interface StepsResult {
  problems: string[];
  lines: string[];
  values: Record<string, unknown>;
}

/**
 * Call each step in order; a step passes only when it did not throw, the
 * client's `lastOutcome` is for the expected tool and `ok` (a typed result
 * from the server, not the safe default), and `expect` finds no problem.
 *
 * @example
 * const r = await runSteps(ce, [{ label: 'getContract', tool: 'get_contract', call: () => ce.getContract(id) }]);
 */
export async function runSteps(client: RetryingToolClient, steps: MethodStep[]): Promise<StepsResult> {
  const result: StepsResult = { problems: [], lines: [], values: {} };
  for (const step of steps) {
    client.lastOutcome = undefined;
    let value: unknown;
    try {
      value = await step.call();
    } catch (error) {
      result.problems.push(`${step.label} threw (clients must never throw): ${errorText(error)}`);
      continue;
    }
    result.values[step.label] = value;
    const outcome = client.lastOutcome as RetryingToolClient['lastOutcome'];
    if (!outcome || outcome.tool !== step.tool) {
      result.problems.push(`${step.label} did not call ${step.tool} (last call: ${outcome?.tool ?? 'none'})`);
      continue;
    }
    if (!outcome.ok) {
      result.problems.push(`${step.label} returned its safe default ${describeValue(value)} instead of a typed result: ${outcome.error ?? 'not ok'}`);
      continue;
    }
    const problem = step.expect?.(value) ?? null;
    if (problem) result.problems.push(`${step.label}: ${problem}`);
    result.lines.push(`${step.label} → ${describeValue(value)}${problem ? ' ✗' : ''}`);
  }
  return result;
}

/**
 * A short description of a value for evidence: lists by length, objects by
 * a few keys, strings by length.
 *
 * @example
 * describeValue([1, 2]); // '[2 items]'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `"${value.slice(0, 37).replace(/\n/g, ' ')}..." (${value.length} chars)`;
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    if (json.length <= 120) return json;
    const keys = Object.keys(value);
    return `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}}`;
  }
  return String(value);
}

/**
 * Deep equality used to compare a value with its documented safe default.
 *
 * @example
 * sameValue({ marked: false }, { marked: false }); // true
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
