import { describe, expect, it } from 'vitest';
import { schemaMutations, type JsonSchema } from '../../src/index.js';

const order: JsonSchema = {
  type: 'object',
  required: ['item', 'quantity'],
  properties: {
    item: { type: 'string', minLength: 1 },
    quantity: { type: 'integer', minimum: 1, maximum: 50 },
    status: { type: 'string', enum: ['pending', 'shipped'] },
    id: { type: 'string', readOnly: true },
  },
};

describe('schemaMutations', () => {
  it('breaks one thing per variant: the whole type, each required property, each writable property', () => {
    const list = schemaMutations(order, { item: 'pen', quantity: 2 }, 'body');
    expect(list).toEqual([
      { description: 'body: wrong type (string)', value: 'not-an-object' },
      { description: 'body.item: required property missing', value: { quantity: 2 } },
      { description: 'body.quantity: required property missing', value: { item: 'pen' } },
      { description: 'body.item: wrong type (number)', value: { item: 12345, quantity: 2 } },
      { description: 'body.item: shorter than minLength', value: { item: '', quantity: 2 } },
      { description: 'body.quantity: wrong type (string)', value: { item: 'pen', quantity: 'not-a-number' } },
      { description: 'body.quantity: below minimum', value: { item: 'pen', quantity: 0 } },
      { description: 'body.quantity: above maximum', value: { item: 'pen', quantity: 51 } },
      { description: 'body.status: wrong type (number)', value: { item: 'pen', quantity: 2, status: 12345 } },
      { description: 'body.status: value outside enum', value: { item: 'pen', quantity: 2, status: '__not_in_enum__' } },
    ]);
  });

  it('breaks a scalar by type and constraint', () => {
    expect(schemaMutations({ type: 'integer', minimum: 3 }, 4, 'query.n').map((m) => m.description)).toEqual(['query.n: wrong type (string)', 'query.n: below minimum']);
  });

  it('has nothing to break in an untyped, unconstrained schema', () => {
    expect(schemaMutations({}, 'x', 'v')).toEqual([]);
  });
});
