import { describe, expect, it } from 'vitest';
import { compileStrict, generateInput, generateInvalidInput } from '../src/index.js';

const schema = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    kind: { type: 'string', enum: ['a', 'b'] },
    n: { type: 'integer', minimum: 3, maximum: 9 },
    name: { type: 'string', minLength: 12 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
    opt: { type: 'boolean', default: false },
    ref: { $ref: '#/$defs/Thing' },
  },
  required: ['email', 'kind', 'n', 'name', 'tags', 'ref'],
  $defs: { Thing: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } },
};

describe('generateInput', () => {
  it('produces input that validates against the schema (formats, enums, bounds, refs)', () => {
    const compiled = compileStrict(schema);
    if (!compiled.ok) throw new Error(compiled.error);
    const full = generateInput(schema, 'full');
    expect(compiled.validate(full)).toBe(true);
    expect(full).toMatchObject({ kind: 'a', n: 3, opt: true });
    const req = generateInput(schema, 'required');
    expect(compiled.validate(req)).toBe(true);
    expect(req).not.toHaveProperty('opt');
  });

  it('returns {} for a tool without parameters', () => {
    expect(generateInput({ type: 'object' })).toEqual({});
  });
});

describe('generateInvalidInput', () => {
  it('gives required properties values of the wrong type, which the schema rejects', () => {
    const compiled = compileStrict(schema);
    if (!compiled.ok) throw new Error(compiled.error);
    const bad = generateInvalidInput(schema);
    expect(bad).toMatchObject({ email: 12345, n: 'not-a-number', tags: 'not-an-array' });
    expect(compiled.validate(bad)).toBe(false);
  });

  it('returns null when no typed parameter exists', () => {
    expect(generateInvalidInput({ type: 'object', properties: {} })).toBeNull();
  });
});

describe('compileStrict', () => {
  it('rejects unknown keywords and broken refs, accepts draft-07 and 2020-12', () => {
    expect(compileStrict({ type: 'object', propertees: {} }).ok).toBe(false);
    expect(compileStrict({ type: 'object', properties: { a: { $ref: '#/nope' } } }).ok).toBe(false);
    expect(compileStrict({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }).ok).toBe(true);
    expect(compileStrict({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }] }).ok).toBe(true);
  });
});
