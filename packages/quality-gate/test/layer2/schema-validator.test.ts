import { createRng, sampleJsonSchema, schemaMutations } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { findUndocumentedFields, validateAgainst } from '../../src/layer2/schema-validator.js';

// The live-compliance request data comes from @run4/checks' seeded sampler (as request-cases.ts calls it); this validator must agree with it.
const generateValid = (schema: Record<string, unknown>, seed: number) => sampleJsonSchema(schema, { rng: createRng(seed), skipReadOnly: true });

const order = {
  type: 'object',
  required: ['item', 'quantity'],
  properties: {
    item: { type: 'string', minLength: 1, maxLength: 20 },
    quantity: { type: 'integer', minimum: 1, maximum: 50 },
    email: { type: 'string', format: 'email' },
    status: { type: 'string', enum: ['pending', 'shipped'] },
    id: { type: 'string', format: 'uuid', readOnly: true },
  },
};

describe('seeded request data and its mutations, as the validator sees them', () => {
  it('generates schema-valid data, the same for the same seed', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const value = generateValid(order, seed);
      expect(validateAgainst(order, value)).toEqual([]);
      expect(value).toEqual(generateValid(order, seed));
      expect(value).not.toHaveProperty('id');
    }
  });

  it('makes only invalid variants', () => {
    const valid = generateValid(order, 3);
    const list = schemaMutations(order, valid, 'body');
    expect(list.map((m) => m.description)).toEqual(expect.arrayContaining(['body.item: required property missing', 'body.quantity: wrong type (string)', 'body.status: value outside enum', 'body.quantity: above maximum']));
    for (const m of list) expect(validateAgainst(order, m.value)!.length).toBeGreaterThan(0);
  });
});

describe('findUndocumentedFields / validateAgainst', () => {
  it('reports fields the schema does not declare, through allOf and arrays', () => {
    const schema = { type: 'array', items: { allOf: [{ type: 'object', properties: { id: { type: 'string' } } }, { properties: { meta: { type: 'object', properties: { a: { type: 'integer' } } } } }] } };
    expect(findUndocumentedFields(schema, [{ id: 'x', meta: { a: 1, b: 2 }, extra: true }])).toEqual(['/0/meta/b', '/0/extra']);
  });

  it('treats free-form and additionalProperties objects as open', () => {
    expect(findUndocumentedFields({ type: 'object' }, { anything: 1 })).toEqual([]);
    expect(findUndocumentedFields({ type: 'object', properties: { a: {} }, additionalProperties: true }, { b: 1 })).toEqual([]);
    expect(findUndocumentedFields({ type: 'object', properties: {}, additionalProperties: { type: 'object', properties: { x: {} } } }, { k: { y: 1 } })).toEqual(['/k/y']);
  });

  it('understands OpenAPI 3.0 nullable and names the wrong type', () => {
    expect(validateAgainst({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(validateAgainst({ type: 'object', properties: { n: { type: 'integer' } } }, { n: '5' })).toEqual(['/n: must be integer (got string "5")']);
  });
});
