import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { classifyError, MalformedResultError, ToolResultError } from '../../src/mcp/transient.js';

describe('classifyError', () => {
  it.each([
    ['JSON-RPC -32000 (connection closed), reconnecting', new McpError(-32000, 'Connection closed'), true, true],
    ['JSON-RPC -32001 (request timeout)', new McpError(-32001, 'Request timed out'), true, false],
    ['a broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true, true],
    ['isError "temporarily unavailable"', new ToolResultError('get_contract', 'store temporarily unavailable'), true, false],
    ['isError "database is locked"', new ToolResultError('register_artifact', 'SqliteError: database is locked'), true, false],
  ])('%s is transient', (_label, error, transient, reconnect) => {
    expect(classifyError(error)).toMatchObject({ transient, reconnect });
  });

  it.each([
    ['JSON-RPC -32602 (invalid params)', new McpError(-32602, 'Invalid params: temporarily unavailable')],
    ['JSON-RPC -32601 (unknown tool)', new McpError(-32601, 'Method not found')],
    ['isError "not found"', new ToolResultError('get_contract', 'contract "x" not found')],
    ['a malformed answer', new MalformedResultError('get_contract', 'text is not JSON')],
    ['spawn ENOENT', Object.assign(new Error('spawn nope ENOENT'), { code: 'ENOENT' })],
    ['a plain error', new Error('boom')],
  ])('%s is permanent', (_label, error) => {
    expect(classifyError(error).transient).toBe(false);
  });
});
