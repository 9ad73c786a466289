import { describe, expect, it } from 'vitest';
import { createRng, sampleJsonSchema, type JsonSchema } from '../../src/index.js';

const order: JsonSchema = {
  type: 'object',
  properties: {
    site: { type: 'string', format: 'uri' },
    status: { type: 'string', enum: ['pending', 'shipped'] },
    quantity: { type: 'integer', minimum: 1, maximum: 50 },
    id: { type: 'string', format: 'uuid', readOnly: true },
    item: { type: 'string', minLength: 1, maxLength: 20 },
    flag: { type: 'boolean', default: false },
    email: { type: 'string', format: 'email' },
  },
  required: ['item', 'quantity'],
};

describe('sampleJsonSchema, canonical (no rng)', () => {
  it('fills every property with the first enum member, the lower bound and a harmless sample per format', () => {
    expect(sampleJsonSchema(order)).toEqual({
      site: 'http://127.0.0.1:9/run4',
      status: 'pending',
      quantity: 1,
      id: '00000000-0000-4000-8000-000000000000',
      item: 'run4-probe',
      flag: true,
      email: 'probe@example.com',
    });
  });

  it('fills only the required properties with optional: required, and takes defaults when asked', () => {
    expect(sampleJsonSchema(order, { optional: 'required' })).toEqual({ item: 'run4-probe', quantity: 1 });
    expect(sampleJsonSchema({ type: 'object', properties: { flag: { type: 'boolean', default: false } } }, { defaults: true })).toEqual({ flag: false });
  });

  it('follows local $refs and allOf, and keeps to string and array bounds', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        thing: { $ref: '#/$defs/Thing' },
        both: { allOf: [{ properties: { a: { type: 'integer', exclusiveMinimum: 4 } } }, { $ref: '#/$defs/Thing' }] },
        name: { type: 'string', minLength: 14, maxLength: 14 },
        tags: { type: 'array', items: { type: 'string', maxLength: 3 }, minItems: 2 },
      },
      $defs: { Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } },
    };
    expect(sampleJsonSchema(schema)).toEqual({
      thing: { id: '00000000-0000-4000-8000-000000000000' },
      both: { a: 5, id: '00000000-0000-4000-8000-000000000000' },
      name: 'run4-probexxxx',
      tags: ['run', 'run'],
    });
  });

  it('takes the first non-null branch of anyOf/oneOf and a const as it is', () => {
    expect(sampleJsonSchema({ anyOf: [{ type: 'null' }, { type: 'integer', minimum: 7 }] })).toBe(7);
    expect(sampleJsonSchema({ const: 'x', type: 'string' })).toBe('x');
  });

  it('returns an example before generating, and asks stringFor by property name', () => {
    expect(sampleJsonSchema({ type: 'string', examples: ['sample'] })).toBe('sample');
    const schema: JsonSchema = { type: 'object', properties: { path: { type: 'string' }, paths: { type: 'array', items: { type: 'string' } } } };
    expect(sampleJsonSchema(schema, { stringFor: (key) => (key.startsWith('path') ? `/scratch/${key}` : undefined) })).toEqual({ path: '/scratch/path', paths: ['/scratch/paths'] });
  });

  it('stops at depth 6 of a recursive schema instead of looping', () => {
    const tree: JsonSchema = { type: 'object', required: ['child'], properties: { child: { $ref: '#' } } };
    let node = sampleJsonSchema(tree) as Record<string, unknown>;
    let depth = 0;
    while (node.child) {
      node = node.child as Record<string, unknown>;
      depth += 1;
    }
    expect(depth).toBe(6);
  });

  it('refuses optional: random without an rng', () => {
    expect(() => sampleJsonSchema(order, { optional: 'random' })).toThrow(/needs options.rng/);
  });
});

describe('sampleJsonSchema, seeded (rng)', () => {
  it('gives the same value for the same seed and varies across seeds', () => {
    const values = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const value = sampleJsonSchema(order, { rng: createRng(seed), skipReadOnly: true }) as Record<string, unknown>;
      expect(value).toEqual(sampleJsonSchema(order, { rng: createRng(seed), skipReadOnly: true }));
      expect(value).not.toHaveProperty('id');
      expect(typeof value.item).toBe('string');
      expect(value.quantity).toBeGreaterThanOrEqual(1);
      expect(value.quantity).toBeLessThanOrEqual(50);
      values.add(JSON.stringify(value));
    }
    expect(values.size).toBeGreaterThan(20);
  });

  it('keeps generated strings within their length bounds and formats', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = createRng(seed);
      const s = sampleJsonSchema({ type: 'string', minLength: 3, maxLength: 5 }, { rng }) as string;
      expect(s.length).toBeGreaterThanOrEqual(3);
      expect(s.length).toBeLessThanOrEqual(5);
      expect(sampleJsonSchema({ type: 'string', format: 'uuid' }, { rng })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(sampleJsonSchema({ type: 'string', format: 'email' }, { rng })).toMatch(/^user\d+@example\.com$/);
    }
  });

  it('prefers examples and defaults only when asked', () => {
    const schema: JsonSchema = { type: 'integer', minimum: 100, default: 5 };
    expect(sampleJsonSchema(schema, { rng: createRng(1), examples: true, defaults: true })).toBe(5);
    expect(sampleJsonSchema(schema, { rng: createRng(1) })).toBeGreaterThanOrEqual(100);
  });
});
