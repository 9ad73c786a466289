import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { checkNameCollisions, checkToolNameFormat, checkToolNames, checkToolSchemas } from '../../src/checks/inventory.js';
import { checkStartup } from '../../src/checks/handshake.js';

const tool = (name: string, inputSchema: Record<string, unknown> = { type: 'object' }, outputSchema?: Record<string, unknown>) =>
  ({ name, inputSchema, ...(outputSchema ? { outputSchema } : {}) }) as Tool;

describe('inventory checks', () => {
  it('tool names: exact match passes, a missing or extra tool fails', () => {
    expect(checkToolNames('s', [tool('a'), tool('b')], ['a', 'b'], ['B1-12']).status).toBe('PASS');
    const r = checkToolNames('s', [tool('a'), tool('c')], ['a', 'b'], ['B1-12']);
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toBe('expected 2 tools, got 2; missing: b; unexpected: c');
    expect(checkToolNames('s', [], undefined, []).status).toBe('FAIL');
  });

  it('SEP-986: bad characters fail, good names pass', () => {
    expect(checkToolNameFormat('s', [tool('get_thing'), tool('a.b-c')]).status).toBe('PASS');
    expect(checkToolNameFormat('s', [tool('bad name!')]).status).toBe('FAIL');
  });

  it('schemas: a non-object inputSchema or an unknown keyword fails', () => {
    expect(checkToolSchemas('s', [tool('a', { type: 'object', properties: { x: { type: 'string' } } }, { type: 'object' })]).status).toBe('PASS');
    expect(checkToolSchemas('s', [tool('a', { type: 'string' })]).status).toBe('FAIL');
    expect(checkToolSchemas('s', [tool('a', { type: 'object' }, { type: 'object', requird: ['x'] })]).evidence).toContain('unknown keyword');
  });

  it('collisions: the same tool name on two servers fails', () => {
    expect(checkNameCollisions(new Map([['x', [tool('a')]], ['y', [tool('b')]]])).status).toBe('PASS');
    expect(checkNameCollisions(new Map([['x', [tool('a')]], ['y', [tool('a')]]])).evidence).toContain('a (x, y)');
  });

  it('startup: over the limit fails', () => {
    expect(checkStartup('s', 120, 30_000).status).toBe('PASS');
    expect(checkStartup('s', 31_000, 30_000).status).toBe('FAIL');
  });
});
