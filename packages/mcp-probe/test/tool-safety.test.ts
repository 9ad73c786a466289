import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { decideToolCall, generateCompatibleInput, parseCallTools, ProbeUsageError } from '../src/index.js';

const tool = (name: string, annotations?: Tool['annotations']): Tool => ({ name, inputSchema: { type: 'object' }, ...(annotations ? { annotations } : {}) });

describe('decideToolCall', () => {
  it('calls read-only tools and profile tools by default', () => {
    expect(decideToolCall('s', tool('read', { readOnlyHint: true }), false, 'safe')).toMatchObject({ called: true, basis: 'read-only' });
    expect(decideToolCall('s', tool('write', { readOnlyHint: false, destructiveHint: true }), true, 'safe')).toMatchObject({ called: true, basis: 'profile' });
  });

  it('does not call destructive, writing or unannotated tools by default, and says how to opt in', () => {
    const destructive = decideToolCall('fs', tool('write_file', { readOnlyHint: false, destructiveHint: true }), false, 'safe');
    expect(destructive).toMatchObject({ called: false, basis: 'destructive' });
    expect(destructive.reason).toContain('--call-tools fs/write_file');
    // readOnlyHint false without destructiveHint: the spec's default is destructive
    expect(decideToolCall('s', tool('t', { readOnlyHint: false }), false, 'safe')).toMatchObject({ called: false, basis: 'destructive' });
    expect(decideToolCall('s', tool('t', { readOnlyHint: false, destructiveHint: false }), false, 'safe')).toMatchObject({ called: false, basis: 'writes' });
    expect(decideToolCall('s', tool('t'), false, 'safe')).toMatchObject({ called: false, basis: 'unannotated' });
    // contradictory hints: destructive wins
    expect(decideToolCall('s', tool('t', { readOnlyHint: true, destructiveHint: true }), false, 'safe')).toMatchObject({ called: false, basis: 'destructive' });
  });

  it('calls opted-in tools: all, a bare name, or server/name', () => {
    const t = tool('move_file', { readOnlyHint: false, destructiveHint: true });
    expect(decideToolCall('fs', t, false, 'all')).toMatchObject({ called: true, basis: 'opt-in' });
    expect(decideToolCall('fs', t, false, ['move_file'])).toMatchObject({ called: true, basis: 'opt-in' });
    expect(decideToolCall('fs', t, false, ['fs/move_file'])).toMatchObject({ called: true, basis: 'opt-in' });
    expect(decideToolCall('fs', t, false, ['other/move_file', 'write_file'])).toMatchObject({ called: false });
  });
});

describe('parseCallTools', () => {
  it('reads safe, all and name lists; an empty list is a usage error', () => {
    expect(parseCallTools('safe')).toBe('safe');
    expect(parseCallTools('all')).toBe('all');
    expect(parseCallTools(' write_file, fs/move_file ')).toEqual(['write_file', 'fs/move_file']);
    expect(() => parseCallTools(' , ')).toThrow(ProbeUsageError);
  });
});

describe('generateCompatibleInput', () => {
  it('starts from the required properties and adds optional ones only where the schema allows them together', () => {
    const schema = {
      type: 'object',
      properties: { path: { type: 'string' }, head: { type: 'number' }, tail: { type: 'number' } },
      required: ['path'],
      not: { required: ['head', 'tail'] },
    };
    expect(generateCompatibleInput(schema)).toEqual({ args: { path: 'run4-probe', head: 1 }, leftOut: ['tail'] });
    expect(generateCompatibleInput(schema, { stringFor: (key) => (key === 'path' ? '/scratch/f' : undefined) }).args.path).toBe('/scratch/f');
  });
});
