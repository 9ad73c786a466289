import { describe, expect, it } from 'vitest';
import { buildGraph, cyclesThrough, transitiveDeps } from '../../src/codebase-intelligence/graph.js';
import { importKey, moduleKeys } from '../../src/codebase-intelligence/module-keys.js';
import { tokenize } from '../../src/codebase-intelligence/tokens.js';

describe('tokenize', () => {
  it('splits identifiers and stems so "payment processing" meets processPayments', () => {
    expect(tokenize('processPayments(order_total)')).toEqual(['process', 'payment', 'order', 'total']);
    expect(tokenize('payment processing')).toEqual(['payment', 'process']);
    expect(tokenize('HTTPServer')).toEqual(['http', 'server']);
  });
});

describe('import graph', () => {
  it('finds transitive dependencies and the cycles through a file, and nothing for an acyclic file', () => {
    const g = buildGraph([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]);
    expect(transitiveDeps(g, 'a')).toEqual(['b', 'c', 'd']);
    expect(cyclesThrough(g, 'a')).toEqual([['a', 'b', 'c', 'a']]);
    expect(cyclesThrough(g, 'd')).toEqual([]);
  });

  it('resolves relative TypeScript and Python imports to module keys', () => {
    expect(importKey('/s/a.ts', './b.js', 'typescript')).toEqual({ key: '/s/b', absolute: false });
    expect(importKey('/s/a.ts', 'express', 'typescript')).toBeNull();
    expect(importKey('/s/pkg/a.py', '..models', 'python')).toEqual({ key: '/s/models', absolute: false });
    expect(importKey('/s/pkg/a.py', 'shared.db', 'python')).toEqual({ key: 'shared/db', absolute: true });
    expect(moduleKeys('/s/pkg/__init__.py')).toEqual(['/s/pkg/__init__', '/s/pkg']);
  });
});
