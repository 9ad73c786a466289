import { describe, expect, it } from 'vitest';
import { createRng, jsonSchemaType, mergeAllOf, resolveLocalRef, wrongTypeValue } from '../../src/index.js';

describe('schema nodes', () => {
  it('names the primary type, from type or from the keywords', () => {
    expect(jsonSchemaType({ type: ['null', 'integer'] })).toBe('integer');
    expect(jsonSchemaType({ properties: {} })).toBe('object');
    expect(jsonSchemaType({ items: {} })).toBe('array');
    expect(jsonSchemaType({})).toBeUndefined();
  });

  it('resolves local refs with JSON-Pointer escapes and gives {} for a dangling one', () => {
    const root = { $defs: { 'a/b': { type: 'string' }, alias: { $ref: '#/$defs/a~1b' } } };
    expect(resolveLocalRef({ $ref: '#/$defs/alias' }, root)).toEqual({ type: 'string' });
    expect(resolveLocalRef({ $ref: '#/$defs/missing' }, root)).toEqual({});
    expect(resolveLocalRef({ type: 'integer' }, root)).toEqual({ type: 'integer' });
  });

  it('unites properties and required of allOf members and takes their other keywords where missing', () => {
    const merged = mergeAllOf({ description: 'own', allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: {} }, required: ['b'], description: 'member' }] });
    expect(merged).toEqual({ description: 'own', type: 'object', properties: { a: { type: 'string' }, b: {} }, required: ['a', 'b'] });
  });

  it('gives a wrong-typed value for each JSON type, none for an untyped schema', () => {
    expect(['string', 'integer', 'number', 'boolean', 'array', 'object'].map((type) => typeof wrongTypeValue({ type }))).toEqual(['number', 'string', 'string', 'string', 'string', 'string']);
    expect(wrongTypeValue({})).toBeUndefined();
  });

  it('reproduces a random sequence from its seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seq = Array.from({ length: 5 }, () => a.int(1, 6));
    expect(Array.from({ length: 5 }, () => b.int(1, 6))).toEqual(seq);
    expect(createRng(43).next()).not.toBe(createRng(42).next());
  });
});
