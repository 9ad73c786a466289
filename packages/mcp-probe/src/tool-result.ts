import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallOutcome } from './connection.js';

/**
 * First text content of a tool result ('' when there is none).
 *
 * @example
 * resultText({ content: [{ type: 'text', text: 'hi' }] }); // 'hi'
 */
export function resultText(result: Pick<CallToolResult, 'content'>): string {
  for (const item of result.content ?? []) if (item.type === 'text') return item.text;
  return '';
}

/**
 * The JSON a tool answered with: its first text content parsed as JSON, or
 * the raw text when it is not JSON.
 *
 * @example
 * resultJson({ content: [{ type: 'text', text: '{"a":1}' }] }); // { a: 1 }
 */
export function resultJson(result: Pick<CallToolResult, 'content'>): unknown {
  const text = resultText(result);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One line describing a call outcome, for check evidence.
 *
 * @example
 * describeOutcome({ kind: 'timeout', message: 'Request timed out', ms: 1000 }); // 'timed out after 1000 ms (no answer)'
 */
export function describeOutcome(outcome: CallOutcome): string {
  const ms = `${Math.round(outcome.ms)} ms`;
  switch (outcome.kind) {
    case 'result':
      return `${outcome.result.isError ? 'isError result' : 'result'} in ${ms}: ${clip(resultText(outcome.result))}`;
    case 'protocol-error':
      return `JSON-RPC error ${outcome.code} in ${ms}: ${clip(outcome.message)}`;
    case 'timeout':
      return `timed out after ${ms} (no answer)`;
    case 'closed':
      return `connection closed after ${ms}: ${clip(outcome.message)}`;
  }
}

/** Shorten text for evidence lines. */
export function clip(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
